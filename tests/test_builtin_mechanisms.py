"""The built-in membrane mechanisms (hh, pas, IClamp, ExpSyn, Exp2Syn) come from .mod files
through pnm's NMODL compiler (pnm/mod/, stdmechs.py), like users' mechanisms; the engine
knows none of them by name.

Checked here, in one cell driven by an IClamp and two synapses, at two temperatures: pnm's
built-ins give NEURON's voltages, states and spikes bit for bit; NEURON's own .mod sources of
the five, taken from the NEURON wheel and renamed (hh -> hhN, ...), translated by pnm as a user
would, give bit for bit what NEURON gives with the same files built by nrnivmodl; and the
engine's sources name no membrane mechanism."""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, require_neuron

BUILTINS = {"hh.mod": ("SUFFIX hh", "SUFFIX hhN"), "passive.mod": ("SUFFIX pas", "SUFFIX pasN"),
            "stim.mod": ("POINT_PROCESS IClamp", "POINT_PROCESS IClampN"),
            "expsyn.mod": ("POINT_PROCESS ExpSyn", "POINT_PROCESS ExpSynN"),
            "exp2syn.mod": ("POINT_PROCESS Exp2Syn", "POINT_PROCESS Exp2SynN")}

CELL = r'''
import json, sys
if sys.argv[1] == "pnm":
    from pnm import h
else:
    from neuron import h
    h.load_file("stdrun.hoc")
sfx = sys.argv[2]
h.celsius = float(sys.argv[3])
soma = h.Section(name="soma")
dend = h.Section(name="dend")
dend.connect(soma(1))
soma.L = soma.diam = 12.6157
dend.L, dend.diam, dend.nseg = 200, 1, 11
soma.insert("hh" + sfx)
dend.insert("pas" + sfx)
dend.insert("hh" + sfx)
setattr(dend(0.9), "gnabar_hh" + sfx, 0.05)
syn = getattr(h, "ExpSyn" + sfx)(dend(0.5))
syn.tau = 2
syn2 = getattr(h, "Exp2Syn" + sfx)(dend(0.3))
syn2.tau1, syn2.tau2, syn2.e = 0.5, 3, -10
ic = getattr(h, "IClamp" + sfx)(soma(0.5))
ic.delay, ic.dur, ic.amp = 2, 1, 0.3
ns = h.NetStim()
ns.start, ns.interval, ns.number = 5, 7, 6
nc = h.NetCon(ns, syn)
nc.weight[0], nc.delay = 0.02, 1
nc2 = h.NetCon(ns, syn2)
nc2.weight[0], nc2.delay = 0.01, 2
spikes = h.Vector()
det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
det.record(spikes)
v = h.Vector().record(soma(0.5)._ref_v)
vd = h.Vector().record(dend(0.3)._ref_v)
m = h.Vector().record(getattr(dend(0.9), "_ref_m_hh" + sfx))
h.finitialize(-65)
h.continuerun(60)
print(json.dumps({"v": [x.hex() for x in v], "vd": [x.hex() for x in vd],
                  "m": [x.hex() for x in m], "spikes": [x.hex() for x in spikes],
                  "syn_g": syn.g.hex(), "syn2_g": syn2.g.hex(), "ic_i": ic.i.hex()}))
'''


def run(cmd, cwd, env=None):
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_neuron_sources_through_pnm_equal_builtins_and_neuron(tmp_path):
    neuron = require_neuron()
    share = Path(neuron.__file__).parent / ".data" / "share" / "modfile"
    for name, (old, new) in BUILTINS.items():
        text = (share / name).read_text()
        assert old in text, f"{share / name} no longer declares {old!r}"
        (tmp_path / name).write_text(text.replace(old, new))
    exe = shutil.which("nrnivmodl") or os.path.join(os.path.dirname(sys.executable), "nrnivmodl")
    built = subprocess.run([exe], cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stdout + built.stderr
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    built = subprocess.run([sys.executable, "-m", "pnm", "nrnivmodl", str(tmp_path)],
                           cwd=tmp_path, capture_output=True, text=True, timeout=600, env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    script = tmp_path / "cell.py"
    script.write_text(CELL)
    for celsius in ("6.3", "22"):
        reference = run([sys.executable, str(script), "neuron", "", celsius], tmp_path)
        builtin = run([sys.executable, str(script), "pnm", "", celsius], tmp_path, env)
        # NEURON's sources as users' mechanisms: under NEURON (x86_64/ of this folder) and pnm
        # (they come after the built-ins, so they add their currents in another order)
        assert reference["spikes"], "the cell should fire"
        for key in reference:
            assert builtin[key] == reference[key], f"built-in {key} differs from NEURON's"
    # (one temperature here: CI's budget; the translated kernels' rates and TABLEs at other
    # temperatures are test_nmodl_kernels' and test_nmodl_published's)
    reference_n = run([sys.executable, str(script), "neuron", "N", "6.3"], tmp_path)
    translated = run([sys.executable, str(script), "pnm", "N", "6.3"], tmp_path, env)
    for key in reference_n:
        assert translated[key] == reference_n[key], \
            f"NEURON's .mod sources through pnm: {key} differs from NEURON's"


NAMES = {"hh", "pas", "IClamp", "ExpSyn", "Exp2Syn", "AlphaSynapse", "SEClamp", "VClamp",
         "OClamp", "APCount"}


def test_engine_names_no_membrane_mechanism():
    """No string constant or identifier of pnm/engine names one of the mechanisms that come
    from .mod files (docstrings aside): the engine knows a catalogue, not mechanisms."""
    found = []
    for path in sorted((REPO / "pnm" / "engine").glob("*.py")):
        tree = ast.parse(path.read_text())
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in docstrings and node.value in NAMES:
                found.append(f"{path.name}:{node.lineno}: {node.value!r}")
            if isinstance(node, ast.Name) and re.search(r"(^|_)(HH|PAS|ES|E2|IC)(_|$)", node.id):
                found.append(f"{path.name}:{node.lineno}: {node.id}")
    assert not found, "the engine names membrane mechanisms:\n" + "\n".join(found)
    shipped = {p.stem for p in (REPO / "pnm" / "mod").glob("*.mod")}
    assert {"hh", "pas", "IClamp", "ExpSyn", "Exp2Syn"} <= shipped
