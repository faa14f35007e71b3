"""Loading the allocation a run follows, on every rank, with one error protocol: from
`python -m pnm --lb-mode M [--allocation F]` (lbcli.py) or, for a script started without
`python -m pnm` (`mpiexec -n N python script.py`), from the environment:

    PNM_LB_MODE=complexity|memory|split|roundrobin   [PNM_ALLOCATION=allocation_rN.json]

read when the first ParallelContext is made (before the script can place a gid). A problem on
any rank (no file, corrupted, another rank count or script, gids missing or placed twice) is
printed on every rank as `pnm: rank r: FILE: problem`, before any cell is built."""

import os
import sys

from . import allocation, lbmode

ENV_MODE = "PNM_LB_MODE"
ENV_ALLOCATION = "PNM_ALLOCATION"
MODES = ("complexity", "memory", "split", "roundrobin")


def load_plan(comm, mode, path, programs):
    """Collective: load and check the allocation for mode (complexity or memory) and make it
    the plan gid placement follows. Returns the error message every rank prints (None when
    all went well); programs: [(kind, text)] the run executes, or None not to check them."""
    error = None
    try:
        digest = None if programs is None else allocation.fingerprint(programs)
        if mode in allocation.MODES:
            path = path or allocation.allocation_name(comm.size)
            data, plan = allocation.load_allocation(path, comm.size, digest, mode)
            balance = allocation.balance_plan(path, data, mode) if mode == "split" else None
            lbmode.set_plan(plan, mode, data, balance)
        else:
            lbmode.set_plan(None, mode)
    except allocation.AllocationError as err:
        error = str(err)
    errors = comm.allgather_obj(error) if comm.size > 1 else [error]
    if not any(errors):
        return None
    mine = error or next(e for e in errors if e)
    sys.stderr.write(f"pnm: rank {comm.rank}: {mine}\n")
    sys.stderr.flush()
    comm.barrier()
    return mine


def main_script_programs():
    """[("file", path)] of the running __main__ script, or None (interactive, -c)."""
    path = getattr(sys.modules.get("__main__"), "__file__", None)
    return [("file", path)] if path and os.path.isfile(path) else None


def follow_environment(comm):
    """PNM_LB_MODE for a script started without `python -m pnm` (collective: the first
    ParallelContext of every rank). Nothing when unset, or when `python -m pnm --lb-mode` or
    --dry-run already decided."""
    mode = os.environ.get(ENV_MODE, "").strip()
    if not mode or lbmode.decided():
        return
    if mode not in MODES:
        error = (f"{ENV_MODE}={mode!r}: use complexity, memory, split or roundrobin (or "
                 "unset it)")
        if comm.rank == 0:
            sys.stderr.write(f"pnm: {error}\n")
        raise allocation.AllocationError(error)
    error = load_plan(comm, mode, os.environ.get(ENV_ALLOCATION) or None,
                      main_script_programs())
    if error:
        raise allocation.AllocationError(f"{ENV_MODE}={mode}: {error}")
