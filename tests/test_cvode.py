"""h.CVode / h.cvode: in fixed-step runs the settings answer as NEURON 9's and cvode.record
records as Vector.record does; h.cvode.active(1) runs NEURON's global variable step (pnm/cvode/):
the scripts in cvode_scripts/ run under NEURON 9 and pnm in subprocesses, the step times must
be identical and v within 1e-6 mV; what the variable step does not cover yet is refused with
an error naming it."""

import glob
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import nrnivmodl_both
from nrn_compare import compare, neuron_python, run_under_neuron, run_under_pnm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCRIPT = os.path.join(HERE, "vector_scripts", "cvode_fixed_step.py")
VARIABLE_STEP = os.path.join(HERE, "cvode_scripts")

_PNM_RUNNER = r"""
import json, sys
from pnm import h
ns = {}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), ns)
json.dump(ns["compute"](h, sys.argv[2]), open(sys.argv[3], "w"))
"""


def run_pnm_subprocess(script_path, folder):
    """The script under pnm in a fresh process (the model and CVode settings are process
    state)."""
    out = os.path.join(folder, "pnm_result.json")
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("DISPLAY", None)
    proc = subprocess.run([neuron_python(), "-c", _PNM_RUNNER, script_path, folder, out],
                          capture_output=True, text=True, timeout=900, env=env)
    assert proc.returncode == 0, f"the script failed under pnm:\n{proc.stderr[-3000:]}"
    with open(out) as f:
        return json.load(f)


def test_cvode_settings_and_record_match_neuron(tmp_path):
    expected = run_under_neuron(SCRIPT, str(tmp_path))
    got = run_under_pnm(SCRIPT, str(tmp_path))
    assert len(expected["approx_v"]) == 241
    problems = compare(expected, got, rel=1e-8)   # |v| < 100 mV: within 1e-6 mV
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("script", ["pas_iclamp.py", "hh_pas_dendrite.py",
                                    "hh_branches_tolerances.py", "netstim_synapses.py",
                                    "hh_ring.py", "stdrun_cvode_active.py",
                                    "cvode_event_action.py", "mixed_shapes.py",
                                    "artificial_cells.py", "alpha_synapse.py",
                                    "after_cvode.py", "psolve_serial.py",
                                    "sampled_records.py", "zero_area_points.py"])
def test_variable_step_matches_neuron(script, tmp_path):
    """Same step times (bit for bit), v within 1e-6 mV: NEURON's CVODE BDF steps, order and
    step-size choices, its Newton solve through the tree matrix, the at_time stops of
    IClamp's onset and end, events (interpolation to them, re-initialisation after them)
    and threshold detection."""
    path = os.path.join(VARIABLE_STEP, script)
    expected = run_under_neuron(path, str(tmp_path))
    got = run_pnm_subprocess(path, str(tmp_path))
    assert len(expected["t"]) > 60
    problems = compare(expected, got, rel=1e-8)
    assert not problems, "\n".join(problems)


def test_variable_step_beyond_cnexp_matches_neuron(tmp_path):
    """pools_clamps.py with its .mod files built by NEURON and pnm: derivimplicit, euler and
    runge DERIVATIVE blocks (nocmodl's _ode_matsol with the symbolic derivative or its
    difference quotient), a calcium STATE that is the ion's cai, ModelDB 2488's cad.mod
    (WRITE cai from its STATE ca: ode_synonym) and kca.mod, 3343's IT.mod, and SEClamp
    (SOLVE ... METHOD after_cvode before each step, at_time at its level changes): the same
    step times and spikes, the values within 1e-6."""
    _compare_with_mods(tmp_path, "pools_clamps.py", "mods", {
        "2488": ("cad.mod", "kca.mod"), "3343": ("IT.mod",)})


def test_variable_step_kinetic_schemes_match_neuron(tmp_path):
    """kinetic_schemes.py with cvode_scripts/kinetic_mods/ and ModelDB 3343's Ih.mod (two
    CONSERVEs, a rate of a state, cai read), IT.mod, cadecay.mod and 18198's caL3d.mod, built
    by NEURON and pnm: nocmodl's _ode_spec (fluxes into Dx, COMPARTMENT volumes, << sources,
    CONSERVE left out) and _ode_matsol (the scheme's sparse solve at dt = gamma), cai a STATE
    of a scheme, a STATE array, a kinetic synapse with NET_RECEIVE, f_flux read: the same step
    times and spikes, the values within 1e-6 (in fact bit-identical, every one)."""
    _compare_with_mods(tmp_path, "kinetic_schemes.py", "kinetic_mods", {
        "3343": ("Ih.mod", "IT.mod", "cadecay.mod"), "18198": ("caL3d.mod",)})


