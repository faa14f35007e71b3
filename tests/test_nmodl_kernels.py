"""Generated kernels against NEURON: hh.mod (from NEURON's wheel) translated by pnm gives the
same initial states as NEURON's compiled hh after h.finitialize, at two temperatures, two
voltages, with and without its TABLE; and a cnexp step equals the closed form."""
import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest

from pnm.nmodl.cli import main as nrnivmodl
from pnm.nmodl.compile import load_kernels, translate

NEURON_SCRIPT = """
import json, sys
from neuron import h
out = []
for celsius, v, usetable in json.loads(sys.argv[1]):
    s = h.Section()
    s.insert('hh')
    h.celsius = celsius
    h.usetable_hh = usetable
    h.finitialize(v)
    seg = s(0.5)
    out.append([seg.m_hh, seg.h_hh, seg.n_hh, seg.mtau_hh, seg.htau_hh, seg.ntau_hh])
print(json.dumps([[x.hex() for x in row] for row in out]))
"""
CASES = [(6.3, -65.0, 1.0), (6.3, -65.0, 0.0), (30.0, -52.3, 1.0), (30.0, -52.3, 0.0),
         (6.3, -64.9876, 1.0)]


def neuron_values(cases):
    try:
        import neuron  # noqa: F401
    except ImportError:
        pytest.fail("NEURON (pip install neuron) is needed for this comparison")
    done = subprocess.run([sys.executable, "-c", NEURON_SCRIPT, json.dumps(cases)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    return [[float.fromhex(x) for x in row] for row in rows]


def hh_mod_path():
    import neuron
    return os.path.join(os.path.dirname(neuron.__file__), ".data", "share", "modfile", "hh.mod")


@pytest.fixture(scope="module")
def hh(tmp_path_factory):
    compiled, = translate([hh_mod_path()], str(tmp_path_factory.mktemp("mech")),
                          builtin=True)
    return compiled.mechanism, load_kernels(compiled)


def run_initial(mech, kernels, celsius, v, usetable):
    inst = np.array([[f.default] for f in mech.fields])
    glob = np.array([g.default for g in mech.globals])
    glob[mech.global_index["usetable"]] = usetable
    tab = np.zeros(kernels.TABLE_SHAPE)
    ion_values = np.array([50.0, 0.0, 0.0, -77.0, 0.0, 0.0])   # ena ina dinadv ek ik dikdv
    assert mech.ion_columns == [("na", "ena"), ("na", "ina"), ("na", "dinadv"),
                                ("k", "ek"), ("k", "ik"), ("k", "dikdv")]
    ion_index = np.arange(6, dtype=np.int64).reshape(6, 1)
    args = (inst, glob, tab, np.zeros(1, dtype=np.int64), np.array([v]), np.array([100.0]),
            np.array([1.0]), ion_values, ion_index, np.zeros(1), np.zeros(1), 0.0, 0.025,
            celsius, np.zeros(kernels.WORK_SHAPE), np.zeros((4, 4)), np.zeros(1, np.int64))
    kernels.initial(*args)
    return inst, args


def test_hh_initial_states_equal_neuron(hh):
    mech, kernels = hh
    expected = neuron_values(CASES)
    names = ["m", "h", "n", "mtau", "htau", "ntau"]
    for case, want in zip(CASES, expected):
        inst, _ = run_initial(mech, kernels, *case)
        got = [inst[mech.field_index[n], 0] for n in names]
        assert got == want, (case, got, want)


def test_hh_cnexp_step_is_the_closed_form(hh):
    mech, kernels = hh
    inst, args = run_initial(mech, kernels, 6.3, -60.0, 0.0)
    before = {n: inst[mech.field_index[n], 0] for n in ("m", "minf", "mtau")}
    kernels.state(*args)
    m = before["m"]
    # dm/dt = (minf - m)/mtau over dt = 0.025 with minf, mtau at v = -60 (rates recomputed)
    inst2, _ = run_initial(mech, kernels, 6.3, -60.0, 0.0)
    minf, mtau = inst2[mech.field_index["minf"], 0], inst2[mech.field_index["mtau"], 0]
    expected = minf + (m - minf) * math.exp(-0.025 / mtau)
    assert inst[mech.field_index["m"], 0] == pytest.approx(expected, rel=1e-14)


def test_hh_current_and_conductance(hh):
    mech, kernels = hh
    inst, args = run_initial(mech, kernels, 6.3, -65.0, 0.0)
    kernels.current(*args)
    ion_values, node_rhs, node_d = args[7], args[9], args[10]
    f = {n: inst[mech.field_index[n], 0] for n in ("m", "h", "n", "gnabar", "gkbar", "gl",
                                                    "el")}
    ina = f["gnabar"] * f["m"] ** 3 * f["h"] * (-65.0 - 50.0)
    ik = f["gkbar"] * f["n"] ** 4 * (-65.0 + 77.0)
    il = f["gl"] * (-65.0 - f["el"])
    g = f["gnabar"] * f["m"] ** 3 * f["h"] + f["gkbar"] * f["n"] ** 4 + f["gl"]
    assert ion_values[1] == pytest.approx(ina, rel=1e-12)
    assert ion_values[4] == pytest.approx(ik, rel=1e-12)
    assert node_rhs[0] == pytest.approx(-(ina + ik + il), rel=1e-12)
    assert node_d[0] == pytest.approx(g, rel=1e-6)


def test_cache_second_translation_writes_nothing(tmp_path):
    first, = translate([hh_mod_path()], str(tmp_path), builtin=True)
    stamp = os.stat(first.source_path).st_mtime_ns
    second, = translate([hh_mod_path()], str(tmp_path), builtin=True)
    assert not first.cached and second.cached
    assert second.source_path == first.source_path
    assert os.stat(second.source_path).st_mtime_ns == stamp
    assert [p for p in os.listdir(tmp_path) if p.startswith(".tmp-")] == []


def test_nrnivmodl_cli_reports_translation_errors(tmp_path, monkeypatch, capsys):
    (tmp_path / "good.mod").write_text("NEURON { SUFFIX good RANGE g }\nPARAMETER { g = 1 }\n")
    (tmp_path / "bad.mod").write_text("NEURON { SUFFIX bad }\nINITIAL {\nVERBATIM\n"
                                      "  x = 1;\nENDVERBATIM\n}\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PNM_MECH_CACHE", str(tmp_path / "store"))
    assert nrnivmodl(["."]) == 1
    assert "bad.mod:3: VERBATIM" in capsys.readouterr().err
    (tmp_path / "bad.mod").unlink()
    assert nrnivmodl(["."]) == 0
    out = capsys.readouterr().out
    assert f"good.mod -> {tmp_path / 'store'}" in out and "new or changed" in out
    listed = (tmp_path / "pnm_mechanisms" / "manifest.txt").read_text().splitlines()[1:]
    assert len(listed) == 1 and listed[0].startswith(str(tmp_path / "store"))
    assert os.path.basename(listed[0]).startswith("good_")
