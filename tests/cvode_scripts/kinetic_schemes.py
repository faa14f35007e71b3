# h.cvode.active(1) with KINETIC schemes (SOLVE ... METHOD sparse), under NEURON 9 and pnm
# (the folder holds cvode_scripts/kinetic_mods/ and ModelDB 3343's IT.mod, cadecay.mod, Ih.mod
# and 18198's caL3d.mod, built by both):
# cell a: hh, it, cad (3343's cadecay, derivimplicit), iar (3343's Ih.mod: a kinetic scheme
#         reading cai, two CONSERVEs, a rate depending on a state); cell b: pas, caL (18198's
#         caL3d.mod: a TABLE'd rate procedure in BREAKPOINT), cabuf (cai a STATE of a scheme
#         with COMPARTMENT and << fluxes), markovk (voltage-dependent Markov K channel), kinarr
#         (a scheme over a STATE array); cell c: hh with the point process kampa (a kinetic synapse with NET_RECEIVE) driven by a
#         NetStim and by cell a's spikes.


def compute(h, folder):
    if type(h).__module__.startswith("pnm"):
        h.nrn_load_dll(folder)
    else:
        h.nrn_load_dll(folder + "/x86_64/libnrnmech.so")
    a, b, c = (h.Section(name=n) for n in ("a", "b", "c"))
    for sec in (a, b, c):
        sec.L = sec.diam = 20
    for name in ("hh", "it", "cad", "iar"):
        a.insert(name)
    a(0.5).gcabar_it = 0.004
    a(0.5).ghbar_iar = 2e-4
    for name in ("pas", "caL", "cabuf", "markovk", "kinarr"):
        b.insert(name)
    b.e_pas = -60
    c.insert("hh")
    syn = h.kampa(c(0.5))
    stim = h.NetStim()
    stim.start, stim.interval, stim.number = 2, 3, 3
    ncs = [h.NetCon(stim, syn), h.NetCon(a(0.5)._ref_v, syn, sec=a)]
    ncs[0].weight[0], ncs[1].weight[0], ncs[1].delay = 0.5, 1.0, 1.5
    stims = []
    for sec, amp in ((a, 0.3), (b, 0.05)):
        s = h.IClamp(sec(0.5))
        s.delay, s.dur, s.amp = 1, 8, amp
        stims.append(s)
    rec = {"t": h._ref_t, "approx_va": a(0.5)._ref_v, "approx_vb": b(0.5)._ref_v,
           "approx_vc": c(0.5)._ref_v, "approx_caa": a(0.5)._ref_cai,
           "approx_cab": b(0.5)._ref_cai, "approx_o1": a(0.5)._ref_o1_iar,
           "approx_p1": a(0.5)._ref_p1_iar, "approx_CaB": b(0.5)._ref_CaB_cabuf,
           "approx_fwd": b(0.5)._ref_fwd_cabuf, "approx_O": b(0.5)._ref_O_markovk,
           "approx_OL": b(0.5)._ref_O_caL, "approx_q": b(0.5)._ref_q_kinarr,
           "approx_synO": syn._ref_O, "approx_T": syn._ref_T, "approx_isyn": syn._ref_i}
    vecs = {k: h.Vector().record(ref) for k, ref in rec.items()}
    spikes = h.Vector()
    nc = h.NetCon(a(0.5)._ref_v, None, sec=a)
    nc.record(spikes)
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(15)
        out = {k: list(v) for k, v in vecs.items()}
        out["approx_spikes"] = list(spikes)
        return out
    finally:
        h.cvode.active(0)
        h.dt = 0.025