def _compare_with_mods(tmp_path, script, mods, modeldb_files):
    """script run under NEURON and pnm with the .mod files of cvode_scripts/<mods>/ and the
    ModelDB files {accession: names} built by both: the same step times and one spike,
    the values within 1e-6."""
    sys.path.insert(0, os.path.join(HERE, "nmodl"))
    from get_modeldb import materialise
    modeldb = materialise()
    for mod in glob.glob(os.path.join(VARIABLE_STEP, mods, "*.mod")) + [
            os.path.join(modeldb, accession, name)
            for accession, names in modeldb_files.items() for name in names]:
        shutil.copy(mod, tmp_path)
    folder = nrnivmodl_both(tmp_path, timeout=900)
    path = os.path.join(VARIABLE_STEP, script)
    expected = run_under_neuron(path, folder)
    got = run_pnm_subprocess(path, folder)
    assert len(expected["t"]) > 200 and len(expected["approx_spikes"]) == 1
    problems = compare(expected, got, rel=1e-8)
    assert not problems, "\n".join(problems)


def test_local_step_and_daspk_say_they_are_not_provided():
    from pnm import h
    with pytest.raises(NotImplementedError, match="variable time step"):
        h.CVode().use_local_dt(1)
    with pytest.raises(NotImplementedError, match="variable time step"):
        h.cvode.use_daspk(1)


