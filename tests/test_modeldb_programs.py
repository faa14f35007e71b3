"""Published hoc programs with their own .mod files, run unchanged by NEURON 9 (nrnivmodl +
nrniv) and by pnm (`python -m pnm nrnivmodl`, `python -m pnm`).

Mainen & Sejnowski 1996 (ModelDB 2488), demofig1.hoc: the GUI demo of figure 1, whose cells
come from 3-D reconstructions (cells/j7.hoc: pt3dadd at top level, define_shape; cells/j4a.hoc:
`create` continued over lines with backslashes, and its coordinates read by fscan() from the
file's own text after the `geometry()` statement). The program scales L and diam of 3-D
sections to add spines (NEURON's nrn_diam_change) and inserts its mechanisms with ion_style.
A small driver of ours picks the figures (as the GUI buttons would), records the soma's spikes
and prints them with the soma voltage; pnm must print what nrniv prints.

Destexhe, Bal, McCormick & Sejnowski 1996 (ModelDB 3343): the spindle oscillation of 2 TC and
2 RE cells (Fspin.oc, started as the demo's button does: restart("Fspin")), with templates,
GUI panels without a display, point-process synapses that read the presynaptic voltage
through POINTERs set by `setpointer`, a KINETIC Ih (NEURON's sparse elimination order) and a
calcium pool whose concentration the Ih reads (NEURON calls concentration writers first).

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
from conftest import nrnivmodl_both  # noqa: E402

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


SPINDLE_DRIVER = """load_file("nrngui.hoc")
load_file("rundemo.hoc")
restart("Fspin")
tstop = 800
objref apcs[4], tvs[4]
for i = 0, 1 {
  TC[i].soma apcs[i] = new APCount(0.5)
  RE[i].soma apcs[i+2] = new APCount(0.5)
}
for i = 0, 3 { tvs[i] = new Vector()  apcs[i].record(tvs[i]) }
run()
proc show() {
  printf("cell%d spikes", $1)
  for j = 0, tvs[$1].size - 1 printf(" %.10g", tvs[$1].x[j])
  printf("\\nv %.10f\\n", $2)
}
for i = 0, 1 show(i, TC[i].soma.v(0.5))
for i = 0, 1 show(i + 2, RE[i].soma.v(0.5))
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


def run_both(tmp_path, model, driver):
    """(nrniv's run, pnm's run) of driver.hoc in a copy of the model's folder, each after its
    own nrnivmodl."""
    work = tmp_path / model
    shutil.copytree(os.path.join(materialise(), model), work)
    (work / "driver.hoc").write_text(driver)
    nrnivmodl_both(work)
    ref = subprocess.run([tool("nrniv"), "-nobanner", "driver.hoc", "-c", "quit()"], cwd=work,
                         capture_output=True, text=True, timeout=600)
    assert ref.returncode == 0, ref.stdout + ref.stderr
    env = dict(os.environ, PYTHONPATH=ROOT)
    got = subprocess.run([sys.executable, "-m", "pnm", "driver.hoc", "-c", "quit()"], cwd=work,
                         env=env, capture_output=True, text=True, timeout=1800)
    assert got.returncode == 0, got.stdout + got.stderr
    return ref, got


def test_mainen_sejnowski_1996_figure_1_cells_give_neurons_spikes(tmp_path):
    ref, got = run_both(tmp_path, "2488", DRIVER)
    expected, found = results(ref.stdout), results(got.stdout)
    assert sorted(expected) == ["fig1b()", "fig1d()"], ref.stdout
    assert all(spikes for spikes, _v in expected.values()), ref.stdout   # both cells fire
    assert sorted(found) == sorted(expected), got.stdout + got.stderr
    for name, (spikes, v) in expected.items():
        assert found[name][0] == spikes, (name, found[name], spikes)
        assert abs(found[name][1] - v) <= 1e-6, (name, found[name][1], v)
    # the echoed values of the program's top-level statements, as nrniv prints them
    assert got.stdout.splitlines() == ref.stdout.splitlines()


def test_destexhe_1996_thalamic_spindle_gives_neurons_spikes(tmp_path):
    ref, got = run_both(tmp_path, "3343", SPINDLE_DRIVER)
    expected, found = results(ref.stdout), results(got.stdout)
    assert sorted(expected) == [f"cell{i}" for i in range(4)], ref.stdout
    assert all(len(spikes) > 5 for spikes, _v in expected.values()), ref.stdout   # spindles
    assert sorted(found) == sorted(expected), got.stdout + got.stderr
    for name, (spikes, v) in expected.items():
        assert found[name][0] == spikes, (name, found[name], spikes)
        assert abs(found[name][1] - v) <= 1e-6, (name, found[name][1], v)
    assert got.stdout.splitlines() == ref.stdout.splitlines()
