"""PARAMETER values as NEURON runs them: nocmodl writes each PARAMETER's default into the C
source with %g (src/nocmodl/nocpout.cpp: `double x = %g;` for GLOBALs, the _parm_default
initializer for RANGE ones, a STATE's START value x0 too), so a published -23.32708 runs as
-23.3271; CONSTANTs keep their text. digits.mod and ModelDB 112685's Golgi_KA.mod and
Golgi_hcn1.mod (Solinas et al. 2007: their voltages were 1e-6 mV off NEURON's before)."""

import os
import shutil
import sys

import pytest

from conftest import REPO, checked, nrnivmodl_both, run_python

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "nmodl"))
from get_modeldb import materialise  # noqa: E402  (ModelDB files are fetched, not committed)

DIGITS = REPO / "tests" / "nmodl" / "digits"


def test_parameter_defaults_run_with_nocmodls_six_digits(tmp_path):
    modeldb = materialise()
    for name in ("Golgi_KA.mod", "Golgi_hcn1.mod"):
        shutil.copy(os.path.join(modeldb, "112685", name), tmp_path)
    shutil.copy(DIGITS / "digits.mod", tmp_path)
    build = nrnivmodl_both(tmp_path, timeout=900)
    script = str(DIGITS / "run_digits.py")
    expected = checked(run_python(script, "neuron", build, timeout=600)).stdout.splitlines()
    got = checked(run_python(script, "pnm", build, timeout=900)).stdout.splitlines()
    got = [line for line in got if not line.startswith("pnm: compil")]
    assert expected[0] == ("values 0.012345699999999999 -71.2346 -23.327100000000002 "
                           "0.33333299999999999")
    assert expected[2] == "x0 0.123457"
    assert got[:4] == expected[:4]          # the values themselves: exact
    assert len(got) == len(expected)
    for e, g in zip(expected[4:], got[4:]):
        assert all(abs(float(x) - float(y)) <= 1e-9 for x, y in
                   zip(e.split()[e[0].isalpha():], g.split()[g[0].isalpha():])), (e, g)


def test_array_parameter_with_a_value_is_refused(tmp_path):
    from pnm.nmodl.compile import translate
    from pnm.nmodl.parse import NmodlError
    mod = tmp_path / "arr.mod"
    mod.write_text("NEURON { SUFFIX arr }\nPARAMETER {\n  p[2] = 3.5\n}\n")
    with pytest.raises(NmodlError) as err:
        translate([str(mod)], str(tmp_path / "out"))
    assert str(err.value).startswith(f"{mod}:3: PARAMETER p[2] = ...: an array PARAMETER "
                                     "takes no value")


def test_tables_of_non_vectorized_mechanisms_are_built_at_their_first_call(tmp_path):
    """ModelDB 123815's Nasoma.mod and Ksoma.mod: a VERBATIM block makes nocmodl write
    non-vectorized code, whose TABLE is built at the first call of its PROCEDURE (in the first
    step), not before INITIAL as for a thread-safe mechanism; INITIAL's `m = minf` then reads
    the GLOBAL minf = 0 (pnm's cell started at minf(100 mV) and was 12 mV off). The GLOBALs
    after finitialize, spikes, states and voltages equal NEURON's, in a first run and a
    second."""
    modeldb = materialise()
    for name in ("Nasoma.mod", "Ksoma.mod"):
        shutil.copy(os.path.join(modeldb, "123815", name), tmp_path)
    build = nrnivmodl_both(tmp_path, timeout=900)
    script = str(REPO / "tests" / "nmodl" / "lazytable" / "run_lazytable.py")
    expected = checked(run_python(script, "neuron", build, timeout=600)).stdout.splitlines()
    got = checked(run_python(script, "pnm", build, timeout=900)).stdout.splitlines()
    got = [line for line in got if not line.startswith("pnm: compil")]
    assert expected[0] == "init 1 " + " ".join(["0.000000000000"] * 5)
    assert expected[1] == "spikes 1 6.300 11.750"
    assert len(got) == len(expected)
    for e, g in zip(expected, got):
        if e[0] in "-0123456789":
            assert abs(float(e) - float(g)) <= 1e-6, (e, g)
        else:
            assert g == e
