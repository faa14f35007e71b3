"""Vector's NEURON method set: one script (tests/vector_scripts/vector_methods.py) run under
NEURON 9 in a subprocess and under pnm, every result compared exactly (Fourier-based ones to
1e-12); then pickling and numpy interop."""

import os
import pickle

import numpy as np
import pytest

from nrn_compare import compare, run_under_neuron, run_under_pnm

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "vector_scripts", "vector_methods.py")


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    neuron_dir = tmp_path_factory.mktemp("neuron")
    pnm_dir = tmp_path_factory.mktemp("pnm")
    return run_under_neuron(SCRIPT, str(neuron_dir)), run_under_pnm(SCRIPT, str(pnm_dir))


def test_every_vector_method_gives_neurons_result(results):
    expected, got = results
    assert len(expected) > 200
    problems = compare(expected, got)
    assert not problems, "\n".join(problems)


def test_printf_prints_five_per_line_with_tabs(results):
    expected, _ = results
    text, count = expected["printf"]
    assert text.splitlines()[0].count("\t") == 5 and count == 12


def test_recording_vector_pickles_its_samples():
    from pnm import h
    soma = h.Section(name="pickled_soma")
    soma.insert("hh")
    v = h.Vector().record(soma(0.5)._ref_v)
    t = h.Vector().record(h._ref_t)
    h.finitialize(-65)
    h.continuerun(2)
    v.label("soma v")
    back = pickle.loads(pickle.dumps(v))
    assert back.to_python() == v.to_python() and back.size() == t.size() == 81
    assert back.label() == "soma v"
    assert back is not v and back.hname() != v.hname()


def test_as_numpy_is_a_view_and_asarray_a_read_only_view():
    from pnm import h
    v = h.Vector([1.0, 2.0, 3.0])
    v.as_numpy()[1] = 7
    assert v[1] == 7
    a = np.asarray(v)
    assert not a.flags.writeable and a.tolist() == [1.0, 7.0, 3.0]
    v[0] = -1
    assert a[0] == -1                     # a view, as NEURON's
    c = np.array(v)
    v[0] = 5
    assert c[0] == -1                     # np.array copies


def test_asarray_view_survives_the_vector_growing():
    from pnm import h
    v = h.Vector([1.0, 2.0])
    a = np.asarray(v)
    v.append(*range(1000))                # reallocates the Vector's storage
    assert a.tolist() == [1.0, 2.0]


def test_unknown_comparator_and_bad_printf_format_raise_naming_the_vector():
    from pnm import h
    v = h.Vector([1, 2])
    with pytest.raises(ValueError, match=r"Vector\[\d+\]\.where.*comparator"):
        v.where("=>", 1)
    with pytest.raises(ValueError, match=r"printf.*invalid format"):
        v.printf("%d")
    with pytest.raises(NotImplementedError, match=r"play"):
        v.play(h._ref_t)
