"""cvode.use_fast_imem(1) and i_membrane_ (pnm/engine/fastimem.py) against NEURON 9.

- tests/model_scripts/fast_imem.py (ball and stick: hh soma, pas dendrite with nseg 5,
  IClamps, ExpSyns from a NetStim, point processes at zero-area end nodes) under both: every
  node's i_membrane_ recorded with Vector.record (also at a time Vector's times), read after
  finitialize and after one step; fixed step (secondorder 0, 1, 2) and variable step.
- tests/hoc/lang_fast_imem.hoc (hoc's i_membrane_(x), &i_membrane_(x), errors) runs in
  test_hoc_language's suite, which compares its output with nrniv's.
- tests/mpi_scripts/fast_imem_parallel.py: a ring of 4 cells by gid on 1 and 2 ranks
  against NEURON on one process, and cells cut by pc.multisplit and by
  ParallelNetManager.splitcell on 2 ranks against NEURON on 2 ranks.

Tolerance: 1e-9 nA absolute plus 1e-9 relative. pnm does NEURON's arithmetic in NEURON's
order, so the measured differences are 0 except on the multisplit cell (5e-12 nA, the split
solve's summation order); the smallest current a modelling difference would change (one
ExpSyn's, the capacitive current of one step) is above 1e-6 nA, so the test can fail on any
real difference, and not on rounding that a platform's floating point may move.
(Measured: 0.0 nA everywhere but the multisplit cell, 4.9e-12 nA there.)"""

import json
import math
import subprocess

import pytest

from conftest import (NEURON_MPI_ENV, REPO, checked, require_neuron, requires_mpiexec, run_mpi,
                      run_serial)
from nrn_compare import neuron_python, run_under_neuron, run_under_pnm

SCRIPT = str(REPO / "tests" / "model_scripts" / "fast_imem.py")
# NEURON under mpiexec finds the mpich wheel's library through this variable
NRN_MPI = NEURON_MPI_ENV
ABS, REL = 1e-9, 1e-9


def close(a, b):
    return abs(a - b) <= ABS + REL * max(abs(a), abs(b))


def mismatches(expected, got):
    bad = []
    for key, e in expected.items():
        g = got.get(key)
        if isinstance(e, list):
            if not isinstance(g, list) or len(e) != len(g):
                bad.append(f"{key}: NEURON {len(e)} values, pnm {g if g is None else len(g)}")
            elif not all(close(x, y) for x, y in zip(e, g)):
                k = next(k for k, (x, y) in enumerate(zip(e, g)) if not close(x, y))
                bad.append(f"{key}[{k}]: NEURON {e[k]!r}, pnm {g[k]!r}")
        elif e != g or type(e) is not type(g):
            bad.append(f"{key}: NEURON {e!r}, pnm {g!r}")
    return bad


def run_both(tmp_path, **config):
    (tmp_path / "config.json").write_text(json.dumps(config))
    require_neuron()
    expected = run_under_neuron(SCRIPT, str(tmp_path))
    got = run_under_pnm(SCRIPT, str(tmp_path))
    return expected, got


@pytest.mark.parametrize("secondorder", [0, 1, 2])
def test_fixed_step_i_membrane_equals_neuron(tmp_path, secondorder):
    expected, got = run_both(tmp_path, secondorder=secondorder)
    assert not mismatches(expected, got), "\n".join(mismatches(expected, got)[:10])
    # the values are currents, not zeros: the soma's spike, the ExpSyn at the soma's
    # zero-area 0 end (area 100: its current in nA), none at the IClamp's zero-area node
    assert max(map(abs, got["approx_rec_soma(0.5)"])) > 1.0
    assert max(map(abs, got["approx_rec_soma(0)"])) > 0.05
    assert max(map(abs, got["approx_rec_dend(1)"])) == 0.0
    assert len(got["approx_sampled"]) == 4 and got["first_use_fast_imem"] is False


def test_sum_of_i_membrane_is_the_electrode_current(tmp_path):
    """Kirchhoff: at every step the nodes' i_membrane_ add up to the IClamps' currents."""
    got = run_under_pnm(SCRIPT, str(tmp_path))
    total, electrodes = got["approx_total"], got["approx_electrodes"]
    assert max(electrodes) == pytest.approx(0.3) and len(total) == got["nsamples"] > 1000
    assert any(e == pytest.approx(0.05) for e in electrodes)     # the dendrite's tip IClamp
    assert all(abs(a - b) <= 1e-12 for a, b in zip(total, electrodes))
    assert max(map(abs, got["approx_rec_dend(0.7)"])) > 0.1     # the synapse's current


