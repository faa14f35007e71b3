"""The NEURON API surface pnm provides: sections and segments, mechanisms, 3-D points,
Vectors, units and hoc functions, NetCon and the run system. Pure geometry is compared with
NEURON in this process; simulations are compared by running a small script under both
simulators in subprocesses (tests/refrun.py). NEURON is required (the ``nrn`` fixture and
run_refmodel fail the test without it)."""

import gc
import math
import textwrap
import time

import numpy as np
import pytest

import pnm
from pnm import n

from conftest import compare_results, require_neuron, run_refmodel


class Cell:
    def __init__(self, gid):
        self.gid = gid

    def __repr__(self):
        return f"Cell[{self.gid}]"


# ---- sections --------------------------------------------------------------------------------

def test_section_names():
    c = Cell(3)
    a = n.Section(name="soma", cell=c)
    b = n.Section("dend", c)
    plain = n.Section(name="axon")
    assert a.name() == "Cell[3].soma" and str(a) == "Cell[3].soma"
    assert b.name() == "Cell[3].dend"
    assert plain.name() == "axon" and repr(plain) == "axon"
    assert a.cell() is c and plain.cell() is None
    assert repr(a(0.5)) == "Cell[3].soma(0.5)"


def test_section_names_as_neuron(nrn):
    c = Cell(7)
    for make in (lambda h: h.Section(name="soma", cell=c), lambda h: h.Section("soma", c),
                 lambda h: h.Section(name="axon")):
        assert make(n).name() == make(nrn).name()


def test_section_defaults_as_neuron(nrn):
    a, b = n.Section(name="d1"), nrn.Section(name="d1")
    for attr in ("L", "diam", "nseg", "Ra", "cm"):
        assert getattr(a, attr) == getattr(b, attr), attr
    assert a(0.5).v == b(0.5).v


def test_section_properties_round_trip():
    s = n.Section(name="props")
    s.L, s.diam, s.nseg, s.Ra, s.cm = 200, 2.5, 7, 123.0, 0.9
    assert (s.L, s.diam, s.nseg, s.Ra, s.cm) == (200.0, 2.5, 7, 123.0, 0.9)
    assert all(seg.diam == 2.5 and seg.cm == 0.9 for seg in s)
    assert len(s) == 7


@pytest.mark.parametrize("nseg", [1, 2, 3, 11])
def test_segment_iteration_as_neuron(nrn, nseg):
    a, b = n.Section(name="it"), nrn.Section(name="it")
    a.nseg = b.nseg = nseg
    assert [seg.x for seg in a] == [seg.x for seg in b]
    assert [seg.x for seg in a.allseg()] == [seg.x for seg in b.allseg()]


def test_segment_call():
    s = n.Section(name="segcall")
    s.nseg = 3
    seg = s(0.2)
    assert seg.sec is s and seg.x == 0.2
    assert s(0.2) == s(0.1) and s(0.2) != s(0.5)      # same segment, NEURON's node_index
    assert s(0).x == 0.0 and s(1).x == 1.0


def test_connect_forms(nrn):
    def build(h):
        soma = h.Section(name="soma")
        d1, d2, d3, d4 = (h.Section(name=f"d{i}") for i in range(1, 5))
        d1.connect(soma)
        d2.connect(soma, 0.5)
        d3.connect(soma(0))
        d4.connect(d1, 1, 0)
        return soma, (d1, d2, d3, d4)
    (ps, pd), (ns, nd) = build(n), build(nrn)
    for a, b in zip(pd, nd):
        pa, pb = a.parentseg(), b.parentseg()
        assert pa.sec.name() == pb.sec.name() and pa.x == pb.x
    assert ps.parentseg() is None
    assert [s.name() for s in ps.children()] == [s.name() for s in ns.children()]
    assert ps.root() is ps and pd[3].root() is ps


