"""NMODL checks: each bad input is refused at translation time with file:line and the fix."""
import pytest

from pnm.nmodl.check import check_compile_set, check_file
from pnm.nmodl.parse import NmodlError, parse_text


def refuse(text, path="bad.mod"):
    with pytest.raises(NmodlError) as err:
        check_compile_set([parse_text(text, path)])
    return str(err.value)


def test_verbatim_is_refused_with_file_and_line():
    msg = refuse("NEURON { SUFFIX x }\nINITIAL {\nVERBATIM\n  x = 1;\nENDVERBATIM\n}\n")
    assert msg.startswith("bad.mod:3: VERBATIM blocks hold C code")


def test_useion_valence_conflicting_with_neuron_ion():
    msg = refuse("NEURON { SUFFIX x USEION ca READ eca VALENCE 1 }\n")
    assert msg.startswith("bad.mod:1: USEION ca VALENCE 1 conflicts with NEURON's ca ion "
                          "(valence 2)")


def test_useion_valence_conflicting_across_files():
    a = parse_text("NEURON { SUFFIX a USEION xx READ exx VALENCE 2 }\n", "a.mod")
    b = parse_text("NEURON { SUFFIX b USEION xx READ exx VALENCE 3 }\n", "b.mod")
    with pytest.raises(NmodlError) as err:
        check_compile_set([a, b])
    assert "b.mod:1: USEION xx VALENCE 3 conflicts with VALENCE 2 in a.mod" in str(err.value)


def test_random_in_a_density_mechanism_is_refused():
    msg = refuse("NEURON { SUFFIX dr\nRANDOM rr }\nINITIAL { }\n")
    assert msg.startswith("bad.mod:2: RANDOM rr in a density mechanism (SUFFIX dr)")
    assert "make it a POINT_PROCESS" in msg


@pytest.mark.parametrize("name", ["hh", "pas", "ExpSyn", "Exp2Syn", "IClamp", "IntFire1",
                                  "IntFire2", "IntFire4", "NetStim", "VecStim"])
def test_mechanism_name_clashing_with_builtin(name):
    msg = refuse(f"NEURON {{ POINT_PROCESS {name} }}\n")
    assert f"bad.mod:1: mechanism name {name} clashes with NEURON's built-in {name}" in msg


def test_mechanism_name_twice_in_a_compile_set():
    a = parse_text("NEURON { SUFFIX kv }\n", "a.mod")
    b = parse_text("NEURON { SUFFIX kv }\n", "b.mod")
    with pytest.raises(NmodlError) as err:
        check_compile_set([a, b])
    assert "b.mod:1: mechanism name kv is also defined in a.mod" in str(err.value)


def test_undeclared_name():
    msg = refuse("NEURON { SUFFIX x }\nASSIGNED { a }\nINITIAL { a = gbar * 2 }\n")
    assert msg.startswith("bad.mod:3: gbar is used but not declared")


def test_unknown_function():
    msg = refuse("NEURON { SUFFIX x }\nASSIGNED { a }\nINITIAL { a = rate(1) }\n")
    assert msg.startswith("bad.mod:3: call of rate()")


def test_assignment_to_constant():
    msg = refuse("NEURON { SUFFIX x }\nCONSTANT { F = 96485 }\nINITIAL { F = 1 }\n")
    assert msg.startswith("bad.mod:3: assignment to F, a CONSTANT/UNITS value")


def test_solve_method_not_for_block_kind():
    msg = refuse("NEURON { SUFFIX x }\nSTATE { A B }\nBREAKPOINT { SOLVE k METHOD cnexp }\n"
                 "KINETIC k { ~ A <-> B (1, 1) }\n")
    assert msg.startswith("bad.mod:3: SOLVE k METHOD cnexp: a KINETIC block is solved by")


def test_solve_of_missing_block():
    msg = refuse("NEURON { SUFFIX x }\nBREAKPOINT { SOLVE states METHOD cnexp }\n")
    assert msg.startswith("bad.mod:2: SOLVE states: no DERIVATIVE")


def test_derivative_outside_derivative_block():
    msg = refuse("NEURON { SUFFIX x }\nSTATE { m }\nINITIAL { m' = 1 }\n")
    assert msg.startswith("bad.mod:3: m' = ... is only allowed in a DERIVATIVE block")


def test_valid_file_passes():
    check_file(parse_text("NEURON { SUFFIX ok RANGE g }\nPARAMETER { g = 1 }\n"
                          "ASSIGNED { v }\nINITIAL { g = g * 2 }\n", "ok.mod"))


