"""NET_RECEIVE kernels: the event-buffer records of net_send/net_event/net_move and weight
arguments, against the .mod files' own closed forms (ExpSyn from the neuron wheel; IntFire1,
IntFire2, IntFire4 from NEURON's src/nrnoc at commit 67fb8c6e, tests/nmodl/builtin/)."""
import math
import os
import sys

import numpy as np
import pytest

from pnm.nmodl.compile import load_kernels, translate

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "nmodl"))
from get_modeldb import materialise  # noqa: E402  (NEURON's sources are fetched, not committed)

materialise()
BUILTIN = os.path.join(os.path.dirname(__file__), "nmodl", "builtin")


def _wheel_mod(name):
    import neuron
    return os.path.join(os.path.dirname(neuron.__file__), ".data", "share", "modfile", name)


@pytest.fixture(scope="module")
def mechs(tmp_path_factory):
    out = tmp_path_factory.mktemp("nr")
    paths = [_wheel_mod("expsyn.mod")] + [os.path.join(BUILTIN, f"intfire{k}.mod")
                                          for k in (1, 2, 4)]
    return {c.mechanism.name: (c.mechanism, load_kernels(c))
            for c in translate(paths, str(out), builtin=True)}


def _args(mech, kern, t, inst):
    return (inst, np.array([g.default for g in mech.globals]), np.zeros(kern.TABLE_SHAPE),
            np.zeros(1, np.int64), np.array([-65.0]), np.array([100.0]), np.array([1.0]),
            np.zeros(1), np.zeros((1, 1), np.int64), np.zeros(1), np.zeros(1), t, 0.025, 6.3,
            np.zeros(kern.WORK_SHAPE), np.zeros((8, 4)), np.zeros(1, np.int64))


def _receive(kern, args, weights, row, flag):
    kern.net_receive(*args, 0, weights, row, flag, np.array([0, len(weights)]),
                     np.arange(len(weights), dtype=np.int64))
    events, n = args[-2], args[-1]
    return [tuple(r) for r in events[:n[0]]]


def test_expsyn_adds_weight(mechs):
    mech, kern = mechs["ExpSyn"]
    inst = np.array([[f.default] for f in mech.fields])
    args = _args(mech, kern, 1.0, inst)
    kern.initial(*args)
    assert kern.NET_RECEIVE_ARGS == ["weight"]
    assert _receive(kern, args, np.array([[0.5]]), 0, 0.0) == []
    assert inst[mech.field_index["g"], 0] == 0.5


def test_intfire1_fires_and_schedules_refractory_end(mechs):
    mech, kern = mechs["IntFire1"]
    inst = np.array([[f.default] for f in mech.fields])
    args = _args(mech, kern, 0.0, inst)
    kern.initial(*args)
    args = _args(mech, kern, 2.0, inst)
    assert _receive(kern, args, np.array([[0.7]]), 0, 0.0) == []
    m = inst[mech.field_index["m"], 0]
    assert m == 0.7
    args = _args(mech, kern, 3.0, inst)
    events = _receive(kern, args, np.array([[0.7]]), 0, 0.0)
    assert 0.7 * math.exp(-1.0 / 10.0) + 0.7 > 1
    # net_send(refrac, refractory=1) then net_event(t), in that order
    assert events == [(3.0 + 5.0, 0.0, 0.0, 1.0), (3.0, 1.0, 0.0, 0.0)]
    assert inst[mech.field_index["m"], 0] == 2.0


def test_intfire2_initial_self_event_and_net_move(mechs):
    mech, kern = mechs["IntFire2"]
    inst = np.array([[f.default] for f in mech.fields])
    inst[mech.field_index["ib"], 0] = 1.5          # suprathreshold bias: fires at finite t
    args = _args(mech, kern, 0.0, inst)
    kern.initial(*args)
    (t_fire, kind, target, flag), = [tuple(r) for r in args[-2][:args[-1][0]]]
    assert (kind, target, flag) == (0.0, 0.0, 1.0)
    # with i = ib constant, m(t) = ib (1 - exp(-t/taum)) reaches 1 at -taum log(1 - 1/ib)
    assert t_fire == pytest.approx(-10.0 * math.log(1 - 1 / 1.5), rel=1e-5)
    args = _args(mech, kern, 1.0, inst)
    events = _receive(kern, args, np.array([[0.1]]), 0, 0.0)
    assert len(events) == 1 and events[0][1] == 2.0 and events[0][0] > 1.0


