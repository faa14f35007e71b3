"""Ion mechanisms as NEURON's eion.cpp defines them, without running a simulation: the style
bits h.ion_style reports (derived here from nrn_promote's rules), ion variables where only
the built-in hh uses na/k, and the <ion>0_<ion>_ion globals."""

import subprocess
import sys

from conftest import REPO

POOL = """NEURON { SUFFIX pool USEION ca READ ica WRITE cai }
STATE { cai (mM) }
INITIAL { cai = 1e-4 }
BREAKPOINT { SOLVE s METHOD cnexp }
DERIVATIVE s { cai' = -ica - cai }
"""
CHANNEL = """NEURON { SUFFIX chan USEION ca READ eca WRITE ica RANGE g }
PARAMETER { g = 0.001 }
BREAKPOINT { ica = g*(v - eca) }
"""

SCRIPT = """
from pnm import h
h.nrn_load_dll("pnm_mechanisms")
s = h.Section(name="s")
s.insert("hh")
print("hh-only", s(0.5).nai, s(0.5).ko, s(0.5).ena, h.ion_style("na_ion", sec=s),
      h.ion_style("ca_ion", sec=s))
s.insert("chan")
print("chan", h.ion_style("ca_ion", sec=s))
s.insert("pool")
print("pool", h.ion_style("ca_ion", sec=s), h.ion_style("ca_ion", 3, 2, 1, 0, 1, sec=s),
      h.ion_style("ca_ion", sec=s))
print("names", [m.name() for m in s(0.5)], sorted(s.psection()["ions"]))
print("globals", h.cai0_ca_ion, h.nao0_na_ion)
h.cai0_ca_ion = 2e-4
print("set", h.cai0_ca_ion)
"""


def promote(style, conc, rev):
    """nrn_promote (eion.cpp), written out again for the expected values."""
    c, e = max(style & 3, conc), max((style >> 3) & 3, rev)
    if c > 0 and e < 2:
        e = 2
    out = (style & ~0o177) + c + 8 * e
    if c == 3:
        out += 4 + (64 if e == 2 else 0)
    if c > 0 and e == 2:
        out += 32
    return out


def test_ion_styles_variables_and_globals_as_neuron(tmp_path):
    (tmp_path / "pool.mod").write_text(POOL)
    (tmp_path / "chan.mod").write_text(CHANNEL)
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "pnm", "nrnivmodl", "."], cwd=tmp_path, check=True,
                   capture_output=True, timeout=300, env=env)
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=tmp_path, capture_output=True,
                         text=True, timeout=300, env=env)
    lines = {line.split()[0]: line.split(None, 1)[1] for line in out.stdout.splitlines()}
    hh_na = promote(0, 0, 1)                                   # hh: READ ena WRITE ina
    assert lines["hh-only"] == f"10.0 2.5 50.0 {float(hh_na)} -1.0", out.stderr
    chan = promote(0, 0, 1)                                    # READ eca WRITE ica
    assert lines["chan"] == f"{float(chan)}"
    pool = promote(chan, 3, 0) | 0o200                         # WRITE cai: 0200 flag too
    assert pool == 247
    assigned = 0o200 + 3 + 8 * 2 + 32 + 0 + 4
    assert lines["pool"] == f"{float(pool)} {float(pool)} {float(assigned)}"
    # NEURON 9's order (its property list from the head: newest first, each mechanism's ions
    # just before it; checked with nrnivmodl-built chan.mod and pool.mod)
    assert lines["names"] == ("['ca_ion', 'pool', 'chan', 'k_ion', 'na_ion', 'hh'] "
                              "['ca', 'k', 'na']")
    assert lines["globals"] == "5e-05 140.0"
    assert lines["set"] == "0.0002"