def test_suffix_nothing_files_coexist_but_not_their_names():
    a = parse_text("NEURON { SUFFIX nothing }\nFUNCTION f(x) { f = x }\n", "a.mod")
    b = parse_text("NEURON { SUFFIX nothing }\nFUNCTION g(x) { g = x }\n", "b.mod")
    check_compile_set([a, b])
    c = parse_text("NEURON { SUFFIX nothing }\nPARAMETER { p = 1 }\n\nPROCEDURE f() { }\n",
                   "c.mod")
    with pytest.raises(NmodlError) as err:
        check_compile_set([a, b, c])
    assert "c.mod:4: PROCEDURE f is also defined in a.mod; SUFFIX nothing files share" \
        in str(err.value)


@pytest.mark.parametrize("c, construct", [
    ('FILE* f; f = fopen("x", "w");', "`FILE`, which is not a variable of the mechanism"),
    ("invl = nrn_random_pick(_p_r);", "the call nrn_random_pick() (pnm translates math.h"),
    ("_p_r = 0;", "the POINTER _p_r (line 5)"),
    ("hoc_call_func(0, 1);", "the call hoc_call_func()"),
    ("switch (invl) { case 0: invl = 1; case 1: invl = 2; break; }",
     "a case that falls through to the next one"),
    ("while ((invl = 2) > 1) { invl = 1; }", "an assignment inside an expression"),
    ("if ((invl = 2) > 1 && invl > 0) { invl = 1; }", "an assignment inside an if condition with"),
    ("for (;;) { }", "the C statement `for`"),
    ('printf("%s\\n", 1);', "a printf %s conversion"),
    ('printf("%d\\n", invl);', "printf %d of a double value (C prints garbage"),
    ("while (invl > 1) { return; }", "a return before the end"),
    ("invl = *getarg(1);", "`*` (line 5)"),
])
def test_verbatim_c_outside_the_subset_names_its_first_construct(c, construct):
    msg = refuse("NEURON { POINT_PROCESS P POINTER r }\nASSIGNED { invl r }\n"
                 f"PROCEDURE p() {{\nVERBATIM\n{c}\nENDVERBATIM\n}}\n")
    assert msg.startswith("bad.mod:4: VERBATIM blocks hold C code"), msg
    assert construct in msg, msg


def test_nmodl_printf_with_a_string_conversion_is_refused():
    msg = refuse('NEURON { SUFFIX x }\nINITIAL {\n  printf("%s %g\\n", 1, 2)\n}\n')
    assert msg.startswith("bad.mod:3: a printf %s conversion (strings): pnm prints numbers")


def test_suffix_nothing_files_may_share_a_range_assigned_but_not_a_parameter():
    a = parse_text("NEURON { SUFFIX nothing }\nASSIGNED { RES }\nPARAMETER { P = 1 }\n",
                   "a.mod")
    b = parse_text("NEURON { SUFFIX nothing }\nASSIGNED { RES }\n", "b.mod")
    check_compile_set([a, b])
    c = parse_text("NEURON { SUFFIX nothing }\nPARAMETER { P = 2 }\n", "c.mod")
    with pytest.raises(NmodlError) as err:
        check_compile_set([a, b, c])
    assert "c.mod:2: variable P is also defined in a.mod" in str(err.value)


def test_verbatim_ion_value_after_the_block_assigned_it_is_refused():
    msg = refuse("NEURON { SUFFIX x USEION ca READ cai WRITE cai }\nSTATE { cai }\n"
                 "INITIAL {\n  cai = 1\nVERBATIM\n  cai = _ion_cai;\nENDVERBATIM\n}\n")
    assert msg.startswith("bad.mod:5: VERBATIM blocks hold C code"), msg
    assert "_ion_cai after the block assigned cai (pnm knows the ion's value as the block " \
        "found it) (line 6)" in msg


def test_a_name_both_range_variable_and_procedure_is_refused():
    """ModelDB 64229's Gfluct2.mod: RANGE new_seed and PROCEDURE new_seed (NEURON's nocmodl:
    'new_seed used as both variable and function')."""
    msg = refuse("NEURON { POINT_PROCESS G\n RANGE new_seed }\n"
                 "PROCEDURE new_seed(seed) { }\n")
    assert msg.startswith("bad.mod:2: new_seed is a variable here and a PROCEDURE at line 3"), msg