def test_wholetree_order_as_neuron(nrn):
    spec = [("a", "r", 1), ("b", "r", 0.5), ("a2", "a", 1), ("a1", "a", 0.5), ("b1", "b", 1),
            ("c", "r", 0.5), ("e", "r", 0), ("f", "r", 1)]

    def build(h):
        secs = {"r": h.Section(name="r")}
        for name, parent, x in spec:
            secs[name] = h.Section(name=name)
            secs[name].connect(secs[parent](x))
        return secs
    p, q = build(n), build(nrn)
    for name in p:
        assert [s.name() for s in p[name].wholetree()] == [s.name() for s in q[name].wholetree()]
        assert [s.name() for s in p[name].subtree()] == [s.name() for s in q[name].subtree()]
        assert [s.name() for s in p[name].children()] == [s.name() for s in q[name].children()]


# ---- mechanisms ------------------------------------------------------------------------------

def test_insert_by_name_and_object():
    a, b = n.Section(name="ins_a"), n.Section(name="ins_b")
    assert a.insert("hh") is a
    b.insert(n.hh)
    b.insert(n.pas)
    assert a.has_membrane("hh") and b.has_membrane("hh") and b.has_membrane("pas")
    assert not a.has_membrane("pas")
    assert [m.name() for m in b(0.5)] == ["pas", "k_ion", "na_ion", "hh"]   # NEURON 9's order


def test_mechanism_defaults_as_neuron(nrn):
    a, b = n.Section(name="md"), nrn.Section(name="md")
    for s in (a, b):
        s.insert("hh")
        s.insert("pas")
    for var in ("gnabar", "gkbar", "gl", "el"):
        assert getattr(a(0.5).hh, var) == getattr(b(0.5).hh, var), var
        assert getattr(a(0.5), f"{var}_hh") == getattr(b(0.5), f"{var}_hh"), var
    assert a(0.5).pas.g == b(0.5).pas.g and a(0.5).e_pas == b(0.5).e_pas
    assert a(0.5).ena == b(0.5).ena and a(0.5).ek == b(0.5).ek


def test_range_variable_round_trip():
    s = n.Section(name="rt")
    s.nseg = 3
    s.insert("hh")
    s(0.5).hh.gnabar = 0.25
    assert s(0.5).gnabar_hh == 0.25
    s(0.1).gnabar_hh = 0.3
    assert s(0.1).hh.gnabar == 0.3
    assert s(0.9).hh.gnabar == 0.12          # other segments untouched
    for seg in s:
        seg.hh.gkbar = seg.x
    assert [seg.gkbar_hh for seg in s] == [seg.x for seg in s]


def test_segment_v():
    s = n.Section(name="segv")
    s.nseg = 3
    assert s(0.5).v == -65.0
    s(0.5).v = -50
    assert s(0.5).v == -50.0 and s(0.1).v == -65.0
    s(0.1).v = -20
    assert s(0.1).v == -20.0


# ---- 3-D points ------------------------------------------------------------------------------

def _pt3d_ops(h):
    s = h.Section(name="p3")
    out = [s.n3d()]
    s.pt3dadd(0, 0, 0, 2)
    s.pt3dadd(10.1, 0.3, 0, 2.2)
    s.pt3dadd(20, 5, 1.7, 1.1)
    out += [s.n3d(), s.L]
    out += [f(i) for i in range(s.n3d()) for f in (s.x3d, s.y3d, s.z3d, s.diam3d, s.arc3d)]
    s.pt3dchange(1, 11.3, 0.1, 0.2, 3.0)
    out += [s.L, s.x3d(1), s.diam3d(1)]
    s.pt3dchange(2, 4.5)                        # diameter only
    out += [s.diam3d(2), s.x3d(2)]
    s.nseg = 3
    out += [seg.area() for seg in s] + [seg.diam for seg in s]
    s.pt3dclear()
    out += [s.n3d()]
    return out


def test_pt3d_as_neuron(nrn):
    assert _pt3d_ops(n) == _pt3d_ops(nrn)


