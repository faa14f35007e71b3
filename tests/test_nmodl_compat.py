"""Published .mod files taken unchanged (issue 16), run as NEURON's build of the same files:
several `SUFFIX nothing` libraries in one folder (tests/nmodl/nothing/), VERBATIM blocks in a
small C subset (tests/nmodl/verbatim/), statements after x' = ... in cnexp/euler DERIVATIVE
blocks (tests/nmodl/derivorder/), SOLVE inside an if of BREAKPOINT (tests/nmodl/nestedsolve/),
TABLE of array variables (tests/nmodl/arraytable/)."""

import os
import shutil
import sys

from conftest import REPO, checked, nrnivmodl_both, run_python

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "nmodl"))
from get_modeldb import materialise  # noqa: E402  (NEURON's examples are fetched, not committed)

NOTHING = REPO / "tests" / "nmodl" / "nothing"


def _same_output(folder, names, script, tmp_path):
    for name in names:
        shutil.copy(folder / name, tmp_path)
    build = nrnivmodl_both(tmp_path, timeout=900)
    expected = checked(run_python(str(script), "neuron", build, timeout=600)).stdout
    got = checked(run_python(str(script), "pnm", build, timeout=600)).stdout
    return expected.splitlines(), got.splitlines()


def test_suffix_nothing_files_put_their_names_at_hoc_top_level(tmp_path):
    expected, got = _same_output(NOTHING, ("mathlib.mod", "timelib.mod", "leak.mod"),
                                 NOTHING / "run_nothing.py", tmp_path)
    assert len(expected) == 8 and expected[5].startswith("spikes [4.07")
    assert got == expected


VERBATIM_DIR = REPO / "tests" / "nmodl" / "verbatim"


def test_verbatim_c_subset_runs_and_prints_as_neuron(tmp_path):
    """Gfluct.mod's printf of its seed, LcaMig.mod's `cai=_ion_cai;`, flushf.mod's fflush and
    csubset.mod's locals, casts, math.h, if/else, while, returns and NMODL's own printf: the
    same printed lines (printf's formats as C's), spike times and voltages as NEURON's."""
    expected, got = _same_output(VERBATIM_DIR, ("Gfluct.mod", "LcaMig.mod", "flushf.mod",
                                                "csubset.mod"),
                                 VERBATIM_DIR / "run_verbatim.py", tmp_path)
    assert expected[0] == "Setting random generator with seed = 7"
    assert any(line.startswith("count 400 at t= 4.963") for line in expected)
    spikes = [line for line in expected if line.startswith("spikes [")]
    assert spikes and spikes[0] != "spikes []"
    assert len(got) == len(expected)
    for e, g in zip(expected, got):
        if e.startswith("-") or e[:1].isdigit():          # voltages
            assert abs(float(e) - float(g)) <= 1e-6, (e, g)
        else:
            assert g == e


DERIVORDER = REPO / "tests" / "nmodl" / "derivorder"


def test_statements_after_derivatives_run_where_they_stand(tmp_path):
    """namir.mod (ModelDB 2937: `fr = inf` after its x' = ...) and minimal cnexp/euler blocks
    whose statements read a state between two x' = ...: NEURON's spikes, states, voltages."""
    expected, got = _same_output(DERIVORDER, ("namir.mod", "trail_cnexp.mod",
                                              "trail_euler.mod"),
                                 DERIVORDER / "run_derivorder.py", tmp_path)
    assert expected[0].startswith("spikes [3.47") and len(expected) > 10
    assert got[0] == expected[0]
    assert len(got) == len(expected)
    for e, g in zip(expected[1:], got[1:]):
        numbers = [(x, y) for x, y in zip(e.split(), g.split()) if x[0] in "-0123456789"]
        assert e.split()[0] == g.split()[0]
        assert all(abs(float(x) - float(y)) <= 1e-6 for x, y in numbers), (e, g)


