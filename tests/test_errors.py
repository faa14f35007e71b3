"""Bad input gets a clear error: the right exception type, a message that names the object
(section, segment, point process, NetCon, Vector) and says what to do -- never a deep
traceback from the engine."""

import math
import os
import subprocess
import sys

import pytest

from pnm import n

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# words with which a message tells the user what to do
ADVICE = ("must", "give", "call", "use", "target", "sort", "insert", "connect", "write")


def _advises(msg):
    return any(word in msg.lower() for word in ADVICE)


def check(excinfo, *names):
    """The message names every given object and gives advice."""
    msg = str(excinfo.value)
    for name in names:
        assert name in msg, f"{name!r} not named in: {msg}"
    assert _advises(msg), f"no advice in: {msg}"
    return msg


@pytest.fixture
def soma():
    sec = n.Section(name="errsoma")
    sec.L = sec.diam = 10
    return sec


# ---- mechanisms and attributes ---------------------------------------------------------------

def test_insert_unknown_mechanism(soma):
    with pytest.raises(ValueError) as ei:
        soma.insert("foo")
    msg = check(ei, "errsoma", "'foo'")
    assert "hh" in msg and "pas" in msg          # lists what is available


def test_insert_not_a_name(soma):
    with pytest.raises(TypeError) as ei:
        soma.insert(3)
    check(ei, "errsoma", "h.hh")


def test_segment_unknown_attribute(soma):
    with pytest.raises(AttributeError) as ei:
        soma(0.5).foo
    check(ei, "errsoma(0.5)", "'foo'")
    with pytest.raises(AttributeError) as ei:
        soma(0.5).foo = 1.0
    check(ei, "errsoma(0.5)", "'foo'")


def test_mechanism_not_inserted(soma):
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh
    msg = check(ei, "errsoma", "'hh'")
    assert "errsoma.insert('hh')" in msg
    with pytest.raises(AttributeError) as ei:
        soma(0.5).gnabar_hh
    check(ei, "errsoma", "insert('hh')")
    with pytest.raises(AttributeError) as ei:
        soma(0.5).gnabar_hh = 0.2
    check(ei, "errsoma", "insert('hh')")


def test_mechanism_unknown_variable(soma):
    soma.insert("hh")
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh.foo
    msg = check(ei, "errsoma(0.5).hh", "'foo'")
    assert "gnabar" in msg                        # lists the variables hh has
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh.foo = 1
    check(ei, "errsoma(0.5).hh", "'foo'")


def test_point_process_unknown_attribute(soma):
    syn = n.ExpSyn(soma(0.5))
    with pytest.raises(AttributeError) as ei:
        syn.foo
    msg = check(ei, syn.hname(), "'foo'")
    assert "tau" in msg
    with pytest.raises(AttributeError) as ei:
        syn.foo = 2
    check(ei, syn.hname(), "'foo'")


def test_point_process_bad_value(soma):
    syn = n.ExpSyn(soma(0.5))
    with pytest.raises(TypeError) as ei:
        syn.tau = "fast"
    check(ei, syn.hname(), "tau")


def test_point_process_without_location(soma):
    with pytest.raises(TypeError) as ei:
        n.ExpSyn()
    check(ei, "ExpSyn", "soma(0.5)")
    with pytest.raises(TypeError) as ei:
        n.IClamp(soma)
    check(ei, "IClamp", "soma(0.5)")


def test_point_process_location_out_of_range(soma):
    with pytest.raises(ValueError) as ei:
        n.ExpSyn(1.5, sec=soma)
    check(ei, "ExpSyn", "1.5", "[0, 1]")


# ---- geometry --------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, -1, 2.5])
def test_nseg_bad_value(soma, value):
    with pytest.raises(ValueError) as ei:
        soma.nseg = value
    check(ei, "errsoma.nseg", "integer >= 1")
    assert soma.nseg == 1


@pytest.mark.parametrize("value", ["three", None, float("nan")])
def test_nseg_not_a_number(soma, value):
    with pytest.raises((TypeError, ValueError)) as ei:
        soma.nseg = value
    check(ei, "errsoma.nseg", "integer >= 1")
    assert soma.nseg == 1


@pytest.mark.parametrize("attr", ["L", "diam", "Ra", "cm"])
@pytest.mark.parametrize("value", [-1.0, float("nan")])
def test_geometry_negative_or_nan(soma, attr, value):
    before = getattr(soma, attr)
    with pytest.raises(ValueError) as ei:
        setattr(soma, attr, value)
    check(ei, f"errsoma.{attr}", "positive")
    assert getattr(soma, attr) == before


