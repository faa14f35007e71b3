"""h.SaveState against NEURON 9: the same programs run under NEURON and pnm.

- tests/model_scripts/savestate.py (Python, built-in mechanisms): a network saved at 30 ms
  with events in flight; the continuing run, finitialize + restore() + the run again,
  restore(1), fwrite/fread, what restore puts back (NetCon weights, NET_RECEIVE variables)
  and what it leaves (a PARAMETER of hh), and the refusals (the model changed; restore(1)
  keeping events due before t). Voltages and states to 1e-9, spike times exact.
- tests/model_scripts/savestate_pc.py: with a ParallelContext, a Vector.play and a recording.
- tests/hoc/savestate.hoc: the same from hoc (`ss = new SaveState()`), every printed line.
- tests/nmodl/savestate_cells.py: mechanisms from .mod files (a STATE written into an ion,
  a point process's self events and NetCon weight vector, an ARTIFICIAL_CELL's self events).
- pnm's own errors: restore before save, a file of another model, a file that is not one."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, check_message, checked, build_copy, require_neuron, run_python
from nrn_compare import compare, run_under_neuron

HERE = Path(__file__).resolve().parent
SCRIPT = str(HERE / "model_scripts" / "savestate.py")
PC_SCRIPT = str(HERE / "model_scripts" / "savestate_pc.py")
CELLS = str(HERE / "nmodl" / "savestate_cells.py")
MODS = HERE / "nmodl" / "savestate_mods"

_PNM_RUNNER = r"""
import json, sys
from pnm import h
ns = {}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), ns)
json.dump(ns["compute"](h, sys.argv[2]), open(sys.argv[3], "w"))
"""


def run_script_under_pnm(folder, script=SCRIPT):
    """A model script under pnm in a subprocess (a fresh model and catalogue)."""
    out = os.path.join(folder, "pnm_result.json")
    proc = subprocess.run([sys.executable, "-c", _PNM_RUNNER, script, str(folder), out],
                          capture_output=True, text=True, timeout=600, cwd=folder,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert proc.returncode == 0, f"the script failed under pnm:\n{proc.stderr[-3000:]}"
    with open(out) as f:
        return json.load(f)


def test_save_restore_continue_equals_neurons(tmp_path):
    (tmp_path / "nrn").mkdir()
    (tmp_path / "pnm").mkdir()
    expected = run_under_neuron(SCRIPT, str(tmp_path / "nrn"))
    got = run_script_under_pnm(str(tmp_path / "pnm"))
    assert compare(expected, got, rel=1e-9) == []
    # the reference itself: restoring reproduces NEURON's continuing run, events in flight
    # included, and something happened after the save
    assert expected["approx_restored"] == expected["approx_continuing"]
    assert expected["approx_from_file"] == expected["approx_continuing"]
    assert all(expected["spikes_restored"][k] for k in ("B", "if1", "if2", "if4"))
    assert expected["restore_after_change"] == "error"
    assert expected["restore1_early_events"] == "error"


def test_restore_with_parallel_context_play_and_record_equals_neurons(tmp_path):
    """gid connections and spike_record of a ParallelContext (one rank: NEURON's event order),
    a Vector playing into an IClamp (not rewound by restore in either), a Vector recording v
    every step (not rewound either: finitialize's sample, then the restored run's)."""
    (tmp_path / "nrn").mkdir()
    (tmp_path / "pnm").mkdir()
    expected = run_under_neuron(PC_SCRIPT, str(tmp_path / "nrn"))
    got = run_script_under_pnm(str(tmp_path / "pnm"), PC_SCRIPT)
    assert compare(expected, got, rel=1e-9) == []
    assert expected["approx_v_restored"][1:] == expected["approx_v_continuing"]
    assert len(expected["spikes_restored"][0]) >= 8


def test_hoc_savestate_prints_what_nrniv_prints(tmp_path):
    shutil.copy(HERE / "hoc" / "savestate.hoc", tmp_path)
    nrniv = shutil.which("nrniv") or os.path.join(os.path.dirname(sys.executable), "nrniv")
    if not os.path.exists(nrniv):
        pytest.fail("NEURON's nrniv is required for this test (pip install neuron)")
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    ref = subprocess.run([nrniv, "-nobanner", "savestate.hoc", "-c", "quit()"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, env=env)
    assert ref.returncode == 0, ref.stderr
    got = subprocess.run([sys.executable, "-m", "pnm", "savestate.hoc", "-c", "quit()"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300,
                         env=dict(env, PYTHONPATH=str(REPO)))
    assert got.returncode == 0, got.stderr
    assert got.stdout.splitlines() == ref.stdout.splitlines()
    assert "restored:   t 45" in got.stdout


@pytest.fixture(scope="module")
def build():
    """tests/nmodl/build_savestate (not committed), kept between sessions so that numba's
    cache of the mechanisms' hooks is found again."""
    require_neuron()
    return build_copy(MODS, HERE / "nmodl" / "build_savestate", timeout=900)


def test_save_restore_with_mod_mechanisms_equals_neurons(build, tmp_path):
    results = {}
    for backend in ("neuron", "pnm"):
        out = str(tmp_path / f"{backend}.json")
        checked(run_python(CELLS, backend, build, out, timeout=900))
        with open(out) as f:
            results[backend] = json.load(f)
    expected, got = results["neuron"], results["pnm"]
    assert expected["restored"] == expected["continuing"] == expected["from_file"]
    assert expected["spikes_restored"]["soma"] and expected["spikes_restored"]["burster"]
    for key in ("continuing", "restored", "from_file"):
        worst = max(abs(a - b) for a, b in zip(expected[key], got[key]))
        assert len(got[key]) == len(expected[key]) and worst <= 1e-9, (key, worst)
    for key in ("spikes_continuing", "spikes_restored", "spikes_from_file"):
        assert got[key] == expected[key], key


# ---- pnm's errors ---------------------------------------------------------------------------

@pytest.fixture
def pnm_h():
    import pnm
    from pnm import h
    pnm.reset()
    yield h
    pnm.reset()


def _cell(h):
    """A soma with hh; keep it referenced (a section nobody references leaves the model)."""
    soma = h.Section(name="soma")
    soma.insert("hh")
    return soma


def test_restore_before_save_names_the_object_and_what_to_do(pnm_h):
    h = pnm_h
    soma = _cell(h)
    h.finitialize(-65)
    ss = h.SaveState()
    with pytest.raises(RuntimeError) as err:
        ss.restore()
    check_message(err, f"{ss}.restore()", "nothing saved", ".save()")


def test_save_before_finitialize_says_to_call_it(pnm_h):
    h = pnm_h
    soma = _cell(h)
    with pytest.raises(RuntimeError) as err:
        h.SaveState().save()
    check_message(err, "save()", "h.finitialize()")


def test_restore_into_a_changed_model_names_what_changed(pnm_h):
    h = pnm_h
    soma = _cell(h)
    h.finitialize(-65)
    ss = h.SaveState()
    ss.save()
    soma.nseg = 3
    with pytest.raises(RuntimeError) as err:      # not compiled again yet
        ss.restore()
    check_message(err, "restore()", "the model changed", "h.finitialize()")
    h.finitialize(-65)
    with pytest.raises(RuntimeError) as err:
        ss.restore()
    check_message(err, "restore()", "does not fit", "nodes: saved 3, now 5")


def test_fread_of_another_models_state_is_refused(pnm_h, tmp_path):
    h = pnm_h
    soma = _cell(h)
    h.finitialize(-65)
    ss = h.SaveState()
    ss.save()
    path = str(tmp_path / "one_cell.dat")
    ss.fwrite(h.File(path))
    dend = h.Section(name="dend")
    syn = h.ExpSyn(dend(0.5))
    h.finitialize(-65)
    with pytest.raises(RuntimeError) as err:
        h.SaveState().fread(h.File(path))
    check_message(err, "fread", "does not fit", "sections: saved 1, now 2",
                  "ExpSyn point processes: saved 0, now 1")
    assert syn.get_segment().sec == dend


def test_fread_of_a_file_that_is_not_a_state_is_refused(pnm_h, tmp_path):
    h = pnm_h
    path = tmp_path / "notes.txt"
    path.write_text("not a state\n")
    with pytest.raises(ValueError) as err:
        h.SaveState().fread(h.File(str(path)))
    check_message(err, "fread", str(path), "is not a state pnm's SaveState.fwrite wrote")
