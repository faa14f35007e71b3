"""ring128 run master/worker (runworker, prun, gatherspikes, prstat) on 1-4 ranks."""

import re

import pytest

from conftest import (REPO, describe, parse_spikes, requires_mpiexec, ring128_expected, run_mpi,
                      spike_difference)

pytestmark = requires_mpiexec
SCRIPT = REPO / "examples" / "ring128" / "ring128_master_worker.py"


@pytest.mark.parametrize("nhost", [1, 2, 3, 4])
def test_master_gathers_neurons_500_spikes_and_prstat_has_a_row_per_rank(nhost):
    proc = run_mpi(SCRIPT, nhost, timeout=180)
    assert proc.returncode == 0, describe(proc)
    out = proc.stdout
    expected = ring128_expected()
    assert parse_spikes(out) == expected, spike_difference(expected, parse_spikes(out))
    waits = re.findall(r"^(\d+) wait time (\S+)$", out, re.M)
    assert sorted(int(r) for r, _ in waits) == list(range(nhost))
    table = out.split("id\t nsmax\t nsend\t nrecv\t nrused\t wait\n")[1].split("end of prstat")[0]
    rows = [line.split("\t") for line in table.strip().splitlines()]
    assert sorted(int(r[0]) for r in rows) == list(range(nhost))
    stats = {int(r[0]): [int(x) for x in r[1:5]] for r in rows}
    assert stats == prstat_expected(expected, nhost)
    load = out.split("rank  cells")[1].splitlines()[1:nhost + 1]
    assert [int(line.split()[0]) for line in load] == list(range(nhost))
    assert sum(int(line.split()[1]) for line in load) == 128


def prstat_expected(spikes, nhost):
    """prstat's nsmax, nsend, nrecv, nrused per rank, derived from the spikes: round_robin puts
    gid k on rank k % nhost; one spike travels the ring at a time, 2 ms (one exchange interval)
    apart, so a rank sends at most 1 per exchange; it sends its own cells' spikes, receives
    every spike (its own included: the exchange is an allgather) and uses those whose target
    k + 1 lives on it. One rank exchanges nothing. (For 2 ranks NEURON 9.0.2 prints
    "0\t 1\t 250\t 500\t 250" and the same for rank 1.)"""
    if nhost == 1:
        return {0: [0, 0, 0, 0]}
    return {r: [1, sum(1 for _, gid in spikes if gid % nhost == r), len(spikes),
                sum(1 for _, gid in spikes if (gid + 1) % 128 % nhost == r)]
            for r in range(nhost)}
