"""A small network of point processes and artificial cells from .mod files, under NEURON or
pnm, on any number of ranks (ParallelContext; cell k lives on rank k % nhost).

Mechanisms (the test renames NEURON's built-ins MyExpSyn, MyExp2Syn, MyIntFire1/2/4,
MyIClamp): NEURON's expsyn/exp2syn/intfire1/2/4/stim (ELECTRODE_CURRENT)/invlfire (IntervalFire: net_send + net_move), ModelDB
123815 STDPE2 (WATCH, FOR_NETCONS, net_send, 3 NetCon weights), 145836 Exp2NMDA, Exp4NMDA2
(net_send), Exp5NMDA (NET_RECEIVE INITIAL, 3 weights), NMDA16_2 (KINETIC, USEION na,
net_send), 39948 Izhi2007b (WATCH, net_event, net_send, writes v in NET_RECEIVE).

argv: backend (neuron|pnm), build directory, output json, celsius list (comma separated).
Output: per celsius the spikes (gid, time) and, on one rank, the traces and final weights."""
import json
import sys

backend, build, out = sys.argv[1], sys.argv[2], sys.argv[3]
temperatures = [float(x) for x in sys.argv[4].split(",")]
if backend == "neuron":
    from neuron import h
    h.nrnmpi_init()
    h.nrn_load_dll(build + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(build)
h.load_file("stdrun.hoc")
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
NCELL = 9
here = [gid for gid in range(NCELL) if gid % nhost == rank]
keep = []       # every object that must outlive this function


def soma_cell(gid, name):
    soma = h.Section(name=f"{name}{gid}")
    soma.L = soma.diam = 20
    soma.insert("hh")
    dend = h.Section(name=f"{name}{gid}_dend")
    dend.L, dend.diam, dend.nseg = 200, 2, 3
    dend.insert("pas")
    dend.connect(soma(1))
    keep.extend([soma, dend])
    nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    nc.threshold = 0
    return soma, dend, nc


def make(gid):
    """Cell gid: its spike source NetCon, its synapses (by name), what to record."""
    syn, rec = {}, {}
    if gid in (0, 1):          # hh cells with synapses from NEURON's and ModelDB's files
        soma, dend, src = soma_cell(gid, "A")
        syn["exp"] = h.MyExpSyn(soma(0.5))
        syn["exp"].tau = 2
        syn["exp2"] = h.MyExp2Syn(0.3, sec=dend)
        syn["exp2"].tau1, syn["exp2"].tau2 = 0.5, 4
        syn["stdp"] = h.STDPE2(dend(0.7))
        syn["stdp"].wmax, syn["stdp"].thresh, syn["stdp"].gbdel = 0.004, -20, 20
        syn["nmda2"] = h.Exp2NMDA(dend(0.5))
        syn["nmda4"] = h.Exp4NMDA2(dend(0.5))
        syn["nmda5"] = h.Exp5NMDA(soma(0.5))
        syn["nmda16"] = h.NMDA16_2(dend(0.9))
        if gid == 1:           # ELECTRODE_CURRENT: NEURON's stim.mod as MyIClamp
            syn["clamp"] = h.MyIClamp(soma(0.5))
            setattr(syn["clamp"], "del", 40)
            syn["clamp"].dur, syn["clamp"].amp = 30, 0.4
        rec = {"v": soma(0.5)._ref_v, "vd": dend(0.9)._ref_v, "g_exp": syn["exp"]._ref_g,
               "B_stdp": syn["stdp"]._ref_B, "A_nmda2": syn["nmda2"]._ref_A,
               "O_nmda16": syn["nmda16"]._ref_O, "C_nmda5": syn["nmda5"]._ref_C}
        if gid == 1:
            rec["i_clamp"] = syn["clamp"]._ref_i
    elif gid == 2:             # an Izhikevich cell: WATCH, net_event, v reset in NET_RECEIVE
        sec = h.Section(name="izh")
        sec.L, sec.diam, sec.cm = 10, 10, 31.831
        izh = h.Izhi2007b(sec(0.5))
        izh.Iin = 300
        keep.extend([sec, izh])
        src = h.NetCon(izh, None)
        syn["exp"] = h.MyExpSyn(sec(0.5))
        rec = {"v_izh": sec(0.5)._ref_v, "u_izh": izh._ref_u}
    else:                      # artificial cells
        kind = ["MyIntFire1", "MyIntFire2", "MyIntFire4", "IntervalFire"][(gid - 3) % 4]
        cell = getattr(h, kind)()
        if kind == "MyIntFire2":
            cell.ib = 1.2 if gid < 7 else 0.6
        if kind == "IntervalFire":
            cell.tau, cell.invl = 10, 20 + gid
        if kind == "MyIntFire1":
            cell.tau, cell.refrac = 5, 2
        src = h.NetCon(cell, None)
        syn["cell"] = cell
        rec = {f"m{gid}": cell._ref_m}
    keep.append(src)
    return src, syn, rec


cells = {}
for gid in here:
    src, syn, rec = make(gid)
    pc.set_gid2node(gid, rank)
    pc.cell(gid, src)
    cells[gid] = (syn, rec)

# drive: NetStims on every rank (not in the gid space), one per target cell
stims = []
for gid, (syn, _rec) in cells.items():
    ns = h.NetStim()
    ns.start, ns.interval, ns.number = 2 + gid, 6 + gid % 3, 40
    stims.append(ns)
    for name, target in syn.items():
        if name == "clamp":
            continue
        nc = h.NetCon(ns, target)
        nc.delay = 0.5 + 0.1 * (gid % 4)
        nc.weight[0] = {"exp": 0.08, "exp2": 0.003, "stdp": 0.002, "nmda2": 0.002,
                        "nmda4": 0.002, "nmda5": 0.003, "nmda16": 2e-4, "cell": 0.4}[name]
        if name == "stdp":
            nc.weight[1] = 0.0005       # A: NET_RECEIVE INITIAL sets it back to 0
        if name == "nmda5":
            nc.weight[2] = 3.0          # tsyn: likewise set by its NET_RECEIVE INITIAL
        keep.append(nc)

# the network: every cell's spikes reach synapses and artificial cells of others
weights = {"exp": 0.01, "exp2": 0.004, "stdp": 0.003, "nmda2": 0.002, "nmda4": 0.001,
           "nmda5": 0.002, "nmda16": 1e-4, "cell": 0.3}
edges = []
for gid, (syn, _rec) in cells.items():
    for k, name in enumerate(sorted(n for n in syn if n != "clamp")):
        src = (gid + 1 + 2 * k) % NCELL
        nc = pc.gid_connect(src, syn[name])
        nc.delay = 1.0 + 0.25 * ((gid + k) % 3)
        nc.weight[0] = weights[name]
        keep.append(nc)
        edges.append((gid, name, src, nc))

tvec, idvec = h.Vector(), h.Vector()
pc.spike_record(-1, tvec, idvec)
traces = {}
if nhost == 1:
    traces["t"] = h.Vector().record(h._ref_t)
    for gid, (_syn, rec) in cells.items():
        for key, ref in rec.items():
            traces[f"{gid}:{key}"] = h.Vector().record(ref)
pc.set_maxstep(10)
result = {}
for celsius in temperatures:
    h.celsius = celsius
    h.dt = 0.025
    h.finitialize(-65)
    pc.psolve(120)
    spikes = sorted(zip(idvec.to_python() if hasattr(idvec, "to_python") else list(idvec),
                        list(tvec)))
    entry = {"spikes": [[int(g), t] for g, t in spikes]}
    if nhost == 1:
        entry["traces"] = {k: list(v) for k, v in traces.items()}
        entry["weights"] = [[gid, name, src, [nc.weight[j] for j in range(int(nc.wcnt()))]]
                            for gid, name, src, nc in edges]
    result[str(celsius)] = entry
all_results = pc.py_gather(result, 0) if nhost > 1 else [result]
if rank == 0:
    merged = {}
    for part in all_results:
        for key, entry in part.items():
            m = merged.setdefault(key, {"spikes": []})
            m["spikes"] += entry["spikes"]
            for extra in ("traces", "weights"):
                if extra in entry:
                    m[extra] = entry[extra]
    for m in merged.values():
        m["spikes"].sort()
    with open(out, "w") as f:
        json.dump(merged, f)
pc.barrier()
pc.done()
