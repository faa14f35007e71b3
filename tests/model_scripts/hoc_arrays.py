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

# pointers to hoc variables and Matrix elements (_ref_): read, written, and [k] after them
h("y = 3")
py, pm, px = h._ref_y, h._ref_m[1][0], h._ref_x[0]
print(py[0], pm[0], pm[2], px[1])
py[0] = 5
pm[2] = -1.25
h("print y, m[1][2]")
mat = h.Matrix(3, 4)
for i in range(3):
    for j in range(4):
        mat.x[i][j] = i * 4 + j
pmat = mat._ref_x[0][1]
print(pmat[0], pmat[5], mat._ref_x[2][3][0])
pmat[5] = 99
print(mat.getval(1, 2))
