"""Published hoc programs with their own .mod files, run unchanged by NEURON 9 (nrnivmodl +
nrniv) and by pnm (`python -m pnm nrnivmodl`, `python -m pnm`).

Mainen & Sejnowski 1996 (ModelDB 2488), demofig1.hoc: the GUI demo of figure 1, whose cells
come from 3-D reconstructions (cells/j7.hoc: pt3dadd at top level, define_shape; cells/j4a.hoc:
`create` continued over lines with backslashes, and its coordinates read by fscan() from the
file's own text after the `geometry()` statement). The program scales L and diam of 3-D
sections to add spines (NEURON's nrn_diam_change) and inserts its mechanisms with ion_style.
A small driver of ours picks the figures (as the GUI buttons would), records the soma's spikes
and prints them with the soma voltage; pnm must print what nrniv prints.

The model's files are third-party: tests/nmodl/modeldb_manifest.txt names them, get_modeldb.py
fetches them (never committed)."""

import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "nmodl"))

from get_modeldb import materialise  # noqa: E402

DRIVER = """load_file("demofig1.hoc")
objref apc, tv
proc figure() {
  execute($s1)
  tstop = 100
  soma apc = new APCount(0.5)
  tv = new Vector()
  apc.record(tv)
  run()
  printf("%s spikes", $s1)
  for i = 0, tv.size - 1 printf(" %.10g", tv.x[i])
  printf("\\nv %.10f\\n", soma.v(0.5))
}
figure("fig1b()")
figure("fig1d()")
"""


def tool(name):
    exe = shutil.which(name) or os.path.join(os.path.dirname(sys.executable), name)
    if not os.path.exists(exe):
        pytest.fail(f"NEURON's {name} is required for this test (pip install neuron)")
    return exe


def results(stdout):
    """{figure: (spike times as printed, soma v)} from the driver's lines."""
    out, spikes = {}, None
    for line in stdout.splitlines():
        if " spikes" in line:
            name, _, times = line.partition(" spikes")
            spikes = (name, times.split())
        elif line.startswith("v ") and spikes is not None:
            out[spikes[0]] = (spikes[1], float(line.split()[1]))
    return out


def test_mainen_sejnowski_1996_figure_1_cells_give_neurons_spikes(tmp_path):
    source = os.path.join(materialise(), "2488")
    work = tmp_path / "2488"
    shutil.copytree(source, work)
    (work / "driver.hoc").write_text(DRIVER)
    proc = subprocess.run([tool("nrnivmodl")], cwd=work, capture_output=True, text=True,
                          timeout=1800)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ref = subprocess.run([tool("nrniv"), "-nobanner", "driver.hoc", "-c", "quit()"], cwd=work,
                         capture_output=True, text=True, timeout=600)
    assert ref.returncode == 0, ref.stdout + ref.stderr
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([sys.executable, "-m", "pnm", "nrnivmodl", "."], cwd=work, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    got = subprocess.run([sys.executable, "-m", "pnm", "driver.hoc", "-c", "quit()"], cwd=work,
                         env=env, capture_output=True, text=True, timeout=1800)
    assert got.returncode == 0, got.stdout + got.stderr
    expected, found = results(ref.stdout), results(got.stdout)
    assert sorted(expected) == ["fig1b()", "fig1d()"], ref.stdout
    assert all(spikes for spikes, _v in expected.values()), ref.stdout   # both cells fire
    assert sorted(found) == sorted(expected), got.stdout + got.stderr
    for name, (spikes, v) in expected.items():
        assert found[name][0] == spikes, (name, found[name], spikes)
        assert abs(found[name][1] - v) <= 1e-6, (name, found[name][1], v)
    # the echoed values of the program's top-level statements, as nrniv prints them
    assert got.stdout.splitlines() == ref.stdout.splitlines()
