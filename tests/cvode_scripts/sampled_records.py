# h.cvode.active(1) with Vectors recording at intervals and at given times (the arbor
# validation scripts' and many models' pattern): each sample time is an event, the integrator
# interpolates to it; values as NEURON 9 records them, and the steps' times alongside.


def compute(h, folder):
    h.load_file("stdrun.hoc")
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 20, 0.15
    syn = h.ExpSyn(soma(0.5))
    syn.tau = 2
    ns = h.NetStim()
    ns.start, ns.number, ns.interval = 3, 4, 2.5
    nc = h.NetCon(ns, syn)
    nc.weight[0] = 0.005
    h.cvode.active(1)
    try:
        every = h.Vector().record(h._ref_t)
        vdt = h.Vector().record(soma(0.5)._ref_v, 0.1)
        tdt = h.Vector().record(h._ref_t, 0.1)
        gdt = h.Vector().record(syn._ref_g, 0.25)
        mdt = h.Vector().record(soma(0.5).hh._ref_m, 0.5)
        times = h.Vector([0.5, 1.0, 3.3, 7.77, 12.0, 29.9])
        vt = h.Vector().record(soma(0.5)._ref_v, times)
        h.tstop = 30
        h.run()
        return {"t": list(every), "approx_v_dt": list(vdt), "t_dt": list(tdt),
                "approx_g_dt": list(gdt), "approx_m_dt": list(mdt), "approx_v_at": list(vt)}
    finally:
        h.cvode.active(0)
        h.dt = 0.025
