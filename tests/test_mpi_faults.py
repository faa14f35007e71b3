"""The fault matrix: one rank misbehaves (raises, exits with 0 or 3, is killed, holds the GIL
forever, loops forever in Python, skips a collective, calls another one) while building,
between psolve calls, inside psolve or in a master/worker task.  Every cell must end the
whole job soon (at once where the fault is visible, else within 2x the silence limit: the
subprocess timeout), non-zero, with a message that names the faulty rank and what it was
doing.  A slow but live rank never trips the limit.

The cells run as concurrent subprocesses (PNM_FAULT_JOBS at a time, default 3) started by one
module fixture, so the matrix costs about a third of its serial time; each test then checks
its cell.  Each cell runs on 2 or 3 ranks (alternating, so every fault and every place meets
both sizes); PNM_FAULT_FULL=1 runs every cell on the other size too (slow-marked)."""
import concurrent.futures
import os
import re

import pytest

from mpiutil import describe, requires_mpiexec, run_mpi

pytestmark = requires_mpiexec

LIMIT = 2                       # PNM_TIMEOUT of every run
JOBS = int(os.environ.get("PNM_FAULT_JOBS", "3"))
STARTUP = 20 + 10 * JOBS        # s for mpiexec + imports on a loaded 2-core machine
FAULTS = ["raise", "exit0", "exit3", "kill", "loop", "pyloop", "skip", "other"]
PLACES = ["build", "between", "inside", "task"]
# A loop in plain Python inside psolve (a callback) or in a task is work, waited for as long
# as it takes (a 65 s task must finish): the rule of README "Never a hang"
NOT_FAULTS = {("pyloop", "inside"), ("pyloop", "task")}


def expected(fault, place, faulty, nprocs):
    """Patterns (regular expressions) the job's stderr must match for this cell."""
    failed = f"pnm: rank {faulty} of {nprocs} failed"
    if fault == "raise":
        return [failed, f"RuntimeError: fault injected on rank {faulty} at {place}"]
    if fault == "exit3":
        return [re.escape(failed + ": sys.exit(3) ends every rank"), "fault_matrix.py"]
    if fault == "kill":
        # mpiexec (hydra) SIGKILLs every other rank at once, so no rank can speak: the dead
        # rank's watcher process names it (pnm.parallel.deathwatch)
        doing = {"build": "(last in start-up|starting up)", "between": "last in psolve\\(20\\)",
                 "inside": "last in psolve\\(20\\)", "task": "last in task "}[place]
        return ["BAD TERMINATION", r"Killed \(signal 9\)",
                rf"pnm: rank {faulty} of {nprocs} \(pid \d+ on .*\) died without exiting "
                rf"through Python.*Rank {faulty} was {doing}"]
    if fault == "pyloop":
        return ["PeerStuckError", rf"rank {faulty} has been running Python code outside pnm "
                r"for [\d.]+ s \(silence limit 2 s\), at .*fault_matrix.py:\d+ in _pyloop"]
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


def cells(other_size=False):
    return [(f, p, 2 + (i + j + other_size) % 2) for i, f in enumerate(FAULTS)
            for j, p in enumerate(PLACES) if (f, p) not in NOT_FAULTS]


SLOW_CELLS = [("slow", "inside", 2), ("slow", "between", 3)]


def run_cell(fault, place, nprocs):
    # a slow rank sleeps 3x the limit: give it that on top
    timeout = STARTUP + (3 * LIMIT + 20 if fault == "slow" else 2 * LIMIT)
    return run_mpi("fault_matrix.py", nprocs, fault, place, env={"PNM_TIMEOUT": str(LIMIT)},
                   timeout=timeout)


def run_all(cell_list):
    """{cell: CompletedProcess or the exception} of every cell, JOBS at a time."""
    with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
        futures = {cell: pool.submit(run_cell, *cell) for cell in cell_list}
    return {cell: (f.exception() or f.result()) for cell, f in futures.items()}


@pytest.fixture(scope="module")
def matrix():
    return run_all(SLOW_CELLS + cells())


@pytest.fixture(scope="module")
def matrix_other_size():
    return run_all(cells(other_size=True))


def check_cell(results, fault, place, nprocs):
    proc = results[fault, place, nprocs]
    if isinstance(proc, BaseException):
        raise proc
    assert proc.returncode != 0, describe(proc)
    assert "FINISHED" not in proc.stdout, describe(proc)
    for pattern in expected(fault, place, nprocs - 1, nprocs):
        assert re.search(pattern, proc.stderr + proc.stdout), \
            f"{pattern!r} not found\n{describe(proc)}"
    # exactly one rank is named dead, and only when one was killed (never the ranks that
    # mpiexec kills while cleaning up after a failure)
    deaths = re.findall(r"pnm: rank \d+ of \d+ \(pid \d+ on .*\) died", proc.stderr)
    assert len(deaths) == (fault == "kill"), describe(proc)


@pytest.mark.parametrize("fault,place,nprocs", [pytest.param(*c, id="-".join(map(str, c)))
                                                for c in cells()])
def test_fault_ends_the_job_naming_the_rank(matrix, fault, place, nprocs):
    check_cell(matrix, fault, place, nprocs)


if os.environ.get("PNM_FAULT_FULL") == "1":
    # the full matrix: every cell on both 2 and 3 ranks (twice the time)
    @pytest.mark.slow
    @pytest.mark.parametrize("fault,place,nprocs", [pytest.param(*c, id="-".join(map(str, c)))
                                                    for c in cells(other_size=True)])
    def test_fault_on_the_other_size(matrix_other_size, fault, place, nprocs):
        check_cell(matrix_other_size, fault, place, nprocs)


@pytest.mark.parametrize("fault,place,nprocs", SLOW_CELLS)
def test_slow_but_live_rank_is_waited_for(matrix, fault, place, nprocs):
    # the last rank sleeps 3x the silence limit (inside psolve, or between two psolve calls
    # while the others wait in the second); its heartbeat keeps it alive
    proc = matrix[fault, place, nprocs]
    if isinstance(proc, BaseException):
        raise proc
    assert proc.returncode == 0, describe(proc)
    assert "FINISHED 20" in proc.stdout, describe(proc)


def test_mpi_collectives_give_the_right_results():
    proc = run_mpi("fault_deadline.py", 3, timeout=STARTUP + 2 * LIMIT,
                   env={"PNM_TIMEOUT": str(LIMIT)})
    assert "COLLECTIVES OK" in proc.stdout, describe(proc)
    assert proc.returncode != 0
    assert ("rank 0 of 3 waits in barrier" in proc.stderr and "has exited (at the end of its "
            "script)" in proc.stderr), describe(proc)
