# h.cvode.active(1) with AlphaSynapses (NEURON's syn.mod calls at_time(onset) when gmax is
# not 0: the integrator stops there; the one with gmax 0 does not), hh soma, under NEURON 9
# and pnm.


def compute(h, folder):
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    a = h.AlphaSynapse(soma(0.5))
    a.onset, a.tau, a.gmax, a.e = 2, 0.5, 0.02, 0
    b = h.AlphaSynapse(soma(0.5))
    b.onset, b.gmax = 4, 0
    tv = h.Vector().record(h._ref_t)
    vv = h.Vector().record(soma(0.5)._ref_v)
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(10)
        return {"t": list(tv), "approx_v": list(vv)}
    finally:
        h.cvode.active(0)
        h.dt = 0.025
