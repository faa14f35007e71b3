"""import3d.hoc (Import3d_SWC_read, Import3d_GUI(reader, 0).instantiate) against NEURON 9:
tests/model_scripts/import3d_swc.py loads a morphology from tests/morphology/ under both and
prints every section's name, parent and connection x, each 3-D point, L, each segment's
area, ri and diam (nseg 1, then several), and the voltages of a short hh/pas run with an
IClamp; the outputs must be identical (numbers within 1e-6). Modes: top-level
instantiate(None) from Python, the same from hoc, instantiate(this) in a hoc template (two
cells), instantiate(self) in a Python object. Bad files: clear errors naming file:line.
Neurolucida (.asc, Import3d_Neurolucida3) files the same way; large real ones are stored
gzipped (*.asc.gz) and unpacked into a temporary folder for both runs."""

import gzip
import os
import shutil
import subprocess
import sys

import pytest

from nrn_compare import neuron_python
from test_section_api import same

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "model_scripts", "import3d_swc.py")
MORPH = os.path.join(HERE, "morphology")
ROOT = os.path.dirname(HERE)

# every mode (top, template, pyobj, hoc) meets small files (edge_*, n120); the large
# reconstructions run in one mode each (their parsing is the same in all modes)
CASES = [("n120.swc", "top"), ("n120.swc", "hoc"), ("allen_485574832.swc", "top"),
         ("modeldb87284_c91662.swc", "top"),     # (its other modes: n120, edge files)
         ("modeldb87284_cell.swc", "top"), ("h10.CNG.swc", "template"),
         ("ko20x-01.CNG.swc", "pyobj"),
         ("jaxley_3_types_single_point_soma.swc", "top"),
         ("jaxley_interrupted_soma.swc", "template"), ("jaxley_soma_both_ends.swc", "top"),
         ("jaxley_somatic_branchpoint.swc", "pyobj"),
         ("jaxley_non_somatic_branchpoint.swc", "hoc"),
         ("edge_3point_soma.swc", "top"), ("edge_3point_soma.swc", "template"),
         ("edge_branches.swc", "top"), ("edge_branches.swc", "template"),
         ("edge_branches.swc", "pyobj"), ("edge_branches.swc", "hoc"),
         ("edge_two_trees.swc", "top"), ("edge_blank_lines.swc", "top")]

ASC_CASES = [("nrn_simple.asc", "top"), ("nrn_simple.asc", "hoc"),
             ("modeldb139653_cell1.asc.gz", "pyobj"),    # its template: test_hay_template_...
             ("modeldb195667_cell08.ASC.gz", "top"),
             ("nrn_course_111200A.asc.gz", "top"),
             ("edge_asc_features.asc", "top"), ("edge_asc_features.asc", "template"),
             ("edge_asc_features.asc", "pyobj"), ("edge_asc_features.asc", "hoc"),
             ("edge_asc_stack.asc", "top"), ("edge_asc_stack.asc", "template"),
             ("edge_asc_nosoma.asc", "top"), ("morphio_simple.asc", "top"),
             ("morphio_simple.asc", "pyobj"), ("morphio_circle_contour.asc", "top"),
             ("morphio_marker-with-string.asc", "top"), ("morphio_spine.asc", "top")]


def run(python, which, name, mode, script=SCRIPT, cwd=MORPH):
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("DISPLAY", None)
    proc = subprocess.run([python, script, which, name, *mode], capture_output=True, text=True,
                          timeout=600, env=env, cwd=cwd)
    assert proc.returncode == 0, f"{which} failed on {name} ({mode}):\n{proc.stderr[-3000:]}"
    return proc.stdout.splitlines()


@pytest.mark.parametrize("name,mode", CASES)
def test_instantiated_morphology_matches_neuron(name, mode):
    expected = run(neuron_python(), "neuron", name, [mode])
    got = run(sys.executable, "pnm", name, [mode])
    assert any(line.startswith("sec ") for line in expected), expected[:20]
    assert len(expected) == len(got), "\n".join(got[:40])
    bad = [(e, g) for e, g in zip(expected, got) if not same(e, g)]
    assert not bad, "\n".join(f"NEURON: {e}\npnm:    {g}" for e, g in bad[:20])


