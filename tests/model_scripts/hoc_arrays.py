"""hoc arrays from Python: h.x[i] read and assigned, h.m[i][j] of a 2-D array, len(), iteration,
h.dend[i] of a section array, IndexError out of range, as NEURON."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h("double x[3], m[2][3]")
h("create dend[2]")
h.x[1] = 4
h.m[1][2] = 7.5
h("print x[1], m[1][2]")
print(h.x[1], h.m[1][2], len(h.x), h.dend[1].name(), len(h.dend))
print([v for v in h.x])
try:
    h.x[3]
except IndexError:
    print("IndexError")