@pytest.mark.parametrize("attr", ["L", "diam", "Ra"])
def test_geometry_zero(soma, attr):
    with pytest.raises(ValueError) as ei:
        setattr(soma, attr, 0)
    check(ei, f"errsoma.{attr}", "positive")


def test_geometry_not_a_number(soma):
    with pytest.raises(TypeError) as ei:
        soma.L = "long"
    check(ei, "errsoma.L", "number")


def test_segment_diam_negative(soma):
    with pytest.raises(ValueError) as ei:
        soma(0.5).diam = -2
    check(ei, "errsoma(0.5).diam", "positive")


@pytest.mark.parametrize("x", [1.5, -0.1, float("nan")])
def test_segment_x_out_of_range(soma, x):
    with pytest.raises(ValueError) as ei:
        soma(x)
    check(ei, "errsoma", "[0, 1]")


def test_segment_x_not_a_number(soma):
    with pytest.raises(TypeError) as ei:
        soma("middle")
    check(ei, "errsoma", "[0, 1]")


def test_connect_bad_parent(soma):
    child = n.Section(name="errchild")
    with pytest.raises(ValueError) as ei:
        child.connect(soma, 1.5)
    check(ei, "errchild", "[0, 1]")
    with pytest.raises(TypeError) as ei:
        child.connect("errsoma")
    check(ei, "errchild", "Section")
    child.connect(soma)
    with pytest.raises(ValueError) as ei:
        soma.connect(child)
    check(ei, "errsoma", "loop")


def test_3d_point_index_out_of_range(soma):
    with pytest.raises(IndexError) as ei:
        soma.x3d(0)
    assert "errsoma" in str(ei.value) and "n3d" in str(ei.value)


# ---- NetCon ----------------------------------------------------------------------------------

def test_netcon_to_iclamp(soma):
    stim = n.IClamp(soma(0.5))
    with pytest.raises(TypeError) as ei:
        n.NetCon(soma(0.5)._ref_v, stim, sec=soma)
    check(ei, stim.hname(), "NET_RECEIVE", "ExpSyn")


def test_netcon_to_section(soma):
    with pytest.raises(TypeError) as ei:
        n.NetCon(soma(0.5)._ref_v, soma, sec=soma)
    check(ei, "errsoma", "NET_RECEIVE", "ExpSyn")


def test_netcon_from_non_source(soma):
    syn = n.ExpSyn(soma(0.5))
    with pytest.raises(TypeError) as ei:
        n.NetCon(soma, syn)
    check(ei, "errsoma", "_ref_v")
    with pytest.raises(TypeError) as ei:
        n.NetCon(soma(0.5), syn)
    check(ei, "errsoma(0.5)", "_ref_v")


def test_netcon_weight_index_out_of_range(soma):
    syn = n.ExpSyn(soma(0.5))
    nc = n.NetCon(soma(0.5)._ref_v, syn, sec=soma)
    for i in (1, 2, -2):
        with pytest.raises(IndexError) as ei:
            nc.weight[i]
        check(ei, repr(nc), f"weight[{i}]", syn.hname(), "weight[0]")
        with pytest.raises(IndexError) as ei:
            nc.weight[i] = 0.1
        check(ei, repr(nc), f"weight[{i}]", "weight[0]")
    nc.weight[0] = 0.25
    assert nc.weight[0] == 0.25


def test_netcon_bad_delay_and_weight(soma):
    syn = n.ExpSyn(soma(0.5))
    nc = n.NetCon(soma(0.5)._ref_v, syn, sec=soma)
    with pytest.raises(ValueError) as ei:
        nc.delay = -1
    check(ei, repr(nc), "delay", "cannot be negative")
    with pytest.raises(ValueError) as ei:
        nc.weight[0] = float("nan")
    check(ei, repr(nc), "weight", "must be a number")
    with pytest.raises(ValueError) as ei:
        nc.threshold = float("nan")
    check(ei, repr(nc), "threshold")


def test_netcon_record_without_source(soma):
    syn = n.ExpSyn(soma(0.5))
    nc = n.NetCon(None, syn)
    with pytest.raises(ValueError) as ei:
        nc.record(n.Vector())
    assert repr(nc) in str(ei.value) and "source" in str(ei.value)
    with pytest.raises(TypeError) as ei:
        n.NetCon(soma(0.5)._ref_v, syn, sec=soma).record([1, 2])
    check(ei, "h.Vector")


# ---- recording -------------------------------------------------------------------------------