def unpacked(name, tmp_path):
    """(folder, file name) to run on: *.gz unpacked into tmp_path."""
    if not name.endswith(".gz"):
        return MORPH, name
    with gzip.open(os.path.join(MORPH, name), "rb") as src, \
            open(tmp_path / name[:-3], "wb") as dst:
        shutil.copyfileobj(src, dst)
    return str(tmp_path), name[:-3]


@pytest.mark.parametrize("name,mode", ASC_CASES)
def test_instantiated_neurolucida_matches_neuron(name, mode, tmp_path):
    cwd, name = unpacked(name, tmp_path)
    expected = run(neuron_python(), "neuron", name, [mode], cwd=cwd)
    got = run(sys.executable, "pnm", name, [mode], cwd=cwd)
    assert any(line.startswith("sec ") for line in expected), expected[:20]
    assert len(expected) == len(got), "\n".join(got[:40])
    bad = [(e, g) for e, g in zip(expected, got) if not same(e, g)]
    assert not bad, "\n".join(f"NEURON: {e}\npnm:    {g}" for e, g in bad[:20])


def test_hay_template_builds_cell1_as_neuron(tmp_path):
    """ModelDB 139653's own L5PCtemplate.hoc (Import3d_Neurolucida3 with quiet = 1 and
    instantiate(this) inside the template, then its geom_nseg and axon replacement)."""
    cwd, name = unpacked("modeldb139653_cell1.asc.gz", tmp_path)
    shutil.copy(os.path.join(MORPH, "modeldb139653_L5PCtemplate.hoc"), cwd)
    script = os.path.join(HERE, "model_scripts", "import3d_hay.py")
    expected = run(neuron_python(), "neuron", name, [], script, cwd=cwd)
    got = run(sys.executable, "pnm", name, [], script, cwd=cwd)
    assert expected[0].startswith("counts 195.0 1.0 109.0 84.0 2.0"), expected[:3]
    assert len(expected) == len(got), "\n".join(got[:40])
    bad = [(e, g) for e, g in zip(expected, got) if not same(e, g)]
    assert not bad, "\n".join(f"NEURON: {e}\npnm:    {g}" for e, g in bad[:20])


@pytest.mark.parametrize("name", ["edge_branches.swc", "edge_asc_features.asc"])
def test_kept_commands_are_neurons(name):
    script = os.path.join(HERE, "model_scripts", "import3d_commands.py")
    expected = run(neuron_python(), "neuron", name, [], script)
    got = run(sys.executable, "pnm", name, [], script)
    assert any("pt3dstyle(1," in line for line in expected)
    assert got == expected


# ---- bad input --------------------------------------------------------------------------------
def read(tmp_path, text, name="cell.swc"):
    from pnm import h
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    h.load_file("import3d.hoc")
    reader = h.Import3d_Neurolucida3() if name.endswith(".asc") else h.Import3d_SWC_read()
    reader.quiet = 1
    reader.input(str(path))
    return reader


def test_missing_file_names_the_file(tmp_path):
    from pnm.morphology.swc import MorphologyError
    with pytest.raises(MorphologyError, match=r"could not open .*nosuch\.swc \(no such file"):
        read(tmp_path, None, "nosuch.swc")


def test_malformed_line_names_file_and_line(tmp_path):
    from pnm.morphology.swc import MorphologyError
    text = "# c\n1 1 0 0 0 5 -1\n2 1 0 10 0 5 1\n3 3 0 20 zero 1 2\n"
    with pytest.raises(MorphologyError, match=r"cell\.swc:4: could not parse '3 3 0 20 zero 1 2'"):
        read(tmp_path, text)


def test_parent_not_before_child_names_line(tmp_path):
    from pnm.morphology.swc import MorphologyError
    with pytest.raises(MorphologyError, match=r"cell\.swc:2: point 2 has parent 5, not less"):
        read(tmp_path, "1 1 0 0 0 5 -1\n2 3 0 10 0 1 5\n")


def test_duplicate_id_names_both_lines(tmp_path):
    from pnm.morphology.swc import MorphologyError
    with pytest.raises(MorphologyError, match=r"cell\.swc:3: duplicate id 2 \(also at line 2\)"):
        read(tmp_path, "1 1 0 0 0 5 -1\n2 3 0 10 0 1 1\n2 3 0 20 0 1 1\n")


