"""VecStim (vecevent.mod, not built into NEURON's wheel): events at the times of a Vector.

vecevent.mod sends each next event with `net_send(etime - t, 1)` from INITIAL (t = 0) and then
from the delivery of the previous event; nocmodl emits the delivery time as `t + etime - t`,
i.e. (t + etime) - t in floating point. So an event time equals the Vector's value exactly only
when that expression is exact: true for multiples of 0.125 and small integers (used below);
nocmodl_times() derives the others. NEURON aborts the process with 'net_send td-t = -2
SelfEvent target=VecStim[0] 0.5 flag=1' for [1, 2.5, 0.5, 3]: a Vector must be sorted, with
times >= 0. pnm raises a RuntimeError at that point instead.
"""

import gc

import numpy as np
import pytest

from pnm import n

from conftest import check_message


@pytest.fixture(autouse=True)
def _collect():
    """A VecStim kept alive by an old traceback would still play in the next test."""
    gc.collect()
    yield
    gc.collect()


def _spikes(times, tstop=10.0, play=True):
    vs = n.VecStim()
    vec = n.Vector(times)
    if play:
        vs.play(vec)
    rec = n.Vector()
    nc = n.NetCon(vs, None)
    nc.record(rec)
    n.finitialize(-65)
    n.continuerun(tstop)
    got = rec.to_python()
    # the run's state, for the message when a test's comparison fails (a test before this one
    # in the same process must not have changed how this one runs)
    state = dict(t=n.t, dt=n.dt, tstop=tstop, stoprun=n.stoprun, secondorder=n.secondorder,
                 nstep_steprun=n.nstep_steprun, cvode=n.cvode.active(), got=got)
    return _Recorded(got, state), (vs, vec, nc, rec)


class _Recorded(list):
    """The recorded times (a list) and, in .state, the run's state (for failure messages)."""

    def __init__(self, times, state):
        super().__init__(times)
        self.state = state


EXACT = [0.0, 0.125, 0.5, 1.0, 2.375, 2.375, 3.0, 7.25, 9.0]


def nocmodl_times(times):
    """The delivery times NEURON's compiled vecevent.mod gives: each is (t + etime) - t, with t
    the previous delivery time (0 for the first, sent from INITIAL)."""
    t, out = 0.0, []
    for etime in times:
        t = (t + etime) - t
        out.append(t)
    return out


def test_exact_times():
    prev = 0.0
    for e in EXACT:            # the premise: (t + etime) - t == etime along the chain
        assert (prev + e) - prev == e
        prev = e
    got, _ = _spikes(EXACT, tstop=10)
    assert got == EXACT, got.state


def test_times_follow_nocmodl_arithmetic():
    times = [0.1, 0.3, 0.7, 1.3, 1.7, 1.9]
    expected = nocmodl_times(times)
    assert expected != times        # the premise: the arithmetic moves some of these times
    assert expected[1] == 0.30000000000000004
    got, _ = _spikes(times, tstop=2)
    assert got == expected, got.state


def test_times_after_tstop_are_not_delivered():
    got, _ = _spikes([1.0, 4.0, 20.0, 30.0], tstop=10)
    assert got == [1.0, 4.0], got.state
    got, _ = _spikes([20.0, 10.0], tstop=10)               # the bad order is never reached
    assert got == [], got.state


def test_continue_after_tstop():
    got, (vs, vec, nc, rec) = _spikes([1.0, 4.0, 12.0, 15.5], tstop=10)
    assert got == [1.0, 4.0], got.state
    n.continuerun(20)
    assert rec.to_python() == [1.0, 4.0, 12.0, 15.5]


def test_each_finitialize_restarts():
    vs = n.VecStim()
    vec = n.Vector([1.0, 2.0, 3.0])
    vs.play(vec)
    rec = n.Vector()
    nc = n.NetCon(vs, None)
    nc.record(rec)
    for _ in range(2):
        n.finitialize(-65)
        n.continuerun(5)
        assert rec.to_python() == [1.0, 2.0, 3.0]
    vec.x[1] = 2.5                       # the Vector is read again at finitialize
    vec.append(4.5)
    n.finitialize(-65)
    n.continuerun(5)
    assert rec.to_python() == [1.0, 2.5, 3.0, 4.5]


def test_empty_vector_no_events():
    got, _ = _spikes([], tstop=10)
    assert got == [], got.state


def test_no_play_no_events():
    got, _ = _spikes([1.0, 2.0], tstop=10, play=False)
    assert got == [], got.state


def test_play_none_stops():
    vs = n.VecStim()
    vs.play(n.Vector([1.0, 2.0]))
    vs.play()
    rec = n.Vector()
    nc = n.NetCon(vs, None)
    nc.record(rec)
    n.finitialize(-65)
    n.continuerun(5)
    assert rec.to_python() == []
    assert nc.valid() is False


def test_equal_times_allowed():
    got, _ = _spikes([0.5, 0.5, 1.0], tstop=2)
    assert got == [0.5, 0.5, 1.0], got.state


def test_unsorted_raises_where_neuron_aborts():
    vs = n.VecStim()
    vs.play(n.Vector([1.0, 2.5, 0.5, 3.0]))
    rec = n.Vector()
    nc = n.NetCon(vs, None)  # noqa: F841
    nc.record(rec)
    n.finitialize(-65)
    with pytest.raises(RuntimeError) as ei:
        n.continuerun(10)
    check_message(ei, f"{vs.hname()}: element 2 of the Vector it plays is 0.5, earlier than its "
                  "event at t = 2.5", "Sort the Vector (vec.sort())")
    assert rec.to_python() == [1.0, 2.5]      # NEURON too delivers these before aborting
    assert 2.5 <= n.t < 2.5 + 2 * n.dt        # stopped at once, not at tstop
    vs.play()


def test_negative_time_raises_at_finitialize():
    vs = n.VecStim()
    vs.play(n.Vector([-1.0, 2.0]))
    nc = n.NetCon(vs, None)  # noqa: F841
    with pytest.raises(RuntimeError) as ei:
        n.finitialize(-65)
    check_message(ei, f"{vs.hname()}: element 0 of the Vector it plays is -1.0, earlier than "
                  "finitialize (t = 0)", "drop negative times before vs.play(vec)")
    vs.play()


def test_drives_expsyn():
    """VecStim -> NetCon(delay 1) -> ExpSyn on a passive compartment at rest: v is exactly
    the rest potential until the event is delivered at the start of the step at t = 3."""
    soma = n.Section(name="vs_soma")
    soma.L = soma.diam = 10
    soma.insert("pas")
    soma(0.5).pas.e = -65
    syn = n.ExpSyn(soma(0.5))
    syn.tau = 2
    vs = n.VecStim()
    vs.play(n.Vector([2.0]))
    nc = n.NetCon(vs, syn)
    nc.delay = 1
    nc.weight[0] = 0.01
    t = n.Vector().record(n._ref_t)
    v = n.Vector().record(soma(0.5)._ref_v)
    g = n.Vector().record(syn._ref_g)
    n.dt = 0.025
    n.finitialize(-65)
    n.continuerun(5)
    t, v, g = np.array(t), np.array(v), np.array(g)
    k = int(np.argmin(np.abs(t - 3.0)))
    assert t[k] == pytest.approx(3.0, abs=1e-9)
    assert np.all(v[:k + 1] == -65.0) and np.all(g[:k + 1] == 0.0)
    assert g[k + 1] == pytest.approx(0.01 * np.exp(-n.dt / 2), rel=1e-12)
    assert v[k + 1] > -65.0
    assert np.all(np.diff(g[k + 1:]) < 0)     # then decays
