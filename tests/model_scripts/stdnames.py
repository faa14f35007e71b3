"""NEURON's start-up and stdrun names from Python (the hoc side: tests/hoc/lang_stdnames.hoc):
3-D point insertion/removal, section queries, ion equations, version, stopwatch, stdrun
procedures, a hoc `proc init()` / `proc advance()` that h.run() must call, and Matrix."""
import sys

if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")
s = h.Section(name="s")
d = h.Section(name="d")
d.connect(s(0.7))
for p in ((0, 0, 0, 2), (10, 0, 0, 2), (20, 0, 0, 1)):
    h.pt3dadd(*p, sec=d)
h.pt3dinsert(1, 5, 0, 0, 3, sec=d)
h.pt3dremove(0, sec=d)
print(h.n3d(sec=d), h.x3d(0, sec=d), d.L, d(0.5).area())
print(h.parent_connection(sec=d), h.section_orientation(sec=d), h.section_exists("d"),
      h.section_exists("zz"))
print(h.nernst(5, 100, 1), h.ghk(-20, 5, 100, 1), h.nrnversion(5))
h.startsw()
print(h.stopsw() >= 0)
print(h.set_v_init(-60), h.v_init, h.cvode_active(), h.stoppedrun())
h.set_ra(80)
print(s.Ra, d.Ra)
d.push()
print(h.issection("d"), h.issection("s"))
h.pop_section()
h.disconnect(sec=d)
print(d.parentseg())
s.insert("hh")
h("ninit = 0")
h("nadv = 0")
h("proc init() { finitialize(v_init)  ninit += 1 }")
h("proc advance() { fadvance()  nadv += 1 }")
h.tstop = 1
h.run()
print(h.ninit, h.nadv, h.t, s(0.5).v)
h.steprun()
print(h.nadv, h.t, s(0.5).v)
m = h.Matrix(3, 3)
for i in range(3):
    for j in range(3):
        m.x[i][j] = 1 + 3 * i + j + 5 * (i == j)
m.setval(1, 2, 7.5)
b = h.Vector([1, 2, 3])
print(m.nrow(), m.ncol(), m.getval(1, 2), list(m.mulv(b)), list(m.getrow(1)), list(m.getcol(2)))
power = h.ref(0)
print(list(m.solv(b)), m.inverse().getval(0, 0), m.transpose().getval(0, 1), m.det(power),
      power[0])
print(list(m.c().mulm(m).to_vector()), list(m.getdiag(0)), list(m.getdiag(1)))
m2 = h.Matrix(3, 3)
m2.ident().muls(2).add(m)
m2.setrow(0, b).setcol(2, 0.5).setdiag(-1, 4)
m2.printf()
m2.printf("%6.2f", ";\n")
m2.resize(2, 4)
print(m2.nrow(), m2.ncol(), m2.x[1][1], m2.x[1][3], m2)
seen = []


def at_init():
    seen.append((h.t, s(0.5).v))
    s(0.5).v = -50


fih = h.FInitializeHandler(0, at_init)
after = h.FInitializeHandler(2, lambda: seen.append(("end", s(0.5).v, s(0.5).m_hh)))
h.finitialize(-70)
print(seen)
h("proc init() { finitialize(v_init)  ninit += 10 }")
h.init()                      # Python's h.init() is the program's own init too
h("proc continuerun() { print \"own continuerun\", $1 }")
h.run()
print(h.ninit, h.t)
