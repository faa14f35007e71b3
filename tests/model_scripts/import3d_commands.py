"""Import3d_GUI.instantiate(None, 1): the hoc commands NEURON runs, kept in commands; the reader's
section list seen from Python. Usage: import3d_commands.py neuron|pnm FILE."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("import3d.hoc")
r = h.Import3d_Neurolucida3() if sys.argv[2].lower().endswith(".asc") else h.Import3d_SWC_read()
r.input(sys.argv[2])
g = h.Import3d_GUI(r, 0)
g.instantiate(None, 1)
for c in g.commands:
    print(c.s if hasattr(c, "s") else c, end="")
print(r.sections.count(), r.sections.object(1).parentsec.hname() if r.sections.count() > 1 else "", r.sections.object(0).raw.getrow(0).size())
