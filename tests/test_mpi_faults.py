"""The fault matrix: one rank misbehaves (raises, exits with 0 or 3, is killed, holds the GIL
forever, skips a collective, calls another one) while building, between psolve calls, inside
psolve or in a master/worker task.  Every cell must end the whole job soon (at once where the
fault is visible, else within 2x the silence limit: the subprocess timeout), non-zero, with a
message that names the faulty rank and what it was doing.  A slow but live rank never trips
the limit."""
import re

import pytest

from mpiutil import describe, requires_mpiexec, run_mpi

pytestmark = requires_mpiexec

LIMIT = 3                       # PNM_TIMEOUT of every run
STARTUP = 25                    # s for mpiexec + imports on a loaded 2-core machine
FAULTS = ["raise", "exit0", "exit3", "kill", "loop", "skip", "other"]
PLACES = ["build", "between", "inside", "task"]


def expected(fault, place, faulty, nprocs):
    """Patterns (regular expressions) the job's stderr must match for this cell."""
    failed = f"pnm: rank {faulty} of {nprocs} failed"
    if fault == "raise":
        return [failed, f"RuntimeError: fault injected on rank {faulty} at {place}"]
    if fault == "exit3":
        return [re.escape(failed + ": sys.exit(3) ends every rank"), "fault_matrix.py"]
    if fault == "kill":
        # mpiexec (hydra) SIGKILLs every other rank at once, so no rank can speak; it names
        # a pid (not always the dead rank's: the first it saw end badly)
        return ["BAD TERMINATION", r"Killed \(signal 9\)"]
    if fault == "exit0":
        if place == "task":
            return [failed + ": task", "SystemExit: 0"]
        return [re.escape(f"rank {faulty} has exited (sys.exit(0) at") + ".*fault_matrix.py"]
    if fault == "loop":
        doing = {"build": "start-up", "between": "psolve(20)", "inside": "psolve(20)",
                 "task": "task "}[place]
        return ["PeerSilentError", f"rank {faulty} has not been heard from for .*"
                f"Rank {faulty} was last in {re.escape(doing)}"]
    if place in ("build", "between") and fault in ("skip", "other"):
        api = {("skip", "build"): "psolve", ("skip", "between"): "allreduce",
               ("other", "build"): "barrier", ("other", "between"): "allreduce"}[fault, place]
        return ["CollectiveMismatchError", f"rank {faulty} is in ParallelContext.{api} -> "]
    # out of step on different channels: found by the heartbeat (the faulty rank is the one
    # waiting, or the one another rank sees waiting elsewhere)
    return ["DeadlockError", f"(rank {faulty} of {nprocs} waits in|rank {faulty} was last in)"]


CELLS = [pytest.param(f, p, 2 + (i + j) % 2, id=f"{f}-{p}-{2 + (i + j) % 2}")
         for i, f in enumerate(FAULTS) for j, p in enumerate(PLACES)]


@pytest.mark.parametrize("fault,place,nprocs", CELLS)
def test_fault_ends_the_job_naming_the_rank(fault, place, nprocs):
    proc = run_mpi("fault_matrix.py", nprocs, fault, place, env={"PNM_TIMEOUT": str(LIMIT)},
                   timeout=STARTUP + 2 * LIMIT)
    assert proc.returncode != 0, describe(proc)
    assert "FINISHED" not in proc.stdout, describe(proc)
    for pattern in expected(fault, place, nprocs - 1, nprocs):
        assert re.search(pattern, proc.stderr + proc.stdout), \
            f"{pattern!r} not found\n{describe(proc)}"


@pytest.mark.parametrize("place,nprocs", [("inside", 2), ("between", 3)])
def test_slow_but_live_rank_is_waited_for(place, nprocs):
    # the last rank sleeps 3x the silence limit; its heartbeat keeps it alive
    proc = run_mpi("fault_matrix.py", nprocs, "slow", place, env={"PNM_TIMEOUT": "2"},
                   timeout=STARTUP + 6 + 20)
    assert proc.returncode == 0, describe(proc)
    assert "FINISHED 20" in proc.stdout, describe(proc)


def test_mpi_collectives_give_the_right_results():
    proc = run_mpi("fault_deadline.py", 3, timeout=STARTUP + 2 * LIMIT,
                   env={"PNM_TIMEOUT": str(LIMIT)})
    assert "COLLECTIVES OK" in proc.stdout, describe(proc)
    assert proc.returncode != 0
    assert ("rank 0 of 3 waits in barrier" in proc.stderr and "has exited (at the end of its "
            "script)" in proc.stderr), describe(proc)