def test_ids_out_of_order_is_an_error_as_in_neuron(tmp_path):
    """NEURON 9 stops in check_pid's sort (it sorts `diam`, not d); pnm says why."""
    from pnm.morphology.swc import MorphologyError
    with pytest.raises(MorphologyError, match=r"cell\.swc:3: id 2 after id 3: the ids are not"):
        read(tmp_path, "1 1 0 0 0 5 -1\n3 3 0 20 0 1 2\n2 1 0 10 0 5 1\n")


def test_file_without_points_is_an_error(tmp_path):
    from pnm.morphology.swc import MorphologyError
    with pytest.raises(MorphologyError, match=r"has no SWC points"):
        read(tmp_path, "# only a comment\n")


def test_template_without_subset_list_says_which(tmp_path):
    """NEURON fails with a syntax error when the template lacks a subset list of a type
    between the file's lowest and highest (here axonal, type 2, with types 1 and 6 in the
    file); pnm names the list and the fix."""
    from pnm import h
    from pnm.morphology.swc import MorphologyError
    path = tmp_path / "t6.swc"
    path.write_text("1 1 0 0 0 5 -1\n2 1 0 10 0 5 1\n3 6 0 20 0 1 2\n")
    h.load_file("import3d.hoc")
    h("begintemplate NoSubset\npublic soma, dend_6, all\ncreate soma[1], dend_6[1]\n"
      "objref all, somatic, dendritic_6\nproc init() { all = new SectionList() "
      "somatic = new SectionList() dendritic_6 = new SectionList() }\nendtemplate NoSubset")
    cell = h.NoSubset()
    reader = h.Import3d_SWC_read()
    reader.input(str(path))
    with pytest.raises(MorphologyError, match=r"template NoSubset has no SectionList axonal"):
        h.Import3d_GUI(reader, 0).instantiate(cell)


# ---- Neurolucida: bad input ---------------------------------------------------------------------
def read_asc(tmp_path, text, name="cell.asc"):
    return read(tmp_path, text, name)


def test_asc_missing_file_names_the_file(tmp_path):
    from pnm.morphology.swc import MorphologyError
    with pytest.raises(MorphologyError, match=r"could not open .*nosuch\.asc \(no such file"):
        read_asc(tmp_path, None, "nosuch.asc")


def test_asc_parse_error_names_file_line_and_token(tmp_path):
    """NEURON prints 'parse error' with the token and line, then stops; pnm raises."""
    from pnm.morphology.swc import MorphologyError
    text = '("CellBody"\n (0 0 0 1)\n (1 1 0 1)\n (2 0 0 1)\n)\n((Dendrite)\n (0 0 0 1)\n  5 6)\n'
    with pytest.raises(MorphologyError, match=r"cell\.asc:8: parse error at token .* on line 8: "
                                              r"number x=5 .*the line is '  5 6\)'"):
        read_asc(tmp_path, text)


def test_asc_unclosed_string_is_reported_then_a_parse_error(tmp_path, capsys):
    from pnm.morphology.swc import MorphologyError
    with pytest.raises(MorphologyError, match=r"cell\.asc:1: parse error"):
        read_asc(tmp_path, '("CellBody\n')
    assert "Lexical error: no closing '\"' in string. The entire line 1" in capsys.readouterr().out


def test_asc_without_sections_instantiates_nothing(tmp_path):
    """A file of markers only: NEURON's instantiate creates no section and no error."""
    from pnm import h
    reader = read_asc(tmp_path, "; markers only\n(Dot (Color Red) (1 2 0 1))\n")
    assert reader.sections.count() == 0
    h.Import3d_GUI(reader, 0).instantiate(None)


def test_asc_degenerate_soma_contour_is_a_clear_error(tmp_path):
    """Contour points on one line: NEURON stops with 'Failed to compute soma centroid'."""
    from pnm import h
    from pnm.morphology.contour import ContourError
    reader = read_asc(tmp_path, '("CellBody"\n (0 0 0 1)\n (1 0 0 1)\n (2 0 0 1)\n (3 0 0 1)\n)\n')
    with pytest.raises(ContourError, match=r"Import3d_Section\[0\]: Failed to compute soma "
                                           "centroid from contour"):
        h.Import3d_GUI(reader, 0).instantiate(None)
