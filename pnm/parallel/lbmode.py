"""The load-balance options of this process (`python -m pnm --dry-run` / `--lb-mode`, or
PNM_LB_MODE): the planned Decomposition that gid placement follows, and the dry-run switch
that turns the simulation calls (psolve, continuerun, fadvance, run) into no-ops that say so
once, after the first --dry-run-ms ms when the dry run measures events.

No MPI here: the run system (runsystem.py, through registry.py) asks it before stepping."""

import sys


class LoadBalanceState:
    def __init__(self):
        self.plan = None          # Decomposition that gid placement follows, or None
        self.mode = None          # "complexity", "memory", "roundrobin" or None
        self.dry_run = False
        self.simulate_ms = 0.0    # a dry run simulates this much (to count events)
        self.rank = 0
        self.allocation = None    # the allocation dict of the plan (its model fingerprint)
        self.balance = None       # mode split: the BalancePlan (which cells to cut, where)
        self.model_checked = False
        self.on_model_built = None    # the dry run's measurement (dryrun.finish), once
        self.measured = False
        self.said_skipped = False


LB = LoadBalanceState()


def set_plan(decomposition, mode, allocation=None, balance=None):
    LB.plan, LB.mode, LB.allocation, LB.balance = decomposition, mode, allocation, balance
    LB.model_checked = False


def decided():
    """Whether this process already has its load-balance mode (--lb-mode, --dry-run, or
    PNM_LB_MODE read once)."""
    return LB.mode is not None or LB.dry_run


def model_check_due():
    """The allocation dict whose model fingerprint this run has yet to check (once), or
    None (no allocation, or checked already)."""
    if LB.allocation is None or LB.model_checked:
        return None
    LB.model_checked = True
    return LB.allocation


def balance_plan():
    """The BalancePlan of the allocation's mode split (--lb-mode split), or None."""
    return LB.balance


def planned():
    """The Decomposition the run was started with (--lb-mode), or None."""
    return LB.plan


def start_dry_run(rank, simulate_ms=0.0, on_model_built=None):
    """on_model_built(): measures the model and writes the files (collective), called once
    by model_built()."""
    LB.dry_run, LB.rank, LB.said_skipped = True, int(rank), False
    LB.simulate_ms = float(simulate_ms)
    LB.on_model_built, LB.measured = on_model_built, False


def model_built():
    """The dry run's model is complete: at the first simulation call it skips, at the end of
    the --dry-run-ms it simulates, or at the end of the script (objects a script frees when
    it ends are still there at the first two). Measures it, once."""
    if LB.dry_run and not LB.measured and LB.on_model_built is not None:
        LB.measured = True
        LB.on_model_built()


def simulation_done(t):
    """After a simulation call of a dry run: measure once --dry-run-ms is reached."""
    if LB.dry_run and LB.simulate_ms > 0 and t >= LB.simulate_ms - 1e-9:
        model_built()


def capped_tstop(what, tstop):
    """tstop, or in a dry run at most --dry-run-ms (said once when it cuts a run short)."""
    if not LB.dry_run:
        return tstop
    if float(tstop) > LB.simulate_ms:
        _say_once(f"pnm --dry-run: {what} simulates only the first {LB.simulate_ms:g} ms "
                  "(--dry-run-ms, to count events); later simulation is skipped")
    return min(float(tstop), LB.simulate_ms)


def _say_once(text):
    if not LB.said_skipped and LB.rank == 0:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    LB.said_skipped = True


def skip_simulation(what, t):
    """True in a dry run once t has reached --dry-run-ms (the caller then returns without
    simulating); says so once."""
    if not LB.dry_run or t < LB.simulate_ms - 1e-9:
        return False
    past = f" past {LB.simulate_ms:g} ms" if LB.simulate_ms > 0 else ""
    _say_once(f"pnm --dry-run: {what} and every later simulation call{past} are skipped "
              "(the model is built and measured, not simulated)")
    model_built()
    return True
