"""The findings of issue 11 (reliability), each as a test: psolve(nan) and other bad psolve
arguments (finding 1, and dt/maxstep differing from finding 2), collectives out of step
(finding 2), a task longer than the silence limit (finding 3).  Figures: see
test_reliability_files.py (finding 5); the rest of finding 2 (exit, loop, skip): the fault
matrix in test_mpi_faults.py."""
import re

import pytest

from mpiutil import describe, requires_mpiexec, run_mpi, run_serial

STARTUP = 25


def cases(stdout):
    """{case: [message on each rank]} from the CASE lines of psolve_arguments.py."""
    out = {}
    for name, text in re.findall(r"^CASE (\w+) RANK \d+: (.*)$", stdout, re.M):
        out.setdefault(name, []).append(text)
    return out


def assert_finished_correctly(proc):
    """The ring of 8 IntFire1 (delay 2, stimulus reaching gid 0 at 2 ms) spikes at 2, 4, ...:
    9 spikes before t = 20."""
    found = re.search(r"FINISHED (\d+) t=([\d.e+-]+)", proc.stdout)
    assert found, describe(proc)
    assert int(found.group(1)) == 9 and abs(float(found.group(2)) - 20) < 1e-6, describe(proc)


ERRORS = {"nan": "tstop must be a finite time in ms", "inf": "tstop must be a finite time",
          "negative": "tstop is negative", "text": "tstop is not a number on rank(s) [0",
          "dt": "h.dt differs between ranks", "maxstep": "maxstep given to pc.set_maxstep "
          "differs between ranks"}


def test_psolve_nan_inf_negative_on_one_rank_are_errors():
    proc = run_serial("psolve_arguments.py", timeout=STARTUP + 30)
    assert proc.returncode == 0, describe(proc)
    got = cases(proc.stdout)
    for name in ("nan", "inf", "negative", "text"):
        assert ERRORS[name] in got[name][0], describe(proc)
    assert_finished_correctly(proc)


@requires_mpiexec
@pytest.mark.parametrize("nprocs", [2, 3])
def test_bad_psolve_arguments_raise_the_same_error_on_every_rank(nprocs):
    proc = run_mpi("psolve_arguments.py", nprocs, timeout=STARTUP + 30)
    assert proc.returncode == 0, describe(proc)
    got = cases(proc.stdout)
    assert sorted(got) == sorted(ERRORS), describe(proc)
    for name, phrase in ERRORS.items():
        assert len(got[name]) == nprocs and len(set(got[name])) == 1, (name, got[name])
        assert phrase in got[name][0], (name, got[name][0])
    assert "rank 1: 0.0125" in got["dt"][0] or f"rank {nprocs - 1}: 0.0125" in got["dt"][0]
    assert_finished_correctly(proc)         # still in step afterwards


@requires_mpiexec
def test_rank_skipping_psolve_to_allreduce_gets_an_error_not_a_number():
    # finding 2: the allreduce used to match psolve's exchange and return 4e-323
    proc = run_mpi("fault_matrix.py", 2, "skip", "between", timeout=STARTUP + 10,
                   env={"PNM_TIMEOUT": "30"})
    assert proc.returncode != 0 and "FINISHED" not in proc.stdout, describe(proc)
    for r in (0, 1):
        assert f"pnm: rank {r} of 2 failed" in proc.stderr or r == 1
    assert ("rank 0 is in ParallelContext.psolve -> psolve" in proc.stderr and
            "rank 1 is in ParallelContext.allreduce -> allreduce('sum')" in proc.stderr), \
        describe(proc)
    assert re.search(r"fault_matrix.py:\d+; rank 1", proc.stderr), describe(proc)


@requires_mpiexec
def test_task_longer_than_the_silence_limit_succeeds():
    # finding 3: a 10 s task with PNM_TIMEOUT=3 (the old fixed deadline killed such jobs)
    proc = run_mpi("long_task.py", 2, env={"PNM_TIMEOUT": "3"}, timeout=STARTUP + 10 + 20)
    assert proc.returncode == 0, describe(proc)
    assert "RESULTS [(0, True), (1, True), (2, True), (3, True)]" in proc.stdout, describe(proc)
