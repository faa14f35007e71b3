"""The master/worker parameter sweep example gives the same list with every executor."""

import subprocess
import sys

from mpiutil import REPO, requires_mpiexec, run_mpi, describe

SWEEP = REPO / "examples" / "sweep" / "sweep.py"


def run_local(executor):
    proc = subprocess.run([sys.executable, str(SWEEP), "--executor", executor], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout.splitlines()


@requires_mpiexec
def test_sweep_lists_are_identical_for_the_three_executors():
    single = run_local("single")
    assert len(single) == 5 and all(line.startswith("weight") for line in single)
    assert run_local("process") == single
    proc = run_mpi(SWEEP, 3, "--executor", "mpi", timeout=300)
    assert proc.returncode == 0, describe(proc)
    assert proc.stdout.splitlines() == single
