"""The master/worker parameter sweep example gives the same list with every executor."""

from conftest import REPO, checked, describe, requires_mpiexec, run_mpi, run_python

SWEEP = REPO / "examples" / "sweep" / "sweep.py"


def run_local(executor):
    return checked(run_python(SWEEP, "--executor", executor, timeout=300)).stdout.splitlines()


@requires_mpiexec
def test_sweep_lists_are_identical_for_the_three_executors():
    single = run_local("single")
    assert len(single) == 5 and all(line.startswith("weight") for line in single)
    assert run_local("process") == single
    proc = run_mpi(SWEEP, 3, "--executor", "mpi", timeout=300)
    assert proc.returncode == 0, describe(proc)
    assert proc.stdout.splitlines() == single
