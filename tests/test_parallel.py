"""The parallel layer under mpiexec: same spikes on any number of ranks, NEURON's spikes, and a
clear error with a non-zero exit (never a hang) for bad parallel set-ups. NEURON is required
for the comparisons (conftest.require_neuron fails the test without it)."""

import re

import pytest

from conftest import (NEURON_MPI_ENV, REPO, checked, describe, neuron_spikes, parse_spikes,
                      require_neuron, requires_mpiexec, ring128_expected, run_mpi, run_python,
                      run_refmodel, spike_difference)

pytestmark = requires_mpiexec
RING128 = REPO / "examples" / "ring128" / "ring128.py"
TUTORIAL = REPO / "tests" / "mpi_scripts" / "tutorial_ring_captured.py"


@pytest.mark.parametrize("nhost", [1, 2, 3, 4])
def test_ring128_gives_neurons_500_spikes_on_any_number_of_ranks(nhost):
    proc = run_mpi(RING128, nhost, timeout=180)
    assert proc.returncode == 0, describe(proc)
    spikes = parse_spikes(proc.stdout)
    expected = ring128_expected()
    assert len(expected) == 500
    assert spikes == expected, spike_difference(expected, spikes)


@pytest.fixture(scope="module")
def neuron_tutorial_ring(tmp_path_factory):
    """NEURON's own serial run of the tutorial ring (tests/refmodels/ring_serial.py)."""
    out = tmp_path_factory.mktemp("tutorial_ring") / "ring.npz"
    data, _ = run_refmodel("neuron", REPO / "tests" / "refmodels" / "ring_serial.py", out)
    return sorted(zip(data["spike_t"].tolist(), data["spike_gid"].astype(int).tolist()))


@pytest.mark.parametrize("nhost", [1, 2, 3])
def test_tutorial_parallel_ring_gives_neurons_14_spikes(nhost, tmp_path, neuron_tutorial_ring):
    proc = run_mpi(TUTORIAL, nhost, str(tmp_path), timeout=300)
    assert proc.returncode == 0, describe(proc)
    spikes = sorted((float(t), int(g)) for _, g, t in
                    (line.split() for line in proc.stdout.splitlines() if line.startswith("SPIKE")))
    assert len(neuron_tutorial_ring) == 14
    assert spikes == neuron_tutorial_ring, spike_difference(neuron_tutorial_ring, spikes)


# (the NetCon given to pc.cell is freed at once, so the gid_connect one is NetCon[0], as NEURON
#  numbers it: indices restart once no NetCon is alive)
CROSS_RANK_DELAY = [
    "a NetCon between ranks has delay {d} <= 0 or < dt (0.025)",
    "NetCon[0] from gid 1 (rank 0 target IntFire1[0]) has delay {d}",
    "increase the delay or put source and target on the same rank"]

