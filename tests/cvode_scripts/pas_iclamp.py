# h.cvode.active(1) on one passive compartment with an IClamp, under NEURON 9 and pnm: the
# variable step's times (the IClamp's onset and end are at_time stops) and v at them.


def compute(h, folder):
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("pas")
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 2, 0.1
    tv = h.Vector().record(h._ref_t)
    vv = h.Vector().record(soma(0.5)._ref_v)
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(5)
        return {"active": bool(h.cvode.active()), "t": list(tv), "approx_v": list(vv),
                "t_end": h.t, "dt_end": h.dt}
    finally:
        h.cvode.active(0)
        h.dt = 0.025
