"""Failures end the whole MPI job quickly, with the failing rank's traceback: never a hang."""
import re
import time

import pytest

from mpiutil import describe, requires_mpiexec, run_mpi

pytestmark = requires_mpiexec


def run_failing(script, nprocs, *args, env=None):
    t0 = time.monotonic()
    proc = run_mpi(script, nprocs, *args, timeout=60, env=env)
    elapsed = time.monotonic() - t0
    assert proc.returncode != 0, describe(proc)
    assert "UNREACHABLE" not in proc.stdout, describe(proc)
    return proc, elapsed


@pytest.mark.parametrize("nprocs", [2, 3])
def test_failing_task_on_worker_aborts_job(nprocs):
    proc, elapsed = run_failing("fault_task.py", nprocs)
    assert re.search(rf"pnm: rank [1-9] of {nprocs} failed: task \d+ \(task\) raised",
                     proc.stderr), describe(proc)
    assert "Traceback (most recent call last)" in proc.stderr
    assert "ValueError: boom from task argument 7" in proc.stderr
    assert 'fault_task.py", line' in proc.stderr          # the task's own frame
    assert elapsed < 10, f"the job took {elapsed:.1f} s to end"


@pytest.mark.parametrize("nprocs", [2, 3])
def test_exception_in_spmd_script_aborts_all_ranks(nprocs):
    # rank 0 (and 2) sit in a barrier with a 300 s deadline: only the abort can end them
    proc, elapsed = run_failing("fault_spmd.py", nprocs)
    assert f"pnm: rank 1 of {nprocs} failed:" in proc.stderr, describe(proc)
    assert "RuntimeError: rank 1 fails on purpose" in proc.stderr
    assert elapsed < 10, f"the job took {elapsed:.1f} s to end"


@pytest.mark.parametrize("nprocs", [2, 3])
def test_sys_exit_with_a_failure_status_on_one_rank_ends_all_ranks(nprocs):
    proc, elapsed = run_failing("fault_spmd.py", nprocs, "exit")
    assert proc.returncode != 0
    assert f"pnm: rank 1 of {nprocs} failed: sys.exit(3) ends every rank" in proc.stderr, \
        describe(proc)
    assert "fault_spmd.py" in proc.stderr       # where it was called
    assert elapsed < 10, f"the job took {elapsed:.1f} s to end"


@pytest.mark.parametrize("nprocs", [1, 2, 3])
def test_collectives_then_barrier_deadline(nprocs):
    if nprocs == 1:       # a barrier alone cannot time out: just check the collectives
        proc = run_mpi("fault_deadline.py", 1, timeout=60, env={"PNM_TIMEOUT": "3"})
        assert "COLLECTIVES OK" in proc.stdout, describe(proc)
        return
    proc, elapsed = run_failing("fault_deadline.py", nprocs, env={"PNM_TIMEOUT": "3"})
    assert "COLLECTIVES OK" in proc.stdout, describe(proc)
    assert f"pnm: rank 0 of {nprocs} failed:" in proc.stderr
    assert (f"MPITimeoutError: pnm: barrier on rank 0 of {nprocs} timed out after 3 s"
            in proc.stderr), describe(proc)
    assert "set_timeout" in proc.stderr and "PNM_TIMEOUT" in proc.stderr
    assert elapsed < 15, f"the deadline took {elapsed:.1f} s to end the job"
