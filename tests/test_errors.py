"""Bad input gets a clear error: the right exception type, a message that names the object
(section, segment, point process, NetCon, Vector), what was given, and says what to do --
never a deep traceback from the engine.

Each check lists those key parts of the message verbatim (a word such as "use" somewhere in
the message is not enough: that let "use one of ExpSyn variables are [...]" through)."""

import math

import pytest

from pnm import n

from conftest import check_message as check, run_python


@pytest.fixture
def soma():
    sec = n.Section(name="errsoma")
    sec.L = sec.diam = 10
    return sec


# ---- mechanisms and attributes ---------------------------------------------------------------

def test_insert_unknown_mechanism(soma):
    with pytest.raises(ValueError) as ei:
        soma.insert("foo")
    check(ei, "errsoma.insert('foo'): unknown mechanism", "use one of ['ca_ion', 'hh', 'k_ion', 'na_ion', 'pas']",
          "point processes such as ExpSyn are created with h.ExpSyn(seg)")


def test_insert_not_a_name(soma):
    with pytest.raises(TypeError) as ei:
        soma.insert(3)
    check(ei, "errsoma.insert(3)", "give a mechanism name such as 'hh' or h.hh")


def test_segment_unknown_attribute(soma):
    with pytest.raises(AttributeError) as ei:
        soma(0.5).foo
    fix = "(inserted mechanisms: []; use seg.<mech>.<name> or seg.<name>_<mech>)"
    check(ei, "errsoma(0.5) has no range variable 'foo'", fix)
    with pytest.raises(AttributeError) as ei:
        soma(0.5).foo = 1.0
    check(ei, "errsoma(0.5) has no range variable 'foo'", fix)


def test_mechanism_not_inserted(soma):
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh
    fix = "mechanism 'hh' is not inserted in errsoma; call errsoma.insert('hh') first"
    check(ei, "errsoma(0.5): ", fix)
    with pytest.raises(AttributeError) as ei:
        soma(0.5).gnabar_hh
    check(ei, "errsoma(0.5).gnabar_hh: ", fix)
    with pytest.raises(AttributeError) as ei:
        soma(0.5).gnabar_hh = 0.2
    check(ei, "errsoma(0.5).gnabar_hh: ", fix)


def test_mechanism_unknown_variable(soma):
    soma.insert("hh")
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh.foo
    hh_vars = ("use one of ['gnabar', 'gkbar', 'gl', 'el', 'gna', 'gk', 'il', 'minf', 'hinf', "
               "'ninf', 'mtau', 'htau', 'ntau', 'm', 'h', 'n']")
    check(ei, "errsoma(0.5).hh has no variable 'foo'; ", hh_vars)
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh.foo = 1
    check(ei, "errsoma(0.5).hh has no variable 'foo'; ", hh_vars)


def test_point_process_unknown_attribute(soma):
    """The whole message: it once read "use one of ExpSyn variables are [...]"."""
    syn = n.ExpSyn(soma(0.5))
    expected = (f"{syn.hname()} has no variable 'foo'; use one of ExpSyn's variables "
                "['tau', 'e', 'g', 'i']")
    with pytest.raises(AttributeError) as ei:
        syn.foo
    assert str(ei.value) == expected
    # assigning one is Python's own AttributeError (a point process has no __setattr__, which
    # would slow every assignment); NEURON's is LookupError: 'foo' is not a defined hoc
    # variable name.
    with pytest.raises(AttributeError) as ei:
        syn.foo = 2
    assert str(ei.value) == "'ExpSyn' object has no attribute 'foo'"


def test_point_process_bad_value(soma):
    syn = n.ExpSyn(soma(0.5))
    with pytest.raises(TypeError) as ei:
        syn.tau = "fast"
    check(ei, f"{syn.hname()}.tau = 'fast': must be a number")


def test_point_process_without_location(soma):
    # NEURON 9 makes it unlocated (h.IClamp() -> get_segment() None); loc() places it later
    syn = n.ExpSyn()
    assert syn.get_segment() is None
    syn.loc(soma(0.5))
    assert syn.get_segment().sec is soma
    with pytest.raises(TypeError) as ei:
        n.IClamp(soma)
    check(ei, "IClamp[", "].loc(errsoma): give a segment such as soma(0.5), or sec=")


