"""The end of `python -m pnm --dry-run SCRIPT`: the script has built its model (on any
number of ranks, without simulating, or simulating only its first --dry-run-ms ms to count
the events each gid receives); measure every gid (costmodel.py), gather on rank 0 and write
`pnm_cell_load.json` and `allocation_rN.json` (allocation.py). The cells costing at least
TREE_FRACTION of the model also get their per-section costs ("trees"), by which the
allocation's mode split cuts the cells no whole placement balances (splitbalance.py)."""

import os
import sys

from .. import runsystem
from ..engine.memory import bytes_per_item
from ..model.state import STATE
from . import allocation, calibrate, costmodel
from .splitbalance import measure_trees
from .fingerprint import model_fingerprint
from .context import ParallelContext

GIB = 1024.0 ** 3
TREE_FRACTION = 0.01     # cells costing this share of the model may be cut (mode split)


def compiled_engine_now():
    """The engine of the model as built (finitialize compiles it when the script did not)."""
    eng = STATE.engine
    if eng is None or not eng.live or eng.structure_version != STATE.structure_version:
        runsystem.finitialize(STATE.v_init)
    return STATE.engine


def cell_load_dict(cells, edges, model, programs, costs, per_item, nranks, events, trees):
    return {
        "format": allocation.CELL_LOAD_FORMAT, "version": allocation.VERSION,
        "model_fingerprint": model["digest"], "model": model,
        "programs": [what for _, what, *_args in programs],
        "dry_run_ranks": nranks, "dt": STATE.dt, "events": events,
        "units": {"cost": "seconds of computation per ms of simulated time",
                  "memory": "bytes of engine arrays"},
        "costs_per_instance_step": costs, "bytes_per_item": per_item,
        "total_cost": sum(c["cost"] for c in cells),
        "total_memory": sum(c["memory"] for c in cells),
        "cells": cells, "edges": edges, "trees": trees,
    }


def finish(options, programs, programs_digest, out_dir="."):
    """Collective. Returns the path of the allocation written (on every rank)."""
    pc = ParallelContext()
    rank, nhost = int(pc.id()), int(pc.nhost())
    eng = compiled_engine_now()
    all_gids = [g for part in pc.py_allgather(sorted(pc.gid_table.owned)) for g in part]
    model = model_fingerprint(pc.py_allgather, all_gids, programs_digest)
    costs = calibrate.mechanism_costs() if rank == 0 else None
    costs = pc.py_broadcast(costs, 0)
    counter = pc.event_counter
    loads, edges = costmodel.measure(pc.gid_table, costs, eng, STATE.dt, options.event_rate,
                                     counter=counter)
    ms = counter.simulated_ms() if counter.engine is eng else 0.0
    events = (f"measured: NetCon events counted over the first {ms:g} ms" if ms > 0 else
              f"estimated: NetStims at 1/interval, gid NetCons at {options.event_rate:g} Hz "
              "(--dry-run-ms T measures them)")
    total = pc.allreduce(sum(c.cost for c in loads), 1)
    trees = measure_trees(pc.gid_table, loads, costs, STATE.dt, TREE_FRACTION * total)
    gathered = pc.py_gather(([c.as_dict() for c in loads], edges,
                             {str(g): t.as_dict() for g, t in trees.items()}), 0)
    path = None
    if rank == 0:
        cells = sorted((c for part, _, _ in gathered for c in part), key=lambda c: c["gid"])
        all_edges = sorted(e for _, part, _ in gathered for e in part)
        all_trees = {g: t for _, _, part in gathered for g, t in sorted(part.items(),
                                                                       key=lambda i: int(i[0]))}
        if not cells:
            sys.stderr.write("pnm --dry-run: the model has no gids; the load balancer places "
                             "gids (pc.set_gid2node + pc.cell, or ParallelNetManager)\n")
        load = cell_load_dict(cells, all_edges, model, programs, costs,
                              bytes_per_item(eng), nhost, events, all_trees)
        load_path = os.path.join(out_dir, "pnm_cell_load.json")
        allocation.write(load_path, load)
        nranks = options.num_target_ranks or allocation.suggest_ranks(
            load["total_memory"], options.memory_per_rank_gb * GIB)
        alloc = allocation.make_allocation(load, nranks, options.partition)
        path = os.path.join(out_dir, allocation.allocation_name(nranks))
        allocation.write(path, alloc)
        print(summary(load, alloc, load_path, path, options))
        sys.stdout.flush()
    return pc.py_broadcast(path, 0)


def summary(load, alloc, load_path, path, options):
    lines = [f"pnm --dry-run: {len(load['cells'])} gids, computation "
             f"{load['total_cost'] * 1e3:.3g} ms per ms simulated (cost model), memory "
             f"{load['total_memory'] / 1e6:.3g} MB of engine arrays -> {load_path}"]
    if not options.num_target_ranks:
        lines.append(f"  suggested {alloc['nranks']} rank(s) for "
                     f"{options.memory_per_rank_gb:g} GB per rank (--memory-per-rank-gb)")
    for mode, part in alloc["modes"].items():
        lines.append(f"  {mode}: imbalance {part['imbalance']:.3f} on {alloc['nranks']} ranks, "
                     f"{part['cross_rank_netcons']} cross-rank NetCons")
    lines.append(f"  allocation -> {path}; run: mpiexec -n {alloc['nranks']} python -m pnm "
                 "--lb-mode complexity SCRIPT")
    split = alloc["modes"].get("split", {}).get("cuts")
    if split:
        lines.append(f"  split: cuts gids {sorted(int(g) for g in split)}; a script that cuts "
                     "them (pc.balance_plan()) runs with --lb-mode split")
    return "\n".join(lines)
