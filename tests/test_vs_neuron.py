"""Compare pnm against NEURON on every reference model in tests/refmodels/.

Each script is run in a subprocess with ``tests/refrun.py`` twice: once with NEURON (a test
requirement: its absence fails the test; outputs cached per session) and once with pnm.
Every RESULT key must exist in both, have the same length, and agree within its TOLERANCE.
"""

import glob
import os

import numpy
import pytest

from conftest import TESTS, compare_results, run_refmodel

SCRIPTS = sorted(glob.glob(os.path.join(TESTS, "refmodels", "*.py")))
PNM_TIMEOUT = 300
NEURON_TIMEOUT = 600


@pytest.fixture(scope="session")
def neuron_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("neuron_ref")


def _neuron_reference(script, cache):
    out = cache / (os.path.basename(script)[:-3] + ".npz")
    if out.exists():
        from refrun import load_result
        return load_result(str(out))
    return run_refmodel("neuron", script, out, NEURON_TIMEOUT)


@pytest.mark.parametrize("script", SCRIPTS, ids=[os.path.basename(s)[:-3] for s in SCRIPTS])
def test_vs_neuron(script, neuron_cache, tmp_path):
    ref, ref_tol = _neuron_reference(script, neuron_cache)
    got, _ = run_refmodel("pnm", script, tmp_path / "pnm.npz", PNM_TIMEOUT)
    errors = compare_results(ref, ref_tol, got, os.path.basename(script)[:-3])
    if errors:
        pytest.fail("\n".join(errors), pytrace=False)


def test_the_comparison_reports_every_kind_of_mismatch():
    """The judge of the test above: a value off by more than its tolerance, a length, a
    missing key and a NaN on one side only are each reported; agreement within the
    tolerance (and NaN on both sides) is not."""
    ref = {"v": numpy.array([1.0, 2.0, numpy.nan]), "t": numpy.arange(3.0),
           "gone": numpy.zeros(1)}
    tol = {"v": 1e-6, "t": 0.0, "gone": 0.0}
    assert compare_results(ref, tol, {"v": ref["v"] + 1e-7, "t": ref["t"],
                                      "gone": ref["gone"]}) == []
    errors = compare_results(ref, tol, {"v": numpy.array([1.0, 2.1, numpy.nan]),
                                        "t": numpy.arange(4.0)}, "m")
    assert len(errors) == 3, errors
    assert "missing in pnm ['gone']" in errors[0]
    assert errors[1].startswith("m[t]: length NEURON=3 pnm=4")
    assert errors[2].startswith("m[v]: max |diff| 0.1 > tol 1e-06 at index 1")
    (nan_error,) = compare_results({"v": numpy.array([1.0])}, {"v": 1.0},
                                   {"v": numpy.array([numpy.nan])})
    assert "max |diff| inf" in nan_error
