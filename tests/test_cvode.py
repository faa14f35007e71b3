"""h.CVode / h.cvode for fixed-step runs: settings answer as NEURON 9's, cvode.record records
as Vector.record does (against NEURON in a subprocess); variable step raises an error that
says it is not provided."""

import os

import pytest

from nrn_compare import compare, run_under_neuron, run_under_pnm

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "vector_scripts", "cvode_fixed_step.py")


def test_cvode_settings_and_record_match_neuron(tmp_path):
    expected = run_under_neuron(SCRIPT, str(tmp_path))
    got = run_under_pnm(SCRIPT, str(tmp_path))
    assert len(expected["approx_v"]) == 241
    problems = compare(expected, got, rel=1e-8)   # |v| < 100 mV: within 1e-6 mV
    assert not problems, "\n".join(problems)


def test_active_1_says_variable_step_is_not_provided():
    from pnm import h
    with pytest.raises(NotImplementedError, match="variable time step"):
        h.cvode.active(1)
    with pytest.raises(NotImplementedError, match="variable time step"):
        h.CVode().use_local_dt(1)
    assert h.cvode.active() is False


def test_use_fast_imem_on_names_what_is_missing():
    from pnm import h
    with pytest.raises(NotImplementedError, match="use_fast_imem.*i_membrane_"):
        h.cvode.use_fast_imem(1)


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
