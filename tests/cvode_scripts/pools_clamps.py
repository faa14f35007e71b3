# h.cvode.active(1) beyond cnexp, under NEURON 9 and pnm (the folder holds the .mod files of
# cvode_scripts/mods/, ModelDB 2488's cad.mod, kca.mod and 3343's IT.mod, built by both):
# cell a: hh, 3343's T-type it, 2488's cad (derivimplicit; WRITE cai from its STATE ca:
#         ode_synonym), kca reading cai; cell b: pas, it, capool (cai a STATE, derivimplicit),
#         nlgate (x' not linear in x), eugate (euler), rkgate (runge); cell c: hh under an
#         SEClamp (SOLVE icur METHOD after_cvode, at_time at its level changes).


def compute(h, folder):
    if type(h).__module__.startswith("pnm"):
        h.nrn_load_dll(folder)
    else:
        h.nrn_load_dll(folder + "/x86_64/libnrnmech.so")
    a, b, c = (h.Section(name=n) for n in ("a", "b", "c"))
    for sec in (a, b, c):
        sec.L = sec.diam = 20
    for name in ("hh", "it", "cad", "kca"):
        a.insert(name)
    a(0.5).gcabar_it = 0.004
    a(0.5).gbar_kca = 20
    for name in ("pas", "it", "capool", "nlgate", "eugate", "rkgate"):
        b.insert(name)
    b(0.5).gcabar_it = 0.01
    b.e_pas = -60
    c.insert("hh")
    stims = []
    for sec, amp in ((a, 0.3), (b, 0.05)):
        s = h.IClamp(sec(0.5))
        s.delay, s.dur, s.amp = 1, 8, amp
        stims.append(s)
    clamp = h.SEClamp(c(0.5))
    clamp.dur1, clamp.amp1 = 2, -65
    clamp.dur2, clamp.amp2 = 3, -10
    clamp.dur3, clamp.amp3 = 2, -80
    clamp.rs = 0.5
    rec = {"t": h._ref_t, "approx_va": a(0.5)._ref_v, "approx_vb": b(0.5)._ref_v,
           "approx_vc": c(0.5)._ref_v, "approx_caa": a(0.5)._ref_cai,
           "approx_cab": b(0.5)._ref_cai, "approx_eca": b(0.5)._ref_eca,
           "approx_ica": a(0.5)._ref_ica, "approx_ic": clamp._ref_i,
           "approx_a": b(0.5).nlgate._ref_a, "approx_q": b(0.5).rkgate._ref_q}
    vecs = {k: h.Vector().record(ref) for k, ref in rec.items()}
    spikes = h.Vector()
    nc = h.NetCon(a(0.5)._ref_v, None, sec=a)
    nc.record(spikes)
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(12)
        out = {k: list(v) for k, v in vecs.items()}
        out["approx_spikes"] = list(spikes)
        return out
    finally:
        h.cvode.active(0)
        h.dt = 0.025
