"""ring128.hoc under mpiexec (pnm vs NEURON spike lines) and a hoc template cell used from
Python through h.load_file."""

import os
import re
import subprocess
import tempfile
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOC = os.path.join(HERE, "hoc")
BIN = os.path.dirname(sys.executable)


SPIKE = re.compile(r"^[0-9.e+-]+ [0-9]+ $")


def spike_lines(text):
    """The `print t, gid` lines (NEURON's ranks interleave their echo lines on stdout)."""
    return sorted(line for line in text.splitlines() if SPIKE.match(line))


def nrniv_mpi(n):
    env = dict(os.environ, MPI_LIB_NRN_PATH=os.path.join(os.path.dirname(BIN), "lib",
                                                          "libmpi.so.12"))
    nrniv = os.path.join(BIN, "nrniv")
    if not os.path.exists(nrniv):
        pytest.fail("NEURON's nrniv is required (pip install neuron)")
    return rank_outputs(n, [nrniv, "-mpi", "-nobanner", "ring128.hoc", "-c", "quit()"], env)


def rank_outputs(n, command, env):
    """stdout of every rank, each rank's from its own file (mpiexec forwards the ranks'
    output in chunks, which can split a line of one rank with another's)."""
    with tempfile.TemporaryDirectory() as out_dir:
        pattern = os.path.join(out_dir, "rank.%r.out")
        out = subprocess.run([os.path.join(BIN, "mpiexec"), "-n", str(n), "-outfile-pattern",
                              pattern] + command, cwd=HOC, env=env, capture_output=True,
                             text=True, timeout=600)
        assert out.returncode == 0, out.stderr
        texts = []
        for rank in range(n):
            with open(pattern.replace("%r", str(rank))) as f:
                texts.append(f.read())
    return "\n".join(texts)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_ring128_on_n_ranks_gives_neurons_spikes(n):
    ref = spike_lines(nrniv_mpi(n))
    env = dict(os.environ, PYTHONPATH=ROOT)
    got = rank_outputs(n, [sys.executable, "-m", "pnm", "ring128.hoc", "-c", "quit()"], env)
    assert len(ref) == 500
    assert spike_lines(got) == ref


SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from {mod} import h
h.load_file("stdrun.hoc")
h.load_file({path!r})
cells = [h.BallStick() for i in range(2)]
c = cells[1]
print(c.soma.name(), c.dend.name(), c.dend.nseg, c.syn.hname())
stim = h.NetStim()
stim.number, stim.start = 1, 5
nc = h.NetCon(stim, cells[0].syn)
nc.weight[0], nc.delay = 0.02, 1
out = cells[0].connect2target(cells[1].syn)
out.weight[0], out.delay = 0.02, 1
h("y_from_hoc = 2 * 21")
print(h.y_from_hoc, cells[0].ncount)
vs = h.Vector().record(cells[1].soma(0.5)._ref_v)
h.finitialize(-65)
h.continuerun(40)
print(" ".join("%.6f" % v for v in list(vs)[::40]))
"""


def test_hoc_template_from_python_runs_as_neuron():
    path = os.path.join(HOC, "ballstick.hoc")
    outs = []
    for mod in ("neuron", "pnm"):
        env = dict(os.environ, PYTHONPATH=ROOT)
        r = subprocess.run([sys.executable, "-c",
                            SCRIPT.format(root=ROOT, mod=mod, path=path)],
                           env=env, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout.splitlines())
    ref, got = outs
    assert got[:2] == ref[:2]
    ref_v = [float(x) for x in ref[2].split()]
    got_v = [float(x) for x in got[2].split()]
    assert got_v == pytest.approx(ref_v, abs=1e-6)
