"""Generated state kernels against NEURON 9 with the same .mod files built by nrnivmodl: one
fixed step (h.fadvance) of a single compartment from NEURON's initial state. NEURON's step
solves the cable equation first and then advances the states with the new v, so pnm's
`state` kernel run from the same initial states with NEURON's new v (and the ion values of
that step) must give NEURON's states: cnexp, derivimplicit and KINETIC/sparse, to 1e-9."""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from pnm.nmodl.compile import load_kernels, translate

from conftest import neuron_nrnivmodl

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, "nmodl"))
from get_modeldb import materialise  # noqa: E402  (ModelDB files are fetched, not committed)

MODELDB = materialise()
# (build set, mod files, mechanisms inserted together, mechanisms compared). ModelDB 2488's
# mechanisms are checked by whole simulations instead (test_nmodl_published's mainen group,
# and test_modeldb_programs, to the last digit): the CI budget.
SETS = {
    "3343": (["3343/IT.mod", "3343/IT2.mod", "3343/Ih.mod", "3343/cadecay.mod"],
             ["it", "iar", "cad"]),
    "3343b": (["3343/IT2.mod"], ["it2"]),
    "18198": (["18198/caL3d.mod"], ["caL"]),
}

NEURON_SCRIPT = r"""
import json, sys
from neuron import h
spec = json.loads(sys.argv[1])
h.nrn_load_dll(spec["dll"])
out = []
for celsius, v0 in spec["cases"]:
    s = h.Section()
    s.L = s.diam = 10
    s.nseg = 1
    for m in spec["insert"]:
        s.insert(m)
    h.celsius = celsius
    h.dt = 0.025
    h.finitialize(v0)
    seg = s(0.5)
    def grab():
        d = {"v": seg.v}
        for m, names in spec["fields"].items():
            for n in names:
                d[n + "_" + m] = getattr(getattr(seg, m), n)
        for n in spec["ions"]:
            d[n] = getattr(seg, n)
        return d
    before = grab()
    h.fadvance()
    out.append([before, grab()])
    h.delete_section(sec=s)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    out = {}
    for key, (files, _) in SETS.items():
        d = tmp_path_factory.mktemp("nrn" + key)
        for f in files:
            shutil.copy(os.path.join(MODELDB, f), d)
        neuron_nrnivmodl(d, timeout=600)
        out[key] = (str(d / "x86_64" / "libnrnmech.so"), str(d))
    return out


def _pnm(files, out_dir):
    return {c.mechanism.name: (c.mechanism, load_kernels(c))
            for c in translate([os.path.join(MODELDB, f) for f in files], out_dir)}


def _neuron(dll, insert, mechs, cases):
    fields = {m.name: [f.name for f in m.fields if f.kind == "state"] for m in mechs}
    ions = sorted({n for m in mechs for ion, n in m.ion_columns
                   if not n.startswith("d") or not n.endswith("dv")})
    spec = {"dll": dll, "insert": insert, "fields": fields, "ions": ions, "cases": cases}
    done = subprocess.run([sys.executable, "-c", NEURON_SCRIPT, json.dumps(spec)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _step(mech, kern, before, after, celsius):
    """pnm: initial at NEURON's v0, then states := NEURON's, then one state step at v1."""
    inst = np.array([[f.default] for f in mech.fields])
    glob = np.array([g.default for g in mech.globals])
    cols = mech.ion_columns
    ion_index = np.arange(len(cols), dtype=np.int64).reshape(len(cols), 1)
    tab = np.zeros(kern.TABLE_SHAPE)     # one TABLE store: a rebuild would overwrite instance 0

    def ions(src):
        return np.array([src.get(n, 0.0) if not (n.startswith("d") and n.endswith("dv"))
                         else 0.0 for _, n in cols] or [0.0])

    def args(v, ion_values):
        return (inst, glob, tab, np.zeros(1, np.int64), np.array([v]),
                np.array([100 * np.pi]), np.array([10.0]), ion_values, ion_index,
                np.zeros(1), np.zeros(1), 0.0, 0.025, celsius, np.zeros(kern.WORK_SHAPE),
                np.zeros((8, 4)), np.zeros(1, np.int64))
    kern.initial(*args(before["v"], ions(before)))
    states = [f.name for f in mech.fields if f.kind == "state"]
    for n in states:
        inst[mech.field_index[n], 0] = before[f"{n}_{mech.name}"]
    kern.current(*args(before["v"], ions(before)))    # the step's current phase at v(t)
    step_ions = ions(after)
    for c, (_, n) in enumerate(cols):     # concentrations the block writes start from before
        if n in mech.field_index and mech.fields[mech.field_index[n]].kind == "ion_write" \
                and not n.startswith("i"):
            step_ions[c] = before[n]
    kern.state(*args(after["v"], step_ions))
    return {n: inst[mech.field_index[n], 0] for n in states}, step_ions


@pytest.mark.parametrize("key", list(SETS))
def test_one_step_equals_neuron(builds, tmp_path, key):
    files, compare = SETS[key]
    mechs = _pnm(files, str(tmp_path))
    insert = compare if key != "3343" else ["it", "iar", "cad"]
    cases = [[6.3, -65.0], [36.0, -52.0]]
    rows = _neuron(builds[key][0], insert, [mechs[m][0] for m in compare], cases)
    for (celsius, _), (before, after) in zip(cases, rows):
        for name in compare:
            mech, kern = mechs[name]
            got, step_ions = _step(mech, kern, before, after, celsius)
            for n, value in got.items():
                want = after[f"{n}_{name}"]
                assert value == pytest.approx(want, rel=1e-9, abs=1e-15), \
                    (name, n, celsius, value, want)
            for c, (_, n) in enumerate(mech.ion_columns):   # written concentrations
                if mech.fields[mech.field_index[n]].kind == "ion_write" if \
                        n in mech.field_index else False:
                    if not n.startswith("i"):
                        assert step_ions[c] == pytest.approx(after[n], rel=1e-9), (name, n)