def test_variable_step_i_membrane_equals_neuron(tmp_path):
    expected, got = run_both(tmp_path, cvode=1)
    assert not mismatches(expected, got), "\n".join(mismatches(expected, got)[:10])
    assert expected["nsamples"] < 1000          # the variable step's own sample times
    assert all(abs(a - b) <= 1e-9 for a, b in zip(got["approx_total"],
                                                  got["approx_electrodes"]))


def test_use_fast_imem_returns_the_setting_before_and_refuses_other_values():
    from pnm import h
    cv = h.CVode()
    try:
        assert cv.use_fast_imem() is False
        assert cv.use_fast_imem(1) is False and cv.use_fast_imem() is True
        assert cv.use_fast_imem(1) is True
        with pytest.raises(ValueError, match=r"use_fast_imem\(5\).*0 or 1"):
            cv.use_fast_imem(5)
        assert cv.use_fast_imem(0) is True and cv.use_fast_imem() is False
    finally:
        cv.use_fast_imem(0)


def test_i_membrane_without_use_fast_imem_is_neurons_error():
    from pnm import h
    sec = h.Section(name="imem_off")
    h.CVode().use_fast_imem(0)
    for attr in ("i_membrane_", "_ref_i_membrane_"):
        with pytest.raises(AttributeError, match=r"imem_off\(0.5\).i_membrane_: i_membrane_ "
                                                 r"does not exist.*use_fast_imem\(1\)"):
            getattr(sec(0.5), attr)


def test_i_membrane_cannot_be_assigned():
    from pnm import h
    sec = h.Section(name="imem_set")
    cv = h.CVode()
    cv.use_fast_imem(1)
    try:
        assert sec(0.5).i_membrane_ == 0.0           # before finitialize: 0, as NEURON's
        with pytest.raises(TypeError, match=r"imem_set\(0.5\).i_membrane_ = 2.*cannot be "
                                            "assigned"):
            sec(0.5).i_membrane_ = 2
    finally:
        cv.use_fast_imem(0)


def test_recording_kept_after_use_fast_imem_0_fails_at_finitialize():
    from pnm import h
    sec = h.Section(name="imem_rec")
    cv = h.CVode()
    cv.use_fast_imem(1)
    vec = h.Vector()
    vec.record(sec(0.5)._ref_i_membrane_)
    cv.use_fast_imem(0)
    try:
        with pytest.raises(ValueError, match="compiled without cvode.use_fast_imem"):
            h.finitialize(-65)
    finally:
        vec.play_remove()       # the recording stops: the next tests of this process run
        del vec
    h.finitialize(-65)          # and a model without it runs again


NEURON_REFUSES = r"""
from neuron import h
sec = h.Section(name="s")
cv = h.CVode()
cv.use_fast_imem(1)
for make in (lambda: h.NetCon(sec(0.5)._ref_i_membrane_, None, sec=sec),
             lambda: cv.record(sec(0.5)._ref_i_membrane_, h.Vector(), h.Vector(), sec=sec)):
    try:
        make()
        print("accepted")
    except RuntimeError as err:
        print("refused", "pointer not associated with currently accessed section" in str(err))
"""


def test_netcon_and_cvode_record_refuse_i_membrane_as_neuron_does():
    require_neuron()
    proc = subprocess.run([neuron_python(), "-c", NEURON_REFUSES], capture_output=True,
                          text=True, timeout=120)
    assert proc.stdout.split() == ["refused", "True", "refused", "True"], proc.stderr
    from pnm import h
    sec = h.Section(name="imem_src")
    cv = h.CVode()
    cv.use_fast_imem(1)
    try:
        with pytest.raises(ValueError, match=r"NetCon\(imem_src\(0.5\).i_membrane_\): pointer "
                                             "not associated with currently accessed section"):
            h.NetCon(sec(0.5)._ref_i_membrane_, None, sec=sec)
        with pytest.raises(ValueError, match="record.*pointer not associated"):
            cv.record(sec(0.5)._ref_i_membrane_, h.Vector(), h.Vector())
    finally:
        cv.use_fast_imem(0)


# ---- several ranks -----------------------------------------------------------------------------

def rank_results(prefix, nhost):
    """{(rank, "gid:sec(x)"): values} and the electrodes' currents of every rank."""
    imem, electrodes = {}, []
    for rank in range(nhost):
        with open(f"{prefix}.{rank}.json") as f:
            part = json.load(f)
        imem.update(((rank, key), values) for key, values in part["imem"].items())
        electrodes += part["electrode"]
    return imem, electrodes


