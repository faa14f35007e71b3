"""The load-balance options of this process (`python -m pnm --dry-run` / `--lb-mode`): the
planned Decomposition that gid placement follows, and the dry-run switch that turns the
simulation calls (psolve, continuerun, fadvance, run) into no-ops that say so once.

No MPI here: the run system (runsystem.py, through registry.py) asks it before stepping."""

import sys


class LoadBalanceState:
    def __init__(self):
        self.plan = None          # Decomposition that gid placement follows, or None
        self.mode = None          # "complexity", "memory", "roundrobin" or None
        self.dry_run = False
        self.rank = 0
        self.said_skipped = False


LB = LoadBalanceState()


def set_plan(decomposition, mode):
    LB.plan, LB.mode = decomposition, mode


def planned():
    """The Decomposition the run was started with (--lb-mode), or None."""
    return LB.plan


def start_dry_run(rank):
    LB.dry_run, LB.rank, LB.said_skipped = True, int(rank), False


def skip_simulation(what):
    """True in a dry run (the caller then returns without simulating); says so once."""
    if not LB.dry_run:
        return False
    if not LB.said_skipped and LB.rank == 0:
        sys.stdout.write(f"pnm --dry-run: {what} and every later simulation call are skipped "
                         "(the model is built and measured, not simulated)\n")
        sys.stdout.flush()
    LB.said_skipped = True
    return True