def _refusal(build, tmp_path, after=""):
    """The message pnm gives for a model under cvode.active(1) (in a fresh process); `after`
    runs between finitialize and fadvance."""
    script = tmp_path / "refused.py"
    script.write_text(
        "from pnm import h\n" + build + "\nh.cvode.active(1)\n"
        "try:\n    h.finitialize(-65)\n    " + (after or "pass") + "\n    h.fadvance()\n"
        "except NotImplementedError as e:\n    print('REFUSED', e)\n")
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([neuron_python(), str(script)], capture_output=True, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


SOMA = "soma = h.Section(name='soma')\nsoma.insert('hh')\n"


@pytest.mark.parametrize("build, named", [
    (SOMA + "cell = h.VecStim()\nsyn = h.ExpSyn(soma(0.5))\nnc = h.NetCon(cell, syn)",
     "artificial cell VecStim"),
    (SOMA + "h.cvode.stiff(1)", "cvode.stiff"),
    (SOMA + "vc = h.VClamp(soma(0.5))", "VClamp"),
    (SOMA + "stim = h.IClamp(soma(0.5))\nv = h.Vector([1, 2])\nv.play(stim._ref_amp, 0.1)",
     "Vector.play"),
], ids=["vecstim", "stiff", "vclamp", "vector_play"])
def test_what_the_variable_step_does_not_cover_is_refused(build, named, tmp_path):
    out = _refusal(build, tmp_path)
    assert "REFUSED cvode.active(1)" in out and named in out, out


@pytest.mark.parametrize("mod, named", [
    ("twosolves", "it has more than one SOLVE in BREAKPOINT (NEURON: cannot be used with "
     "CVODE)"),
    ("procsolve", "SOLVE tick runs a PROCEDURE without METHOD after_cvode (NEURON: cannot be "
     "used with CVODE)")])
def test_mechanisms_the_variable_step_does_not_cover_are_refused(mod, named, tmp_path):
    """Two SOLVEs in BREAKPOINT or a SOLVE of a PROCEDURE (NEURON refuses both under CVODE)
    stops the variable step naming the mechanism, its file and what is missing."""
    shutil.copy(os.path.join(VARIABLE_STEP, "refused_mods", f"{mod}.mod"), tmp_path)
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([neuron_python(), "-m", "pnm", "nrnivmodl", str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = _refusal(f"h.nrn_load_dll({str(tmp_path)!r})\n" + SOMA + f"soma.insert({mod!r})",
                   tmp_path)
    assert f"REFUSED cvode.active(1) with the mechanism {mod} ({mod}.mod): {named}" in out, out


def test_cvode_event_made_before_the_variable_step_started_is_refused(tmp_path):
    script = tmp_path / "refused.py"
    script.write_text(SOMA.join(["from pnm import h\n", "h.finitialize(-65)\n"
                                 "h.cvode.event(2.0)\nh.cvode.active(1)\ntry:\n"
                                 "    h.fadvance()\nexcept NotImplementedError as e:\n"
                                 "    print('REFUSED', e)\n"]))
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([neuron_python(), str(script)], capture_output=True, text=True,
                          timeout=600, env=env)
    out = proc.stdout
    assert "REFUSED cvode.active(1) with" in out and "CVode.event" in out, proc.stderr[-2000:]


def test_record_of_a_number_is_refused():
    from pnm import h
    with pytest.raises(TypeError, match=r"CVode\[\d+\]\.record"):
        h.cvode.record(-65.0, h.Vector(), h.Vector())


def test_h_cvode_is_one_object():
    from pnm import h
    assert h.cvode is h.cvode and h.cvode.hname() == "CVode[0]"


def test_event_forms_pnm_does_not_provide_name_the_call():
    from pnm import h
    with pytest.raises(NotImplementedError, match="point process"):
        h.cvode.event(1.0, lambda: None, h.IClamp(h.Section()(0.5)))
    with pytest.raises(TypeError, match="callable or a hoc statement"):
        h.cvode.event(1.0, 3)


def test_psolve_on_several_ranks_under_the_variable_step_is_refused(tmp_path, mpiexec):
    """One rank runs psolve under the variable step (psolve_serial.py); on two, each rank
    says it is not provided."""
    script = tmp_path / "refused_psolve.py"
    script.write_text(
        "from pnm import h\n" + SOMA + "pc = h.ParallelContext()\nh.cvode.active(1)\n"
        "h.finitialize(-65)\ntry:\n    pc.psolve(5)\n"
        "except NotImplementedError as e:\n    print('REFUSED', e, flush=True)\n"
        "pc.barrier()\npc.done()\n")
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([mpiexec, "-n", "2", neuron_python(), str(script)],
                          capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # (the two ranks' lines may interleave)
    assert proc.stdout.count("REFUSED") == 2, proc.stdout
    assert proc.stdout.count("psolve on several ranks") == 2, proc.stdout


_QUEUE_MODES = r"""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
cv = h.CVode()
print([cv.queue_mode(), cv.queue_mode(0, 1), cv.queue_mode(0), cv.queue_mode(0, 0),
       cv.queue_mode(0, 1), cv.queue_mode(0, 1), cv.queue_mode()])
pc = h.ParallelContext()
print(pc.set_maxstep(10), pc.set_maxstep(10), cv.queue_mode())
"""


def test_queue_mode_answers_as_neuron_refuses_the_bin_queue_and_notes_the_self_queue():
    """cvode.queue_mode's return value (bin + 2*self; one argument leaves the self queue as it
    is) as NEURON 9's; pnm refuses the fixed-step bin queue (it would change spike times) and
    says once, at pc.set_maxstep, what NEURON's self queue changes (the order of equal-time
    events; model_scripts/self_queue.py has NEURON's own notice when a delay is 0)."""
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("DISPLAY", None)
    runs = [subprocess.run([neuron_python(), "-c", _QUEUE_MODES, backend], capture_output=True,
                           text=True, timeout=300, env=env, cwd=ROOT)
            for backend in ("neuron", "pnm")]
    assert [r.returncode for r in runs] == [0, 0], [r.stderr[-2000:] for r in runs]
    expected = runs[0].stdout.strip().splitlines()[-2:]
    assert expected == ["[0, 2, 2, 0, 2, 2, 2]", "10.0 10.0 2"]
    assert runs[1].stdout.strip().splitlines()[-2:] == expected
    # said once, at set_maxstep (where NEURON decides whether the option stays on)
    assert runs[1].stderr.count("cvode.queue_mode(0, 1): pnm keeps") == 1
    from pnm import h
    with pytest.raises(NotImplementedError) as err:
        h.CVode().queue_mode(1)
    assert "bin queue" in str(err.value) and "Remove the call" in str(err.value)
    with pytest.raises(ValueError) as err:
        h.CVode().queue_mode(0, 2)
    assert "argument 2 is 2; it must be 0 or 1" in str(err.value)
