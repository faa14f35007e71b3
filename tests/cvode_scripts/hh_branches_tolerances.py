# h.cvode.active(1) with hh in a soma and a dendrite, a passive branch at the soma's 0 end,
# two IClamps (four at_time stops), repetitive firing, and tighter tolerances
# (cvode.atol(1e-5), cvode.rtol(1e-4)); under NEURON 9 and pnm.


def compute(h, folder):
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    dend = h.Section(name="dend")
    dend.L, dend.diam, dend.nseg = 300, 1, 7
    dend.insert("hh")
    dend.gnabar_hh = 0.05
    dend.connect(soma(1))
    branch = h.Section(name="branch")
    branch.L, branch.diam, branch.nseg = 100, 2, 3
    branch.insert("pas")
    branch.connect(soma(0))
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 2, 40, 0.4
    stim2 = h.IClamp(dend(0.7))
    stim2.delay, stim2.dur, stim2.amp = 20, 5, -0.1
    tv = h.Vector().record(h._ref_t)
    vv = h.Vector().record(soma(0.5)._ref_v)
    vd = h.Vector().record(dend(0.9)._ref_v)
    vb = h.Vector().record(branch(0.1)._ref_v)
    h.cvode.active(1)
    atol, rtol = h.cvode.atol(), h.cvode.rtol()
    h.cvode.atol(1e-5)
    h.cvode.rtol(1e-4)
    try:
        h.finitialize(-65)
        h.continuerun(60)
        return {"t": list(tv), "approx_v": list(vv), "approx_vdend": list(vd),
                "approx_vbranch": list(vb)}
    finally:
        h.cvode.atol(atol)
        h.cvode.rtol(rtol)
        h.cvode.active(0)
        h.dt = 0.025