def test_ref_unknown_range_variable(soma):
    with pytest.raises(AttributeError) as ei:
        soma(0.5)._ref_foo
    check(ei, "errsoma(0.5)", "'foo'")


def test_ref_mechanism_not_inserted(soma):
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh._ref_m
    check(ei, "errsoma", "insert('hh')")
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh._ref_foo
    check(ei, "errsoma", "insert('hh')")
    with pytest.raises(AttributeError) as ei:
        soma(0.5)._ref_m_hh
    check(ei, "errsoma", "insert('hh')")


def test_ref_unknown_mechanism_variable(soma):
    soma.insert("hh")
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh._ref_foo
    check(ei, "errsoma(0.5).hh", "'foo'")


def test_ref_unknown_point_variable(soma):
    syn = n.ExpSyn(soma(0.5))
    with pytest.raises(AttributeError) as ei:
        syn._ref_foo
    msg = check(ei, syn.hname(), "'foo'")
    assert "'g'" in msg


@pytest.mark.parametrize("bad", [3.0, "v", None])
def test_record_not_a_reference(bad):
    vec = n.Vector()
    with pytest.raises(TypeError) as ei:
        vec.record(bad)
    check(ei, "Vector", "record", "_ref_v")


def test_record_segment_instead_of_reference(soma):
    with pytest.raises(TypeError) as ei:
        n.Vector().record(soma(0.5))
    check(ei, "errsoma(0.5)", "_ref_v")


# ---- run control -----------------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, -0.025, float("nan")])
def test_dt_not_positive(value):
    before = n.dt
    with pytest.raises(ValueError) as ei:
        n.dt = value
    check(ei, "h.dt", "positive")
    assert n.dt == before


def test_tstop_nan():
    with pytest.raises(ValueError) as ei:
        n.tstop = float("nan")
    check(ei, "h.tstop")


def _fresh(code):
    """Run code in a new interpreter (no finitialize has happened there)."""
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("call", ["n.fadvance()", "n.continuerun(5)"])
def test_run_before_finitialize(call):
    out = _fresh(
        "from pnm import n\n"
        "s = n.Section(name='soma'); s.insert('hh')\n"
        "try:\n"
        f"    {call}\n"
        "    print('NO ERROR')\n"
        "except RuntimeError as e:\n"
        "    print('RuntimeError:', e)\n")
    assert out.startswith("RuntimeError:"), out
    name = call.split("(")[0].replace("n.", "h.")
    assert name in out and "h.finitialize()" in out


def test_netcon_event_before_finitialize():
    out = _fresh(
        "from pnm import n\n"
        "s = n.Section(name='soma')\n"
        "syn = n.ExpSyn(s(0.5)); nc = n.NetCon(None, syn)\n"
        "try:\n"
        "    nc.event(1.0)\n"
        "    print('NO ERROR')\n"
        "except RuntimeError as e:\n"
        "    print('RuntimeError:', e)\n")
    assert out.startswith("RuntimeError:"), out
    assert "NetCon" in out and "h.finitialize()" in out


def test_run_after_model_change(soma):
    soma.insert("pas")
    n.finitialize(-65)
    n.fadvance()
    extra = n.Section(name="errextra")  # noqa: F841  (changes the model)
    with pytest.raises(RuntimeError) as ei:
        n.continuerun(1)
    check(ei, "h.continuerun()", "h.finitialize()")
    n.finitialize(-65)
    n.continuerun(0.1)


def test_load_file_missing_user_file():
    """User hoc files are interpreted (pnm.hoclang); a missing one is a clear error."""
    from pnm.hoclang import HocError
    with pytest.raises(HocError) as ei:
        n.load_file("mymodel.hoc")
    assert "mymodel.hoc" in str(ei.value) and "not found" in str(ei.value)


def test_unknown_h_name():
    with pytest.raises(AttributeError) as ei:
        n.NoSuchThing
    assert "NoSuchThing" in str(ei.value) and "Section" in str(ei.value)


def test_vecstim_unsorted_is_a_clear_error():
    """NEURON aborts the process here ('net_send td-t = -2'); pnm raises instead."""
    vs = n.VecStim()
    vec = n.Vector([1.0, 2.5, 0.5, 3.0])
    vs.play(vec)
    n.finitialize(-65)
    with pytest.raises(RuntimeError) as ei:
        n.continuerun(5)
    check(ei, vs.hname(), "0.5", "2.5", "vec.sort()")
    assert not math.isnan(n.t)
    vs.play()              # stop it: an old traceback may keep it alive for later tests
