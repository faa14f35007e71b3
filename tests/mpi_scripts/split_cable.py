"""A tapered hh cable (21 sections in a chain, nseg 5, two side branches), an IClamp at the far
end, a spike detector at the near end; optionally split in two with ParallelNetManager.splitcell.
Each rank writes the voltage of every segment it has, at every step, and the detector's spike
times, to OUT.<rank>.json.

argv: backend (neuron|pnm), mode, OUT
  unsplit         - the whole cell on every rank
  split           - cut between cab[10] and cab[9]: cab[10..20] (stimulus) on rank 0, the rest
                    (detector) on rank 1
  swap            - the same cut, cab[10..20] on rank 1, the rest on rank 0
  python_sec      - as split, through splitcell(..., sec=) (pnm only) instead of the stack
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
h.load_file("netparmpi.hoc")
manager = h.ParallelNetManager(1)
pc = manager.pc
rank = int(pc.id())

NSEC = 21
cab = [h.Section(name=f"cab[{i}]") for i in range(NSEC)]
side = [h.Section(name=f"side[{i}]") for i in range(2)]
for i, sec in enumerate(cab):
    sec.L, sec.nseg, sec.Ra = 60.0, 5, 120.0
    sec.diam = 3.0 - 0.12 * i
    sec.insert("hh")
    if i:
        sec.connect(cab[i - 1](1), 0)
for k, (sec, at) in enumerate(zip(side, (cab[3], cab[14]))):
    sec.L, sec.nseg, sec.diam = 150.0, 5, 0.8
    sec.insert("pas")
    sec.connect(at(1), 0)

if mode in ("split", "python_sec"):
    hosts = (0, 1)
elif mode == "swap":
    hosts = (1, 0)
else:
    hosts = None
if hosts is not None:
    if mode == "python_sec":
        manager.splitcell(*hosts, sec=cab[10])
    else:
        cab[10].push()
        manager.splitcell(*hosts)
        h.pop_section()

existing = list(h.allsec())
alive = [s for s in cab + side if any(s == e for e in existing)]
stim = tvec = nc = None
if cab[20] in alive:
    stim = h.IClamp(cab[20](0.9))
    stim.delay, stim.dur, stim.amp = 1.0, 20.0, 0.4
if cab[0] in alive:
    tvec = h.Vector()
    nc = h.NetCon(cab[0](0.5)._ref_v, None, sec=cab[0])
    nc.threshold = 0
    nc.record(tvec)
recs = {}
for sec in alive:
    for seg in sec:
        vec = h.Vector()
        vec.record(seg._ref_v)
        recs[f"{sec.name()}({seg.x:.2f})"] = vec

pc.set_maxstep(10)
h.tstop = 25
h.stdinit()
pc.psolve(h.tstop)
result = {"v": {key: list(vec) for key, vec in recs.items()},
          "spikes": list(tvec) if tvec is not None else None}
with open(f"{out}.{rank}.json", "w") as f:
    json.dump(result, f)
pc.barrier()
pc.done()
