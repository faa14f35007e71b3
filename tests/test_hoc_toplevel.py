"""Top level as nrniv runs it: statements run one by one (output before a syntax error),
`-mpi` prints numprocs=N, and an error on one rank ends every rank with a non-zero status."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOC = os.path.join(HERE, "hoc")
BIN = os.path.dirname(sys.executable)
MPIEXEC = os.path.join(BIN, "mpiexec")


def run(cmd, timeout=300, **env):
    env = dict(os.environ, PYTHONPATH=ROOT,
               MPI_LIB_NRN_PATH=os.path.join(os.path.dirname(BIN), "lib", "libmpi.so.12"),
               **env)
    return subprocess.run(cmd, cwd=HOC, env=env, capture_output=True, text=True,
                          timeout=timeout)


def nrniv():
    path = os.path.join(BIN, "nrniv")
    if not os.path.exists(path):
        pytest.fail("NEURON's nrniv is required (pip install neuron)")
    return path


def test_statements_before_a_syntax_error_run_as_in_nrniv():
    ref = run([nrniv(), "-nobanner", "err_syntax_late.hoc", "-c", "print 99"])
    got = run([sys.executable, "-m", "pnm", "err_syntax_late.hoc", "-c", "print 99"])
    assert ref.returncode != 0 and got.returncode != 0
    assert got.stdout == ref.stdout == "1 \n2 \n"
    assert "err_syntax_late.hoc:4:" in got.stderr and "y = = 3" in got.stderr


def per_rank_stdout(n, command, out_dir):
    """Each rank's stdout from its own file (mpiexec forwards merged output in chunks, so on
    the shared stdout another rank's line can come before rank 0's first)."""
    pattern = os.path.join(out_dir, "rank.%r.out")
    done = run([MPIEXEC, "-n", str(n), "-outfile-pattern", pattern] + command)
    assert done.returncode == 0, done.stderr
    outputs = []
    for rank in range(n):
        with open(pattern.replace("%r", str(rank))) as f:
            outputs.append(f.read().splitlines())
    return outputs


@pytest.mark.parametrize("n", [1, 2])
def test_mpi_flag_prints_numprocs_first_as_nrniv(n, tmp_path):
    (tmp_path / "neuron").mkdir()
    (tmp_path / "pnm").mkdir()
    ref = per_rank_stdout(n, [nrniv(), "-mpi", "-nobanner", "hello.hoc", "-c", "quit()"],
                          str(tmp_path / "neuron"))
    got = per_rank_stdout(n, [sys.executable, "-m", "pnm", "-mpi", "-nobanner", "hello.hoc",
                              "-c", "quit()"], str(tmp_path / "pnm"))
    assert got[0][0] == ref[0][0] == f"numprocs={n}"     # rank 0 prints it first
    assert got == ref


def test_error_on_one_rank_ends_every_rank():
    # PNM_TIMEOUT is long: only the abort can end rank 0's barrier within the test's timeout
    got = run([MPIEXEC, "-n", "2", sys.executable, "-m", "pnm", "err_on_rank1.hoc"],
              timeout=120, PNM_TIMEOUT="600")
    assert got.returncode != 0
    assert "err_on_rank1.hoc:3:" in got.stderr and "undefined_on_rank_1" in got.stderr
    assert "after barrier" not in got.stdout


def test_python_script_runs_unchanged_with_its_arguments():
    """`python -m pnm script.py ARGS`: `import neuron` (neuron.gui, neuron.units) is pnm, and
    ARGS are the script's sys.argv (they are not program files): the same output as
    `python script.py ARGS` under NEURON."""
    script = os.path.join(HOC, "unchanged_script.py")
    args = ["-tstop", "30", "x=1"]
    ref = run([sys.executable, script, *args])
    assert ref.returncode == 0 and "neuron module: neuron" in ref.stderr, ref.stderr
    got = run([sys.executable, "-m", "pnm", script, *args])
    assert got.returncode == 0, got.stderr
    assert "neuron module: pnm" in got.stderr
    assert got.stdout.splitlines() == ref.stdout.splitlines()
    assert int(ref.stdout.split("spikes ")[1].split()[0]) > 1       # the model spikes
