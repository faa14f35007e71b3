# h.cvode.active(1) with threshold detection: a ring of three hh cells (soma and a passive
# dendrite each) connected soma v -> ExpSyn on the next cell's dendrite, started by an
# IClamp; spike times are the microsteps' times where v crossed -10 mV. Under NEURON 9 and
# pnm.


def compute(h, folder):
    cells = []
    for k in range(3):
        soma = h.Section(name="soma%d" % k)
        soma.L = soma.diam = 20
        soma.insert("hh")
        dend = h.Section(name="dend%d" % k)
        dend.L, dend.diam, dend.nseg = 200 + 50 * k, 1, 3
        dend.insert("pas")
        dend.connect(soma(1))
        syn = h.ExpSyn(dend(0.5))
        syn.tau = 2
        cells.append((soma, dend, syn))
    stim = h.IClamp(cells[0][0](0.5))
    stim.delay, stim.dur, stim.amp = 1, 1, 0.5
    ncs = []
    spikes, ids = h.Vector(), h.Vector()
    for k in range(3):
        src = cells[k][0]
        nc = h.NetCon(src(0.5)._ref_v, cells[(k + 1) % 3][2], sec=src)
        nc.delay, nc.weight[0], nc.threshold = 2, 0.02, -10
        nc.record(spikes, ids, k)
        ncs.append(nc)
    tv = h.Vector().record(h._ref_t)
    vv = [h.Vector().record(c[0](0.5)._ref_v) for c in cells]
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(40)
        out = {"t": list(tv), "spikes": list(spikes), "ids": list(ids)}
        for k, v in enumerate(vv):
            out[f"approx_v{k}"] = list(v)
        return out
    finally:
        h.cvode.active(0)
        h.dt = 0.025
