"""h.PatternStim (NEURON's pattern.mod): a sorted spike pattern of virtual input gids replayed
into hh cells through pc.gid_connect gives NEURON's spikes on 1 rank, and the same on 2 ranks
(tests/mpi_scripts/pattern_replay.py; 3 ranks checked by hand); a pattern out of time order
is refused."""

import pytest

from conftest import (checked, neuron_spikes, parse_spikes, requires_mpiexec,  # noqa: F401
                      run_mpi, run_serial, spike_difference)

SCRIPT = "pattern_replay.py"


@pytest.fixture(scope="module")
def expected():
    spikes = neuron_spikes(SCRIPT)
    assert len(spikes) >= 8 and len({g for _, g in spikes}) == 4, spikes
    return spikes


def test_pattern_replay_equals_neuron(expected):
    got = parse_spikes(checked(run_serial(SCRIPT, "pnm", timeout=600)).stdout)
    assert got == expected, spike_difference(expected, got)


@pytest.mark.parametrize("nprocs", [2])
def test_pattern_replay_on_several_ranks(expected, nprocs):
    got = parse_spikes(checked(run_mpi(SCRIPT, nprocs, "pnm", timeout=600)).stdout)
    assert got == expected, spike_difference(expected, got)


def test_pattern_out_of_time_order_is_refused():
    from pnm import h
    ps = h.PatternStim()
    with pytest.raises(ValueError, match=r"tvec must be in time order \(tvec\[2\] = 1"):
        ps.play(h.Vector([1, 3, 1]), h.Vector([5, 5, 5]))
