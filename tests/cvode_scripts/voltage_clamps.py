# h.cvode.active(1) with NEURON's built-in clamps whose SOLVE is a PROCEDURE (METHOD
# after_cvode: run before each step, Cvode::do_nonode): OClamp (at_time at its on and off,
# switched on at the second soma's) on two hh somas, under NEURON 9 and pnm.


def compute(h, folder):
    a, b = h.Section(name="a"), h.Section(name="b")
    for sec in (a, b):
        sec.L = sec.diam = 20
        sec.insert("hh")
    off = h.OClamp(a(0.5))
    off.on, off.off, off.vc, off.switched_on = 1, 2, 0, 0
    oc = h.OClamp(b(0.5))
    oc.on, oc.off, oc.vc, oc.switched_on, oc.rs = 1.5, 3.5, -30, 1, 0.2
    rec = {"t": h._ref_t, "approx_va": a(0.5)._ref_v, "approx_vb": b(0.5)._ref_v,
           "approx_ioff": off._ref_i, "approx_ioc": oc._ref_i}
    vecs = {k: h.Vector().record(ref) for k, ref in rec.items()}
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(6)
        return {k: list(v) for k, v in vecs.items()}
    finally:
        h.cvode.active(0)
        h.dt = 0.025