def _define_shape(h):
    soma = h.Section(name="ds_soma")
    dend = h.Section(name="ds_dend")
    dend.connect(soma)
    soma.L = soma.diam = 12.6157
    dend.L, dend.diam, dend.nseg = 200, 1, 11
    h.define_shape()
    out = []
    for s in (soma, dend):
        out += [s.n3d(), s.L] + [s.x3d(i) - soma.x3d(0) for i in range(s.n3d())]
        out += [s.y3d(i) - soma.y3d(0) for i in range(s.n3d())]
        out += [s.z3d(i) - soma.z3d(0) for i in range(s.n3d())]
        out += [s.diam3d(i) for i in range(s.n3d())]
        out += [seg.area() for seg in s]
    return out


def test_define_shape_as_neuron(nrn):
    """Same tree in both; other live sections (from other tests) only move it along z, so
    compare coordinates relative to the root's first point."""
    gc.collect()
    a, b = _define_shape(n), _define_shape(nrn)
    assert len(a) == len(b)
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=0)


SHAPE_SCRIPT = textwrap.dedent('''
    from neuron import n
    spec = [("r1", None, 1), ("r2", None, 1), ("c1", "r1", 1), ("c2", "c1", 1), ("r3", None, 1),
            ("c3", "r2", 1), ("f1", "r3", 1), ("f2", "r3", 1), ("f3", "r3", 1),
            ("m1", "r3", 0.5), ("m2", "r3", 0.5), ("z", "r3", 0), ("g1", "f2", 0.3)]
    secs = {}
    for name, parent, x in spec:
        secs[name] = n.Section(name=name)
        secs[name].L = 10 + 1.37 * len(secs)
        secs[name].nseg = 1 + len(secs) % 4
        if parent:
            secs[name].connect(secs[parent](x))
    p = n.Section(name="has3d")
    p.pt3dadd(5, 5, 5, 2)
    p.pt3dadd(15, 6, 5, 2)
    n.define_shape()
    RESULT = {}
    for k, s in list(secs.items()) + [("has3d", p)]:
        RESULT[k] = [f(i) for i in range(s.n3d()) for f in (s.x3d, s.y3d, s.z3d, s.diam3d)]
        RESULT[k + "_area"] = [seg.area() for seg in s]
        RESULT[k + "_order"] = [sum(map(ord, c.name())) for c in s.wholetree()]
    TOLERANCE = {k: 0.0 for k in RESULT}
''')


def test_define_shape_forest_as_neuron(tmp_path):
    """Several trees, fanned and interior children, exact float32 coordinates."""
    script = tmp_path / "shape.py"
    script.write_text(SHAPE_SCRIPT)
    ref, tol = run_refmodel("neuron", script, tmp_path / "neuron.npz")
    got, _ = run_refmodel("pnm", script, tmp_path / "pnm.npz")
    errors = compare_results(ref, tol, got, "define_shape")
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("nseg", [1, 3])
@pytest.mark.parametrize("with3d", [False, True])
def test_area_as_neuron(nrn, nseg, with3d):
    def build(h):
        s = h.Section(name="ar")
        if with3d:
            s.pt3dadd(0, 0, 0, 3)
            s.pt3dadd(7, 2, 0, 2)
            s.pt3dadd(20, 3, 1, 5)
            s.pt3dadd(31, 3, 1, 1)
        else:
            s.L, s.diam = 31.4, 3.7
        s.nseg = nseg
        return [seg.area() for seg in s] + [s(0).area(), s(1).area()]
    a, b = build(n), build(nrn)
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=0)


# ---- Vector ----------------------------------------------------------------------------------

def test_vector_basics():
    v = n.Vector()
    assert v.size() == 0 and len(v) == 0
    v.append(1.5)
    v.append(2, 3)
    assert v.size() == 3 and list(v) == [1.5, 2.0, 3.0]
    assert v.x[1] == 2.0 and v[2] == 3.0 and v[-1] == 3.0
    v.x[0] = 7
    v[1] = 8
    assert v.to_python() == [7.0, 8.0, 3.0]
    v.resize(5)
    assert v.to_python() == [7.0, 8.0, 3.0, 0.0, 0.0]
    v.resize(2)
    assert v.to_python() == [7.0, 8.0]
    assert [x for x in v] == [7.0, 8.0]
    with pytest.raises(IndexError):
        v[2]
    w = n.Vector(4, 2.5)
    assert list(w) == [2.5] * 4


