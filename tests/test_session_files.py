"""Session files (.ses): the hoc NEURON's GUI tools save, which published programs load with
load_file("x.ses"). Run without a display, NEURON's tools still make the point processes,
insert the mechanisms and set the run parameters; pnm's headless tools (pnm/hoclib) must do
the same. Each test runs a small driver of ours, which loads real session files, with nrniv
and with `python -m pnm`, and compares stdout line by line (spike times, voltages, where
the point processes are).

- Dodge & Cooley 1973 motoneuron (ModelDB 3805): fig3.ses (Inserter, PointProcessManager
  with an SEClamp, Family of clamp levels run by fig3.hoc's execute("frun()", Family[0])),
  fig5.ses / fig6.ses (PointProcessManager with an IClamp, RunControl, graphs) loaded by
  fig5.hoc / fig6.hoc, which run families with stdlib's `for case(&x, ...)`.
- Gasparini et al. 2007 (ModelDB 87284): a PointProcessGroupManager of three IClamps moved
  along the axon.
- NEURON's share/demo/hh.ses: an Electrode (IClamp and VClamp, current clamp mode).

The files are third-party: tests/nmodl/modeldb_manifest.txt names them, get_modeldb.py
fetches them (never committed). tests/hoc/lang_ses_*.hoc cover every tool statement too."""

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

FIG3 = """load_file("nrngui.hoc")
proc init() {
	finitialize(v_init)
	fcurrent()
}
create soma
access soma
load_file(1, "fig3.ses")
objref ivec
ivec = new Vector()
ivec.record(&SEClamp[0].i)
proc advance() {
	fadvance()
	if (abs(t - 0.5) < dt/2) printf("amp1 %g t %g i %.8f\\n", SEClamp[0].amp1, t, SEClamp[0].i)
}
execute("frun()", Family[0])
printf("last run: i max %.8f min %.8f, v %.8f, %s %g\\n", ivec.max(), ivec.min(), v, secname(), gnabar_dc)
"""

FIGURE = """load_file("motor.hoc")
objref apc, tv
soma apc = new APCount(0.5)
tv = new Vector()
apc.thresh = 50
apc.record(tv)
load_file("FIG.hoc")
printf("FIG spikes")
for i = 0, tv.size - 1 printf(" %.10g", tv.x[i])
printf("\\nv %.10f %.10f t %g\\n", soma.v(0.5), is.v(0.5), t)
"""

HH_DEMO = """load_file("nrngui.hoc")
create soma
access soma
nseg = 1
{L = 10/PI  diam = 10}
insert hh
load_file("hh.ses")
objref apc, tv
apc = new APCount(0.5)
tv = new Vector()
apc.record(tv)
print Electrode[0].stim.del, Electrode[0].stim.dur, Electrode[0].stim.amp, Electrode[0].vc.dur[1]
tstop = 10
run()
printf("spikes")
for i = 0, tv.size - 1 printf(" %.10g", tv.x[i])
printf("\\nv %.10f t %g\\n", v, t)
"""

POINT_GROUP = """load_file("nrngui.hoc")
create soma, axon
access soma
soma { L = 20  diam = 20  insert hh }
axon { L = 500  diam = 1  nseg = 19  insert hh }
connect axon(0), soma(0)
load_file("GaspiriniEtAl2007Fig1Stimulation.ses")
objref va
va = new Vector()
va.record(&axon.v(1))
proc where() {
  $o1.get_loc()
  printf("%s at %s(%.6f) del %g amp %g\\n", $o1, secname(), $o1.get_loc(), $o1.del, $o1.amp)
  pop_section()
  pop_section()
}
for i = 0, 2 where(IClamp[i])
tstop = 150
run()
printf("axon(1) v max %.10f at step %d, v %.10f %.10f\\n", va.max(), va.max_ind(), soma.v(0.5), axon.v(1))
"""


def tool(name):
    exe = shutil.which(name) or os.path.join(os.path.dirname(sys.executable), name)
    if not os.path.exists(exe):
        pytest.fail(f"NEURON's {name} is required for this test (pip install neuron)")
    return exe