def test_point_process_location_out_of_range(soma):
    with pytest.raises(ValueError) as ei:
        n.ExpSyn(1.5, sec=soma)
    check(ei, "ExpSyn[", "].loc(1.5): segment x must be in [0, 1]")


# ---- geometry --------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, -1, 2.5])
def test_nseg_bad_value(soma, value):
    with pytest.raises(ValueError) as ei:
        soma.nseg = value
    check(ei, f"errsoma.nseg = {value!r}: nseg must be an integer in range 1 to 32767")
    assert soma.nseg == 1


@pytest.mark.parametrize("value", ["three", None, float("nan")])
def test_nseg_not_a_number(soma, value):
    with pytest.raises((TypeError, ValueError)) as ei:
        soma.nseg = value
    check(ei, f"errsoma.nseg = {value!r}: nseg must be an integer in range 1 to 32767")
    assert soma.nseg == 1


@pytest.mark.parametrize("attr", ["L", "diam", "Ra", "cm"])
@pytest.mark.parametrize("value", [-1.0, float("nan")])
def test_geometry_negative_or_nan(soma, attr, value):
    before = getattr(soma, attr)
    with pytest.raises(ValueError) as ei:
        setattr(soma, attr, value)
    check(ei, f"errsoma.{attr} = {value!r}: must be a positive number")
    assert getattr(soma, attr) == before


@pytest.mark.parametrize("attr", ["L", "diam", "Ra"])
def test_geometry_zero(soma, attr):
    with pytest.raises(ValueError) as ei:
        setattr(soma, attr, 0)
    check(ei, f"errsoma.{attr} = 0.0: must be a positive number")


def test_geometry_not_a_number(soma):
    with pytest.raises(TypeError) as ei:
        soma.L = "long"
    check(ei, "errsoma.L = 'long': must be a number")


def test_segment_diam_negative(soma):
    with pytest.raises(ValueError) as ei:
        soma(0.5).diam = -2
    check(ei, "errsoma(0.5).diam = -2.0: must be a positive number")


@pytest.mark.parametrize("x", [1.5, -0.1, float("nan")])
def test_segment_x_out_of_range(soma, x):
    with pytest.raises(ValueError) as ei:
        soma(x)
    check(ei, f"errsoma({x!r}): segment x must be in [0, 1]")


def test_segment_x_not_a_number(soma):
    with pytest.raises(TypeError) as ei:
        soma("middle")
    check(ei, "errsoma('middle'): segment x must be a number in [0, 1], e.g. soma(0.5)")


def test_connect_bad_parent(soma):
    child = n.Section(name="errchild")
    with pytest.raises(ValueError) as ei:
        child.connect(soma, 1.5)
    check(ei, "errchild.connect parentx(1.5): segment x must be in [0, 1]")
    with pytest.raises(TypeError) as ei:
        child.connect("errsoma")
    check(ei, "errchild.connect('errsoma'): the parent must be a Section or segment")
    child.connect(soma)
    with pytest.raises(ValueError) as ei:
        soma.connect(child)
    check(ei, "errsoma.connect(errchild): would make a loop in the tree",
          "(errchild is in the subtree of errsoma)",
          "connect the child to the parent, child.connect(parent), not the reverse")


def test_3d_point_index_out_of_range(soma):
    with pytest.raises(IndexError) as ei:
        soma.x3d(0)
    check(ei, "errsoma: 3-D point index 0 out of range (n3d is 0)")


# ---- NetCon ----------------------------------------------------------------------------------

def test_netcon_to_iclamp(soma):
    stim = n.IClamp(soma(0.5))
    with pytest.raises(TypeError) as ei:
        n.NetCon(soma(0.5)._ref_v, stim, sec=soma)
    check(ei, f"NetCon(..., {stim.hname()}): IClamp has no NET_RECEIVE block, so it cannot "
          "receive events", "target a synapse such as ExpSyn or an artificial cell")


def test_netcon_to_section(soma):
    with pytest.raises(TypeError) as ei:
        n.NetCon(soma(0.5)._ref_v, soma, sec=soma)
    check(ei, "NetCon(..., errsoma): the target must be a point process with NET_RECEIVE "
          "(ExpSyn, Exp2Syn, IntFire1, ...) or None")


