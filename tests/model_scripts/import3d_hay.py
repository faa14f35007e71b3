"""ModelDB 139653 (Hay et al. 2011): its L5PCtemplate.hoc, unchanged, builds cell1.asc inside
the template (Import3d_Neurolucida3 with quiet = 1, instantiate(this), geom_nseg, the axon
replaced by two 30 um sections); its biophysics (L5PCbiophys, which needs the model's .mod
files) is a stub here. Prints every section's name, parent, nseg, L, areas and ri, the
SectionLists and the template's counts and getLongestBranch / locateSites answers.
Usage: import3d_hay.py neuron|pnm cell1.asc"""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h

h.load_file("stdrun.hoc")
h.load_file("import3d.hoc")
h("begintemplate L5PCbiophys\npublic biophys\nproc biophys() {}\nendtemplate L5PCbiophys")
h.load_file("modeldb139653_L5PCtemplate.hoc")
cell = h.L5PCtemplate(sys.argv[2])
print("counts", cell.nSecAll, cell.nSecSoma, cell.nSecApical, cell.nSecBasal, cell.nSecAxonal)
for name in ("somatic", "basal", "apical", "axonal"):
    print(name, [s.name() for s in getattr(cell, name)])
for sec in cell.all:
    parent = sec.parentseg()
    print("sec", sec.name(), parent.sec.name() if parent else None,
          parent.x if parent else None, sec.nseg, repr(sec.L), sec.n3d())
    print(" ", " ".join("%.9g %.9g %.9g" % (seg.area(), seg.ri(), seg.diam) for seg in sec))
for name in ("apic", "dend", "soma"):
    print("longest", name, repr(cell.getLongestBranch(name)))
sites = cell.locateSites("apic", 620)
print("sites", [(v.x[0], round(v.x[1], 9)) for v in sites])
