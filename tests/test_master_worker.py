"""ring128 run master/worker (runworker, prun, gatherspikes, prstat) on 1-4 ranks."""

import re

import pytest

from mpiutil import REPO, requires_mpiexec, run_mpi, describe
from test_parallel import parse_spikes, ring128_expected

pytestmark = requires_mpiexec
SCRIPT = REPO / "examples" / "ring128" / "ring128_master_worker.py"


@pytest.mark.parametrize("nhost", [1, 2, 3, 4])
def test_master_gathers_neurons_500_spikes_and_prstat_has_a_row_per_rank(nhost):
    proc = run_mpi(SCRIPT, nhost, timeout=180)
    assert proc.returncode == 0, describe(proc)
    out = proc.stdout
    assert parse_spikes(out) == ring128_expected()
    waits = re.findall(r"^(\d+) wait time (\S+)$", out, re.M)
    assert sorted(int(r) for r, _ in waits) == list(range(nhost))
    table = out.split("id\t nsmax\t nsend\t nrecv\t nrused\t wait\n")[1].split("end of prstat")[0]
    rows = [line.split("\t") for line in table.strip().splitlines()]
    assert sorted(int(r[0]) for r in rows) == list(range(nhost))
    stats = {int(r[0]): [int(x) for x in r[1:5]] for r in rows}
    if nhost == 1:
        assert stats[0] == [0, 0, 0, 0]
    else:
        # every rank sends its own cells' spikes and receives all 500 (its own included)
        assert sum(s[1] for s in stats.values()) == 500
        assert all(s[2] == 500 and s[0] == 1 for s in stats.values())
    load = out.split("rank  cells")[1].splitlines()[1:nhost + 1]
    assert [int(line.split()[0]) for line in load] == list(range(nhost))
    assert sum(int(line.split()[1]) for line in load) == 128
    if nhost == 2:
        # NEURON 9.0.2 prints "0\t 1\t 250\t 500\t 250\t <wait>" and the same for rank 1
        assert stats == {0: [1, 250, 500, 250], 1: [1, 250, 500, 250]}
