# stdrun's cvode_active(1) (using_cvode_): h.run() puts an event at tstop, the integrator
# interpolates back to it and one more step records there; a continuerun goes on to 7 ms.
# hh soma with an IClamp, under NEURON 9 and pnm.


def compute(h, folder):
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 2, 0.3
    tv = h.Vector().record(h._ref_t)
    vv = h.Vector().record(soma(0.5)._ref_v)
    tstop = h.tstop
    h.cvode_active(1)
    try:
        h.tstop = 5
        h.run()
        out = {"t": list(tv), "approx_v": list(vv), "t_run": h.t, "dt_run": h.dt}
        h.continuerun(7)
        out.update({"t_after": h.t, "n_after": tv.size(), "last_t": list(tv)[-3:]})
        return out
    finally:
        h.cvode_active(0)
        out["dt_back"] = h.dt
        h.tstop = tstop
