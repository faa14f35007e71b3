"""SaveState with a ParallelContext (one rank: NEURON's order of equal-time events) and with a
Vector playing into an IClamp and one recording v every step (tests/test_savestate.py): a ring
of three hh cells connected by gid, saved after h.continuerun(20); the continuing run to 60 ms,
then finitialize + restore() + h.continuerun(60)."""


def compute(h, folder):
    h.load_file("stdrun.hoc")
    pc = h.ParallelContext()
    cells = []
    for gid in range(3):
        soma = h.Section(name=f"soma{gid}")
        soma.L = soma.diam = 20
        soma.insert("hh")
        syn = h.ExpSyn(soma(0.5))
        syn.tau = 2
        pc.set_gid2node(gid, int(pc.id()))
        nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
        nc.threshold = -10
        pc.cell(gid, nc)
        cells.append((soma, syn))
    ncs = []
    for gid in range(3):
        nc = pc.gid_connect(gid, cells[(gid + 1) % 3][1])
        nc.delay, nc.weight[0] = 4, 0.05
        ncs.append(nc)
    ic = h.IClamp(cells[0][0](0.5))
    ic.delay, ic.dur = 0, 1e9
    times = h.Vector([0, 1, 3, 30, 40, 50])
    amps = h.Vector([0, 0.5, 0, 0.2, 0, 0.3])
    amps.play(ic._ref_amp, times)
    v_all = h.Vector()
    v_all.record(cells[1][0](0.5)._ref_v)
    tv, iv = h.Vector(), h.Vector()
    pc.spike_record(-1, tv, iv)
    pc.set_maxstep(10)
    result = {}
    h.finitialize(-65)
    h.continuerun(20)
    ss = h.SaveState()
    ss.save()
    h.continuerun(60)
    result["spikes_continuing"] = [list(tv), list(iv)]
    result["approx_v_continuing"] = list(v_all)[-round(40 / h.dt):]     # 20 to 60 ms
    h.finitialize(-65)
    ss.restore()
    result["amp_restored"] = ic.amp
    h.continuerun(60)
    result["spikes_restored"] = [list(tv), list(iv)]
    result["approx_v_restored"] = list(v_all)
    result["amp_end"] = ic.amp
    return result
