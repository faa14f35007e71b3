# h.cvode.active(1) on four hh cells of two shapes created alternately (pnm interleaves cells
# of one shape; NEURON's y holds them cell by cell), with branches at soma(0) and mid-dendrite
# and a ring of NetCons; under NEURON 9 and pnm.


def compute(h, folder):
    def cell(k, nd, branch):
        soma = h.Section(name="soma%d" % k)
        soma.L = soma.diam = 20
        soma.insert("hh")
        dend = h.Section(name="dend%d" % k)
        dend.L, dend.diam, dend.nseg = 200, 1, nd
        dend.insert("hh")
        dend.gnabar_hh = 0.02
        dend.connect(soma(1))
        secs = [soma, dend]
        if branch:
            b = h.Section(name="br%d" % k)
            b.nseg, b.L, b.diam = 2, 80, 1.5
            b.insert("pas")
            b.connect(soma(0))
            b2 = h.Section(name="bb%d" % k)
            b2.nseg, b2.L, b2.diam = 3, 60, 0.8
            b2.insert("hh")
            b2.connect(dend(0.5))
            secs += [b, b2]
        syn = h.ExpSyn(dend(0.5))
        syn.tau = 2
        return secs, syn

    cells = [cell(0, 3, False), cell(1, 5, True), cell(2, 3, False), cell(3, 4, True)]
    stim = h.IClamp(cells[0][0][0](0.5))
    stim.delay, stim.dur, stim.amp = 1, 1, 0.5
    ncs = []
    for k in range(4):
        src = cells[k][0][0]
        nc = h.NetCon(src(0.5)._ref_v, cells[(k + 1) % 4][1], sec=src)
        nc.delay, nc.weight[0], nc.threshold = 2, 0.02, -10
        ncs.append(nc)
    tv = h.Vector().record(h._ref_t)
    vv = [h.Vector().record(c[0][0](0.5)._ref_v) for c in cells]
    h.cvode.active(1)
    try:
        h.finitialize(-65)
        h.continuerun(30)
        out = {"t": list(tv)}
        for k, v in enumerate(vv):
            out[f"approx_v{k}"] = list(v)
        return out
    finally:
        h.cvode.active(0)
        h.dt = 0.025