def test_netcon_from_non_source(soma):
    syn = n.ExpSyn(soma(0.5))
    with pytest.raises(TypeError) as ei:
        n.NetCon(soma, syn)
    fix = ("must be a reference such as soma(0.5)._ref_v (with sec=soma), a point process / "
           "artificial cell, or None")
    check(ei, f"NetCon source errsoma {fix}")
    with pytest.raises(TypeError) as ei:
        n.NetCon(soma(0.5), syn)
    check(ei, f"NetCon source errsoma(0.5) {fix}")


def test_netcon_weight_index_out_of_range(soma):
    syn = n.ExpSyn(soma(0.5))
    nc = n.NetCon(soma(0.5)._ref_v, syn, sec=soma)
    for i in (1, 2, -2):
        with pytest.raises(IndexError) as ei:
            nc.weight[i]
        expected = f"{nc!r}.weight[{i}]: the target {syn.hname()} takes one weight; use weight[0]"
        check(ei, expected)
        with pytest.raises(IndexError) as ei:
            nc.weight[i] = 0.1
        check(ei, expected)
    nc.weight[0] = 0.25
    assert nc.weight[0] == 0.25


def test_netcon_bad_delay_and_weight(soma):
    syn = n.ExpSyn(soma(0.5))
    nc = n.NetCon(soma(0.5)._ref_v, syn, sec=soma)
    with pytest.raises(ValueError) as ei:
        nc.delay = -1
    check(ei, f"{nc!r}.delay = -1.0: a delay cannot be negative; give a delay >= 0 (ms)")
    with pytest.raises(ValueError) as ei:
        nc.weight[0] = float("nan")
    check(ei, f"{nc!r}.weight = nan: must be a number")
    with pytest.raises(ValueError) as ei:
        nc.threshold = float("nan")
    check(ei, f"{nc!r}.threshold = nan: must be a number")


def test_netcon_record_without_source(soma):
    syn = n.ExpSyn(soma(0.5))
    nc = n.NetCon(None, syn)
    with pytest.raises(ValueError) as ei:
        nc.record(n.Vector())
    check(ei, f"{nc!r}.record(): this NetCon has no source to record")
    other = n.NetCon(soma(0.5)._ref_v, syn, sec=soma)
    with pytest.raises(TypeError) as ei:
        other.record([1, 2])
    check(ei, f"{other!r}.record(tvec[, idvec]): give h.Vector objects")


# ---- recording -------------------------------------------------------------------------------

def test_ref_unknown_range_variable(soma):
    with pytest.raises(AttributeError) as ei:
        soma(0.5)._ref_foo
    check(ei, "errsoma(0.5) has no range variable 'foo'",
          "(inserted mechanisms: []; use seg.<mech>.<name> or seg.<name>_<mech>)")


def test_ref_mechanism_not_inserted(soma):
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh._ref_m
    fix = "mechanism 'hh' is not inserted in errsoma; call errsoma.insert('hh') first"
    check(ei, "errsoma(0.5): ", fix)
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh._ref_foo
    check(ei, "errsoma(0.5): ", fix)
    with pytest.raises(AttributeError) as ei:
        soma(0.5)._ref_m_hh
    check(ei, "errsoma(0.5).m_hh: ", fix)


def test_ref_unknown_mechanism_variable(soma):
    soma.insert("hh")
    with pytest.raises(AttributeError) as ei:
        soma(0.5).hh._ref_foo
    check(ei, "errsoma(0.5).hh has no variable 'foo'; ",
          "use one of ['gnabar', 'gkbar', 'gl', 'el', 'gna', 'gk', 'il', 'minf', 'hinf', "
          "'ninf', 'mtau', 'htau', 'ntau', 'm', 'h', 'n']")


def test_ref_unknown_point_variable(soma):
    syn = n.ExpSyn(soma(0.5))
    with pytest.raises(AttributeError) as ei:
        syn._ref_foo
    check(ei, f"{syn.hname()}._ref_foo: ExpSyn has no variable 'foo' to reference; "
          "use one of ['tau', 'e', 'g', 'i']")


@pytest.mark.parametrize("bad", [3.0, "v", None])
def test_record_not_a_reference(bad):
    vec = n.Vector()
    with pytest.raises(TypeError) as ei:
        vec.record(bad)
    check(ei, "Vector[", f"].record({bad!r}): give a reference such as soma(0.5)._ref_v, "
          "h._ref_t or syn._ref_i")


