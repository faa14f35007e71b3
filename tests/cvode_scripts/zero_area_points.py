# h.cvode.active(1) with point processes at zero-area nodes (the 1 end of a dendrite, the 0
# end of a root section): an IClamp at dend(1) as the arbor validation scripts place it, an
# ExpSyn at soma(0) fed by a NetStim, and a second IClamp at the branch point. NEURON's
# Cvode::nocap_v computes v there from the neighbours and those currents; step times and
# values as NEURON 9's.


def compute(h, folder):
    soma = h.Section(name="soma")
    soma.L = soma.diam = 12.6157
    soma.insert("hh")
    dend = h.Section(name="dend")
    dend.L, dend.diam, dend.nseg = 200, 1, 7
    dend.insert("pas")
    dend.connect(soma(1))
    side = h.Section(name="side")
    side.L, side.diam, side.nseg = 50, 0.8, 3
    side.insert("pas")
    side.connect(dend(1))
    far = h.IClamp(dend(1))
    far.delay, far.dur, far.amp = 5, 40, 0.3
    branch = h.IClamp(side(0))
    branch.delay, branch.dur, branch.amp = 20, 5, 0.05
    syn = h.ExpSyn(soma(0))
    syn.tau = 3
    ns = h.NetStim()
    ns.start, ns.number, ns.interval = 10, 3, 7
    nc = h.NetCon(ns, syn)
    nc.weight[0] = 0.002
    tv = h.Vector().record(h._ref_t)
    vsoma = h.Vector().record(soma(0.5)._ref_v)
    vend = h.Vector().record(dend(1)._ref_v)
    vside = h.Vector().record(side(0.5)._ref_v)
    vzero = h.Vector().record(soma(0)._ref_v)
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(50)
        return {"t": list(tv), "approx_v_soma": list(vsoma), "approx_v_dend1": list(vend),
                "approx_v_side": list(vside), "approx_v_soma0": list(vzero)}
    finally:
        h.cvode.active(0)
        h.dt = 0.025