def differences(expected, got):
    assert set(expected) == set(got), sorted(set(expected) ^ set(got))[:5]
    return [f"{key}[{k}]: NEURON {e!r}, pnm {g!r}" for key in expected
            for k, (e, g) in enumerate(zip(expected[key], got[key])) if not close(e, g)] + \
        [f"{key}: {len(expected[key])} and {len(got[key])} values" for key in expected
         if len(expected[key]) != len(got[key])]


@requires_mpiexec
def test_ring_by_gid_gives_neurons_values_on_1_and_2_ranks(tmp_path):
    require_neuron()
    checked(run_serial("fast_imem_parallel.py", "neuron", "net", tmp_path / "nrn", timeout=300))
    expected, _ = rank_results(tmp_path / "nrn", 1)
    expected = {key: v for (_, key), v in expected.items()}
    assert len(expected) == 40 and max(max(map(abs, v)) for v in expected.values()) > 1.0
    checked(run_serial("fast_imem_parallel.py", "pnm", "net", tmp_path / "one", timeout=900))
    checked(run_mpi("fast_imem_parallel.py", 2, "pnm", "net", tmp_path / "two", timeout=900))
    for prefix, nhost in (("one", 1), ("two", 2)):
        got, _ = rank_results(tmp_path / prefix, nhost)
        got = {key: v for (_, key), v in got.items()}
        bad = differences(expected, got)
        assert not bad, f"{nhost} rank(s): " + "\n".join(bad[:10])


@requires_mpiexec
def test_splitcell_gives_neurons_values_on_2_ranks(tmp_path):
    """ParallelNetManager.splitcell: both pieces' nodes, the two ends at the cut included."""
    require_neuron()
    checked(run_mpi("fast_imem_parallel.py", 2, "neuron", "splitcell", tmp_path / "nrn",
                    timeout=300, env=NRN_MPI))
    checked(run_mpi("fast_imem_parallel.py", 2, "pnm", "splitcell", tmp_path / "pnm",
                    timeout=900))
    expected, _ = rank_results(tmp_path / "nrn", 2)
    got, electrodes = rank_results(tmp_path / "pnm", 2)
    assert len(got) == 30 and max(map(abs, got[(0, "cab[5](0.833)")])) > 0.3
    bad = differences(expected, got)
    assert not bad, "\n".join(bad[:10])


@requires_mpiexec
def test_multisplit_cell_gives_neurons_values_on_2_ranks(tmp_path):
    """The split nodes: each piece's i_membrane_ is its own membrane's (NEURON computes it
    from the piece's sums before the pieces are coupled), so soma(0.5) has the soma's current
    on one rank and the zero-area root of the branch ap, 0, on the other; the sum over
    both ranks is the electrode's current."""
    require_neuron()
    checked(run_mpi("fast_imem_parallel.py", 2, "neuron", "split", tmp_path / "nrn",
                    timeout=300, env=NRN_MPI))
    checked(run_mpi("fast_imem_parallel.py", 2, "pnm", "split", tmp_path / "pnm",
                    timeout=900))
    expected, _ = rank_results(tmp_path / "nrn", 2)
    got, electrodes = rank_results(tmp_path / "pnm", 2)
    bad = differences(expected, got)
    assert not bad, "\n".join(bad[:10])
    assert max(map(abs, got[(0, "soma(0.500)")])) > 0.5
    assert max(map(abs, got[(1, "ap(0.000)")])) == 0.0
    # Kirchhoff over both pieces (the split nodes' shared ends counted once per piece)
    own = {key: v for key, v in got.items() if not key[1].endswith("(0.000)") or
           key[1] in ("soma(0.000)", "d[2](0.000)", "ap(0.000)")}
    nstep = len(electrodes[0])
    total = [math.fsum(v[k] for v in own.values()) for k in range(nstep)]
    assert max(abs(a - b) for a, b in zip(total, electrodes[0])) < 1e-9
    assert max(electrodes[0]) == pytest.approx(0.5)


def test_the_parallel_script_runs_whole_on_one_process_too(tmp_path):
    """The split script without MPI: the whole cell on one process, as NEURON."""
    require_neuron()
    checked(run_serial("fast_imem_parallel.py", "neuron", "split", tmp_path / "nrn",
                       timeout=300))
    checked(run_serial("fast_imem_parallel.py", "pnm", "split", tmp_path / "pnm", timeout=900))
    bad = differences(rank_results(tmp_path / "nrn", 1)[0], rank_results(tmp_path / "pnm", 1)[0])
    assert not bad, "\n".join(bad[:10])