def test_vector_numpy():
    a = np.array([0.125, 1.0, -3.5])
    v = n.Vector(a)
    assert isinstance(v.to_python(), list)
    b = np.array(v)
    assert b.dtype == np.float64 and np.array_equal(a, b)
    a[0] = 99                                  # a copy was taken
    assert v[0] == 0.125
    b[1] = 99
    assert v[1] == 1.0
    assert np.array_equal(np.asarray(n.Vector(range(4))), np.arange(4.0))
    assert v.as_numpy().tolist() == v.to_python()


def test_vector_as_neuron(nrn):
    def use(h):
        v = h.Vector([3, 1, 2])
        v.append(4)
        v.resize(6)
        return v.size(), list(v), v.to_python(), np.array(v).tolist()
    assert use(n) == use(nrn)


# ---- units and hoc functions -----------------------------------------------------------------

def test_units():
    from pnm.units import ms, mV, µm, um
    assert (ms, mV, µm, um) == (1.0, 1.0, 1.0, 1.0)
    assert pnm.units.s == 1000 * ms


def test_units_as_neuron():
    require_neuron()
    import neuron.units as units
    names = [k for k, v in vars(units).items()
             if not k.startswith("_") and isinstance(v, (int, float))]
    assert {"ms", "mV", "\u03bcm", "um"} <= set(names)
    for name in names:
        assert getattr(pnm.units, name) == getattr(units, name), name
    assert getattr(pnm.units, "\u00b5m") == 1.0          # the micro-sign spelling too


@pytest.mark.parametrize("f", ["stdrun.hoc", "nrngui.hoc", "netparmpi.hoc"])
def test_load_file_standard(f):
    assert n.load_file(f) == 1
    assert n.load_file(1, f) == 1


def test_startsw_counts_seconds():
    """time.sleep waits at least as long as asked, so this lower bound holds under any load
    (there is no upper bound: wall-clock limits belong in benchmarks/)."""
    t0 = n.startsw()
    time.sleep(0.01)
    assert n.startsw() - t0 >= 0.01


@pytest.mark.parametrize("x", [-2.5, 0.0, 0.3, 1.5, 7.0])
def test_hoc_math_functions_as_neuron(nrn, x):
    for name in ("cos", "sin", "exp", "atan2"):
        args = (x, 0.7) if name == "atan2" else (x,)
        assert getattr(n, name)(*args) == getattr(nrn, name)(*args), (name, args)
    if x > 0:
        assert (n.sqrt(x), n.log(x)) == (nrn.sqrt(x), nrn.log(x)), x
    assert n.PI == nrn.PI
    assert pnm.n is pnm.h


# ---- NetCon and the run system, against NEURON -----------------------------------------------

