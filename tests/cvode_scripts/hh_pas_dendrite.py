# h.cvode.active(1) on an hh soma with a passive dendrite of 5 segments (states m, h, n in the
# integrator), an IClamp driving an action potential; fadvance by fadvance after
# continuerun, under NEURON 9 and pnm.


def compute(h, folder):
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    dend = h.Section(name="dend")
    dend.L, dend.diam, dend.nseg = 300, 1, 5
    dend.insert("pas")
    dend.connect(soma(1))
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 2, 0.3
    tv = h.Vector().record(h._ref_t)
    vv = h.Vector().record(soma(0.5)._ref_v)
    vd = h.Vector().record(dend(0.9)._ref_v)
    mv = h.Vector().record(soma(0.5)._ref_m_hh)
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(10)
        steps = []
        for _ in range(5):
            h.fadvance()
            steps.append(h.t)
        return {"t": list(tv), "approx_v": list(vv), "approx_vdend": list(vd),
                "approx_m": list(mv), "fadvance_t": steps, "dt_end": h.dt,
                "approx_v_end": soma(0.5).v}
    finally:
        h.cvode.active(0)
        h.dt = 0.025
