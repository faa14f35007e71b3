# h.cvode.active(1) with NEURON's built-in point processes whose SOLVE is a PROCEDURE of
# METHOD after_cvode (run before each step: Cvode::do_nonode): OClamp (at_time at its on and
# off) switched on at one hh soma and off at another, which an IClamp makes fire, counted
# by an APCount (n, time, APCount.record), under NEURON 9 and pnm.


def compute(h, folder):
    a, b = h.Section(name="a"), h.Section(name="b")
    for sec in (a, b):
        sec.L = sec.diam = 20
        sec.insert("hh")
    off = h.OClamp(a(0.5))
    off.on, off.off, off.vc, off.switched_on = 1, 2, 0, 0
    stim = h.IClamp(a(0.5))
    stim.delay, stim.dur, stim.amp = 0.5, 20, 0.3
    apc = h.APCount(a(0.5))
    apc.thresh = -10
    crossings = h.Vector()
    apc.record(crossings)
    oc = h.OClamp(b(0.5))
    oc.on, oc.off, oc.vc, oc.switched_on, oc.rs = 1.5, 3.5, -30, 1, 0.2
    rec = {"t": h._ref_t, "approx_va": a(0.5)._ref_v, "approx_vb": b(0.5)._ref_v,
           "approx_ioff": off._ref_i, "approx_ioc": oc._ref_i}
    vecs = {k: h.Vector().record(ref) for k, ref in rec.items()}
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(15)
        out = {k: list(v) for k, v in vecs.items()}
        out.update(approx_crossings=list(crossings), n=apc.n, approx_time=apc.time)
        return out
    finally:
        h.cvode.active(0)
        h.dt = 0.025
