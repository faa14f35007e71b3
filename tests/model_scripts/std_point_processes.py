"""NEURON's built-in point processes that pnm writes as .mod files of its own: SEClamp,
VClamp, AlphaSynapse, OClamp on hh somas, APCount (record) on a spiking soma; from Python and
from hoc (`new VClamp(0.5)`, `vc.dur[1] = ...`, `apc.record(vec)`); two runs with a change
between them. compute(h, folder) -> dict of traces and values (run under NEURON and pnm)."""

HOC = """
create hsoma
access hsoma
hsoma { L = 20  diam = 20  insert hh }
objref hvc, happ, hvec, hv
hvc = new VClamp(0.5)
hvc.dur[0] = 2
hvc.amp[0] = -60
hvc.dur[1] = 3
hvc.amp[1] = -10
hvc.gain = 1e4
hvc.tau2 = 0.02
hvc.fac = 0.5
happ = new APCount(0.5)
happ.thresh = 0
hvec = new Vector()
record_returned = happ.record(hvec)
hv = new Vector()
hv.record(&hsoma.v(0.5))
"""


def compute(h, folder):
    secs = []
    for k in range(5):
        s = h.Section(name=f"c{k}")
        s.L = s.diam = 20
        s.insert("hh")
        secs.append(s)
    se = h.SEClamp(secs[0](0.5))
    se.dur1, se.amp1, se.dur2, se.amp2, se.dur3, se.amp3, se.rs = 2, -70, 3, 10, 2, -50, 0.1
    vc = h.VClamp(secs[1](0.5))
    for j, (dur, amp) in enumerate(((1, -70), (3, 0), (2, -80))):
        vc.dur[j] = dur
        vc.amp[j] = amp
    syn = h.AlphaSynapse(secs[2](0.5))
    syn.onset, syn.tau, syn.gmax, syn.e = 1, 0.5, 0.05, 0
    oc = h.OClamp(secs[3](0.5))
    oc.on, oc.off, oc.vc, oc.switched_on, oc.rs = 2, 5, -20, 1, 0.5
    stim = h.IClamp(secs[4](0.5))
    stim.delay, stim.dur, stim.amp = 1, 20, 0.3
    apc = h.APCount(secs[4](0.5))
    apc.thresh = -10
    times = h.Vector()
    apc.record(times)
    apc_syn = h.APCount(secs[2](0.5))
    h(HOC)
    refs = {"v_se": secs[0](0.5)._ref_v, "i_se": se._ref_i, "vc_se": se._ref_vc,
            "v_vc": secs[1](0.5)._ref_v, "i_vc": vc._ref_i, "vo_vc": vc._ref_vo,
            "e_vc": vc._ref_e, "v_alpha": secs[2](0.5)._ref_v, "i_alpha": syn._ref_i,
            "v_oc": secs[3](0.5)._ref_v, "i_oc": oc._ref_i, "v_apc": secs[4](0.5)._ref_v,
            "i_hvc": h.hvc._ref_i}
    vecs = {key: h.Vector().record(ref) for key, ref in refs.items()}
    h.tstop = 25
    h.run()
    out = {f"trace_{key}": list(vec) for key, vec in vecs.items()}
    out["trace_v_hoc"] = list(h.hv)
    out["apc"] = [apc.n, apc.time, apc.firing, apc_syn.n, apc_syn.time, h.happ.n]
    out["apc_times"] = list(times)
    out["hoc_apc_times"] = list(h.hvec)
    out["hoc_record_returned"] = h.record_returned
    out["fields"] = [se.rs, se.vc, se.i, vc.gain, vc.rstim, vc.tau1, vc.tau2, vc.fac,
                     vc.dur[1], vc.amp[2], syn.tau, oc.switched_on, h.hvc.dur[1], h.hvc.gain]
    apc.record()                 # stop: the Vector keeps the first run's times
    se.rs = 1
    syn.gmax = 0.1
    h.run()
    out["second_apc"] = [apc.n, apc.time, h.happ.n]
    out["second_apc_times"] = list(times)
    out["second_hoc_apc_times"] = list(h.hvec)
    out["trace2_v_se"] = list(vecs["v_se"])
    out["trace2_v_alpha"] = list(vecs["v_alpha"])
    return out
