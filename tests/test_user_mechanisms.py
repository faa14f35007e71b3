"""Mechanisms from published .mod files (ModelDB 2488: na, kv, km, ca with TABLEs and eca;
3343: IT with ghk on cai/cao, Ih with a KINETIC scheme and eh) run in pnm's engine: one soma
with pas and an IClamp, the same .mod files built by NEURON's nrnivmodl and by
`python -m pnm nrnivmodl`, at two temperatures: spike times equal NEURON's, voltages and
states within 1e-6 (they are bit-identical today)."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO, checked, nrnivmodl_both, require_neuron, run_python

MODELDB = REPO / "tests" / "nmodl" / "modeldb"
FILES = ["2488/na.mod", "2488/kv.mod", "2488/km.mod", "2488/ca.mod", "3343/IT.mod",
         "3343/Ih.mod"]
CELL = str(REPO / "tests" / "nmodl" / "user_cell.py")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    require_neuron()
    if not all((MODELDB / f).exists() for f in FILES):
        subprocess.run([sys.executable, str(REPO / "tests" / "nmodl" / "get_modeldb.py")],
                       check=True, timeout=600)
    root = tmp_path_factory.mktemp("usermech")
    for f in FILES:
        shutil.copy(MODELDB / f, root)
    return nrnivmodl_both(root, timeout=900)


def run(backend, celsius, mechs, build, out):
    checked(run_python(CELL, backend, celsius, out, ",".join(mechs), build, timeout=1200))
    with open(out) as f:
        return json.load(f)


@pytest.mark.parametrize("mechs", [["na", "kv", "km", "ca"], ["it", "iar", "na", "kv", "ca"]])
@pytest.mark.parametrize("celsius", [6.3, 30.0])
def test_soma_with_user_mechanisms_equals_neuron(builds, mechs, celsius, tmp_path):
    expected = run("neuron", celsius, mechs, builds, str(tmp_path / "neuron.json"))
    got = run("pnm", celsius, mechs, builds, str(tmp_path / "pnm.json"))
    assert len(expected["spikes"]) >= 2
    assert got["spikes"] == expected["spikes"]
    for key in expected:
        if key != "spikes":
            np.testing.assert_allclose(got[key], expected[key], rtol=0, atol=1e-6, err_msg=key)


def test_units_and_mechanism_standard_of_user_mechanisms_equal_neuron(builds):
    """h.units and MechanismStandard (names, order, defaults per vartype) of the .mod files'
    mechanisms: pnm prints what NEURON prints."""
    script = str(REPO / "tests" / "nmodl" / "user_names.py")
    names = "na,kv,km,ca,it,iar"
    expected = checked(run_python(script, "neuron", builds, names, timeout=600)).stdout
    got = checked(run_python(script, "pnm", builds, names, timeout=600)).stdout
    assert got.splitlines() == expected.splitlines()
