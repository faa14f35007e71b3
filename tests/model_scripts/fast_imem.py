"""Ball and stick with hh, pas, IClamps (one at the dendrite's zero-area 1 end), ExpSyns driven
by a NetStim (one at the soma's zero-area 0 end), nseg 5: i_membrane_ recorded at every node
with Vector.record (also at the times of a time Vector), read after
finitialize, and the sum over the nodes against the electrodes' currents. Run by
tests/test_fast_imem.py under NEURON 9 and pnm (compute(h, folder) -> dict)."""

import json
import os

TSTOP = 30.0


def config(folder):
    """{"secondorder": 0, "cvode": 0} or what folder/config.json says (the test's variants;
    the variable step goes without the point processes at zero-area nodes, which pnm's
    variable step refuses)."""
    path = os.path.join(folder, "config.json")
    out = {"secondorder": 0, "cvode": 0}
    if os.path.exists(path):
        with open(path) as f:
            out.update(json.load(f))
    return out


def build(h, end_points=True):
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20.0
    soma.insert("hh")
    dend = h.Section(name="dend")
    dend.L, dend.diam, dend.nseg = 400.0, 1.5, 5
    dend.insert("pas")
    dend.e_pas = -65.0
    dend.connect(soma(1))
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 2.0, 5.0, 0.3
    tip = h.IClamp(dend(1.0) if end_points else dend(0.9))
    tip.delay, tip.dur, tip.amp = 12.0, 10.0, 0.05
    syn = h.ExpSyn(dend(0.7))
    syn.tau, syn.e = 2.0, 0.0
    end_syn = h.ExpSyn(soma(0.0) if end_points else soma(0.5))
    end_syn.tau, end_syn.e = 3.0, 0.0
    ns = h.NetStim()
    ns.start, ns.interval, ns.number, ns.noise = 5.0, 4.0, 5, 0
    ncs = [h.NetCon(ns, syn, 0, 1.0, 0.004), h.NetCon(ns, end_syn, 0, 1.5, 0.002)]
    return dict(soma=soma, dend=dend, pps=[stim, tip, syn, end_syn, ns], ncs=ncs)


def locations(m):
    """Every node: the soma's 0 end, centre and 1 end, the dendrite's centres and 1 end."""
    soma, dend = m["soma"], m["dend"]
    out = [("soma", soma, 0.0), ("soma", soma, 0.5), ("soma", soma, 1.0)]
    out += [("dend", dend, seg.x) for seg in dend] + [("dend", dend, 1.0)]
    return out


def compute(h, folder):
    conf = config(folder)
    h.secondorder = conf["secondorder"]
    cv = h.CVode()
    result = {"first_use_fast_imem": cv.use_fast_imem(1)}
    result["second_use_fast_imem"] = cv.use_fast_imem()
    cv.active(conf["cvode"])
    m = build(h, end_points=not conf["cvode"])
    locs = locations(m)
    recs, tvecs = [], []
    for name, sec, x in locs:
        vec = h.Vector()
        vec.record(sec(x)._ref_i_membrane_)
        recs.append(vec)
    sample_times, sampled = h.Vector([0.0, 7.5, 13.0, 21.025]), h.Vector()
    if not conf["cvode"]:
        sampled.record(m["dend"](0.7)._ref_i_membrane_, sample_times)
    stim_i = h.Vector()
    stim_i.record(m["pps"][0]._ref_i)
    tip_i = h.Vector()
    tip_i.record(m["pps"][1]._ref_i)
    tvec = h.Vector()
    tvec.record(h._ref_t)
    h.finitialize(-65)
    result["approx_init"] = [sec(x).i_membrane_ for _, sec, x in locs]
    h.fadvance()
    result["approx_step1"] = [sec(x).i_membrane_ for _, sec, x in locs]
    h.continuerun(TSTOP)
    for (name, sec, x), vec in zip(locs, recs):
        result[f"approx_rec_{name}({x:g})"] = list(vec)
    result["approx_sampled"] = list(sampled)
    result["approx_soma_v"] = [m["soma"](0.5).v]
    total = [sum(vec[k] for vec in recs) for k in range(len(tvec))]
    electrodes = [stim_i[k] + tip_i[k] for k in range(len(tvec))]
    result["approx_total"] = total
    result["approx_electrodes"] = electrodes
    result["approx_t"] = list(tvec)
    result["nsamples"] = len(tvec)
    result["last_use_fast_imem"] = cv.use_fast_imem(0)
    cv.active(0)
    return result
