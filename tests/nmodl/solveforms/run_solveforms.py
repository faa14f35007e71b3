"""NEURON's share/examples nonlin.mod (NONLINEAR solved in INITIAL) and expsynspine.mod
(LINEAR ... SOLVEFOR solved from a PROCEDURE), and startstate.mod (STATE ... START): states,
currents and voltages printed under NEURON and pnm. argv: neuron|pnm, the built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])
h.load_file("stdrun.hoc")
cells = [h.NonLinTest() for _ in range(3)]
for k, c in enumerate(cells):
    c.a, c.b, c.c = 1.5 + k, -0.5 * k, 2.0
    c.x0, c.y0, c.z0 = 0.3 * k, 1.0, -0.7
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
soma.insert("startst")
syn = h.ExpSynSpine(soma(0.5))
syn.tau, syn.e, syn.rsp = 2, 0, 50
ns = h.NetStim()
ns.start, ns.number, ns.interval = 2, 3, 5
nc = h.NetCon(ns, syn)
nc.weight[0] = 0.05
tv = h.Vector()
tv.record(h._ref_t)
vv = h.Vector()
vv.record(soma(0.5)._ref_v)
h.dt = 0.025
h.finitialize(-65)
for c in cells:
    print("nonlin %.12g %.12g %.12g %.3g" % (c.x, c.y, c.z, c.dif()))
m = soma(0.5).startst
print("start %.12g %.12g %.12g %.12g %.12g" % (m.a, m.b, m.c, m.u, m.w))
h.continuerun(20)
print("end %.10g %.10g %.10g %.10g %.10g" % (m.a, m.b, m.c, m.u, m.w))
print("spine %.10g %.10g %.10g" % (syn.g, syn.i, syn.vsp))
for k in range(0, len(vv), 40):
    print("%g %.9f" % (tv[k], vv[k]))
