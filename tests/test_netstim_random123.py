"""Noisy NetStims draw NEURON 9's Random123 numbers: the spikes of a noisy NetStim network
equal NEURON's, bit for bit, for the default stream ids (1, rank, k), noiseFromRandom123 with
two and three ids, and noiseFromRandom(r) with a Random123 Random and a global index; on 2
ranks the default ids depend on the rank exactly as NEURON's do, and gid-based ids give the
same spikes on 1 and 2 ranks."""

import pytest

from conftest import (NEURON_MPI_ENV, checked, neuron_spikes, parse_spikes,  # noqa: F401
                      requires_mpiexec, run_mpi, run_serial, spike_difference)

SCRIPT = "noisy_netstims.py"
NEURON_MPI = NEURON_MPI_ENV


def pnm_spikes(mode, nprocs=1):
    if nprocs == 1:
        proc = checked(run_serial(SCRIPT, "pnm", mode, timeout=600))
    else:
        proc = checked(run_mpi(SCRIPT, nprocs, "pnm", mode, timeout=600))
    return parse_spikes(proc.stdout)


@pytest.mark.parametrize("mode", ["default", "gid", "two", "random"])
def test_serial_noisy_netstims_equal_neuron(mode):
    expected = neuron_spikes(SCRIPT, mode)
    got = pnm_spikes(mode)
    assert len(expected) > 500
    assert got == expected, spike_difference(expected, got)


def test_two_ranks_default_ids_depend_on_rank_as_in_neuron():
    import os
    env = {k: v for k, v in NEURON_MPI.items() if os.path.exists(v)}
    expected = parse_spikes(checked(run_mpi(SCRIPT, 2, "neuron", "default", timeout=600,
                                            env=env)).stdout)
    got = pnm_spikes("default", 2)
    assert got == expected, spike_difference(expected, got)
    assert got != pnm_spikes("default", 1)     # the ids (1, rank, k) changed with the ranks


def test_gid_based_ids_give_the_same_spikes_on_1_and_2_ranks():
    expected = neuron_spikes(SCRIPT, "gid")
    got = pnm_spikes("gid", 2)
    assert got == expected, spike_difference(expected, got)
