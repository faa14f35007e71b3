"""Density mechanisms from 23 published .mod files that no one here wrote, whole simulations
against nrnivmodl-built NEURON 9: a soma-dendrite-axon cell (tests/nmodl/published_cell.py)
driven by an IClamp, the same script under NEURON and pnm, at 6.3 and 34 degC (18 degC for
the cells with hh-type channels, which do not fire at 34).

- Mainen & Sejnowski 1996 (ModelDB 2488): na, kv, km, ca, kca (TABLE ... DEPEND celsius),
  cad (derivimplicit, WRITE cai; eca follows by Nernst every step);
- Hay et al. 2011 (ModelDB 139653): 12 channels and CaDynamics_E2 (STATE cai), names with '_';
- Destexhe's thalamic cells (ModelDB 3343): IT and IT2 (cai/cao), Ih (KINETIC with CONSERVE on
  an ion h of its own), cadecay (derivimplicit), mixed with the built-in hh;
- caL3d (ModelDB 18198): KINETIC with its own ghk; with hh sharing na/k with .mod channels,
  h.cao0_ca_ion / h.cai0_ca_ion and h.ion_style;
- and NEURON's demo/release mechanisms (from the neuron wheel): capmpr (SOLVE STEADYSTATE
  sparse in INITIAL), cabpump (KINETIC FROM loops over ca[i], COMPARTMENT i, a top-level
  LOCAL array), nacaex, camchan, cachan1, khhchan, nachan.

Spike times equal NEURON's, voltages and states within 1e-6, concentrations (cai, eca follows)
within relative 1e-9. The .mod files are fetched by commit (tests/nmodl/get_modeldb.py); two
nrnivmodl builds (2488's cad and 3343's cadecay share the name cad; the demos apart)."""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO, checked, nrnivmodl_both, require_neuron, run_python

MODELDB = REPO / "tests" / "nmodl" / "modeldb"
DEMO = "<neuron>/share/nrn/demo/release"
BUILDS = {
    "b1": ["2488/na.mod", "2488/kv.mod", "2488/km.mod", "2488/ca.mod", "2488/kca.mod",
           "2488/cad.mod", "18198/caL3d.mod"] + [
        f"139653/{n}.mod" for n in ("CaDynamics_E2", "Ca_HVA", "Ca_LVAst", "Ih", "Im", "K_Pst",
                                    "K_Tst", "NaTa_t", "NaTs2_t", "Nap_Et2", "SK_E2", "SKv3_1")],
    "b2": ["3343/IT.mod", "3343/IT2.mod", "3343/Ih.mod", "3343/cadecay.mod"],
    # NEURON's own demo mechanisms, read from the installed neuron wheel
    "b3": [f"{DEMO}/{n}.mod" for n in ("capmpr", "cabpump", "nacaex", "camchan", "cachan1",
                                       "khhchan", "nachan")],
}
GROUPS = {"mainen": "b1", "hay": "b1", "mixed": "b1", "destexhe": "b2", "demo": "b3"}
# the second temperature: 34 degC for the mammalian models; hh-type cells stop firing above
# ~22 degC (NEURON gives no spike there), so 18 degC for those
TEMPERATURES = {"mainen": (6.3, 34.0), "hay": (6.3, 34.0), "mixed": (6.3, 18.0),
                "destexhe": (6.3, 18.0), "demo": (6.3, 18.0)}
CELL = str(REPO / "tests" / "nmodl" / "published_cell.py")
CONCENTRATION = ("cai", "eca", "final")


def build(root, files, neuron_share):
    root.mkdir()
    for f in files:
        shutil.copy(f.replace("<neuron>/share", neuron_share) if f.startswith("<neuron>")
                    else MODELDB / f, root)
    return nrnivmodl_both(root, timeout=1800)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    neuron = require_neuron()
    share = os.path.join(os.path.dirname(neuron.__file__), ".data", "share")
    files = [f for group in BUILDS.values() for f in group if not f.startswith("<neuron>")]
    if not all((MODELDB / f).exists() for f in files):
        subprocess.run([sys.executable, str(REPO / "tests" / "nmodl" / "get_modeldb.py")],
                       check=True, timeout=600)
    root = tmp_path_factory.mktemp("published")
    return {name: build(root / name, group, share) for name, group in BUILDS.items()}


def run(backend, group, celsius, directory, out):
    checked(run_python(CELL, backend, group, celsius, out, directory, timeout=2400))
    with open(out) as f:
        return json.load(f)


def test_the_builds_hold_23_published_density_mechanisms_and_7_neuron_demos():
    assert sum(len(files) for key, files in BUILDS.items() if key != "b3") == 23
    assert len(BUILDS["b3"]) == 7


@pytest.mark.timeout(3600)      # a new mechanism set compiles its stepper: minutes under load
@pytest.mark.parametrize("group,celsius", [(g, t) for g in sorted(GROUPS)
                                           for t in TEMPERATURES[g]])
def test_published_mechanisms_whole_simulation_equal_neuron(builds, group, celsius, tmp_path):
    directory = builds[GROUPS[group]]
    expected = run("neuron", group, celsius, directory, str(tmp_path / "neuron.json"))
    got = run("pnm", group, celsius, directory, str(tmp_path / "pnm.json"))
    assert sorted(got) == sorted(expected)
    assert expected["spikes"], "the cell should fire under NEURON"
    assert got["spikes"] == expected["spikes"]
    assert got["final"].keys() == expected["final"].keys()
    for key, value in expected["final"].items():
        assert got["final"][key] == pytest.approx(value, rel=1e-9, abs=0), key
    for key in expected:
        if key in ("spikes", "final"):
            continue
        if key.startswith(CONCENTRATION):
            np.testing.assert_allclose(got[key], expected[key], rtol=1e-9, atol=0, err_msg=key)
        else:
            np.testing.assert_allclose(got[key], expected[key], rtol=0, atol=1e-6, err_msg=key)
