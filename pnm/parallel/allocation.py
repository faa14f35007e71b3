"""The load-balance files: `pnm_cell_load.json` (what each gid costs, written by the dry
run) and `allocation_rN.json` (which gids go on which of N ranks, for each balance mode).

Both are versioned, human-readable JSON, written atomically (a temporary file, then
os.replace) and checked on load: format and version, rank count, the model fingerprint
(fingerprint.py: the command-line programs here, the loaded files, mechanisms and gid set once
the model is built), and that every gid is placed exactly once, whole or as pieces of a split
cell. Every problem is an AllocationError that names the file and what to do.

Version 2 (this one): "model" holds the fingerprint's parts; each mode has "ranks" (whole
gids per rank) and "pieces" ([gid, piece, rank] rows of split cells). Mode "split" cuts the
cells no whole placement balances (splitbalance.py): its "cuts" give, per split gid, the
sections where the cell is cut (between each and its parent), the sids and the pieces' costs;
"trees" (top level) holds the per-section costs of the large cells, which the dry run
measures, so that rebalance can cut them for another rank count. Version 1 files (no "model",
no "pieces") are refused with the command that makes them again."""

import json
import os

from .calibrate import write_text_atomic
from .decomposition import Decomposition, DecompositionError
from .fingerprint import FingerprintError, program_digest
from .partition import cross_rank, graph_partition, imbalance_of, lpt

ALLOCATION_FORMAT = "pnm-allocation"
CELL_LOAD_FORMAT = "pnm-cell-load"
VERSION = 2
MODES = ("complexity", "memory", "split")


class AllocationError(ValueError):
    pass


def fingerprint(programs):
    """Hash of the command-line programs ([(kind, text)]: file contents, -c statements)."""
    try:
        return program_digest(programs)
    except FingerprintError as err:
        raise AllocationError(str(err)) from None


def allocation_name(nranks):
    return f"allocation_r{int(nranks)}.json"


# ---- making allocations ---------------------------------------------------------------------
def partition_split(cells, trees, edges, nranks):
    """Mode "split": whole cells by cost, and the cells no whole placement balances cut."""
    from .splitbalance import CellTree, plan_balance
    items = {int(c["gid"]): float(c["cost"]) for c in cells}
    items.update({int(g): CellTree.from_dict(t) for g, t in trees.items()})
    plan = plan_balance(items, nranks)
    pieces = [[g, k, r] for g, s in sorted(plan.splits.items()) for k, r in enumerate(s.hosts)]
    cuts = {str(g): {"sections": [s.tree.names[c] for c in s.cuts], "sids": s.sids,
                     "loads": s.loads} for g, s in sorted(plan.splits.items())}
    with_roots = [list(gids) + [g for g, s in plan.splits.items() if s.hosts[0] == r]
                  for r, gids in enumerate(plan.ranks)]
    ncross, min_delay = cross_rank(with_roots, [tuple(e) for e in edges])
    return {"ranks": plan.ranks, "pieces": pieces, "cuts": cuts,
            "per_rank_total": plan.loads, "imbalance": round(plan.imbalance, 6),
            "cross_rank_netcons": ncross, "min_cross_rank_delay": min_delay}


def partition_mode(cells, edges, nranks, mode, method, trees=None):
    if mode == "split":
        return partition_split(cells, trees or {}, edges, nranks)
    weight = {int(c["gid"]): float(c["cost" if mode == "complexity" else "memory"])
              for c in cells}
    if method == "graph":
        ranks = graph_partition(weight, [tuple(e) for e in edges], nranks)
    else:
        ranks = [sorted(r) for r in lpt(weight, nranks)]
    totals = [sum(weight[g] for g in gids) for gids in ranks]
    ncross, min_delay = cross_rank(ranks, [tuple(e) for e in edges])
    return {"ranks": ranks, "pieces": [], "per_rank_total": totals,
            "imbalance": round(imbalance_of(ranks, weight), 6),
            "cross_rank_netcons": ncross, "min_cross_rank_delay": min_delay}


