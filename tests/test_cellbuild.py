"""CellBuild (NEURON's CellBuilder) in session files: the cell the builder's session
statements make at top level with "Continuous Create", printed section by section (psection,
3-D points, diam, area and ri of each segment, the subsets' SectionLists), then a short run
with an IClamp at the soma, compared line by line with NEURON 9 running the same driver.

- ModelDB 9849 (start.ses): CellBuild of version 5.1 (GeoSpec types of old sessions,
  d_lambda), an axon a[0], a[1] and b0, hh; the session's PointProcessManager stimulates b0.
- ModelDB 87284 (c91662.ses): a reconstructed cell of 194 sections with 3-D points, subsets
  somatic, axonal, basaldend, apical; no membrane in the builder (the driver inserts hh).
- ModelDB 116740 (schematic.ses): subsets, per-section diameters read with fscan, Ra, cm,
  pas, Ca, CadepK; continuous = 0 there (the builder makes nothing), and again with
  continuous = 1. The session's ChannelBuild windows (KSChan, which pnm lacks) and the
  builder's uses of their channels are cut.
- ModelDB 3264 (cell.ses, cell2.ses, testgroup.ses): the builders inside NetReadyCellGUI
  windows (netbild.hoc, which pnm lacks), cut out as builders of their own with continuous
  create on; testgroup.ses is a version 1 session (its own "all" subset, GeoSpec for Ra, cm).

The .ses and .mod files are third-party: tests/nmodl/modeldb_manifest.txt names them,
get_modeldb.py fetches them (never committed)."""

import os
import re
import shutil

import pytest

from test_session_files import run_both, run_pnm
from conftest import nrnivmodl_both
from get_modeldb import materialise

PRINT_MODEL = """
objref pnm_sr_
strdef pnm_pname_
proc print_model() {local i, px, po
	forall psection()
	forall {
		pnm_sr_ = new SectionRef()
		printf("%s nseg %d L %.12g Ra %.12g n3d %d", secname(), nseg, L, Ra, n3d())
		if (pnm_sr_.has_parent) {
			px = parent_connection()  po = section_orientation()
			pnm_sr_.parent pnm_pname_ = secname()
			printf(" parent %s(%g) at %g\\n", pnm_pname_, px, po)
		} else {
			printf(" root\\n")
		}
		for i = 0, n3d() - 1 printf("  %.12g %.12g %.12g %.12g\\n", x3d(i), y3d(i), z3d(i), diam3d(i))
		for (x) printf("  %g diam %.12g area %.12g ri %.12g cm %.12g\\n", \\
			x, diam(x), area(x), ri(x), cm(x))
	}
}
proc print_list() {
	printf("SectionList %s:", $s1)
	forsec $o2 printf(" %s", secname())
	printf("\\n")
}
objref pnm_stim_
// IClamp at the soma (the accessed section); v at the places every ms
proc short_run() {local i
	pnm_stim_ = new IClamp(0.5)
	pnm_stim_.del = 0.5  pnm_stim_.dur = 1  pnm_stim_.amp = $1
	tstop = $2
	finitialize(-65)
	while (t < tstop - dt/2) {
		fadvance()
		if (abs(t - int(t + 0.5)) < dt/2) {
			printf("t %g", t)
			print_places()
			printf("\\n")
		}
	}
}
"""

SHAPE = """load_file("nrngui.hoc")
""" + PRINT_MODEL


def ses_part(path, begin="//Begin CellBuild", end="//End CellBuild"):
    """The session file's header and its CellBuild window (other windows cut)."""
    text = open(path).read()
    head = text[:text.index("//Begin")]
    return head + text[text.index(begin):text.index(end)] + end + "\n"


@pytest.fixture(scope="module")
def modeldb():
    return materialise()


def places(*where):
    """hoc: print_places() prints v at those places"""
    return ("proc print_places() {\n\tprintf(\"" + " %.9f" * len(where) + "\", "
            + ", ".join(where) + ")\n}\n")


def test_9849_axon_builder_of_version_5_1_as_in_neuron(modeldb, tmp_path):
    shutil.copy(os.path.join(modeldb, "9849", "start.ses"), tmp_path)
    driver = SHAPE + """load_file("start.ses")
print_model()
print_list("all", all)
print secname()
""" + places("a[0].v(0.5)", "a[1].v(0.9)", "b0.v(1)") + """
tstop = 3
run()
printf("t %g v %.9f %.9f %.9f\\n", t, a[0].v(0.5), a[1].v(0.9), b0.v(1))
short_run(0, 2)
"""
    ref, got = run_both(tmp_path, driver)
    assert "CellBuild data format version 5.1 is compatible" in ref, ref
    assert "b0 nseg 35" in ref, ref
    assert got.splitlines() == ref.splitlines()


def test_87284_reconstructed_cell_with_3d_points_as_in_neuron(modeldb, tmp_path):
    shutil.copy(os.path.join(modeldb, "87284", "c91662.ses"), tmp_path)
    driver = SHAPE + """load_file("c91662.ses")
print_model()
print_list("somatic", somatic)
print_list("axonal", axonal)
print_list("basaldend", basaldend)
print_list("apical", apical)
forall insert hh
""" + places("soma.v(0.5)", "axon.v(1)", "apic[60].v(0.5)", "basal[20].v(1)") + """
short_run(2, 4)
"""
    ref, got = run_both(tmp_path, driver)
    assert "apic[133] nseg 1" in ref, ref
    assert got.splitlines() == ref.splitlines()


