"""Splitting as a load-balance tool (issue 13 item 3): LoadBalance (NEURON's loadbal.hoc names)
measures cells with the cost model, and a plan cuts the cells that no placement of whole cells
can balance so that every rank gets close to the mean load; the cut cells are solved exactly
(pc.multisplit), so the spikes are NEURON's unsplit ones.

References: closed forms on hand-made trees (the planner), NEURON 9's LoadBalance on the same
hoc file (tree order, parent vector, lpt), NEURON 9's one-process run (spikes)."""
import json
import os
import signal
import subprocess
import sys

import pytest

from conftest import MPIEXEC, REPO, SCRIPTS, checked, require_neuron, run_mpi, run_serial
from pnm.parallel.splitbalance import CellTree, plan_balance

BIN = os.path.dirname(sys.executable)


def binary_tree(nsec, section_cost=1.0, soma_cost=5.0):
    """A root and nsec - 1 sections, section i hanging from section (i - 1) // 2."""
    return CellTree(["soma"] + [f"d{i}" for i in range(1, nsec)],
                    [-1] + [(i - 1) // 2 for i in range(1, nsec)],
                    [soma_cost] + [section_cost] * (nsec - 1))


def two_trees(nsec, section_cost=1.0, soma_cost=5.0):
    """A soma with two binary trees of nsec sections each (the test network's giant cell)."""
    parent = [-1]
    for t in range(2):
        base = len(parent)
        parent += [base + (i - 1) // 2 if i else 0 for i in range(nsec)]
    return CellTree([f"s{i}" for i in range(len(parent))], parent,
                    [soma_cost] + [section_cost] * (len(parent) - 1))


def check_pieces(plan, cells):
    """Every section in exactly one piece, at most two split nodes on a piece (its top cut and
    the cuts just below it), the pieces' costs as planned and adding up to the cells' total."""
    for gid, split in plan.splits.items():
        tree = cells[gid]
        assert len(split.hosts) == len(split.cuts) + 1 == len(split.loads)
        assert len(split.sids) == len(split.cuts) == len(set(split.sids))
        piece = split.piece_of_sections()
        for k in range(len(split.hosts)):
            cost = sum(c for c, p in zip(tree.cost, piece) if p == k)
            assert cost == pytest.approx(split.loads[k])
            sids = (k > 0) + sum(piece[tree.parent[c]] == k for c in split.cuts)
            assert sids <= 2, f"gid {gid}: piece {k} has {sids} split nodes"
    total = sum(c.total if isinstance(c, CellTree) else c for c in cells.values())
    assert sum(plan.loads) == pytest.approx(total)
    placed = sorted(g for gids in plan.ranks for g in gids) + sorted(plan.splits)
    assert sorted(placed) == sorted(cells)


def test_one_giant_cell_and_small_cells_on_two_ranks_are_balanced_by_one_cut():
    cells = {0: two_trees(60, 3.0)}
    cells.update({g: 4.0 for g in range(1, 25)})        # the giant is 0.79 of the total
    plan = plan_balance(cells, 2)
    assert plan.whole_imbalance > 1.5
    assert plan.imbalance <= 1.05
    assert list(plan.splits) == [0] and len(plan.splits[0].cuts) == 1
    check_pieces(plan, cells)
    assert plan.decomposition().pieces == {0: [(0, 0), (1, 1)]}


@pytest.mark.parametrize("nranks", [3, 4, 5])
def test_one_giant_cell_over_more_ranks_is_cut_into_more_pieces(nranks):
    cells = {0: two_trees(60, 3.0)}
    cells.update({g: 4.0 for g in range(1, 25)})
    plan = plan_balance(cells, nranks)
    assert plan.imbalance <= 1.02 and len(plan.splits[0].cuts) >= 2
    check_pieces(plan, cells)


def test_three_large_cells_on_four_ranks_are_balanced():
    cells = {g: two_trees(100) for g in range(3)}
    plan = plan_balance(cells, 4)
    assert plan.whole_imbalance == pytest.approx(4 / 3)
    assert plan.imbalance <= 1.03
    check_pieces(plan, cells)
    cells.update({g: 3.0 for g in range(3, 40)})       # with small cells too
    plan = plan_balance(cells, 4)
    assert plan.imbalance <= 1.02
    check_pieces(plan, cells)


def test_a_cell_over_several_ranks_is_cut_into_pieces_with_two_split_nodes_at_most():
    cells = {0: binary_tree(400), 1: 30.0}
    plan = plan_balance(cells, 3)
    assert len(plan.splits[0].cuts) >= 2 and plan.imbalance < 1.2
    check_pieces(plan, cells)


def test_a_network_whole_cells_balance_is_not_cut():
    cells = {g: binary_tree(20 + g % 5) for g in range(40)}
    plan = plan_balance(cells, 3)
    assert not plan.splits and plan.imbalance <= 1.05
    assert plan_balance({0: binary_tree(300), 1: 2.0}, 2, tolerance=10).splits == {}


def test_an_allocation_with_split_cells_reads_back_as_the_same_plan(tmp_path):
    """Mode split of an allocation made from cell loads with a giant's tree: written, read
    back (checked) and turned into the plan pc.balance_plan() gives; a cut section the tree
    does not have, or pieces without their cuts, are refused as damaged."""
    from pnm.parallel.allocation import (AllocationError, balance_plan, load_allocation,
                                         make_allocation, write)
    tree = two_trees(60, 3.0)
    cells = [{"gid": 0, "cost": tree.total, "memory": 1000.0}]
    cells += [{"gid": g, "cost": 4.0, "memory": 10.0} for g in range(1, 25)]
    load = {"cells": cells, "edges": [[1, 2, 3.0]], "model_fingerprint": "f",
            "model": {"programs": "f"}, "trees": {"0": tree.as_dict()}}
    path = tmp_path / "allocation_r2.json"
    write(path, make_allocation(load, 2))
    data, dec = load_allocation(str(path), 2, "f", "split")
    assert dec.pieces == {0: [(0, 0), (1, 1)]} or dec.pieces == {0: [(0, 1), (1, 0)]}
    plan = balance_plan(str(path), data, "split")
    fresh = plan_balance({0: tree, **{g: 4.0 for g in range(1, 25)}}, 2)
    assert plan.splits[0].cuts == fresh.splits[0].cuts
    assert plan.splits[0].hosts == fresh.splits[0].hosts and plan.ranks == fresh.ranks
    assert plan.whole_imbalance > 1.5 and plan.imbalance <= 1.05
    bad = json.loads(path.read_text())
    bad["modes"]["split"]["cuts"]["0"]["sections"] = ["nowhere"]
    write(path, bad)
    data, _ = load_allocation(str(path), 2, "f", "split")
    with pytest.raises(AllocationError, match=r"malformed split cells .*nowhere"):
        balance_plan(str(path), data, "split")
    del bad["modes"]["split"]["cuts"]["0"]
    write(path, bad)
    with pytest.raises(AllocationError, match=r"split gids \[0\] lack their pieces, cuts"):
        load_allocation(str(path), 2, "f", "split")


HOC_API = """
load_file("stdrun.hoc")
load_file("loadbal.hoc")
create soma, dend[5]
connect dend[0](0), soma(1)
connect dend[1](0), dend[0](1)
connect dend[2](0), dend[0](1)
connect dend[3](0), soma(0)
connect dend[4](0), dend[3](0.5)
forall { insert hh  nseg = 3 }
objref lb, w, ix
lb = new LoadBalance()
soma c = lb.cell_complexity()
print lb.srlist.count(), " sections"
print lb.sec_complex_.size()
{lb.compute_roots()}
lb.parent_vec_.printf("%g ")
{w = new Vector()  w.append(5, 3, 8, 3, 1, 7, 2, 6)}
ix = lb.lpt(w, 3, 0)
ix.printf("%g ")
printf("%.6f\\n", lb.thread_cxbal_)
"""


def test_loadbalance_hoc_names_as_neuron(tmp_path):
    """load_file("loadbal.hoc"); new LoadBalance(); cell_complexity of the accessed cell,
    srlist, sec_complex_, compute_roots' parent_vec_ (NEURON's section order) and lpt print
    what NEURON 9 prints (complexity values differ by design: pnm's are the cost model's)."""
    require_neuron()
    (tmp_path / "lb.hoc").write_text(HOC_API)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    ref = subprocess.run([os.path.join(BIN, "nrniv"), "-nobanner", "lb.hoc", "-c", "quit()"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    got = subprocess.run([sys.executable, "-m", "pnm", "lb.hoc", "-c", "quit()"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=300)
    assert ref.returncode == 0 and got.returncode == 0, got.stderr[-2000:]
    assert "-1 0 0 1 2 2" in ref.stdout and "2 0 0 1 0 1 1 2" in ref.stdout
    assert got.stdout.split() == ref.stdout.split()


def network_result(prefix, nhost):
    parts = []
    for rank in range(nhost):
        with open(f"{prefix}.{rank}.json") as f:
            parts.append(json.load(f))
    spikes = sorted((round(t, 6), g) for p in parts for t, g in p["spikes"])
    return spikes, parts[0]


@pytest.fixture(scope="module")
def neuron_reference(tmp_path_factory):
    """NEURON 9's spikes of split_balance.py, one process, unsplit."""
    require_neuron()
    out = tmp_path_factory.mktemp("nrn") / "nrn"
    checked(run_serial("split_balance.py", "neuron", "whole", out, timeout=300))
    ref, _ = network_result(out, 1)
    assert len(ref) > 30 and any(g == 0 for _, g in ref)
    return ref


def test_giant_cell_placed_whole_leaves_two_ranks_imbalanced(neuron_reference, tmp_path):
    """1 giant hh cell (361 compartments) + 24 small cells on 2 ranks (split_balance.py)
    placed whole by LoadBalance.balance(split=False): the load report's cost-model imbalance
    is > 1.5; spikes equal NEURON's one-process run."""
    checked(run_mpi("split_balance.py", 2, "pnm", "whole", tmp_path / "whole", timeout=600))
    whole, report = network_result(tmp_path / "whole", 2)
    assert whole == neuron_reference
    assert report["cost_imbalance"] > 1.5 and report["whole_imbalance"] > 1.5


def run_in(folder, args, nprocs=None, extra=None, timeout=900):
    """python [-m pnm ...] in folder (where the dry run writes its files), under mpiexec -n
    nprocs when given; every process killed on timeout."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1", **(extra or {}))
    cmd = ([MPIEXEC, "-n", str(nprocs)] if nprocs else []) + [sys.executable] + args
    proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    assert proc.returncode == 0, f"{' '.join(cmd)}:\n{out[-2000:]}\n{err[-3000:]}"
    return out


def test_dry_run_allocation_cuts_the_giant_and_lb_mode_split_follows_it(neuron_reference,
                                                                        tmp_path):
    """The same network: the dry run (1 process, --num-target-ranks 2) records the giant's
    section costs and its allocation's mode split cuts it (imbalance <= 1.1, complexity mode
    > 1.5); rebalance to 3 ranks cuts it again and rebalance-stats counts the pieces;
    `mpiexec -n 2 python -m pnm --lb-mode split` follows the cuts (pc.balance_plan()): the
    load report's cost-model imbalance <= 1.1, NEURON's spikes (the giant's too, and a
    synapse on its far piece); LoadBalance.balance plans the same balance on the spot."""
    script = str(SCRIPTS / "split_balance.py")
    run_in(tmp_path, ["-m", "pnm", "--dry-run", "--num-target-ranks", "2", script],
           extra={"SPLIT_BALANCE_ARGS": "pnm whole dry"}, timeout=300)
    data = json.loads((tmp_path / "allocation_r2.json").read_text())
    assert list(data["trees"]) == ["0"]          # only the giant costs >= 1% of the model
    split, whole = data["modes"]["split"], data["modes"]["complexity"]
    assert whole["imbalance"] > 1.5 and split["imbalance"] <= 1.1
    assert list(split["cuts"]) == ["0"] and sorted(r for g, _, r in split["pieces"]) == [0, 1]
    run_in(tmp_path, ["-m", "pnm", "rebalance", "allocation_r2.json", "3"], timeout=120)
    three = json.loads((tmp_path / "allocation_r3.json").read_text())["modes"]["split"]
    assert three["imbalance"] <= 1.1 and "0" in three["cuts"]
    stats = run_in(tmp_path, ["-m", "pnm", "rebalance-stats", "allocation_r3.json"],
                   timeout=120)
    assert "split" in stats
    run_in(tmp_path, ["-m", "pnm", "--lb-mode", "split", script], nprocs=2,
           extra={"SPLIT_BALANCE_ARGS": f"pnm allocation {tmp_path / 'alloc'}"})
    spikes, report = network_result(tmp_path / "alloc", 2)
    assert "gid 0: cut at" in report["plan"] and report["cost_imbalance"] <= 1.1
    assert spikes == neuron_reference
    assert "gid 0: cut at" in report["own_plan"] and report["own_plan_imbalance"] <= 1.1
