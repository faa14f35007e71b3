"""A branched hh cell cut with pc.multisplit into 3 or 4 pieces on any ranks. Each rank writes
the voltage of every segment it has (every step) and the detector's spike times to
OUT.<rank>.json.

argv: backend (neuron|pnm), hosts, OUT. hosts "-" runs the whole cell on every rank; else a
comma list gives the rank of each piece:
  piece 0: soma + axon      (sid 1 at soma(1); with 4 pieces also sid 3 at soma(0): a backbone
                             through the soma)
  piece 1: d[0..3] + b[0]   (sid 1 at d[0](0), sid 2 at d[3](1): a backbone)
  piece 2: d[4..7] + b[1]   (sid 2 at d[4](0), sid 4 at d[5](0.5): a backbone ending in the
                             middle of a segment)
  piece 3: the axon ax[0..3] (sid 3 at ax[0](0)); with 3 pieces it stays on piece 0
and the branch ap (cut from d[5](0.5), sid 4 at ap(0): a split node whose pieces have
different areas there) always goes with piece 1: one rank holds two pieces of the cell.
"""
import json
import sys

backend, hosts, out = sys.argv[1], sys.argv[2], sys.argv[3]
if backend == "neuron":
    from neuron import h
    h.nrnmpi_init()
else:
    from pnm import h
h.load_file("stdrun.hoc")
pc = h.ParallelContext()
rank = int(pc.id())

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.nseg = 3
d = [h.Section(name=f"d[{i}]") for i in range(8)]
b = [h.Section(name=f"b[{i}]") for i in range(2)]
ax = [h.Section(name=f"ax[{i}]") for i in range(4)]
ap = h.Section(name="ap")
for i, sec in enumerate(d):
    sec.L, sec.nseg, sec.diam, sec.Ra = 50, 5, 2.5 - 0.2 * i, 110
    sec.connect(d[i - 1](1) if i else soma(1), 0)
for sec, at in zip(b, (d[2], d[5])):
    sec.L, sec.nseg, sec.diam = 120, 5, 0.7
    sec.connect(at(1), 0)
for i, sec in enumerate(ax):
    sec.L, sec.nseg, sec.diam = 80, 5, 1.0
    sec.connect(ax[i - 1](1) if i else soma(0), 0)
ap.L, ap.nseg, ap.diam = 30, 3, 1.2
ap.connect(d[5](0.5), 0)
for sec in [soma] + d + ax:
    sec.insert("hh")
for sec in b + [ap]:
    sec.insert("pas")

if hosts != "-":
    where = [int(x) for x in hosts.split(",")]
    npiece = len(where)
    d[0].disconnect()
    d[4].disconnect()
    ap.disconnect()
    if npiece == 4:
        ax[0].disconnect()
    pieces = [[soma] + (ax if npiece == 3 else []), d[:4] + b[:1], d[4:] + b[1:], ax, [ap]]
    marks = [[(soma, 1, 1)] + ([(soma, 0, 3)] if npiece == 4 else []),
             [(d[0], 0, 1), (d[3], 1, 2)], [(d[4], 0, 2), (d[5], 0.5, 4)], [(ax[0], 0, 3)],
             [(ap, 0, 4)]]
    where = where + [-1] * (4 - npiece) + [where[1]]
    for k in range(5):
        if k == 3 and npiece == 3:
            continue
        if where[k] == rank:
            for sec, x, sid in marks[k]:
                pc.multisplit(sec(x), sid)
        else:
            for sec in pieces[k]:
                h.delete_section(sec=sec)
    pc.multisplit()

existing = list(h.allsec())
alive = [s for s in [soma, ap] + d + b + ax if any(s == e for e in existing)]
stim = tvec = nc = None
if d[7] in alive:
    stim = h.IClamp(d[7](0.7))
    stim.delay, stim.dur, stim.amp = 1.0, 30.0, 0.6
if ax[3] in alive:
    tvec = h.Vector()
    nc = h.NetCon(ax[3](0.5)._ref_v, None, sec=ax[3])
    nc.threshold = 0
    nc.record(tvec)
recs = {}
for sec in alive:
    for seg in sec:
        vec = h.Vector()
        vec.record(seg._ref_v)
        recs[f"{sec.name()}({seg.x:.2f})"] = vec

pc.set_maxstep(10)
h.tstop = 30
h.stdinit()
pc.psolve(h.tstop)
result = {"v": {key: list(vec) for key, vec in recs.items()},
          "spikes": list(tvec) if tvec is not None else None}
with open(f"{out}.{rank}.json", "w") as f:
    json.dump(result, f)
pc.barrier()
pc.done()
