# CVode.event(t, action) under h.cvode.active(1): the integrator interpolates to t, the action
# runs there (it sees t and v at that time and changes an IClamp's amplitude, which NEURON's
# integrator takes without re-initialising). hh soma, under NEURON 9 and pnm.


def compute(h, folder):
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 20, 0.0
    seen = []

    def raise_amp():
        seen.append((h.t, soma(0.5).v))
        stim.amp = 0.3

    tv = h.Vector().record(h._ref_t)
    vv = h.Vector().record(soma(0.5)._ref_v)
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.cvode.event(2.5, raise_amp)
        h.continuerun(8)
        return {"t": list(tv), "approx_v": list(vv), "seen_t": [s[0] for s in seen],
                "approx_seen_v": [s[1] for s in seen]}
    finally:
        h.cvode.active(0)
        h.dt = 0.025
