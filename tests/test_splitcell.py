"""Split cells (ParallelNetManager.splitcell, pc.splitcell_connect, pc.multisplit): one cell over
several ranks solved with the accuracy of one rank (issue 13). References: pnm's own unsplit run (same
equations: within 1e-9 mV) and NEURON 9 (the same scripts under `neuron`, serial and
under mpiexec)."""
import json
import re

import numpy as np

import pytest

from conftest import (NEURON_MPI_ENV, checked, describe, neuron_spikes, parse_spikes,
                      require_neuron, run_mpi, run_serial, spike_difference)

# NEURON under mpiexec finds the mpich wheel's library through this variable
NRN_MPI = NEURON_MPI_ENV
TOL = 1e-9      # mV


def cable_result(prefix, nhost):
    """Voltages of every segment each rank has (key "sec(x)") and the detector's spikes."""
    volts, spikes, owners = {}, None, {}
    for rank in range(nhost):
        with open(f"{prefix}.{rank}.json") as f:
            part = json.load(f)
        for key, values in part["v"].items():
            assert key not in owners, f"{key} is on ranks {owners[key]} and {rank}"
            owners[key] = rank
            volts[key] = np.array(values)
        if part["spikes"] is not None:
            spikes = part["spikes"]
    return volts, spikes, owners


def max_difference(ref, got):
    assert set(ref) == set(got), f"segments differ: {sorted(set(ref) ^ set(got))[:5]}"
    return max(float(np.abs(ref[k] - got[k]).max()) for k in ref)


@pytest.fixture(scope="module")
def unsplit_cable(tmp_path_factory):
    out = tmp_path_factory.mktemp("cable") / "unsplit"
    checked(run_serial("split_cable.py", "pnm", "unsplit", out, timeout=900))
    return cable_result(out, 1)


@pytest.mark.parametrize("mode", ["split", "swap", "python_sec"])
def test_split_cable_equals_unsplit(unsplit_cable, tmp_path, mode):
    """21-section tapered hh cable cut between cab[9] and cab[10] on 2 ranks (stimulus on the
    cab[10] piece, spike detector on the other): every voltage of both pieces within 1e-9 mV
    of the unsplit run, same spikes; each segment on exactly one rank."""
    out = tmp_path / mode
    checked(run_mpi("split_cable.py", 2, "pnm", mode, out, timeout=900))
    ref_v, ref_spikes, _ = unsplit_cable
    volts, spikes, owners = cable_result(out, 2)
    stim_rank = 0 if mode != "swap" else 1
    assert owners["cab[20](0.90)"] == stim_rank and owners["cab[0](0.50)"] == 1 - stim_rank
    assert max_difference(ref_v, volts) <= TOL
    assert spikes == ref_spikes and len(spikes) >= 1


def test_split_cable_equals_neuron(unsplit_cable, tmp_path):
    """The same cable under NEURON 9, unsplit and split on 2 ranks: pnm's runs agree."""
    require_neuron()
    out = tmp_path / "nrn_unsplit"
    checked(run_serial("split_cable.py", "neuron", "unsplit", out, timeout=300))
    nrn_v, nrn_spikes, _ = cable_result(out, 1)
    ref_v, ref_spikes, _ = unsplit_cable
    assert max_difference(nrn_v, ref_v) <= TOL and nrn_spikes == ref_spikes
    out = tmp_path / "nrn_split"
    checked(run_mpi("split_cable.py", 2, "neuron", "split", out, timeout=300, env=NRN_MPI))
    nrn_split, nrn_split_spikes, _ = cable_result(out, 2)
    mine = tmp_path / "pnm_split"
    checked(run_mpi("split_cable.py", 2, "pnm", "split", mine, timeout=900))
    pnm_split, pnm_spikes, _ = cable_result(mine, 2)
    assert max_difference(nrn_split, pnm_split) <= TOL
    assert nrn_split_spikes == pnm_spikes == ref_spikes


@pytest.fixture(scope="module")
def network_reference():
    return neuron_spikes("split_network.py")


@pytest.mark.parametrize("nhost, extra", [(1, ()), (2, ()), (2, ("both",)), (3, ())])
def test_split_network_spikes(network_reference, nhost, extra):
    """A ring of 6 cells, two of them split (soma piece with the gid, distal piece with the
    ring's synapse): spikes identical to NEURON's one-process run, on 1, 2 and 3 ranks (and with
    two split cells joined in opposite directions between the same two ranks)."""
    proc = checked(run_mpi("split_network.py", nhost, "pnm", *extra, timeout=900))
    got = parse_spikes(proc.stdout)
    assert len(network_reference) >= 10
    assert got == network_reference, spike_difference(network_reference, got)


