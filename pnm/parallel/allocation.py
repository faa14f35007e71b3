"""The load-balance files: `pnm_cell_load.json` (what each gid costs, written by the dry
run) and `allocation_rN.json` (which gids go on which of N ranks, for each balance mode).

Both are versioned, human-readable JSON, written atomically (a temporary file, then
os.replace) and checked on load: format and version, rank count, the model fingerprint
(a hash of the script files and statements the dry run ran), and that every gid is placed
exactly once. Every problem is an AllocationError that names the file and what to do."""

import hashlib
import json
import os

from .calibrate import write_text_atomic
from .decomposition import Decomposition, DecompositionError
from .partition import cross_rank, graph_partition, imbalance_of, lpt

ALLOCATION_FORMAT = "pnm-allocation"
CELL_LOAD_FORMAT = "pnm-cell-load"
VERSION = 1
MODES = ("complexity", "memory")


class AllocationError(ValueError):
    pass


def fingerprint(programs):
    """Hash of what a run executes: [(kind, text)] as `python -m pnm` takes them (file
    contents for files, the statement text for -c)."""
    digest = hashlib.sha256()
    for kind, what in programs:
        digest.update(kind.encode() + b"\0")
        if kind == "file":
            try:
                with open(what, "rb") as f:
                    digest.update(f.read())
            except OSError as err:
                raise AllocationError(f"{what}: cannot read the script ({err.strerror})") \
                    from None
        else:
            digest.update(what.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def allocation_name(nranks):
    return f"allocation_r{int(nranks)}.json"


# ---- making allocations ---------------------------------------------------------------------
def partition_mode(cells, edges, nranks, mode, method):
    weight = {int(c["gid"]): float(c["cost" if mode == "complexity" else "memory"])
              for c in cells}
    if method == "graph":
        ranks = graph_partition(weight, [tuple(e) for e in edges], nranks)
    else:
        ranks = [sorted(r) for r in lpt(weight, nranks)]
    totals = [sum(weight[g] for g in gids) for gids in ranks]
    ncross, min_delay = cross_rank(ranks, [tuple(e) for e in edges])
    return {"ranks": ranks, "per_rank_total": totals,
            "imbalance": round(imbalance_of(ranks, weight), 6),
            "cross_rank_netcons": ncross, "min_cross_rank_delay": min_delay}


def make_allocation(cell_load, nranks, method="lpt", source="dry run"):
    """The allocation dict for nranks from a cell-load dict (or an allocation's cells)."""
    cells, edges = cell_load["cells"], cell_load.get("edges", [])
    if nranks < 1:
        raise AllocationError(f"cannot allocate for {nranks} ranks (give 1 or more)")
    return {
        "format": ALLOCATION_FORMAT, "version": VERSION, "nranks": int(nranks),
        "model_fingerprint": cell_load["model_fingerprint"], "made_by": source,
        "partition": method, "ngids": len(cells),
        "modes": {mode: partition_mode(cells, edges, nranks, mode, method) for mode in MODES},
        "cells": [[int(c["gid"]), float(c["cost"]), float(c["memory"])] for c in cells],
        "edges": [list(e) for e in edges],
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
                              f"reads version {VERSION}: make it again with this pnm")
    return data


def check_allocation(path, data):
    """Internal consistency: rank lists, gid set of each mode equal to the cells' gid set."""
    try:
        nranks = int(data["nranks"])
        cells = {int(row[0]) for row in data["cells"]}
        if len(cells) != len(data["cells"]):
            raise AllocationError(f"{path}: a gid is listed twice in 'cells'")
        for mode, part in data["modes"].items():
            ranks = part["ranks"]
            dec = Decomposition(nranks, ranks, source=f"{path} (mode {mode})")
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
    if model_fingerprint is not None and data["model_fingerprint"] != model_fingerprint:
        raise AllocationError(
            f"{path}: made for another model (fingerprint {data['model_fingerprint']}, this "
            f"script has {model_fingerprint}: the script changed since the dry run); run "
            "`python -m pnm --dry-run` again")
    if mode is None:
        return data, None
    if mode not in data["modes"]:
        raise AllocationError(f"{path}: has no {mode!r} allocation (it has "
                              f"{sorted(data['modes'])})")
    return data, Decomposition(int(data["nranks"]), data["modes"][mode]["ranks"],
                               source=os.path.basename(path))


def rebalance(path, nranks, method=None):
    """A new allocation dict for nranks ranks from an allocation file's per-gid weights."""
    data = read_json(path, "allocation")
    check_allocation(path, data)
    cells = [{"gid": g, "cost": c, "memory": m} for g, c, m in data["cells"]]
    load = {"cells": cells, "edges": data.get("edges", []),
            "model_fingerprint": data["model_fingerprint"]}
    return make_allocation(load, nranks, method or data.get("partition", "lpt"),
                           source=f"rebalance of {os.path.basename(path)}")
