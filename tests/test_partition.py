"""Partitioning and decomposition, closed forms: LPT balance, the graph partition's longer
min cross-rank delay, Decomposition errors, split-cell pieces in the allocation format,
atomic writes, the model fingerprint's parts, engine bytes per item."""

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


def allocation_dict(ranks, pieces=(), version=2):
    gids = sorted({g for r in ranks for g in r} | {p[0] for p in pieces})
    return {"format": "pnm-allocation", "version": version, "nranks": len(ranks),
            "model_fingerprint": "f", "model": {"programs": "f"},
            "modes": {"complexity": {"ranks": ranks, "pieces": [list(p) for p in pieces]}},
            "cells": [[g, 1.0, 10.0] for g in gids]}


def test_files_are_written_atomically_and_read_back(tmp_path):
    path = tmp_path / "allocation_r2.json"
    data = allocation_dict([[0], [1]])
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


def test_an_allocation_of_an_older_version_is_refused_with_the_command(tmp_path):
    path = tmp_path / "allocation_r2.json"
    write(path, allocation_dict([[0], [1]], version=1))
    with pytest.raises(AllocationError, match=r"version 1; this pnm reads version 2: .*"
                                              r"python -m pnm --dry-run"):
        load_allocation(str(path), 2)


def test_allocation_format_carries_pieces_of_split_cells(tmp_path):
    path = tmp_path / "allocation_r2.json"
    write(path, allocation_dict([[0], [1]], pieces=[(2, 0, 0), (2, 1, 1)]))
    with pytest.raises(AllocationError, match=r"split gids \[2\] lack their pieces, cuts or "
                                              "section tree"):
        load_allocation(str(path), 2, mode="complexity")      # pieces without their cuts
    dec = Decomposition(2, [[0], [1]], pieces={2: [(0, 0), (1, 1)]}, source="a.json")
    assert dec.gids == {0, 1, 2} and dec.pieces[2] == [(0, 0), (1, 1)]
    with pytest.raises(DecompositionError, match="gid 2 is split into pieces on ranks"):
        dec.rank_of(2)


@pytest.mark.parametrize("pieces, problem", [
    ({1: [(0, 0)]}, "also placed whole on rank 1"),
    ({2: [(0, 0), (1, 2)]}, r"pieces \[0, 2\]; they must be numbered 0..k-1"),
    ({2: [(0, 0), (5, 1)]}, "a piece on rank 5, outside 0..1"),
])
def test_decomposition_checks_the_pieces_of_split_cells(pieces, problem):
    with pytest.raises(DecompositionError, match=problem):
        Decomposition(2, [[0], [1]], pieces=pieces, source="a.json")


def test_fingerprint_differences_name_what_changed():
    from pnm.parallel.fingerprint import differences, gid_part
    dry = {"files": {"cells.py": "aa", "more.hoc": "bb"}, "mechanisms": ["ExpSyn", "hh", "pas"],
           "gids": gid_part(range(24))}
    same = dict(dry, files={"cells.py": "aa"})      # more.hoc not loaded (yet): fine
    assert differences(dry, same) == []
    now = {"files": {"cells.py": "cc", "new.py": "dd"}, "mechanisms": ["ExpSyn", "hh", "kv"],
           "gids": gid_part(range(1, 25))}
    assert differences(dry, now) == [
        "cells.py changed since the dry run", "new.py is loaded now but was not in the dry run",
        "the mechanisms differ (now also ['kv']; no longer ['pas'])",
        "the gid set differs (24 gids in the dry run, 24 now, same count, other gids)"]


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
    # mechanisms from .mod files (hh, ExpSyn: pnm/mod/): a row of S per field, the node and
    # a slot per ion variable (hh: ena ina dinadv ek ik dikdv); ExpSyn's tau e g i and
    # the memo of its state step (pnm/nmodl/memo.py: two remembered parts, keys dt and tau);
    # hh also keeps m', h', n' (the derivatives the variable step evaluates, nmodl/cvodegen.py)
    assert per["hh"] == 8 * (20 + 3 + 1 + 6)
    assert per["ExpSyn"] == 8 * (4 + 1 + 4 + 1)      # and g'
    del syn
    pnm.reset()


def test_events_per_gid_are_counted_in_a_serial_psolve():
    """A NetStim firing at 1, 11, 21, 31, 41 ms drives gid 0 (an IntFire1 that never fires)
    through two NetCons: 5 firings x 2 NetCons = 10 events in 100 ms; gid 1 gets none."""
    import pnm
    from pnm import h
    from pnm.parallel.costmodel import count_items
    pnm.reset()
    pc = h.ParallelContext()
    cells = [h.IntFire1(), h.IntFire1()]
    for gid, cell in enumerate(cells):
        cell.tau = 1e9
        pc.set_gid2node(gid, 0)
        pc.cell(gid, h.NetCon(cell, None))
    stim = h.NetStim()
    stim.start, stim.interval, stim.number, stim.noise = 1, 10, 5, 0
    ncs = [h.NetCon(stim, cells[0]) for _ in range(2)]
    for nc in ncs:
        nc.weight[0], nc.delay = 0.1, 1
    h.finitialize(-65)
    pc.psolve(100)
    loads, _ = count_items(pc.gid_table, counter=pc.event_counter)
    assert pc.event_counter.simulated_ms() == pytest.approx(100)
    assert loads[0].events_measured and loads[0].events_per_ms * 100 == pytest.approx(10)
    assert loads[1].events_per_ms == 0
    del ncs
    pnm.reset()