NETCON_SCRIPT = textwrap.dedent('''
    from neuron import n
    from neuron.units import ms, mV
    n.load_file("stdrun.hoc")

    soma = n.Section(name="soma")
    soma.L = soma.diam = 12.6157
    soma.insert(n.hh)
    syn = n.ExpSyn(soma(0.5))
    syn.tau = 2 * ms
    syn2 = n.ExpSyn(soma(0.5))

    stim = n.NetStim()
    stim.start, stim.interval, stim.number, stim.noise = 2, 5, 8, 0
    ncs = n.NetCon(stim, syn, 0, 1.5, 0.004)      # threshold, delay, weight positional
    defaults = n.NetCon(soma(0.5)._ref_v, None, sec=soma)
    props = [defaults.threshold, defaults.delay, defaults.weight[0], float(defaults.active())]
    det = defaults
    det.threshold = -10 * mV
    tv, idv = n.Vector(), n.Vector()
    det.record(tv, idv, 17)
    stv, sidv = n.Vector(), n.Vector()
    ncs.record(stv, sidv)                         # NetStim spikes, id = the NetCon's index
    ev = n.NetCon(None, syn2)
    ev.weight[0] = 0.01
    props += [ncs.threshold, ncs.delay, ncs.weight[0], float(ev.valid()), float(ncs.valid())]

    t = n.Vector().record(n._ref_t)
    v = n.Vector().record(soma(0.5)._ref_v)
    g2 = n.Vector().record(syn2._ref_g)

    # h.run() with h.tstop, and events placed before the run by a FInitializeHandler-free
    # path: run, then continuerun further with event(t) and active(False)
    n.tstop = 20
    n.run()
    t_after_run = n.t
    ev.event(23.0)
    ev.event(24.0)
    n.continuerun(30)
    ncs.active(False)
    n.continuerun(40)
    ncs.active(True)
    ncs.weight[0] = 0.008
    n.continuerun(50)

    RESULT = {"props": props, "t_after_run": [t_after_run], "t": list(t), "v": list(v),
              "g2": list(g2), "spikes": list(tv), "ids": list(idv),
              "stim": list(stv), "n_sid": [len(sidv)]}

    # continuerun in two pieces equals one piece
    n.finitialize(-65 * mV)
    n.continuerun(15)
    n.continuerun(35)
    RESULT["v_two"] = list(v)
    RESULT["spikes_two"] = list(tv)
    n.finitialize(-65 * mV)
    n.continuerun(35)
    RESULT["v_one"] = list(v)
    RESULT["spikes_one"] = list(tv)
    TOLERANCE = {"props": 0.0, "t_after_run": 0.0, "t": 0.0, "v": 1e-6, "g2": 1e-9,
                 "spikes": 1e-9, "ids": 0.0, "stim": 0.0, "n_sid": 0.0,
                 "v_two": 1e-6, "spikes_two": 1e-9, "v_one": 1e-6, "spikes_one": 1e-9}
''')


@pytest.fixture(scope="module")
def netcon_script(tmp_path_factory):
    script = tmp_path_factory.mktemp("netcon_api") / "netcon_api.py"
    script.write_text(NETCON_SCRIPT)
    return script


@pytest.fixture(scope="module")
def netcon_results(netcon_script):
    """pnm's RESULT of NETCON_SCRIPT."""
    return run_refmodel("pnm", netcon_script, netcon_script.with_name("pnm.npz"))[0]


def test_netcon_behaviour(netcon_results):
    """NEURON's documented defaults and closed forms (the NetStim's times)."""
    got = netcon_results
    thr, delay, w, active = got["props"][:4]
    assert (thr, delay, w, active) == (10.0, 1.0, 0.0, 0.0)   # no target: never active
    assert got["props"][4:].tolist() == [0.0, 1.5, 0.004, 1.0, 1.0]
    assert got["t_after_run"][0] == pytest.approx(20.0)
    assert len(got["spikes"]) > 0 and set(got["ids"]) == {17.0}
    stim = got["stim"]
    assert stim.tolist() == [2.0 + 5 * k for k in range(8)]
    # event(23) and event(24) raise syn2.g by the weight at the next step boundary
    t, g2 = got["t"], got["g2"]
    i23 = int(np.argmin(np.abs(t - 23.0)))
    assert t[i23] == pytest.approx(23.0) and g2[i23] == 0.0 and g2[i23 + 1] > 0.0


def test_continuerun_pieces(netcon_results):
    got = netcon_results
    assert np.array_equal(got["v_two"], got["v_one"])
    assert np.array_equal(got["spikes_two"], got["spikes_one"])


def test_netcon_and_run_as_neuron(netcon_results, netcon_script):
    ref, tol = run_refmodel("neuron", netcon_script, netcon_script.with_name("neuron.npz"))
    got = netcon_results
    errors = compare_results(ref, tol, got, "netcon_api")
    assert not errors, "\n".join(errors)
