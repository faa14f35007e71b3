# ParallelContext.psolve under h.cvode.active(1) on one rank (NEURON's NetCvode::solve(tout):
# microsteps while t < tout or an event is due before tout, then the integrator interpolates
# back to tout and records there): a gid ring of three hh cells (soma v -> ExpSyn through
# pc.gid_connect), spikes by pc.spike_record, psolve to 7, 7 again, 19.3 and 40, and
# continuerun after it. Under NEURON 9 and pnm.


def compute(h, folder):
    pc = h.ParallelContext()
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
        pc.set_gid2node(k, pc.id())
        nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
        nc.threshold = -10
        pc.cell(k, nc)
    ncs = [pc.gid_connect(k, cells[(k + 1) % 3][2]) for k in range(3)]
    for nc in ncs:
        nc.delay, nc.weight[0] = 2, 0.02
    stim = h.IClamp(cells[0][0](0.5))
    stim.delay, stim.dur, stim.amp = 1, 1, 0.5
    spikes, ids = h.Vector(), h.Vector()
    pc.spike_record(-1, spikes, ids)
    tv = h.Vector().record(h._ref_t)
    vv = [h.Vector().record(c[0](0.5)._ref_v) for c in cells]
    stops = []
    h.cvode.active(1)
    try:
        pc.set_maxstep(10)
        h.finitialize(-65)
        for tstop in (7, 7, 19.3, 40):
            pc.psolve(tstop)
            stops.append((h.t, h.dt, cells[1][0](0.5).v))
        h.continuerun(45)
        stops.append((h.t, h.dt, cells[1][0](0.5).v))
        out = {"t": list(tv), "spikes": list(spikes), "ids": list(ids),
               "stop_t": [s[0] for s in stops], "stop_dt": [s[1] for s in stops],
               "approx_stop_v": [s[2] for s in stops]}
        for k, v in enumerate(vv):
            out[f"approx_v{k}"] = list(v)
        return out
    finally:
        h.cvode.active(0)
        h.dt = 0.025
