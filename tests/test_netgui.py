"""NetGUI exports (tests/netgui/net*.hoc, in the two forms NEURON's NetGUI writes) run as they
are: serially under `python -m pnm` with the output of `nrniv` (spikes exact, voltages within
1e-6 mV), and distributed by pnm.netgui.load on 1, 2 and 3 ranks with NEURON's serial spikes."""

import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NETGUI = os.path.join(HERE, "netgui")
BIN = os.path.dirname(sys.executable)
SCRIPT = os.path.join(HERE, "mpi_scripts", "netgui_load.py")

# export -> (tstop of its driver, IClamp the driver adds: gid, del, dur, amp; its cell count)
EXPORTS = {
    "net1_intfire1": ("60", (), 4),
    "net2_ballstick": ("50", (), 4),
    "net3_mixed": ("80", ("5", "30", "5", "0.3"), 6),
    "net4_ring": ("100", (), 9),
}


def run(cmd, timeout=600):
    env = dict(os.environ, PYTHONPATH=ROOT)
    r = subprocess.run(cmd, cwd=NETGUI, env=env, capture_output=True, text=True,
                       timeout=timeout)
    assert r.returncode == 0, f"{' '.join(cmd)} failed:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}"
    return r


def nrniv_driver(name):
    nrniv = os.path.join(BIN, "nrniv")
    if not os.path.exists(nrniv):
        pytest.fail("NEURON's nrniv is required to compute the expected output "
                    "(pip install neuron)")
    return run([nrniv, "-nobanner", f"run_{name}.hoc", "-c", "quit()"]).stdout


def spikes(text):
    return sorted((float(t), int(g)) for t, g in re.findall(r"^spike (\S+) (\d+)$", text, re.M))


def assert_same_output(ref, got):
    """Line by line: echo and spike lines exactly, `v t v1 v2` lines within 1e-6 mV."""
    ref_lines, got_lines = ref.splitlines(), got.splitlines()
    assert len(got_lines) == len(ref_lines), (ref, got)
    for a, b in zip(ref_lines, got_lines):
        if a.startswith("v "):
            va, vb = a.split(), b.split()
            assert va[:2] == vb[:2], (a, b)
            for x, y in zip(va[2:], vb[2:]):
                assert abs(float(x) - float(y)) <= 1e-6, (a, b)
        else:
            assert a == b


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_runs_serially_as_nrniv(name):
    ref = nrniv_driver(name)
    got = run([sys.executable, "-m", "pnm", f"run_{name}.hoc", "-c", "quit()"]).stdout
    assert spikes(ref), "the driver printed no spikes"
    assert_same_output(ref, got)


@pytest.mark.parametrize("nranks", [1, 2, 3])
@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_load_distributed_gives_neurons_serial_spikes(name, nranks):
    ref = spikes(nrniv_driver(name))
    tstop, clamp, ncell = EXPORTS[name]
    r = run([os.path.join(BIN, "mpiexec"), "-n", str(nranks), sys.executable, SCRIPT,
             f"{name}.hoc", tstop, *clamp])
    assert spikes(r.stdout) == ref
    # round-robin: rank r owns gids r, r + n, ...; it built only those cells
    owned = dict(re.findall(r"^rank (\d+) owns (\[.*?\]) built", r.stderr, re.M))
    assert len(owned) == nranks
    for rank, gids in owned.items():
        assert eval(gids) == list(range(int(rank), ncell, nranks))
    # hoc's cells.object(gid): the cell on the rank that owns gid, NULLobject on the others
    held = dict((rank, (count, gids)) for rank, count, gids in
                re.findall(r"^rank (\d+) cells count (\d+) holds (\[.*?\])$", r.stderr, re.M))
    assert len(held) == nranks
    for rank, (count, gids) in held.items():
        assert int(count) == ncell and eval(gids) == eval(owned[rank])


def test_load_builds_only_the_cells_of_its_rank():
    r = run([os.path.join(BIN, "mpiexec"), "-n", "2", sys.executable, SCRIPT,
             "net2_ballstick.hoc", "5"])
    built = dict(re.findall(r"^rank (\d+) owns \[.*?\] built (\{.*\})$", r.stderr, re.M))
    # cells 0 (SE_NetStim), 2 (B_BallStick) on rank 0; 1 (SI_NetStim), 3 (B_BallStick) on rank 1
    assert eval(built["0"]) == {"B_BallStick": 1, "SE_NetStim": 1, "SI_NetStim": 0}
    assert eval(built["1"]) == {"B_BallStick": 1, "SE_NetStim": 0, "SI_NetStim": 1}


def test_load_rejects_a_file_without_cell_append(tmp_path):
    path = tmp_path / "notnet.hoc"
    path.write_text("x = 1\n")
    r = subprocess.run([sys.executable, "-c", f"import pnm.netgui; pnm.netgui.load({str(path)!r})"],
                       env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True, text=True,
                       timeout=300)
    assert r.returncode != 0
    assert "no cell_append" in r.stderr and "notnet.hoc" in r.stderr
