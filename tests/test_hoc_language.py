"""hoc language suite: each tests/hoc/lang_*.hoc run by NEURON 9's nrniv and by
`python -m pnm`, stdout compared line by line."""

import glob
import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOC = os.path.join(HERE, "hoc")


def nrniv():
    exe = shutil.which("nrniv") or os.path.join(os.path.dirname(sys.executable), "nrniv")
    if not os.path.exists(exe):
        pytest.fail("NEURON's nrniv is required for the hoc suite (pip install neuron)")
    return exe


def run_nrniv(path, *extra, cwd=HOC):
    return subprocess.run([nrniv(), "-nobanner", path, *extra, "-c", "quit()"], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def run_pnm(*args, cwd=HOC):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "pnm", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("name", sorted(os.path.basename(p)
                                        for p in glob.glob(os.path.join(HOC, "lang_*.hoc"))))
def test_hoc_file_prints_what_nrniv_prints(name):
    ref = run_nrniv(name)
    assert ref.returncode == 0, ref.stderr
    got = run_pnm(name, "-c", "quit()")
    assert got.returncode == 0, got.stderr
    assert got.stdout.splitlines() == ref.stdout.splitlines()


def test_ring128_serial_prints_neurons_lines():
    ref = run_nrniv("ring128.hoc")
    got = run_pnm("ring128.hoc", "-c", "quit()")
    assert got.returncode == 0, got.stderr
    assert got.stdout.splitlines() == ref.stdout.splitlines()
    assert sum(1 for line in got.stdout.splitlines() if line[:1].isdigit()) == 500