def _numbers_close(expected, got):
    assert len(got) == len(expected)
    for e, g in zip(expected, got):
        assert e.split()[0] == g.split()[0], (e, g)
        if e.split()[0][0] in "-0123456789":
            pairs = list(zip(e.split(), g.split()))
        else:
            pairs = [(x, y) for x, y in zip(e.split()[1:], g.split()[1:])
                     if x[0] in "-0123456789"]
        assert all(abs(float(x) - float(y)) <= 1e-6 for x, y in pairs), (e, g)


def test_solve_inside_if_of_breakpoint_solves_every_step(tmp_path):
    """satsyn.mod (the form of ModelDB 135903's Exp2SynNMDApre.mod): `if (S >= Smax) { S =
    Smax } else { SOLVE ... }` solves every step as nocmodl makes it; spikes equal NEURON's."""
    folder = REPO / "tests" / "nmodl" / "nestedsolve"
    expected, got = _same_output(folder, ("satsyn.mod",), folder / "run_nestedsolve.py",
                                 tmp_path)
    assert expected[1].startswith("post [4.15") and expected[2] == "Smax reached True"
    assert got[:3] == expected[:3]
    _numbers_close(expected[3:], got[3:])


def test_table_of_array_variables(tmp_path):
    """fh.mod (ModelDB 3507) and B_A.mod (ModelDB 62266): TABLE names arrays (inf[4], a
    top-level LOCAL fac[2]); each element is tabulated, as nocmodl does."""
    folder = REPO / "tests" / "nmodl" / "arraytable"
    expected, got = _same_output(folder, ("fh.mod", "B_A.mod"), folder / "run_arraytable.py",
                                 tmp_path)
    assert expected[0].startswith("node [1.15") and expected[1].startswith("mn [1.75")
    assert got[:2] == expected[:2]
    _numbers_close(expected[2:], got[2:])


SOLVEFORMS = REPO / "tests" / "nmodl" / "solveforms"
EXAMPLES = REPO / "tests" / "nmodl" / "examples"     # NEURON's share/examples (get_modeldb.py)


def test_linear_nonlinear_solved_in_initial_and_procedures_and_start_values(tmp_path):
    """NEURON's share/examples nonlin.mod (SOLVE of a NONLINEAR block in INITIAL) and
    expsynspine.mod (SOLVE of a LINEAR ... SOLVEFOR block in a PROCEDURE called from
    BREAKPOINT), and startstate.mod (STATE x START v, ~ equations with a leading minus over two
    lines): NEURON's states, currents and voltages."""
    materialise()
    for name in ("nonlin.mod", "expsynspine.mod"):
        shutil.copy(EXAMPLES / name, tmp_path)
    expected, got = _same_output(SOLVEFORMS, ("startstate.mod",),
                                 SOLVEFORMS / "run_solveforms.py", tmp_path)
    assert expected[3].startswith("start 3.5 0.25 4.5 7.9166") and len(expected) > 12
    assert got[:6] == expected[:6]       # the solves' arithmetic is NEURON's: exact digits
    _numbers_close(expected[6:], got[6:])


def test_models_shipping_neurons_vecevent_mod_build_and_run(tmp_path):
    """A model folder with NEURON's vecevent.mod (VecStim is not built into NEURON; models
    ship this file): pnm nrnivmodl says it stands for pnm's built-in VecStim and builds the
    rest; VecStim -> ExpSyn on an hh soma gives NEURON's spikes."""
    materialise()
    shutil.copy(EXAMPLES / "vecevent.mod", tmp_path)
    shutil.copy(SOLVEFORMS / "startstate.mod", tmp_path)
    build = nrnivmodl_both(tmp_path, timeout=900)
    script = SOLVEFORMS / "run_vecstim.py"
    expected = checked(run_python(str(script), "neuron", build, timeout=600)).stdout
    got = checked(run_python(str(script), "pnm", build, timeout=600)).stdout
    assert expected.startswith("spikes [") and expected != "spikes []\n"
    assert got == expected


