"""SaveState on a small network, run the same under NEURON and pnm (tests/test_savestate.py):
two hh cells (A driven by an IClamp and a NetStim through an ExpSyn; B by A through an
Exp2Syn), an IntFire1, an IntFire2 and an IntFire4 driven by the NetStim (IntFire4 also
inhibited by IntFire2), with events always in flight
(delays 5 ms, NetStim every 3 ms). Saved at t = 30 ms; the continuing run from 30 to 60 ms,
then finitialize + restore() + run to 60 ms again, restore(1), fwrite/fread, and what
restore() does and does not put back."""


def compute(h, folder):
    import os
    h.load_file("stdrun.hoc")
    cells = []
    for name in ("A", "B"):
        soma = h.Section(name="soma" + name)
        soma.L = soma.diam = 20
        soma.insert("hh")
        dend = h.Section(name="dend" + name)
        dend.L, dend.diam, dend.nseg = 200, 2, 5
        dend.insert("pas")
        dend.connect(soma(1))
        cells.append((soma, dend))
    (sa, da), (sb, db) = cells
    ic = h.IClamp(sa(0.5))
    ic.delay, ic.dur, ic.amp = 2, 1e9, 0.25
    ns = h.NetStim()
    ns.start, ns.interval, ns.number, ns.noise = 1, 3, 1e9, 0
    syn_a = h.ExpSyn(da(0.8))
    syn_a.tau = 2
    syn_b = h.Exp2Syn(db(0.5))
    syn_b.tau1, syn_b.tau2 = 0.5, 4
    if1 = h.IntFire1()
    if1.tau, if1.refrac = 8, 3
    if2 = h.IntFire2()
    if2.taum, if2.taus, if2.ib = 10, 15, 0.3
    if4 = h.IntFire4()
    if4.taue, if4.taui1, if4.taui2, if4.taum = 3, 5, 8, 12
    ncs = [h.NetCon(ns, syn_a), h.NetCon(sa(0.5)._ref_v, syn_b, sec=sa),
           h.NetCon(ns, if1), h.NetCon(ns, if2), h.NetCon(if1, syn_b), h.NetCon(ns, if4),
           h.NetCon(if2, if4)]
    weights = (0.002, 0.01, 0.6, 0.4, 0.005, 0.5, -0.2)
    for nc, w in zip(ncs, weights):
        nc.delay, nc.weight[0], nc.threshold = 5, w, -10
    spikes = {}
    sources = {"A": h.NetCon(sa(0.5)._ref_v, None, sec=sa),
               "B": h.NetCon(sb(0.5)._ref_v, None, sec=sb),
               "if1": h.NetCon(if1, None), "if2": h.NetCon(if2, None),
               "if4": h.NetCon(if4, None)}
    for key, nc in sources.items():
        nc.threshold = -10
        spikes[key] = h.Vector()
        nc.record(spikes[key])

    def trace(tstop):
        """v of both somas and of dend B, the synapses' states, after each step to tstop."""
        out = []
        while h.t < tstop - h.dt / 2:
            h.fadvance()
            out += [h.t, sa(0.5).v, sb(0.5).v, db(0.5).v, syn_a.g, syn_b.A, syn_b.B,
                    sa(0.5).m_hh, if1.m, if2.m, if2.i, if4.m, if4.e, if4.i2]
        return out

    def spike_lists():
        return {key: list(vec) for key, vec in spikes.items()}

    result = {}
    h.finitialize(-65)
    h.continuerun(30)
    ss = h.SaveState()
    result["save_returned"] = ss.save()
    result["t_saved"] = h.t
    result["approx_continuing"] = trace(60)
    result["spikes_continuing"] = spike_lists()

    # restore after finitialize: the run from 30 to 60 again
    h.finitialize(-65)
    result["restore_returned"] = ss.restore()
    result["t_restored"] = h.t
    result["v_restored"] = sa(0.5).v
    result["approx_restored"] = trace(60)
    result["spikes_restored"] = spike_lists()

    # restore(1) at t = 60: states and t from the save, the event queue as it is (its
    # events are due after 60)
    ss.restore(1)
    result["t_restore1"] = h.t
    result["approx_restore1"] = trace(45)
    result["spikes_restore1"] = spike_lists()
    # restore(1) after finitialize keeps events due before the saved t: NEURON stops at the
    # next step ("Event arrived out of order"), pnm at restore(1)
    h.finitialize(-65)
    try:
        ss.restore(1)
        h.fadvance()
        result["restore1_early_events"] = "ran"
    except Exception:
        result["restore1_early_events"] = "error"

    # a file: fwrite, then fread into another SaveState, restore, continue
    path = os.path.join(folder, "state.dat")
    f = h.File(path)
    ss.fwrite(f)
    ss2 = h.SaveState()
    ss2.fread(h.File(path))
    h.finitialize(-65)
    ss2.restore()
    result["approx_from_file"] = trace(60)
    result["spikes_from_file"] = spike_lists()

    # a weight changed after save comes back with restore(), not with restore(1)
    h.finitialize(-65)
    ncs[0].weight[0] = 0.5
    ss.restore(1)
    result["weight_after_restore1"] = ncs[0].weight[0]
    ss.restore()
    result["weight_after_restore"] = ncs[0].weight[0]
    # a parameter (no NET_RECEIVE) changed after save stays; IntFire1's (NET_RECEIVE) does not
    sa.gnabar_hh = 0.2
    if1.tau = 20
    ss.restore()
    result["gnabar_after_restore"] = sa.gnabar_hh
    result["if1_tau_after_restore"] = if1.tau

    # the model changed: restore refuses
    extra = h.Section(name="extra")
    h.finitialize(-65)
    try:
        ss.restore()
        result["restore_after_change"] = "restored"
    except Exception:
        result["restore_after_change"] = "error"
    return result