def copy_model(model, dest):
    shutil.copytree(os.path.join(materialise(), model), dest)
    return dest


def run_both(work, driver):
    """(nrniv's stdout, pnm's stdout) of driver.hoc in folder work."""
    (work / "driver.hoc").write_text(driver)
    ref = subprocess.run([tool("nrniv"), "-nobanner", "driver.hoc", "-c", "quit()"], cwd=work,
                         capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert ref.returncode == 0, ref.stdout + ref.stderr
    got = subprocess.run([sys.executable, "-m", "pnm", "driver.hoc", "-c", "quit()"], cwd=work,
                         env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True, text=True,
                         timeout=1800)
    assert got.returncode == 0, got.stdout + got.stderr
    return ref.stdout, got.stdout


@pytest.fixture(scope="module")
def dodge_cooley(tmp_path_factory):
    """ModelDB 3805 with its dc.mod built for NEURON and for pnm."""
    work = copy_model("3805", tmp_path_factory.mktemp("ses") / "3805")
    nrnivmodl_both(work)
    return work


def test_fig3_session_inserter_clamp_and_family_run_as_in_neuron(dodge_cooley):
    ref, got = run_both(dodge_cooley, FIG3)
    assert sum(line.startswith("amp1 ") for line in ref.splitlines()) == 7, ref   # the family
    assert got.splitlines() == ref.splitlines()


@pytest.mark.parametrize("figure", ["fig5", "fig6"])
def test_figure_sessions_place_the_stimulus_and_run_as_in_neuron(dodge_cooley, figure):
    ref, got = run_both(dodge_cooley, FIGURE.replace("FIG", figure))
    assert f"{figure} spikes" in ref, ref
    assert got.splitlines() == ref.splitlines()


def test_demo_hh_session_electrode_clamps_as_in_neuron(tmp_path):
    ref, got = run_both(copy_model("nrn_demo", tmp_path / "demo"), HH_DEMO)
    assert "spikes 0.525" in ref.replace("\t6 \n", ""), ref     # the Electrode's pulse fires
    assert got.splitlines() == ref.splitlines()


def test_point_group_session_places_three_clamps_as_in_neuron(tmp_path):
    ref, got = run_both(copy_model("87284", tmp_path / "87284"), POINT_GROUP)
    assert "IClamp[2] at axon(0.921053)" in ref, ref
    assert got.splitlines() == ref.splitlines()


# ---- what pnm does not provide: an error naming the file, the line and the name --------------

def run_pnm(work, text):
    (work / "main.hoc").write_text(text)
    return subprocess.run([sys.executable, "-m", "pnm", "main.hoc", "-c", "quit()"], cwd=work,
                          env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True,
                          text=True, timeout=600)


def test_session_calling_a_member_pnm_lacks_names_it_with_file_and_line(tmp_path):
    (tmp_path / "bad.ses").write_text(
        'objectvar ocbox_\n{\nload_file("pointman.hoc")\n}\n'
        '{\nsoma ocbox_ = new PointProcessManager(0)\n}\n{object_push(ocbox_)}\n{\n'
        'mt.select("IClamp") i = mt.selected() maction(i)\n'
        'shape_tool_call(1)\n}\n{object_pop() doNotify()}\n')
    got = run_pnm(tmp_path, 'create soma\naccess soma\nload_file("bad.ses")\n')
    assert got.returncode == 1
    assert "bad.ses:11:1: shape_tool_call undefined variable (in PointProcessManager: " \
           "pnm's headless PointProcessManager" in got.stderr, got.stderr


def test_session_of_a_tool_pnm_lacks_stops_at_its_load_file(tmp_path):
    (tmp_path / "cell.ses").write_text('{\nload_file("netbild.hoc")\n}\n'
                                       '{\nocbox_ = new NetGUI(1)\n}\n')
    got = run_pnm(tmp_path, 'objref ocbox_\nload_file("cell.ses")\n')
    assert got.returncode == 1
    assert 'cell.ses:2:1: load_file("netbild.hoc"): pnm does not provide NEURON\'s GUI tool ' \
           'NetGUI' in got.stderr, got.stderr