@pytest.mark.parametrize("nhost", [2])
def test_split_network_neuron_agrees(network_reference, nhost):
    """NEURON itself on 2 ranks gives its one-process spikes (the script is valid). Not on 3:
    NEURON 9's own split run on 3 ranks of this 2-core machine failed once in a fresh-venv run
    (pnm's 3-rank runs are compared with NEURON's one-process spikes above)."""
    proc = checked(run_mpi("split_network.py", nhost, "neuron", timeout=300, env=NRN_MPI))
    got = parse_spikes(proc.stdout)
    assert got == network_reference, spike_difference(network_reference, got)


@pytest.fixture(scope="module")
def unsplit_branched(tmp_path_factory):
    out = tmp_path_factory.mktemp("branched") / "unsplit"
    checked(run_serial("multisplit_cell.py", "pnm", "-", out, timeout=900))
    return cable_result(out, 1)


def test_branched_cell_unsplit_equals_neuron(unsplit_branched, tmp_path):
    require_neuron()
    out = tmp_path / "nrn"
    checked(run_serial("multisplit_cell.py", "neuron", "-", out, timeout=300))
    nrn_v, nrn_spikes, _ = cable_result(out, 1)
    ref_v, ref_spikes, _ = unsplit_branched
    assert max_difference(nrn_v, ref_v) <= TOL and nrn_spikes == ref_spikes


@pytest.mark.parametrize("nhost, hosts", [(3, "0,1,2"), (4, "0,1,2,3"), (2, "0,1,1,0")])
def test_multisplit_cell_equals_unsplit(unsplit_branched, tmp_path, nhost, hosts):
    """A branched hh cell cut by pc.multisplit into 3 and 4 pieces (plus a branch cut from the
    middle of a segment) on 3, 4 and 2 ranks, with backbones (pieces with two split nodes)
    and two pieces on one rank: every voltage within 1e-9 mV of the unsplit run, same spikes."""
    out = tmp_path / "ms"
    checked(run_mpi("multisplit_cell.py", nhost, "pnm", hosts, out, timeout=900))
    ref_v, ref_spikes, _ = unsplit_branched
    volts, spikes, _ = cable_result(out, nhost)
    assert max_difference(ref_v, volts) <= TOL
    assert spikes == ref_spikes and len(spikes) >= 1


@pytest.fixture(scope="module")
def multisplit_network_reference():
    return neuron_spikes("split_network.py", "ms")


@pytest.mark.parametrize("nhost", [1, 2, 3])
def test_multisplit_network_spikes(multisplit_network_reference, nhost):
    """A ring of 12 cells, the 4 large ones cut by pc.multisplit (soma and distal pieces on
    different ranks, on one rank both pieces together): spikes = NEURON's one-process run."""
    proc = checked(run_mpi("split_network.py", nhost, "pnm", "ms", timeout=900))
    got = parse_spikes(proc.stdout)
    ref = multisplit_network_reference
    assert len(ref) >= 10
    assert got == ref, spike_difference(ref, got)


BAD = {
    "root": "is a root section",
    "not_adjacent": "hostparent must be hostcas + 1 or hostcas - 1",
    "out_of_range": "hostparent = 2 is out of range; ranks are 0 to 1",
    "twice": "already split",
    "midpoint": "connects to cab[2](0.5); splitcell cuts only at a connection point 0 or 1",
    "connect_self": "a piece is joined to another rank",
    "ms_three_sids": "has sids [1, 2, 3]; a piece may have at most two split nodes",
    "ms_loop": "the pieces with sids [1, 2] close a loop",
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_split_errors_on_every_rank(case):
    proc = checked(run_mpi("split_bad_input.py", 2, case, timeout=120))
    # mpiexec forwards both ranks' output through one pipe and may join two ranks' lines
    # ("...another rankrank 0 error: ..."), so split the report at each rank's tag.
    reports = re.split(r"(?=rank \d+ (?:error:|no error))", proc.stdout)
    for rank in range(2):
        line = next((x for x in reports if x.startswith(f"rank {rank} ")), "")
        assert "error:" in line and BAD[case] in line, describe(proc)


def test_not_adjacent_on_three_ranks():
    proc = checked(run_mpi("split_bad_input.py", 3, "not_adjacent", timeout=120))
    assert proc.stdout.count("hostparent must be hostcas + 1 or hostcas - 1") == 3, describe(proc)


def test_one_sided_join_fails_instead_of_hanging():
    """Rank 0 joins a piece to rank 1, which never answers: rank 0's time step gives up after
    the coupling deadline (10 silence limits, at least 10 s) and the job ends with its error."""
    proc = run_mpi("split_bad_input.py", 2, "one_sided", timeout=300, env={"PNM_TIMEOUT": "1"})
    assert proc.returncode != 0, describe(proc)
    assert "split cells: rank 0 waited 10 s for the split node values of rank(s) [1]" \
        in proc.stderr, describe(proc)


def test_multisplit_without_setup_fails_instead_of_hanging():
    proc = run_mpi("split_bad_input.py", 2, "ms_no_setup", timeout=300)
    assert proc.returncode != 0, describe(proc)
    assert "but not pc.multisplit(): every rank must call pc.multisplit()" in proc.stderr, \
        describe(proc)
