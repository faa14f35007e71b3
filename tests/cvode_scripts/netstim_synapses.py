# h.cvode.active(1) with events: two NetStims (one noisy) drive ExpSyn and Exp2Syn synapses on
# an hh soma and a passive dendrite (a weight-0 NetCon too) plus an IClamp; the integrator
# interpolates back to each event, delivers it and re-initialises. Under NEURON 9 and pnm.


def compute(h, folder):
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    dend = h.Section(name="dend")
    dend.L, dend.diam, dend.nseg = 200, 1, 5
    dend.insert("pas")
    dend.connect(soma(1))
    syn = h.ExpSyn(soma(0.5))
    syn.tau = 2
    syn2 = h.Exp2Syn(dend(0.7))
    syn2.tau1, syn2.tau2 = 0.5, 3
    isyn = h.ExpSyn(dend(0.3))
    isyn.e, isyn.tau = -80, 5
    ns = h.NetStim()
    ns.start, ns.interval, ns.number = 1.5, 4, 5
    ns2 = h.NetStim()
    ns2.start, ns2.interval, ns2.number, ns2.noise = 3, 2.5, 8, 0.5
    ns2.seed(3)
    ncs = [h.NetCon(ns, syn), h.NetCon(ns2, syn2), h.NetCon(ns, isyn), h.NetCon(ns2, syn)]
    for nc, delay, w in zip(ncs, (1, 0.5, 1, 2), (0.004, 0.01, 0.002, 0.0)):
        nc.delay, nc.weight[0] = delay, w
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 10, 3, 0.2
    tv = h.Vector().record(h._ref_t)
    vv = h.Vector().record(soma(0.5)._ref_v)
    gv = h.Vector().record(syn2._ref_g)
    stims = h.Vector()
    ncs[1].record(stims)
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(30)
        return {"t": list(tv), "approx_v": list(vv), "approx_g": list(gv),
                "stim_times": list(stims)}
    finally:
        h.cvode.active(0)
        h.dt = 0.025
