"""Section API, section-level assignment, model changes between runs and deletion, units and
MechanismStandard, Vector.play and Random.play, NEURON's start-up and stdrun names
(stdnames.py), against NEURON 9: tests/model_scripts/
section_api.py, mechstandard.py and play.py run under both, stdout must be identical (numbers
within 1e-6)."""

import math
import os
import subprocess
import sys

import pytest

from nrn_compare import neuron_python

SCRIPTS = os.path.join(os.path.dirname(__file__), "model_scripts")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(python, which, script="section_api.py"):
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("DISPLAY", None)
    proc = subprocess.run([python, os.path.join(SCRIPTS, script), which], capture_output=True,
                          text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, f"{which} failed:\n{proc.stderr[-3000:]}"
    return proc.stdout.splitlines()


def tokens(line):
    return line.replace("[", " ").replace("]", " ").replace(",", " ").replace("(", " ") \
        .replace(")", " ").split()


def same(a, b):
    ta, tb = tokens(a), tokens(b)
    if len(ta) != len(tb):
        return False
    for x, y in zip(ta, tb):
        try:
            fx, fy = float(x), float(y)
        except ValueError:
            if x != y:
                return False
            continue
        if not math.isclose(fx, fy, rel_tol=0, abs_tol=1e-6):
            return False
    return True


@pytest.mark.parametrize("script", ["section_api.py", "mechstandard.py", "play.py", "stdnames.py",
                                    "hoc_builtins.py", "rangevarplot.py", "end_nodes.py",
                                    "pp_location.py", "return_types.py",
                                    "netcon_loc.py", "vector_operators.py",
                                    "record_sampled.py", "mechanism_api.py",
                                    "seg_iteration.py", "intfire_functions.py",
                                    "is_pysec.py", "hoc_arrays.py", "cvode_event.py",
                                    "play_continuous.py", "netcon_record_callable.py",
                                    "impedance.py", "ptrvector.py", "object_indices.py",
                                    "secondorder.py", "reversed_sections.py",
                                    "area_after_changes.py", "released_point_process.py",
                                    "released_spike_source.py", "self_queue.py",
                                    "ion_standard.py",
                                    "spike_order.py", "record_after_finitialize.py",
                                    "section_attrs.py"])
def test_script_matches_neuron(script):
    expected = run(neuron_python(), "neuron", script)
    got = run(sys.executable, "pnm", script)
    assert len(expected) == len(got), (expected, got)
    bad = [(e, g) for e, g in zip(expected, got) if not same(e, g)]
    assert not bad, "\n".join(f"NEURON: {e}\npnm:    {g}" for e, g in bad)


def test_unknown_names_raise_naming_object_and_name():
    from pnm import h
    sec = h.Section(name="errsec")
    with pytest.raises(AttributeError) as ei:     # Python's own, as NEURON's (section_attrs.py)
        sec.gnabar_hhh = 1
    assert "object has no attribute 'gnabar_hhh'" in str(ei.value)
    with pytest.raises(AttributeError) as ei:
        sec.gnabar_hh = 1
    assert "mechanism 'hh' is not inserted in errsec" in str(ei.value)
    with pytest.raises(LookupError) as ei:
        h.not_a_name = 3
    assert "h.not_a_name = 3" in str(ei.value) and "not a defined hoc variable" in str(ei.value)
    with pytest.raises(ValueError) as ei:
        sec.nseg = 32768
    assert "errsec.nseg = 32768: nseg must be an integer in range 1 to 32767" in str(ei.value)


def test_netcon_to_deleted_target_is_an_error_at_finitialize():
    from pnm import h
    sec = h.Section(name="gone")
    syn = h.ExpSyn(sec(0.5))
    nc = h.NetCon(None, syn)
    h.delete_section(sec=sec)
    with pytest.raises(ReferenceError) as ei:
        syn.tau = 2
    assert "ExpSyn" in str(ei.value) and "not located in a section" in str(ei.value)
    with pytest.raises(RuntimeError) as ei:
        h.finitialize(-65)
    msg = str(ei.value)
    assert nc.hname() in msg and syn.hname() in msg and "deleted" in msg
    del nc
    h.finitialize(-65)


def test_play_forms_pnm_does_not_provide_raise_naming_the_alternative():
    """Continuous play from a dt (NEURON refuses it too), play into v (NEURON 9.0.2's has no
    effect) and a step play active under pc.psolve are clear errors, never a run that ignores
    the play."""
    from pnm import h
    sec = h.Section(name="playsec")
    stim = h.IClamp(sec(0.5))
    tvec, vec = h.Vector([0, 1]), h.Vector([0.1, 0.2])
    with pytest.raises(ValueError, match="must be a time vector"):
        vec.play(stim._ref_amp, 0.1, 1)
    with pytest.raises(ValueError, match="0 or 1"):
        vec.play(stim._ref_amp, tvec, 2)
    with pytest.raises(NotImplementedError, match="membrane potential"):
        vec.play(sec(0.5)._ref_v, tvec)
    with pytest.raises(NotImplementedError, match="not provided"):
        vec.play("amp = $1", tvec)
    vec.play(stim._ref_amp, tvec)
    pc = h.ParallelContext()
    with pytest.raises(NotImplementedError, match="pc.psolve"):
        pc.psolve(1)
    vec.play_remove()


def test_continuous_play_with_too_few_values_or_bad_indices_is_refused_at_finitialize():
    from pnm import h
    sec = h.Section(name="cplaysec")
    stim = h.IClamp(sec(0.5))
    tvec, short = h.Vector([0, 1, 2]), h.Vector([0.1, 0.2])
    short.play(stim._ref_amp, tvec, 1)
    with pytest.raises(ValueError, match="2 values for 3 times"):
        h.finitialize(-65)
    short.play_remove()
    vals, idx = h.Vector([0.1, 0.2, 0.3]), h.Vector([1, 5])
    vals.play(stim._ref_amp, tvec, idx)
    with pytest.raises(ValueError, match="outside tvec's 0..2"):
        h.finitialize(-65)
    vals.play_remove()
    h.finitialize(-65)


def test_impedance_forms_pnm_does_not_provide_say_so():
    from pnm import h
    sec = h.Section(name="impsec")
    imp = h.Impedance()
    with pytest.raises(RuntimeError, match="loc"):
        imp.compute(10)
    imp.loc(0.5, sec=sec)
    h.finitialize(-65)
    with pytest.raises(NotImplementedError, match="gating states' dynamics"):
        imp.compute(10, 1)
    imp.compute(10)
    assert imp.input(0.5, sec=sec) > 0
