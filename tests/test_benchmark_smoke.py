"""Smoke test of benchmarks/ballstick_net.py: ncell = 20, tstop = 100 ms under pnm gives exactly
NEURON's spikes (sorted (t, gid)), with the ParallelContext idiom (one process and under
mpiexec) and with plain NetCons (--no-pc). NEURON is required."""

import json
import sys

import pytest

from conftest import (REPO, checked, describe, require_neuron, requires_mpiexec, run_mpi,
                      run_python, spike_difference)

SCRIPT = REPO / "benchmarks" / "ballstick_net.py"
sys.path.insert(0, str(REPO / "benchmarks"))

import ballstick_net  # noqa: E402


def _worker(backend, tmp_path, no_pc, ncell=20, tstop=100):
    out = tmp_path / f"{backend}_{'nopc' if no_pc else 'pc'}.json"
    args = ["--worker", backend, "--ncell", ncell, "--tstop", tstop, "--seed", 3, "--out", out]
    if no_pc:
        args.append("--no-pc")
    checked(run_python(SCRIPT, *args, timeout=600))
    with open(out) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def neuron_spikes(tmp_path_factory):
    require_neuron()
    ref = _worker("neuron", tmp_path_factory.mktemp("bench"), no_pc=False)
    assert ref["nspike"] > 20, "the network should be active"
    assert len({g for _, g in ref["spikes"]}) == 20, "every cell should fire"
    return ref["spikes"]


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


@pytest.mark.parametrize("no_pc", [False, True], ids=["pnm_pc", "pnm_no_pc"])
def test_pnm_spikes_equal_neuron(neuron_spikes, tmp_path, no_pc):
    got = _worker("pnm", tmp_path, no_pc=no_pc)["spikes"]
    assert got == neuron_spikes, spike_difference(neuron_spikes, got)


@requires_mpiexec
@pytest.mark.parametrize("nhost", [1, 2, 3])
def test_benchmark_network_on_several_ranks_gives_neurons_spikes(neuron_spikes, tmp_path, nhost):
    """The engine issue's benchmark network, 20 cells, under mpiexec: the spikes gathered from
    all ranks equal NEURON's single-process run (and so each other)."""
    out = tmp_path / f"pnm_{nhost}.json"
    proc = run_mpi(SCRIPT, nhost, "--worker", "pnm", "--mpi", "--ncell", "20", "--tstop", "100",
                   "--seed", "3", "--out", str(out), timeout=300)
    assert proc.returncode == 0, describe(proc)
    with open(out) as f:
        got = json.load(f)["spikes"]
    assert got == neuron_spikes, spike_difference(neuron_spikes, got)