def test_vecstim_vector_between_runs_as_neurons_vecevent_mod(tmp_path):
    """NEURON's vecevent.mod and pnm's VecStim (pnm/mod/VecStim.mod) agree run after run when
    the Vector is changed in place, shared by two VecStims, re-bound with play(other),
    unbound with play(), emptied (solveforms/run_vecstim_rebind.py). The same files as above,
    so NEURON's build is the cached one."""
    materialise()
    shutil.copy(EXAMPLES / "vecevent.mod", tmp_path)
    shutil.copy(SOLVEFORMS / "startstate.mod", tmp_path)
    build = nrnivmodl_both(tmp_path, timeout=900)
    script = str(SOLVEFORMS / "run_vecstim_rebind.py")
    expected = checked(run_python(script, "neuron", build, timeout=600)).stdout
    got = checked(run_python(script, "pnm", build, timeout=600)).stdout
    assert expected.startswith("bound 1 2.5 4 |") and "re-bound 0.5 6 6 |" in expected
    assert got == expected


def test_verbatim_hoc_execerror_stops_the_run_as_neuron(tmp_path):
    """izhi2007bS.mod (ModelDB 39948) calls hoc_execerror("...", 0) in a VERBATIM block of a
    FUNCTION: the RS and FS cells spike as NEURON's, and when the FS cell's derivtype is spoiled
    the next step stops with the file's message, as NEURON's fadvance does."""
    modeldb = materialise()
    shutil.copy(os.path.join(modeldb, "39948", "izhi2007bS.mod"), tmp_path)
    folder = REPO / "tests" / "nmodl" / "execerror"
    build = nrnivmodl_both(tmp_path, timeout=900)
    script = str(folder / "run_izhi2007bS.py")
    expected = checked(run_python(script, "neuron", build, timeout=600)).stdout.splitlines()
    got = checked(run_python(script, "pnm", build, timeout=600)).stdout.splitlines()
    got = [line for line in got if not line.startswith("pnm: compil")]
    assert expected[2].startswith("celltype 5 spikes 4 7.700") and expected[-1] == "stopped True"
    assert got == expected


def test_verbatim_switch_and_assignment_in_condition_fixed_step_and_cvode(tmp_path):
    """Borg-Graham channels of ModelDB 136095 (naf2, nap, kdr2, kmbg), whose shared
    bg_cvode.inc computes Tau in VERBATIM with `switch (_lj) { case 0: ... break; case 1: ...
    break; }` and `if ((Tau[_lj] = 1 / (_la + _lb)) < mbasetau)`: spikes, gates and voltages
    equal NEURON's under the fixed step and under CVODE (run_bg.py)."""
    modeldb = materialise()
    for name in ("naf2.mod", "nap.mod", "kdr2.mod", "kmbg.mod", "bg_cvode.inc"):
        shutil.copy(os.path.join(modeldb, "136095", name), tmp_path)
    build = nrnivmodl_both(tmp_path, timeout=900)
    script = str(REPO / "tests" / "nmodl" / "bgcvode" / "run_bg.py")
    expected = checked(run_python(script, "neuron", build, timeout=600)).stdout.splitlines()
    got = checked(run_python(script, "pnm", build, timeout=900)).stdout.splitlines()
    got = [line for line in got if not line.startswith("pnm: compil")]
    assert expected[0].startswith("spikes 0 1.150000 5.775000") and len(expected) > 100
    assert any(line.startswith("spikes 1 1.129641") for line in expected)
    assert len(got) == len(expected)
    for e, g in zip(expected, got):
        if e[0] in "0123456789-":
            assert all(abs(float(x) - float(y)) <= 1e-6 for x, y in zip(e.split(), g.split())
                       ), (e, g)
        else:
            assert g == e
