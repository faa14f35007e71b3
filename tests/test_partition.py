"""Partitioning and decomposition, closed forms: LPT balance, the graph partition's longer
min cross-rank delay, Decomposition errors, atomic writes, engine bytes per item."""

import json
import os

import pytest

from pnm.parallel.allocation import AllocationError, fingerprint, load_allocation, write
from pnm.parallel.decomposition import Decomposition, DecompositionError
from pnm.parallel.partition import cross_rank, graph_partition, imbalance_of, lpt


def test_lpt_places_largest_first_on_least_loaded_rank():
    weights = {0: 7.0, 1: 5.0, 2: 4.0, 3: 3.0, 4: 1.0}
    ranks = lpt(weights, 2)
    assert ranks == [[0, 3], [1, 2, 4]]          # 10 and 10
    assert imbalance_of(ranks, weights) == 1.0


def test_graph_partition_keeps_short_delays_inside_a_rank():
    # two rings of 4 gids joined by delay-1 NetCons, and delay-10 NetCons between the rings
    weights = {g: 1.0 for g in range(8)}
    edges = [(g, (g + 1) % 4, 1.0) for g in range(4)]
    edges += [(4 + g, 4 + (g + 1) % 4, 1.0) for g in range(4)]
    edges += [(g, 4 + g, 10.0) for g in range(4)]
    ranks = graph_partition(weights, edges, 2)
    assert imbalance_of(ranks, weights) == 1.0
    assert cross_rank(ranks, edges) == (4, 10.0)
    assert cross_rank(lpt(weights, 2), edges)[1] == 1.0   # LPT alone cuts the rings


def test_decomposition_refuses_a_gid_on_two_ranks():
    with pytest.raises(DecompositionError, match="gid 3 is placed twice"):
        Decomposition(2, [[1, 3], [3]], source="x.json")


def test_decomposition_names_the_file_for_an_unknown_gid():
    dec = Decomposition(2, [[0], [1]], source="allocation_r2.json")
    with pytest.raises(DecompositionError, match="gid 7 is not in the allocation "
                                                 "allocation_r2.json"):
        dec.rank_of(7)
    with pytest.raises(DecompositionError, match=r"gids \[2\] of the model are missing"):
        dec.check_gids(range(3), "round_robin()")


def test_files_are_written_atomically_and_read_back(tmp_path):
    path = tmp_path / "allocation_r2.json"
    data = {"format": "pnm-allocation", "version": 1, "nranks": 2,
            "model_fingerprint": "f", "modes": {"complexity": {"ranks": [[0], [1]]}},
            "cells": [[0, 1.0, 10.0], [1, 1.0, 10.0]]}
    write(path, data)
    assert os.listdir(tmp_path) == ["allocation_r2.json"]       # no temporary left
    assert json.loads(path.read_text())["cells"] == data["cells"]
    got, dec = load_allocation(str(path), 2, "f", "complexity")
    assert dec.rank_of(1) == 1
    with pytest.raises(AllocationError, match="made for 2 ranks, this run has 4"):
        load_allocation(str(path), 4)


def test_fingerprint_follows_the_script_text(tmp_path):
    script = tmp_path / "s.py"
    script.write_text("x = 1\n")
    a = fingerprint([("file", str(script))])
    script.write_text("x = 2\n")
    assert fingerprint([("file", str(script))]) != a


def test_engine_bytes_per_item_match_the_layout():
    from pnm import h
    from pnm.engine.memory import bytes_per_item
    import pnm
    pnm.reset()
    sec = h.Section(name="s")
    sec.nseg = 5
    sec.insert("hh")
    syn = h.ExpSyn(sec(0.5))
    h.finitialize(-65)
    per = bytes_per_item(pnm.model.state.STATE.engine)
    assert per["node"] == 8 * (7 + 1)          # v rhs d a b area cm, parent
    assert per["hh"] == 8 * (20 + 1)           # 20 fields and its node
    assert per["ExpSyn"] == 8 * (4 + 1)
    del syn
    pnm.reset()