def make_allocation(cell_load, nranks, method="lpt", source="dry run"):
    """The allocation dict for nranks from a cell-load dict (or an allocation's cells)."""
    cells, edges = cell_load["cells"], cell_load.get("edges", [])
    if nranks < 1:
        raise AllocationError(f"cannot allocate for {nranks} ranks (give 1 or more)")
    return {
        "format": ALLOCATION_FORMAT, "version": VERSION, "nranks": int(nranks),
        "model_fingerprint": cell_load["model_fingerprint"], "model": cell_load["model"],
        "made_by": source,
        "partition": method, "ngids": len(cells),
        "modes": {mode: partition_mode(cells, edges, nranks, mode, method,
                                       cell_load.get("trees")) for mode in MODES},
        "cells": [[int(c["gid"]), float(c["cost"]), float(c["memory"])] for c in cells],
        "edges": [list(e) for e in edges],
        "trees": cell_load.get("trees", {}),
    }


def suggest_ranks(total_memory, budget_bytes):
    return max(1, int(-(-total_memory // budget_bytes))) if budget_bytes > 0 else 1


# ---- writing ---------------------------------------------------------------------------------
def write(path, data):
    """Atomically, one key per line and one rank / cell / edge per line (diff-friendly)."""
    write_text_atomic(path, dumps_readable(data) + "\n")


def dumps_readable(data, pad=""):
    lines = ["{"]
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list) and value and isinstance(value[0], (list, dict)):
            rows = [json.dumps(v) for v in value]
            lines.append(f"{pad} {json.dumps(key)}: [\n{pad}  " + f",\n{pad}  ".join(rows)
                         + f"\n{pad} ]{comma}")
        elif isinstance(value, dict) and key == "trees":
            rows = [f"{json.dumps(str(g))}: {json.dumps(t)}" for g, t in value.items()]
            inner = f",\n{pad}  ".join(rows)
            lines.append(f"{pad} {json.dumps(key)}: {{" + (f"\n{pad}  {inner}\n{pad} " if rows
                                                           else "") + f"}}{comma}")
        elif isinstance(value, dict) and key == "modes":
            inner = ",\n".join(f"{pad}  {json.dumps(m)}: {dumps_readable(v, pad + '  ')}"
                                for m, v in value.items())
            lines.append(f"{pad} {json.dumps(key)}: {{\n{inner}\n{pad} }}{comma}")
        else:
            lines.append(f"{pad} {json.dumps(key)}: {json.dumps(value)}{comma}")
    lines.append(pad + "}")
    return "\n".join(lines)


# ---- reading and checking --------------------------------------------------------------------
def read_json(path, kind):
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        raise AllocationError(f"{path}: no such file; make it with `python -m pnm --dry-run "
                              "[--num-target-ranks N] SCRIPT` (or `python -m pnm rebalance`)") \
            from None
    except OSError as err:
        raise AllocationError(f"{path}: cannot read it ({err.strerror})") from None
    try:
        data = json.loads(text)
    except ValueError as err:
        raise AllocationError(f"{path}: not valid JSON ({err}); the file is corrupted or "
                              "truncated: make it again with the dry run or rebalance") from None
    want = ALLOCATION_FORMAT if kind == "allocation" else CELL_LOAD_FORMAT
    if not isinstance(data, dict) or data.get("format") != want:
        raise AllocationError(f"{path}: not a pnm {kind} file (format {want!r} expected)")
    if data.get("version") != VERSION:
        raise AllocationError(f"{path}: {kind} file version {data.get('version')!r}; this pnm "
                              f"reads version {VERSION}: make it again with this pnm "
                              "(`python -m pnm --dry-run [--num-target-ranks N] SCRIPT`)")
    return data


def mode_decomposition(path, data, mode):
    """The Decomposition of one mode of an allocation dict (pieces of split cells too)."""
    part = data["modes"][mode]
    pieces = {}
    for gid, piece, rank in part.get("pieces", []):
        pieces.setdefault(int(gid), []).append((int(rank), int(piece)))
    return Decomposition(int(data["nranks"]), part["ranks"], pieces=pieces,
                         source=f"{os.path.basename(path)} (mode {mode})")


def check_allocation(path, data):
    """Internal consistency: rank lists, gid set of each mode equal to the cells' gid set."""
    try:
        nranks = int(data["nranks"])
        cells = {int(row[0]) for row in data["cells"]}
        if len(cells) != len(data["cells"]):
            raise AllocationError(f"{path}: a gid is listed twice in 'cells'")
        if not isinstance(data["model"]["programs"], str):
            raise AllocationError(f"{path}: malformed 'model' fingerprint; make it again")
        for mode in data["modes"]:
            dec = mode_decomposition(path, data, mode)
            cut = {int(g) for g in data["modes"][mode].get("cuts", {})}
            trees = {int(g) for g in data.get("trees", {})}
            if set(dec.pieces) != cut or not cut <= trees:
                bad = sorted(set(dec.pieces) ^ cut or cut - trees)[:5]
                raise AllocationError(
                    f"{path} (mode {mode}): split gids {bad} lack their pieces, cuts or "
                    "section tree; the file was edited or damaged: make it again")
            if dec.gids != cells:
                missing = sorted(cells - dec.gids)[:5]
                extra = sorted(dec.gids - cells)[:5]
                raise AllocationError(
                    f"{path} (mode {mode}): "
                    + (f"gids {missing} are missing from the rank lists" if missing else
                       f"gids {extra} are placed but have no entry in 'cells'")
                    + "; the file was edited or damaged: make it again")
    except DecompositionError as err:
        raise AllocationError(f"{err}; the file was edited or damaged: make it again") from None
    except (KeyError, TypeError, ValueError, IndexError) as err:
        if isinstance(err, AllocationError):
            raise
        raise AllocationError(f"{path}: malformed allocation ({type(err).__name__}: {err}); "
                              "make it again") from None


def load_allocation(path, nranks=None, model_fingerprint=None, mode=None):
    """The checked allocation dict; with mode, also its Decomposition for nranks ranks."""
    data = read_json(path, "allocation")
    check_allocation(path, data)
    if nranks is not None and int(data["nranks"]) != int(nranks):
        raise AllocationError(
            f"{path}: made for {data['nranks']} ranks, this run has {nranks}; make one with "
            f"`python -m pnm rebalance {path} {nranks} --output {allocation_name(nranks)}`")
    if model_fingerprint is not None and data["model"]["programs"] != model_fingerprint:
        raise AllocationError(
            f"{path}: made for another model (the script's fingerprint is "
            f"{data['model']['programs']} in the file, {model_fingerprint} now: the script "
            "changed since the dry run); run `python -m pnm --dry-run` again")
    if mode is None:
        return data, None
    if mode not in data["modes"]:
        raise AllocationError(f"{path}: has no {mode!r} allocation (it has "
                              f"{sorted(data['modes'])})")
    return data, mode_decomposition(path, data, mode)


def balance_plan(path, data, mode):
    """The splitbalance.BalancePlan of a mode (what pc.balance_plan() gives a script)."""
    from .splitbalance import BalanceError, CellTree, plan_from_cuts
    part = data["modes"][mode]
    try:
        trees = {int(g): CellTree.from_dict(t) for g, t in data.get("trees", {}).items()}
        whole = data["modes"].get("complexity", {}).get("per_rank_total")
        return plan_from_cuts(int(data["nranks"]), part["ranks"], part["per_rank_total"],
                              trees, part.get("cuts", {}), part.get("pieces", []), whole)
    except (BalanceError, KeyError, TypeError, ValueError, IndexError) as err:
        raise AllocationError(f"{path} (mode {mode}): malformed split cells "
                              f"({type(err).__name__}: {err}); make it again") from None


def rebalance(path, nranks, method=None):
    """A new allocation dict for nranks ranks from an allocation file's per-gid weights."""
    data = read_json(path, "allocation")
    check_allocation(path, data)
    cells = [{"gid": g, "cost": c, "memory": m} for g, c, m in data["cells"]]
    load = {"cells": cells, "edges": data.get("edges", []), "trees": data.get("trees", {}),
            "model_fingerprint": data["model_fingerprint"], "model": data["model"]}
    return make_allocation(load, nranks, method or data.get("partition", "lpt"),
                           source=f"rebalance of {os.path.basename(path)}")
