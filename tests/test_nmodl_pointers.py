"""POINTER and FUNCTION_TABLE in .mod files, against NEURON 9 with the same files built by
nrnivmodl (tests/nmodl/pointer_cells.py: two pairs of hh cells, gap junctions, synapses that
read the presynaptic voltage or another synapse's transmitter, a density mechanism that reads
and writes through pointers, FUNCTION_TABLEs in 1 and 2 dimensions).

Files: ModelDB 155602 gap.mod (POINTER vgap, declared as a PARAMETER), 3343 gabab.mod
(POINTER pre), 18198 ampa5.mod (POINTER C, KINETIC), NEURON's docs/nmodl/mod/k3st.mod
(FUNCTION_TABLE, KINETIC, USEION k), fetched at run time (modeldb_manifest.txt); the test's
own ptrd.mod and ftab.mod (tests/nmodl/pointer_mods/).

One NEURON run is the reference for pnm on 1 rank (spikes, traces within 1e-6, FUNCTION_TABLE
lookups exact) and on 2 ranks (spikes; each pair and its pointers on one rank, a NetCon
across). tests/nmodl/pointer_errors.py checks the errors (pnm only: NEURON crashes on them)."""

import json
import os
import sys

import numpy as np
import pytest

from conftest import REPO, checked, nrnivmodl_both, require_neuron, run_mpi, run_python

HERE = REPO / "tests" / "nmodl"
sys.path.insert(0, str(HERE))
from get_modeldb import materialise  # noqa: E402

FILES = ["modeldb/155602/gap.mod", "modeldb/3343/gabab.mod", "modeldb/18198/ampa5.mod",
         "builtin/k3st.mod", "pointer_mods/ptrd.mod", "pointer_mods/ftab.mod"]
MODEL = str(HERE / "pointer_cells.py")
ERRORS = str(HERE / "pointer_errors.py")
pytestmark = pytest.mark.timeout(1800)


@pytest.fixture(scope="module")
def build():
    """tests/nmodl/build_pointers (not committed), kept between sessions so that numba's
    cache of the mechanisms' hooks is found again."""
    require_neuron()
    materialise()
    root = HERE / "build_pointers"
    root.mkdir(exist_ok=True)
    for f in FILES:
        text = (HERE / f).read_bytes()
        target = root / os.path.basename(f)
        if not target.exists() or target.read_bytes() != text:
            target.write_bytes(text)
    return nrnivmodl_both(root, timeout=900)


def run(backend, build, out, nprocs=None):
    if nprocs is None:
        checked(run_python(MODEL, backend, build, out, timeout=1200))
    else:
        checked(run_mpi(MODEL, nprocs, backend, build, out, timeout=1200))
    with open(out) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def neuron_result(build, tmp_path_factory):
    return run("neuron", build, str(tmp_path_factory.mktemp("nrn") / "neuron.json"))


def test_pointers_and_function_tables_equal_neuron(build, neuron_result, tmp_path):
    expected = neuron_result
    spikes = expected["spikes"]
    assert len(spikes) >= 16 and len({g for g, _ in spikes}) == 4, spikes
    got = run("pnm", build, str(tmp_path / "pnm.json"))
    assert got["spikes"] == spikes
    assert got["lookups"] == expected["lookups"]      # the same arithmetic: exact
    for key, trace in expected["traces"].items():
        np.testing.assert_allclose(got["traces"][key], trace, rtol=0, atol=1e-6, err_msg=key)
    # the pointers did something: the written gap resistance moved, the GABAb synapse opened
    assert np.ptp(expected["traces"]["0.gap_r"]) > 20
    assert max(expected["traces"]["1.gabab_g"]) > 0 and max(expected["traces"]["0.ampa_O"]) > 0


def test_pointer_network_on_2_ranks_equals_neuron(build, neuron_result, tmp_path):
    got = run("pnm", build, str(tmp_path / "pnm2.json"), nprocs=2)
    assert got["spikes"] == neuron_result["spikes"]


def test_pointer_and_function_table_errors(build, tmp_path):
    out = str(tmp_path / "errors.json")
    checked(run_python(ERRORS, build, out, timeout=600))
    with open(out) as f:
        got = json.load(f)
    unset = "POINTER vgap of Gap (gap.mod) is not set"
    assert got["read_unset"].startswith("ValueError: Gap[0].vgap: " + unset)
    assert got["run_unset_point"].startswith("RuntimeError: Gap[0].vgap: " + unset)
    assert "setpointer" in got["run_unset_point"]
    for case in ("run_set_point", "read_set", "run_set_density", "hoc_ok", "run_repaired"):
        assert got[case] == "no error", (case, got[case])
    assert got["vgap_value"] == -65.0
    assert got["run_after_nseg"].startswith(
        "RuntimeError: dend(0.1).ptrd.pv: POINTER pv of ptrd (ptrd.mod) is not set")
    assert "has no POINTER 'nope'" in got["wrong_name"]
    assert "has no POINTER 'r'" in got["not_a_pointer"]
    assert "cannot point at hoc or Python variables" in got["hoc_variable"]
    assert "setpointer gap_.vgap, x_hoc" in got["hoc_variable"]        # the hoc line
    assert "POINTER pv of ptrd points at a variable that is not part of this rank's " \
           "simulation" in got["run_deleted_target"]
    assert got["run_without_table"].startswith(
        "RuntimeError: FUNCTION_TABLE minf of ftab (ftab.mod:10): table not specified")
    assert "allowed only for functions of one variable" in got["vectors_for_2d"]
    assert "sizes differ" in got["sizes_differ"]
    assert "holds 3 values, its sizes need 4" in got["too_few_values"]
    assert "min 5 > max 1" in got["min_above_max"]
