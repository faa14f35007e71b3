# h.cvode.active(1) with NEURON's artificial cells: NetStims (one noisy) drive IntFire1,
# IntFire2 and IntFire4, whose spikes reach an ExpSyn on an hh soma; their events do not
# re-initialise the integrator, the ExpSyn's do. Under NEURON 9 and pnm.


def compute(h, folder):
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    syn = h.ExpSyn(soma(0.5))
    syn.tau = 3
    ns = h.NetStim()
    ns.start, ns.interval, ns.number = 1, 3, 6
    ns2 = h.NetStim()
    ns2.start, ns2.interval, ns2.number, ns2.noise = 2.2, 5.5, 4, 0.3
    i1 = h.IntFire1()
    i1.tau, i1.refrac = 5, 2
    i2 = h.IntFire2()
    i2.taum, i2.taus, i2.ib = 8, 4, 0.2
    i4 = h.IntFire4()
    ncs = [h.NetCon(ns, i1), h.NetCon(ns, i2), h.NetCon(ns2, i4), h.NetCon(i1, syn),
           h.NetCon(i2, syn), h.NetCon(i4, syn), h.NetCon(ns2, syn)]
    for k, nc in enumerate(ncs):
        nc.delay = 0.5 + 0.3 * k
        nc.weight[0] = [0.6, 0.5, 2.0, 0.004, 0.003, 0.005, 0.002][k]
    spikes, ids = h.Vector(), h.Vector()
    for k, nc in enumerate(ncs[3:]):
        nc.record(spikes, ids, k)
    tv = h.Vector().record(h._ref_t)
    vv = h.Vector().record(soma(0.5)._ref_v)
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(30)
        return {"t": list(tv), "approx_v": list(vv), "spikes": list(spikes), "ids": list(ids)}
    finally:
        h.cvode.active(0)
        h.dt = 0.025
