"""i_membrane_ (cvode.use_fast_imem(1)) on several ranks. Each rank writes to OUT.<rank>.json
{"imem": {"<gid>:<sec>(<x>)": values at every step}, "electrode": the IClamps' currents
there}, recorded at every node of what it holds (a section's 0 end, centres and 1 end).

argv: backend (neuron|pnm), mode, OUT.
  net    4 ball-and-stick cells (hh soma, pas dendrite with nseg 5, an ExpSyn at dend(0.8))
         in a ring by gid (pc.gid_connect), round robin over the ranks, an IClamp on gid 0
         and a NetStim into gid 2: the values must not depend on the number of ranks.
  split  a cell cut with pc.multisplit into 2 pieces (ranks 0 and 1 when there are 2):
         soma + d[0..1] (sid 1 at d[1](1); sid 2 at soma(0.5)), d[2..3] rooted at the split
         node d[1](1) (d[2](0)), and the branch ap rooted at soma(0.5) (zero area on its
         piece, the soma's full area on the other); an IClamp at d[3](0.7).
  splitcell  an hh cable of 6 sections cut by ParallelNetManager.splitcell between cab[2]
         and cab[3] (cab[3..5] and an IClamp at cab[5](0.9) on rank 0, the rest on rank 1).
"""
import json
import sys

backend, mode, out = sys.argv[1], sys.argv[2], sys.argv[3]
if backend == "neuron":
    from neuron import h
    h.nrnmpi_init()
else:
    from pnm import h
h.load_file("stdrun.hoc")
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
h.CVode().use_fast_imem(1)


def ball_and_stick(gid):
    soma = h.Section(name=f"soma_{gid}")
    soma.L = soma.diam = 20.0
    soma.insert("hh")
    dend = h.Section(name=f"dend_{gid}")
    dend.L, dend.diam, dend.nseg = 300.0 + 20 * gid, 1.2, 5
    dend.insert("pas")
    dend.e_pas = -65.0
    dend.connect(soma(1))
    syn = h.ExpSyn(dend(0.8))
    syn.e, syn.tau = 0.0, 2.0
    return [soma, dend], syn


def nodes(sections):
    for sec in sections:
        for x in [0.0] + [seg.x for seg in sec] + [1.0]:
            yield sec, x


keep, stims = [], []
if mode == "net":
    ncell = 4
    cells = {}
    for gid in range(rank, ncell, nhost):
        secs, syn = ball_and_stick(gid)
        cells[gid] = (secs, syn)
        pc.set_gid2node(gid, rank)
        nc = h.NetCon(secs[0](0.5)._ref_v, None, sec=secs[0])
        pc.cell(gid, nc)
        keep.append(nc)
    for gid in range(ncell):
        target = (gid + 1) % ncell
        if target in cells:
            keep.append(pc.gid_connect(gid, cells[target][1]))
            keep[-1].delay, keep[-1].weight[0] = 2.0, 0.01
    if 0 in cells:
        stim = h.IClamp(cells[0][0][0](0.5))
        stim.delay, stim.dur, stim.amp = 1.0, 3.0, 0.4
        stims.append(stim)
    if 2 in cells:
        ns = h.NetStim()
        ns.start, ns.number, ns.interval, ns.noise = 6.0, 2, 5.0, 0
        keep += [ns, h.NetCon(ns, cells[2][1], 0, 1.0, 0.02)]
    located = [(f"{gid}:", sec, x) for gid, (secs, _) in cells.items() for sec, x in nodes(secs)]
elif mode == "splitcell":
    h.load_file("netparmpi.hoc")
    manager = h.ParallelNetManager(1)
    cab = [h.Section(name=f"cab[{i}]") for i in range(6)]
    for i, sec in enumerate(cab):
        sec.L, sec.nseg, sec.diam = 60.0, 3, 3.0 - 0.3 * i
        sec.insert("hh")
        if i:
            sec.connect(cab[i - 1](1), 0)
    if nhost > 1:
        cab[3].push()
        manager.splitcell(0, 1)
        h.pop_section()
    existing = list(h.allsec())
    alive = [s for s in cab if any(s == e for e in existing)]
    if cab[5] in alive:
        stim = h.IClamp(cab[5](0.9))
        stim.delay, stim.dur, stim.amp = 1.0, 10.0, 0.8
        stims.append(stim)
    located = [("", sec, x) for sec, x in nodes(alive)]
else:
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20.0
    soma.nseg = 3
    soma.insert("hh")
    d = [h.Section(name=f"d[{i}]") for i in range(4)]
    for i, sec in enumerate(d):
        sec.L, sec.nseg, sec.diam = 60.0, 3, 2.0 - 0.3 * i
        sec.insert("pas")
        sec.e_pas = -65.0
        sec.connect(d[i - 1](1) if i else soma(1), 0)
    ap = h.Section(name="ap")
    ap.L, ap.nseg, ap.diam = 40.0, 3, 1.0
    ap.insert("hh")
    ap.connect(soma(0.5), 0)
    pieces = [[soma, d[0], d[1]], [d[2], d[3], ap]]
    if nhost > 1:
        d[2].disconnect()
        ap.disconnect()
        for k, piece in enumerate(pieces):
            if k == min(rank, 1):
                marks = [(d[1], 1.0, 1), (soma, 0.5, 2)] if k == 0 else [(d[2], 0.0, 1),
                                                                          (ap, 0.0, 2)]
                for sec, x, sid in marks:
                    pc.multisplit(sec(x), sid)
            else:
                for sec in piece:
                    h.delete_section(sec=sec)
        pc.multisplit()
    existing = list(h.allsec())
    alive = [s for s in [soma] + d + [ap] if any(s == e for e in existing)]
    if d[3] in alive:
        stim = h.IClamp(d[3](0.7))
        stim.delay, stim.dur, stim.amp = 1.0, 10.0, 0.5
        stims.append(stim)
    located = [("", sec, x) for sec, x in nodes(alive)]

recs = {}
for prefix, sec, x in located:
    vec = h.Vector()
    vec.record(sec(x)._ref_i_membrane_)
    recs[f"{prefix}{sec.name()}({x:.3f})"] = vec
electrode = []
for stim in stims:
    electrode.append(h.Vector())
    electrode[-1].record(stim._ref_i)
pc.set_maxstep(10)
h.tstop = 15.0
h.stdinit()
pc.psolve(h.tstop)
result = {"imem": {key: list(vec) for key, vec in recs.items()},
          "electrode": [list(vec) for vec in electrode]}
with open(f"{out}.{rank}.json", "w") as f:
    json.dump(result, f)
pc.barrier()
pc.done()
