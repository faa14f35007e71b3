"""Gap junctions through ParallelContext.source_var / target_var / setup_transfer, against
NEURON 9 with the same .mod files built by nrnivmodl (tests/nmodl/gap_mods: GapA, vgap
ASSIGNED; GapP, vgap a POINTER, which NEURON refuses as a target).

tests/nmodl/gap_cells.py: three hh cells, cell 0 driven by an IClamp, cells 1 and 2 only
through gaps (sources and targets declared from Python and from hoc). One NEURON run on one
rank is the reference for pnm on 1, 2 and 3 ranks (on 2 and 3 every gap joins cells on
different ranks): the same spikes, traces within 1e-6 mV. tests/nmodl/gap_errors.py: each
misuse is refused by NEURON and by pnm, pnm's message holding NEURON's words."""

import json

import numpy as np
import pytest

from conftest import (NEURON_MPI_ENV, REPO, build_copy, checked, require_neuron, run_mpi,
                      run_python)

HERE = REPO / "tests" / "nmodl"
MODEL = str(HERE / "gap_cells.py")
ERRORS = str(HERE / "gap_errors.py")
NEURON_MPI = NEURON_MPI_ENV
pytestmark = pytest.mark.timeout(1800)


@pytest.fixture(scope="module")
def build():
    """tests/nmodl/build_gaps (not committed), kept between sessions so that numba's cache
    of the mechanisms' hooks is found again."""
    require_neuron()
    return build_copy(HERE / "gap_mods", HERE / "build_gaps", timeout=900)


def run(backend, build, out, nprocs=None):
    if nprocs is None:
        checked(run_python(MODEL, backend, build, out, timeout=1200))
    else:
        checked(run_mpi(MODEL, nprocs, backend, build, out, timeout=1200))
    with open(out) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def neuron_result(build, tmp_path_factory):
    return run("neuron", build, str(tmp_path_factory.mktemp("nrn") / "neuron.json"))


def assert_same(got, expected):
    assert got["spikes"] == expected["spikes"]
    assert sorted(got["traces"]) == sorted(expected["traces"])
    for key, trace in expected["traces"].items():
        np.testing.assert_allclose(got["traces"][key], trace, rtol=0, atol=1e-6, err_msg=key)


def test_reference_has_every_cell_spiking_through_gaps(neuron_result):
    spikes = neuron_result["spikes"]
    assert {g for g, _t in spikes} == {0, 1, 2} and len(spikes) >= 9, spikes
    # a target holds its source's voltage of the step before: the gap really is fed
    traces = neuron_result["traces"]
    assert traces["1.soma.vgap"][1:] == traces["0.v"][1:]


def test_gaps_on_one_rank_equal_neuron(build, neuron_result, tmp_path):
    assert_same(run("pnm", build, str(tmp_path / "pnm.json")), neuron_result)


@pytest.mark.parametrize("nprocs", [2, 3])
def test_gaps_across_ranks_equal_neuron(build, neuron_result, tmp_path, nprocs):
    assert_same(run("pnm", build, str(tmp_path / f"pnm{nprocs}.json"), nprocs), neuron_result)


# case -> the words of NEURON's message, which pnm's must contain too
ERROR_CASES = {
    "duplicate_source": "source var sgid 5 already in use",
    "no_source": "No source_var for target_var sid = 7",
    "negative_sgid": "arg 2 is -2",
    "source_not_in_section": "Pointer to src is not in the currently accessed section soma",
    "hoc_source_not_in_section": "Pointer to src is not in the currently accessed section hsoma",
    "target_not_in_point_process": "Target ref not in GapA[0]",
    "target_pointer_unset": "Invalid pointer",
    "no_setup_transfer": "ParallelContext.setup_transfer() needs to be called",
    "declared_after_setup": "ParallelContext.setup_transfer() needs to be called",
}


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_misuse_is_refused_as_neuron_refuses_it(build, case):
    words = ERROR_CASES[case]
    ref = run_python(ERRORS, "neuron", build, case, timeout=300)
    assert "raised:" in ref.stdout and words in ref.stdout + ref.stderr, (ref.stdout, ref.stderr)
    got = checked(run_python(ERRORS, "pnm", build, case, timeout=600))
    raised = [line for line in got.stdout.splitlines() if line.startswith("raised:")]
    assert raised and words in raised[0], got.stdout + got.stderr


def test_impedance_with_gaps_is_refused_rather_than_different(build):
    got = checked(run_python(ERRORS, "pnm", build, "impedance_with_gaps", timeout=600))
    assert "raised: Impedance[0].compute(10): the model has gap junctions" in got.stdout, \
        got.stdout + got.stderr


def test_sgid_published_on_two_ranks_is_refused_on_every_rank(build):
    ref = run_mpi(ERRORS, 2, "neuron", build, "duplicate_source_across_ranks", timeout=300,
                  env=NEURON_MPI)
    assert "key 3 owned by multiple ranks" in ref.stdout + ref.stderr
    got = checked(run_mpi(ERRORS, 2, "pnm", build, "duplicate_source_across_ranks",
                          timeout=600))
    # each rank's report is one write, but mpiexec may still join two on one line
    raised = sorted("raised:" + part.split("\n")[0] for part in got.stdout.split("raised:")[1:])
    assert [line.split("(rank ")[1][:1] for line in raised] == ["0", "1"], got.stdout
    assert all("source var sgid 3 already in use (source_var on ranks 0 and 1)" in line
               for line in raised), got.stdout
