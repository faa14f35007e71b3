"""POINT_PROCESS and ARTIFICIAL_CELL mechanisms from .mod files in pnm's engine, against NEURON
9 with the same files built by nrnivmodl (tests/nmodl/user_points.py: 3 cells with synapses
and 6 artificial cells in a network driven by NetStims, at 6.3 and 30 degC).

Files: NEURON's expsyn, exp2syn, intfire1/2/4 (renamed MyExpSyn, ... so that they do not clash
with the built-ins), stim.mod as the neuron wheel ships it (MyIClamp: ELECTRODE_CURRENT) and invlfire (IntervalFire: net_send + net_move); ModelDB 123815
STDPE2Syn (WATCH, FOR_NETCONS, net_send, 3 weights), 145836 SynExp2NMDA, SynExp4NMDA2
(net_send), SynExp5NMDA (NET_RECEIVE INITIAL), SynNMDA16_2 (KINETIC, USEION na, net_send),
39948 izhi2007b (WATCH, net_event, net_send; sets v in NET_RECEIVE). Third-party files are
fetched at run time (tests/nmodl/modeldb_manifest.txt), never committed."""

import importlib.util
import json
import os
import re
import sys

import numpy as np
import pytest

from conftest import (NEURON_MPI_ENV, REPO, checked, nrnivmodl_both, require_neuron, run_mpi,
                      run_python)

HERE = REPO / "tests" / "nmodl"
sys.path.insert(0, str(HERE))
from get_modeldb import materialise  # noqa: E402

FILES = ["builtin/expsyn.mod", "builtin/exp2syn.mod", "builtin/intfire1.mod",
         "builtin/intfire2.mod", "builtin/intfire4.mod", "builtin/invlfire.mod",
         "modeldb/123815/STDPE2Syn.mod", "modeldb/145836/SynExp2NMDA.mod",
         "modeldb/145836/SynExp4NMDA2.mod", "modeldb/145836/SynExp5NMDA.mod",
         "modeldb/145836/SynNMDA16_2.mod", "modeldb/39948/izhi2007b.mod"]
RENAME = re.compile(rb"^(\s*)(POINT_PROCESS|ARTIFICIAL_CELL) (ExpSyn|Exp2Syn|IntFire1|IntFire2|"
                    rb"IntFire4|IClamp)\b", re.M)
MODEL = str(HERE / "user_points.py")
# NEURON's build and pnm's first compile of this set of mechanisms take minutes on a loaded
# machine (later sessions load numba's cache)
pytestmark = pytest.mark.timeout(3600)
NEURON_MPI = NEURON_MPI_ENV
TEMPERATURES = "6.3,30"


def neuron_stim_mod():
    """NEURON 9's stim.mod (IClamp, ELECTRODE_CURRENT) as the neuron wheel ships it (its
    at_time() calls commented out; nrn's master still has them, which pnm does not
    translate yet)."""
    spec = importlib.util.find_spec("neuron")
    path = os.path.join(spec.submodule_search_locations[0], ".data", "share", "modfile",
                        "stim.mod")
    assert os.path.exists(path), f"the neuron wheel's stim.mod is not at {path}"
    return path


@pytest.fixture(scope="module")
def build():
    """One build directory kept between sessions (tests/nmodl/build_userpoints, not
    committed): pnm's translations keep their paths and times, so the stepper numba compiled
    for them (minutes) is found in its cache by the next session."""
    require_neuron()
    materialise()
    root = HERE / "build_userpoints"
    root.mkdir(exist_ok=True)
    for f in FILES + [neuron_stim_mod()]:
        with open(HERE / f, "rb") as src:       # some ModelDB files are not UTF-8
            text = RENAME.sub(rb"\1\2 My\3", src.read())
        target = root / os.path.basename(f)
        if not target.exists() or target.read_bytes() != text:
            target.write_bytes(text)
    return nrnivmodl_both(root, timeout=900)