# the parts each message must contain: the object and what was given, then what to do
BAD = {
    "dup_gid": ["ValueError: ParallelContext: gid 7 is owned by ranks [0, 1]",
                "each gid must live on exactly one rank (check set_gid2node/round_robin)"],
    "unowned_gid": ["ValueError: ParallelContext: rank 0 has gid_connect from gid 99, which "
                    "no rank owns",
                    "(set_gid2node(99, rank) and pc.cell on the owner, replay its spikes with a "
                    "PatternStim, or remove the connection)"],
    "zero_delay": ["ValueError: set_maxstep: "] + [p.format(d="0.0") for p in CROSS_RANK_DELAY],
    "small_delay": ["ValueError: set_maxstep: "] + [p.format(d="0.01") for p in CROSS_RANK_DELAY],
    "synid": ["IndexError: nc_append(..., synapse_id=5): BallAndStick[0] has 1 synapses in "
              "synlist", "(valid ids 0..0, or -1 for an artificial cell)"],
    "no_connect2target": ["TypeError: register_cell(0, <", "NoConnect has no connect2target",
                          "NetworkReadyCell subclasses must define connect2target(target, nc)",
                          "or wrap an artificial cell with ArtificialCell"],
    "no_synlist": ["TypeError: register_cell(0, <", "NoSynlist has no synlist",
                   "NetworkReadyCell subclasses must keep their synapses in a list "
                   "self.synlist"],
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_parallel_setup_ends_every_rank_with_a_clear_error(case):
    """run_mpi's timeout is the no-hang check: it kills the job and fails the test."""
    proc = run_mpi(REPO / "tests" / "mpi_scripts" / "par_bad_input.py", 2, case, timeout=60)
    assert proc.returncode != 0, describe(proc)
    assert "NO ERROR" not in proc.stdout
    for part in BAD[case]:
        assert part in proc.stderr, f"{part!r} not in the error\n{describe(proc)}"


def test_nc_append_cases_give_the_same_spikes_on_1_2_3_ranks():
    """Real, wrapped-artificial and bare artificial cells; targets here with sources elsewhere,
    sources here only, neither: every cell fires, and the spikes do not depend on nhost."""
    script = REPO / "tests" / "mpi_scripts" / "pnm_mixed.py"
    outs = []
    for nhost in (1, 2, 3):
        proc = run_mpi(script, nhost, timeout=180)
        assert proc.returncode == 0, describe(proc)
        outs.append(parse_spikes(proc.stdout))
    assert {gid for _, gid in outs[0]} == set(range(8))
    assert outs[0] == outs[1] == outs[2]


@pytest.mark.parametrize("nhost", [1, 2, 3])
def test_parallel_context_api_collectives_gids_and_statistics(nhost):
    """allreduce/allgather/py_* collectives, gid_exists 0-3, threshold, gid2obj, spike_record
    with -1 and a Vector of gids, set_maxstep's return, spike_statistics."""
    proc = run_mpi(REPO / "tests" / "mpi_scripts" / "pc_api.py", nhost, timeout=120)
    assert proc.returncode == 0, describe(proc)
    assert proc.stdout.count("OK") == nhost


@pytest.mark.parametrize("nhost", [2, 3])
def test_max_histogram_counts_the_most_spikes_any_rank_sent(nhost):
    """pc.max_histogram(vec) on a network whose per-exchange spike counts are known by
    construction (tests/mpi_scripts/max_histogram.py: 5 spikes from rank 0 in one exchange,
    3 from rank 1 in another; NEURON 9 gives those same two non-empty bins)."""
    proc = run_mpi(REPO / "tests" / "mpi_scripts" / "max_histogram.py", nhost, timeout=180)
    assert proc.returncode == 0, describe(proc)
    assert proc.stdout.count("OK") == nhost


@pytest.mark.parametrize("nhost", [1, 2])
def test_spike_compress_answers_as_neuron_and_keeps_the_spikes(nhost):
    """pc.spike_compress's return values and a ring's spikes after it, as NEURON 9's
    (tests/mpi_scripts/spike_compress.py; NEURON under mpiexec with its MPI library)."""
    script = REPO / "tests" / "mpi_scripts" / "spike_compress.py"
    require_neuron()
    expected = checked(run_mpi(script, nhost, "neuron", timeout=180, env=NEURON_MPI_ENV))
    got = checked(run_mpi(script, nhost, "pnm", timeout=180))
    pick = [line for line in expected.stdout.splitlines() if line.startswith(("values", "spikes"))]
    assert len(pick) == 2 and pick[1] != "spikes 0"
    assert [line for line in got.stdout.splitlines() if line.startswith(("values", "spikes"))] \
        == pick


TIES = REPO / "tests" / "mpi_scripts" / "tie_network.py"


TIE_VARIANTS = [["5"], ["2", "mixed"]]   # artificial cells only; with real cells too


@pytest.mark.parametrize("variant", TIE_VARIANTS)
def test_equal_time_events_follow_neurons_order_in_a_serial_model(variant):
    """Without ParallelContext pnm reproduces NEURON's queue order for equal-time events
    exactly (FIFO with NEURON's held-least quirk): the tie-heavy network, wired with plain
    NetCons, gives NEURON's spike list."""
    reference = neuron_spikes(TIES, *variant, "serial")
    proc = checked(run_python(TIES, "pnm", *variant, "serial", timeout=300))
    spikes = parse_spikes(proc.stdout)
    assert len(reference) > 300
    assert spikes == reference, spike_difference(reference, spikes)


@pytest.mark.parametrize("variant", TIE_VARIANTS)
def test_equal_time_events_under_parallel_context_on_one_rank_follow_neuron(variant):
    """With a ParallelContext on one rank pnm keeps NEURON's queue order too: the tie-heavy
    network of gids (pc.cell, gid_connect, psolve) gives NEURON's one-process spike list
    (ModelDB 83319's cubadv, a ParallelNetManager program, is the public case)."""
    reference = neuron_spikes(TIES, *variant)
    proc = checked(run_python(TIES, "pnm", *variant, timeout=300))
    spikes = parse_spikes(proc.stdout)
    assert len(reference) > 300
    assert spikes == reference, spike_difference(reference, spikes)


@pytest.mark.parametrize("variant", TIE_VARIANTS)
def test_equal_time_event_order_does_not_depend_on_the_number_of_ranks(variant):
    """On more than one rank equal-time events go in the canonical order, so the tie-heavy
    network gives one spike list on 2, 3 and 4 ranks (NEURON's own differ: 609, 604 and
    625 spikes on 1, 2 and 3 ranks for seed 5). Real cells take simultaneous events in
    one synapse, whose conductance sum depends on their order."""
    runs = []
    for nhost in (2, 3, 4):
        proc = run_mpi(TIES, nhost, "pnm", *variant, timeout=180)
        assert proc.returncode == 0, describe(proc)
        runs.append(parse_spikes(proc.stdout))
    assert len(runs[0]) > 300
    assert runs[0] == runs[1] == runs[2]


@pytest.mark.parametrize("nhost", [2, 3])
def test_canonical_order_of_equal_time_events(nhost):
    """The documented order, case by case (a spike at t = 6 iff the excitatory event goes
    first): earlier sent first; then the lower source gid; then NetCon creation order. The
    sources live on rank 0 and the targets on the last rank."""
    proc = run_mpi(REPO / "tests" / "mpi_scripts" / "tie_order.py", nhost, timeout=120)
    assert proc.returncode == 0, describe(proc)
    got = dict(line.split() for line in proc.stdout.splitlines())
    assert got == {"exc_lower_gid": "1", "inh_lower_gid": "0", "exc_sent_first": "1",
                   "inh_sent_first": "0", "exc_netcon_first": "1"}


AFTER = REPO / "tests" / "mpi_scripts" / "after_maxstep.py"


@pytest.mark.parametrize("nhost", [2, 3])
def test_a_netstim_made_on_one_rank_after_set_maxstep_neither_hangs_nor_changes_spikes(nhost):
    """psolve's network check is collective on every call, so a rank whose model did not
    change takes part too (it used to wait in the exchange until the 20 s deadline, which then
    ended the job with an error: the exit code catches it, no clock needed)."""
    proc = run_mpi(AFTER, nhost, "pnm", "stim_after", timeout=120, env={"PNM_TIMEOUT": "20"})
    assert proc.returncode == 0, describe(proc)
    spikes = parse_spikes(proc.stdout)
    reference = neuron_spikes(AFTER, "stim_after")
    assert len(reference) > 20
    assert spikes == reference, spike_difference(reference, spikes)


@pytest.mark.parametrize("nhost", [2, 3])
def test_delays_shortened_after_set_maxstep_give_neurons_spikes(nhost):
    """Every ring delay becomes 0.5 ms after set_maxstep(10) chose a 2 ms interval: psolve
    derives the interval again, so the spikes are NEURON's one-process spikes."""
    proc = run_mpi(AFTER, nhost, "pnm", "delay", "0.5", timeout=120)
    assert proc.returncode == 0, describe(proc)
    spikes = parse_spikes(proc.stdout)
    reference = neuron_spikes(AFTER, "delay", "0.5")
    assert len(reference) > 20
    assert spikes == reference, spike_difference(reference, spikes)


def test_a_cross_rank_delay_set_to_0_after_set_maxstep_is_an_error_at_psolve():
    proc = run_mpi(AFTER, 2, "pnm", "delay", "0", timeout=60)
    assert proc.returncode != 0, describe(proc)
    for part in ["ValueError: psolve: a NetCon between ranks has delay 0.0 <= 0 or < dt (0.025)",
                 "from gid 1 (rank 0 target IntFire1[1]) has delay 0.0",
                 "increase the delay or put source and target on the same rank"]:
        assert part in proc.stderr, f"{part!r} not in the error\n{describe(proc)}"


def test_exchange_overflow_round_gives_neurons_spikes_on_1_2_3_ranks():
    """Up to ~130 spikes per rank in one interval: more than the fixed-size round's 64, so
    the Allgatherv round runs (and the buffer grows)."""
    script = REPO / "tests" / "mpi_scripts" / "burst.py"
    runs = []
    for nhost in (1, 2, 3):
        proc = run_mpi(script, nhost, "pnm", timeout=180)
        assert proc.returncode == 0, describe(proc)
        runs.append(parse_spikes(proc.stdout))
        if nhost > 1:
            grown = int(re.search(r"exchange buffer (\d+)", proc.stderr).group(1))
            assert grown > 64, proc.stderr
    reference = neuron_spikes(script)
    assert len(reference) > 1000
    for nhost, spikes in zip((1, 2, 3), runs):
        assert spikes == reference, f"{nhost} ranks: {spike_difference(reference, spikes)}"


@pytest.mark.parametrize("nhost", [1, 3])
def test_manager_create_cell_takes_a_callable_or_hoc_expression_and_serialize_goes_in_rank_order(nhost, tmp_path):
    proc = run_mpi(REPO / "tests" / "mpi_scripts" / "manager_misc.py", nhost,
                   str(tmp_path / "order.txt"), timeout=120)
    assert proc.returncode == 0, describe(proc)
    assert proc.stdout.count("OK") == nhost
