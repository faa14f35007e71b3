"""NMODL parser: every mod file NEURON's wheel ships and the ModelDB files in tests/nmodl parse;
syntax errors name file:line:column and show the line with a caret."""
import glob
import os

import pytest

from pnm.nmodl.parse import NmodlError, parse_file, parse_text

HERE = os.path.dirname(os.path.abspath(__file__))


def modeldb_files():
    """The ModelDB files (not committed: tests/nmodl/get_modeldb.py fetches them from the
    local mirror or GitHub); none when they cannot be fetched, which the count test reports."""
    import sys
    sys.path.insert(0, os.path.join(HERE, "nmodl"))
    try:
        from get_modeldb import materialise
        materialise()
    except Exception as exc:       # reported by test_at_least_twenty_modeldb_files_are_present
        print(f"ModelDB files not fetched: {exc}")
    return sorted(glob.glob(os.path.join(HERE, "nmodl", "modeldb", "*", "*.mod")))


MODELDB_FILES = modeldb_files()


def neuron_share():
    try:
        import neuron
    except ImportError:
        pytest.fail("NEURON (pip install neuron) is needed: its wheel ships the reference "
                    ".mod files")
    return os.path.join(os.path.dirname(neuron.__file__), ".data", "share")


def shipped_mod_files():
    files = sorted(glob.glob(os.path.join(neuron_share(), "**", "*.mod"), recursive=True))
    assert len(files) >= 15, files
    return files


def test_every_mod_file_of_the_neuron_wheel_parses():
    for path in shipped_mod_files():
        mod = parse_file(path)
        assert mod.neuron.name, path


def test_at_least_twenty_modeldb_files_are_present():
    assert len(MODELDB_FILES) >= 20, (
        "the ModelDB mod files are missing: run python tests/nmodl/get_modeldb.py (it reads "
        "the ModelDBRepository mirrors or GitHub)")


@pytest.mark.parametrize("path", MODELDB_FILES, ids=os.path.basename)
def test_modeldb_mod_file_parses(path):
    mod = parse_file(path)
    assert mod.neuron.name


def test_hh_declarations_and_table():
    mod = parse_file(os.path.join(neuron_share(), "modfile", "hh.mod"))
    assert (mod.neuron.kind, mod.neuron.name) == ("SUFFIX", "hh")
    assert [u.ion for u in mod.neuron.useions] == ["na", "k"]
    gnabar = mod.decls["PARAMETER"][0]
    assert (gnabar.name, gnabar.value, gnabar.units, gnabar.limits) == \
        ("gnabar", 0.12, "S/cm2", (0.0, 1e9))
    table = next(s for s in mod.callables["rates"].body if type(s).__name__ == "Table")
    assert table.names == ["minf", "mtau", "hinf", "htau", "ninf", "ntau"]
    assert table.depend == ["celsius"] and table.n == 200


def test_kinetic_scheme_with_conserve():
    mod = parse_file(os.path.join(HERE, "nmodl", "modeldb", "18198", "caL3d.mod"))
    kinds = [type(s).__name__ for s in mod.callables["kstates"].body]
    assert "Reaction" in kinds and "Conserve" in kinds


def test_stoichiometry_and_comments():
    mod = parse_text("""TITLE t ? old comment
COMMENT
  anything: NEURON { }
ENDCOMMENT
NEURON { SUFFIX x }  : trailing
STATE { A B }
KINETIC k { ~ 2 A <-> B (1, 2) }
""", "x.mod")
    reaction = mod.callables["k"].body[0]
    assert reaction.lhs[0][0] == 2.0 and reaction.op == "<->"


def test_syntax_error_names_file_line_column_and_shows_caret():
    with pytest.raises(NmodlError) as err:
        parse_text("NEURON { SUFFIX x }\nPARAMETER {\n  g = 1 (S/cm2) <0,\n}\n", "bad.mod")
    lines = str(err.value).splitlines()
    assert lines[0].startswith("bad.mod:4:1: syntax error")
    assert lines[1].strip() == "}" and lines[2].strip() == "^"


def test_unknown_block_is_named():
    with pytest.raises(NmodlError) as err:
        parse_text("NEURON { SUFFIX x }\nPARAMETERS { g = 1 }\n", "u.mod")
    assert "u.mod:2:1: unknown block 'PARAMETERS'" in str(err.value)
