"""Smoke test of benchmarks/ballstick_net.py: ncell = 20, tstop = 100 ms under pnm gives exactly
NEURON's spikes (sorted (t, gid)). pnm runs with the ParallelContext idiom when
pnm.parallel.context exists, otherwise with --no-pc (plain NetCons)."""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "benchmarks", "ballstick_net.py")
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

import ballstick_net  # noqa: E402

PNM_PC = ballstick_net.has_pnm_pc()


def _worker(backend, tmp_path, no_pc, ncell=20, tstop=100):
    out = tmp_path / f"{backend}_{'nopc' if no_pc else 'pc'}.json"
    cmd = [sys.executable, SCRIPT, "--worker", backend, "--ncell", str(ncell),
           "--tstop", str(tstop), "--seed", "3", "--out", str(out)]
    if no_pc:
        cmd.append("--no-pc")
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    with open(out) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def neuron_spikes(tmp_path_factory):
    pytest.importorskip("neuron")
    return _worker("neuron", tmp_path_factory.mktemp("bench"), no_pc=False)


def test_plan_is_seeded_and_valid():
    a = ballstick_net.network_plan(20, 3)
    b = ballstick_net.network_plan(20, 3)
    for x, y in zip(a, b):
        assert (x == y).all()
    start, interval, sources = a
    assert sources.shape == (20, 19)          # NCONN = 20 capped at ncell - 1
    for gid in range(20):
        assert gid not in sources[gid] and len(set(sources[gid])) == sources.shape[1]
    assert ((interval >= 25) & (interval <= 50)).all() and (start >= 5).all()


@pytest.mark.parametrize("no_pc", [pytest.param(False, marks=pytest.mark.skipif(
    not PNM_PC, reason="pnm.parallel.context not available yet")), True],
    ids=["pnm_pc", "pnm_no_pc"])
def test_pnm_spikes_equal_neuron(neuron_spikes, tmp_path, no_pc):
    ref = neuron_spikes
    got = _worker("pnm", tmp_path, no_pc=no_pc)
    assert ref["nspike"] > 20, "the network should be active"
    gids = {g for _, g in ref["spikes"]}
    assert len(gids) == 20, "every cell should fire"
    same, msg = ballstick_net.compare_spikes(ref["spikes"], got["spikes"])
    assert same, msg


@pytest.mark.parametrize("nhost", [1, 2, 3])
def test_benchmark_network_on_several_ranks_gives_neurons_spikes(neuron_spikes, tmp_path, nhost):
    """The engine issue's benchmark network, 20 cells, under mpiexec: the spikes gathered from
    all ranks equal NEURON's single-process run (and so each other)."""
    from mpiutil import run_mpi, describe, MPIEXEC
    if MPIEXEC is None:
        pytest.skip("mpiexec not found")
    out = tmp_path / f"pnm_{nhost}.json"
    proc = run_mpi(SCRIPT, nhost, "--worker", "pnm", "--mpi", "--ncell", "20", "--tstop", "100",
                   "--seed", "3", "--out", str(out), timeout=300)
    assert proc.returncode == 0, describe(proc)
    with open(out) as f:
        got = json.load(f)
    same, msg = ballstick_net.compare_spikes(neuron_spikes["spikes"], got["spikes"])
    assert same, msg