def test_record_segment_instead_of_reference(soma):
    with pytest.raises(TypeError) as ei:
        n.Vector().record(soma(0.5))
    check(ei, "Vector[", "].record(errsoma(0.5)): give a reference such as "
          "soma(0.5)._ref_v, h._ref_t or syn._ref_i")


# ---- run control -----------------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, -0.025, float("nan")])
def test_dt_not_positive(value):
    before = n.dt
    with pytest.raises(ValueError) as ei:
        n.dt = value
    check(ei, f"h.dt = {float(value)!r}: the time step must be positive")
    assert n.dt == before


def test_tstop_nan():
    with pytest.raises(ValueError) as ei:
        n.tstop = float("nan")
    check(ei, "h.tstop = nan: must be a number")


def _fresh(code):
    """Run code in a new interpreter (no finitialize has happened there)."""
    proc = run_python("-c", code)
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
    name = call.split("(")[0].replace("n.", "h.")
    assert out == f"RuntimeError: {name}(): call h.finitialize() (or h.stdinit()) first\n"


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
    assert out.startswith("RuntimeError: NetCon[0].event(1.0): call h.finitialize() first"), out
    assert "events are placed on the queue of an initialized run" in out


def test_run_after_model_change(soma):
    soma.insert("pas")
    n.finitialize(-65)
    n.fadvance()
    extra = n.Section(name="errextra")  # noqa: F841  (changes the model)
    with pytest.raises(RuntimeError) as ei:
        n.continuerun(1)
    check(ei, "h.continuerun(): the model changed after h.finitialize() (a section, "
          "mechanism, point process or NetCon was added or removed",
          "call h.finitialize() again")
    n.finitialize(-65)
    n.continuerun(0.1)


def test_load_file_missing_user_file(capsys):
    """A missing file: NEURON's "Couldn't find" (the file named) on stderr, load_file returns
    0 and the program goes on (published programs load optional .ses files); xopen of a
    missing file is an error."""
    from pnm.hoclang import HocError
    assert n.load_file("mymodel.hoc") == 0.0
    err = capsys.readouterr().err
    assert "Couldn't find mymodel.hoc" in err and "returns 0" in err, err
    with pytest.raises(HocError) as ei:
        n.xopen("mymodel.hoc")
    assert "mymodel.hoc" in str(ei.value) and "not found" in str(ei.value)


def test_unknown_h_name():
    with pytest.raises(AttributeError) as ei:
        n.NoSuchThing
    check(ei, "h.NoSuchThing: pnm does not provide 'NoSuchThing'",
          "(NEURON names pnm has: Section, Vector, NetCon, ExpSyn, ")


def test_vecstim_unsorted_is_a_clear_error():
    """NEURON aborts the process here ('net_send td-t = -2'); pnm raises instead."""
    vs = n.VecStim()
    vec = n.Vector([1.0, 2.5, 0.5, 3.0])
    vs.play(vec)
    n.finitialize(-65)
    with pytest.raises(RuntimeError) as ei:
        n.continuerun(5)
    check(ei, f"{vs.hname()}: element 2 of the Vector it plays is 0.5, earlier than its event "
          "at t = 2.5", "VecStim needs times >= 0 in non-decreasing order",
          "Sort the Vector (vec.sort()) and drop negative times before vs.play(vec), then call "
          "h.finitialize() again")
    assert not math.isnan(n.t)
    vs.play()              # stop it: an old traceback may keep it alive for later tests




def test_sscanf_conversion_not_provided_is_an_error():
    """sscanf with a conversion pnm does not read (%x, %c) is an error naming it, never a
    silent stop with fewer values assigned."""
    from pnm.hoclang import HocError
    with pytest.raises(HocError, match="conversion '%x' is not provided"):
        n('{ sscanf_probe = 0  sscanf("ff", "%x", &sscanf_probe) }')


def test_use_mcell_ran4_on_is_refused_naming_what_to_use():
    from pnm import h
    assert h.use_mcell_ran4() == 0.0 and h.use_mcell_ran4(0) == 0.0
    with pytest.raises(NotImplementedError, match=r"use_mcell_ran4\(1\): pnm's NMODL "
                       r"scop_random/exprand/normrand use NEURON's default generator only"):
        h.use_mcell_ran4(1)