def test_intfire4_initial_sends_firetimebound(mechs):
    mech, kern = mechs["IntFire4"]
    inst = np.array([[f.default] for f in mech.fields])
    args = _args(mech, kern, 0.0, inst)
    kern.initial(*args)
    assert [tuple(r) for r in args[-2][:args[-1][0]]] == [(1e9, 0.0, 0.0, 1.0)]
    args = _args(mech, kern, 1.0, inst)
    events = _receive(kern, args, np.array([[0.5]]), 0, 0.0)
    assert inst[mech.field_index["nexcite"], 0] == 1.0
    assert events and events[0][1] == 2.0     # net_move(firetimebound() + t)


NET_SEND_SUMS = """NEURON { ARTIFICIAL_CELL SendSums }
ASSIGNED { a }
NET_RECEIVE (w) {
    net_send(a - t, 1)
    net_send((a - t), 2)
    net_send(a - t + a, 3)
}
"""


def test_net_send_time_is_t_plus_the_delay_text_as_nocmodl_writes_it(tmp_path):
    """nocmodl writes `t + <delay as written>` and C adds t to the sum's first term:
    net_send(a - t, 1) is due at (t + a) - t, net_send((a - t), 2) at t + (a - t); with
    t = 0.1, a = 0.3 these differ in the last bit (vecevent.mod's `net_send(etime - t, 1)`)."""
    path = tmp_path / "sendsums.mod"
    path.write_text(NET_SEND_SUMS)
    (item,) = translate([str(path)], str(tmp_path))
    mech, kern = item.mechanism, load_kernels(item)
    t, a = 0.1, 0.3
    inst = np.array([[a]])
    got = [r[0] for r in _receive(kern, _args(mech, kern, t, inst), np.zeros((1, 1)), 0, 0.0)]
    assert (t + a) - t != t + (a - t)       # the premise
    assert got == [(t + a) - t, t + (a - t), ((t + a) - t) + a]


VECTOR_READER = """NEURON { ARTIFICIAL_CELL Reader  BBCOREPOINTER p }
ASSIGNED { n  x  y }
INITIAL { n = vector_size(p)  x = vector_element(p, 1) }
NET_RECEIVE (w) { y = vector_element(p, w) }
"""


def test_vector_size_and_element_read_the_bound_values_in_the_table_array(tmp_path):
    """A BBCOREPOINTER p: rows p (length) and p._start (flat place in the table array, where
    the engine copies the bound Vector: docs/nmodl_frontend.md); an index outside is an
    error, not a read past the end."""
    path = tmp_path / "reader.mod"
    path.write_text(VECTOR_READER)
    (item,) = translate([str(path)], str(tmp_path))
    mech, kern = item.mechanism, load_kernels(item)
    inst = np.array([[f.default] for f in mech.fields])
    inst[mech.field_index["p"], 0] = 3
    inst[mech.field_index["p._start"], 0] = 2
    args = list(_args(mech, kern, 0.0, inst))
    args[2] = np.array([[9.0, 9.0, 1.5, 2.5, 3.5, 9.0]])
    kern.initial(*args)
    assert inst[mech.field_index["n"], 0] == 3 and inst[mech.field_index["x"], 0] == 2.5
    _receive(kern, args, np.array([[2.0]]), 0, 0.0)
    assert inst[mech.field_index["y"], 0] == 3.5
    with pytest.raises(IndexError, match="outside the Vector bound"):
        _receive(kern, args, np.array([[3.0]]), 0, 0.0)