def serial(backend, build, out):
    env = {k: os.path.normpath(v) for k, v in NEURON_MPI.items()} if backend == "neuron" else None
    checked(run_python(MODEL, backend, build, out, TEMPERATURES, timeout=2400, env=env))
    with open(out) as f:
        return json.load(f)


def parallel(backend, build, out, nprocs):
    env = {k: os.path.normpath(v) for k, v in NEURON_MPI.items()} if backend == "neuron" else None
    checked(run_mpi(MODEL, nprocs, backend, build, out, TEMPERATURES, timeout=2400, env=env))
    with open(out) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def neuron_serial(build, tmp_path_factory):
    return serial("neuron", build, str(tmp_path_factory.mktemp("nrn") / "serial.json"))


def test_cells_and_artificial_cells_equal_neuron(build, neuron_serial, tmp_path):
    got = serial("pnm", build, str(tmp_path / "pnm.json"))
    for celsius, expected in neuron_serial.items():
        spikes = expected["spikes"]
        assert len(spikes) > 50 and len({g for g, _ in spikes}) >= 8, celsius
        assert got[celsius]["spikes"] == spikes, celsius
        for key, trace in expected["traces"].items():
            np.testing.assert_allclose(got[celsius]["traces"][key], trace, rtol=0, atol=1e-6,
                                       err_msg=f"{key} at {celsius} degC")
        # NET_RECEIVE INITIAL reset weight[1:], FOR_NETCONS changed STDPE2's A
        for (gid, name, src, w), (g2, n2, s2, w2) in zip(expected["weights"],
                                                          got[celsius]["weights"]):
            assert (gid, name, src) == (g2, n2, s2)
            np.testing.assert_allclose(w2, w, rtol=1e-12, atol=0, err_msg=f"{gid} {name}")


@pytest.mark.parametrize("nprocs", [1, 2])
def test_network_spikes_on_1_and_2_ranks_equal_neuron(build, neuron_serial, nprocs, tmp_path):
    """Against NEURON on the same number of ranks: NEURON's spike times themselves depend on
    it in the last bits (METHOD runge moves each rank's t by its own number of instances)."""
    got = parallel("pnm", build, str(tmp_path / "pnm.json"), nprocs)
    expected_all = neuron_serial if nprocs == 1 else parallel(
        "neuron", build, str(tmp_path / "nrn.json"), nprocs)
    for celsius, expected in expected_all.items():
        assert got[celsius]["spikes"] == expected["spikes"], f"{nprocs} ranks, {celsius} degC"
        assert len(expected["spikes"]) == len(neuron_serial[celsius]["spikes"])


def test_bad_use_gives_clear_errors(build):
    proc = checked(run_python(str(HERE / "user_point_errors.py"), build, timeout=600))
    lines = dict(line.split(": ", 1) for line in proc.stdout.splitlines() if ": " in line)
    assert lines["hname"] == "MyExpSyn[0] STDPE2[0] MyIntFire1[0] soma(0.5) 0.5"
    assert lines["wcnt"] == "3.0 3 1.0"      # NEURON's wcnt() is a float in Python
    assert lines["weight[2]"] == "5.0 5.0"
    for case, index in (("index", "3"), ("index_set", "7")):
        assert lines[case].startswith(f"IndexError: NetCon[0].weight[{index}]: index out of range"), lines[case]
        assert "STDPE2[0] takes 3 weights" in lines[case] and "weight[0]..weight[2]" in lines[case]
    assert lines["field"].startswith("AttributeError: MyExpSyn[0] has no variable 'nosuch'")
    for case in ("deleted_get", "deleted_set"):
        assert lines[case].startswith("ReferenceError: MyExpSyn[0]: point process not located "
                                      "in a section (its section was deleted)"), lines[case]
    assert lines["deleted_run"].startswith("RuntimeError: NetCon["), lines["deleted_run"]
    assert "STDPE2[0] is not located in a section" in lines["deleted_run"]
