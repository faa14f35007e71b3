"""Import3d (NEURON's import3d.hoc) on a morphology file, dumped section by section: name,
parent and connection x, n3d and every 3-D point, L, each segment's area and ri, then the
voltages of a short run (hh in somatic sections, pas elsewhere, an IClamp in the first
section). Usage: import3d_swc.py neuron|pnm FILE top|template|pyobj|hoc."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h

path, mode = sys.argv[2], sys.argv[3]
reader_class = "Import3d_Neurolucida3" if path.lower().endswith(".asc") else "Import3d_SWC_read"
h.load_file("stdrun.hoc")
h.load_file("import3d.hoc")

TEMPLATE = """
begintemplate MorphCell
public soma, dend, apic, axon, dend_5, all, somatic, axonal, basal, apical, dendritic_5
create soma[1], dend[1], apic[1], axon[1], dend_5[1], dend_7[1]
objref all, somatic, axonal, basal, apical, dendritic_5, dendritic_6, dendritic_7, this
proc init() { localobj reader, gui
    all = new SectionList() somatic = new SectionList() axonal = new SectionList()
    basal = new SectionList() apical = new SectionList() dendritic_5 = new SectionList()
    dendritic_7 = new SectionList()
    reader = new %s()
    reader.input($s1)
    gui = new Import3d_GUI(reader, 0)
    gui.instantiate(this)
}
endtemplate MorphCell
""" % reader_class


class PyCell:
    def __str__(self):
        return "PyCell"

    def __init__(self, path):
        reader = getattr(h, reader_class)()
        reader.input(path)
        h.Import3d_GUI(reader, False).instantiate(self)


cells = []
if mode == "top":
    reader = getattr(h, reader_class)()
    reader.input(path)
    h.Import3d_GUI(reader, False).instantiate(None)
elif mode == "hoc":
    h('objref hreader, hgui')
    h('hreader = new %s()' % reader_class)
    h('hreader.input("%s")' % path)
    h('hgui = new Import3d_GUI(hreader, 0)')
    h('hgui.instantiate(nil)')
elif mode == "template":
    h(TEMPLATE)
    cells = [h.MorphCell(path), h.MorphCell(path)]
    for c in cells:
        for name in ("all", "somatic", "axonal", "basal", "apical", "dendritic_5"):
            print(name, [s.name() for s in getattr(c, name)])
elif mode == "pyobj":
    cells = [PyCell(path)]
    for name in ("soma", "dend", "apic", "axon", "all"):
        print(name, [s.name() for s in getattr(cells[0], name, [])])

print("cas", h.cas().name())
n = 0
for sec in h.allsec():
    n += 1
    parent = sec.parentseg()
    print("sec", sec.name(), "parent", parent.sec.name() if parent is not None else None,
          parent.x if parent is not None else None, "orientation", sec.orientation(),
          "nseg", sec.nseg)
    print(" n3d", sec.n3d())
    for i in range(sec.n3d()):
        print("  pt", i, repr(sec.x3d(i)), repr(sec.y3d(i)), repr(sec.z3d(i)),
              repr(sec.diam3d(i)), repr(sec.arc3d(i)))
    print(" L", repr(sec.L))
    for seg in sec:
        print(" seg", seg.x, repr(seg.area()), repr(seg.ri()), repr(seg.diam))
print("sections", n)

h.define_shape()                # moves each child to its connection point (logical
for sec in h.allsec():          # connection for wires); areas and ri over several segments
    sec.nseg = 1 + 2 * int(sec.L / 15)
    print("nseg", sec.name(), sec.nseg, [(sec.x3d(i), sec.y3d(i), sec.z3d(i))
                                         for i in (0, sec.n3d() - 1)])
    for seg in sec:
        print(" seg", seg.x, repr(seg.area()), repr(seg.ri()), repr(seg.diam))

for sec in h.allsec():
    if "soma" in sec.name():
        sec.insert("hh")
    else:
        sec.insert("pas")
        for seg in sec:
            seg.pas.g = 1e-4
            seg.pas.e = -65
first = next(iter(h.allsec()))
stim = h.IClamp(first(0.5))
stim.delay, stim.dur, stim.amp = 0.5, 2, 0.5
probes = [s(0.5) for s in h.allsec()]
probes = probes[:: max(1, len(probes) // 20)]
h.finitialize(-65)
while h.t < 5 - 1e-9:
    h.fadvance()
    if abs(h.t - round(h.t)) < 1e-6:
        print("t", round(h.t), " ".join("%.9f" % p.v for p in probes))
