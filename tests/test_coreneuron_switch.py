"""`from neuron import coreneuron` (NEURON's CoreNEURON switch): a script that leaves
coreneuron.enable False runs unchanged under `python -m pnm` and gives NEURON's spikes; with
enable True pnm's pc.psolve stops with an error saying it has no CoreNEURON."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SCRIPT = r"""
import sys
from neuron import h, coreneuron
h.load_file("stdrun.hoc")
coreneuron.enable = False
coreneuron.gpu = False
pc = h.ParallelContext()
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 30, 0.3
pc.set_gid2node(0, 0)
pc.cell(0, h.NetCon(soma(0.5)._ref_v, None, sec=soma))
tv, iv = h.Vector(), h.Vector()
pc.spike_record(-1, tv, iv)
pc.set_maxstep(10)
h.stdinit()
pc.psolve(30)
print("spikes", " ".join("%.10g" % x for x in tv))
"""


def run(*cmd):
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("DISPLAY", None)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [line for line in proc.stdout.splitlines() if line.startswith("spikes")]


def test_coreneuron_disabled_runs_unchanged_with_neurons_spikes(tmp_path):
    script = tmp_path / "corenrn.py"
    script.write_text(SCRIPT)
    expected = run(sys.executable, str(script))
    assert len(expected) == 1 and len(expected[0].split()) > 2
    assert run(sys.executable, "-m", "pnm", str(script)) == expected


def test_coreneuron_enabled_is_refused_at_psolve():
    from pnm import coreneuron, h
    pc = h.ParallelContext()
    pc.set_maxstep(10)
    h.stdinit()
    coreneuron.enable = True
    try:
        with pytest.raises(NotImplementedError) as err:
            pc.psolve(1)
        assert "pnm has no CoreNEURON" in str(err.value)
    finally:
        coreneuron.enable = False