KSCHAN = ("Na", "fKDR", "sKDR", "KA")


def schematic(modeldb, continuous):
    """116740's CellBuild window without the KSChan channels of its ChannelBuild windows"""
    text = ses_part(os.path.join(modeldb, "116740", "schematic.ses"))
    text = re.sub(r'(?m)^\{\ntobj = new MechanismStandard\("(%s)"\)\n(?:(?!\}\n).*\n)*\}\n'
                  % "|".join(KSCHAN), "", text)
    assert 'MechanismStandard("Na")' not in text
    return text.replace("continuous = 0", f"continuous = {continuous}")


@pytest.fixture(scope="module")
def granule(tmp_path_factory, modeldb):
    work = tmp_path_factory.mktemp("cb") / "116740"
    work.mkdir()
    for name in ("Ca.mod", "CadepK.mod"):
        shutil.copy(os.path.join(modeldb, "116740", name), work)
    nrnivmodl_both(work)
    return work


def test_116740_builder_without_continuous_create_makes_nothing(granule):
    (granule / "cb.ses").write_text(schematic(materialise(), 0))
    ref, got = run_both(granule, SHAPE + """load_file("cb.ses")
n = 0
forall n += 1
print "sections ", n, " builder sections ", CellBuild[0].topol.slist.count
""")
    assert "sections 0  builder sections 13" in ref, ref
    assert got.splitlines() == ref.splitlines()


def test_116740_granule_cell_subsets_diameters_and_channels_as_in_neuron(granule):
    (granule / "cb1.ses").write_text(schematic(materialise(), 1))
    driver = SHAPE + """load_file("cb1.ses")
print_model()
print_list("dendrites", dendrites)
print_list("GCLs", GCLs)
print_list("proxs", proxs)
print_list("middles", middles)
print_list("distals", distals)
print_list("allaxon", allaxon)
""" + places("soma.v(0.5)", "axon[3].v(1)", "distal[1].v(1)") + """
short_run(0.5, 4)
"""
    ref, got = run_both(granule, driver)
    assert "distal[1] nseg" in ref, ref
    # pnm's psection lists eca of ca_ion where NEURON's shows "insert ca_ion {}" (a psection
    # difference, not the builder's): the ion's line is compared without its values
    ion = re.compile(r"(?m)^(\tinsert ca_ion) \{.*\}$")
    assert ion.sub(r"\1", got).splitlines() == ion.sub(r"\1", ref).splitlines()


def builder_of(path):
    """The CellBuild inside a NetReadyCellGUI window of a session file (ModelDB 3264), as a
    builder of its own with Continuous Create on"""
    text = open(path).read()
    start = re.search(r"\{(ocbox_\.tobj|tobj) = new CellBuild\(1\)\}\n"
                      r"\{object_push\(\w+(\.tobj)?\)\}\n", text)
    end = text.index("{object_pop()}\n", text.index("cexport()\n}\n", start.end())) + 15
    body = text[start.end():end].replace("continuous = 0", "continuous = 1")
    return ("objectvar save_window_, scene_vector_[1], ocbox_\n"
            "{load_file(\"celbild.hoc\", \"CellBuild\")}\n"
            "{ocbox_ = new CellBuild(1)}\n{object_push(ocbox_)}\n" + body)


@pytest.mark.parametrize("session", ["cell.ses", "cell2.ses", "testgroup.ses"])
def test_3264_builders_of_network_ready_cells_as_in_neuron(modeldb, tmp_path, session):
    (tmp_path / "cb.ses").write_text(builder_of(os.path.join(modeldb, "3264", session)))
    driver = SHAPE + """load_file("cb.ses")
print_model()
print_list("all", all)
""" + places("soma.v(0.5)") + """
short_run(0.2, 3)
"""
    ref, got = run_both(tmp_path, driver)
    assert "soma nseg 1" in ref, ref
    assert got.splitlines() == ref.splitlines()


def test_inhomogeneous_parameters_stop_with_the_session_line(tmp_path):
    """pnm's CellBuild leaves out inhomogeneous parameters (NEURON's append_inhomofun,
    add_domainparm): the session stops at the statement, naming file, line and the tool."""
    (tmp_path / "inh.ses").write_text(
        'objref ocbox_\n{load_file("celbild.hoc", "CellBuild")}\n{ocbox_ = new CellBuild(1)}\n'
        '{object_push(ocbox_)}\n{\nversion(5.7)\nappend_inhomofun("a b", "a+b*p")\n}\n')
    got = run_pnm(tmp_path, 'load_file("inh.ses")\n')
    assert got.returncode == 1
    assert "inh.ses:7:1: append_inhomofun undefined variable (in CellBuild: pnm's headless " \
           "CellBuild, pnm/hoclib/celbild.hoc" in got.stderr, got.stderr
