"""Gap junctions through ParallelContext.source_var / target_var / setup_transfer, under NEURON
or pnm, on any number of ranks: three hh cells (gid k on rank k % nhost), cell 0 driven by an
IClamp, cells 1 and 2 driven only through gaps (0 <-> 1 at the somas, 1's dendrite -> 2's
soma and back). Sources are published from Python (sec=) and from hoc (`sec pc.source_var(&v(x),
sgid)`), targets set from both, so both faces are exercised.

argv: backend (neuron|pnm), build directory, output json. The gap is gapa.mod's GapA (vgap
ASSIGNED, NEURON's recommended form; a POINTER target is refused by NEURON too: gap_errors.py).
Output: the spikes (gid, time) and the traces of every rank (rank 0 writes them)."""
import json
import sys

backend, build, out = sys.argv[1], sys.argv[2], sys.argv[3]
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
h("objref pc_, gap_")
h.pc_ = pc
keep, cells, gaps = [], {}, {}


def cell(gid):
    h(f"create soma{gid}, dend{gid}")
    soma, dend = getattr(h, f"soma{gid}"), getattr(h, f"dend{gid}")
    soma.L = soma.diam = 20
    soma.insert("hh")
    dend.L, dend.diam, dend.nseg = 200, 2, 4
    dend.insert("pas")
    dend.e_pas = -65
    dend.connect(soma(1))
    pc.set_gid2node(gid, rank)
    nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    pc.cell(gid, nc)
    keep.extend([soma, dend, nc])
    return soma, dend


def gap(name, seg, sgid, g, face="python"):
    pp = h.GapA(seg)
    pp.g = g
    if face == "hoc":
        h.gap_ = pp
        h(f"pc_.target_var(gap_, &gap_.vgap, {sgid})")
    elif face == "ref only":                  # the form without the point process
        pc.target_var(pp._ref_vgap, sgid)
    else:
        pc.target_var(pp, pp._ref_vgap, sgid)
    gaps[name] = pp


for gid in range(3):
    if gid % nhost == rank:
        cells[gid] = cell(gid)
        soma, dend = cells[gid]
        pc.source_var(soma(0.5)._ref_v, 10 + gid, sec=soma)       # Python face
if 1 % nhost == rank:
    h("dend1 pc_.source_var(&v(0.9), 21)")                        # hoc face
if 0 in cells:
    stim = h.IClamp(cells[0][0](0.5))
    stim.delay, stim.dur, stim.amp = 2, 60, 0.8
    keep.append(stim)
    gap("0.soma", cells[0][0](0.5), 11, 0.02)
if 1 in cells:
    gap("1.soma", cells[1][0](0.5), 10, 0.02, "hoc")
    gap("1.dend", cells[1][1](0.9), 12, 0.01, "ref only")
if 2 in cells:
    gap("2.soma", cells[2][0](0.5), 21, 0.01, "hoc")
pc.setup_transfer()

spk_t, spk_gid = h.Vector(), h.Vector()
pc.spike_record(-1, spk_t, spk_gid)
traces = {}
for gid, (soma, dend) in cells.items():
    traces[f"{gid}.v"] = h.Vector().record(soma(0.5)._ref_v)
    traces[f"{gid}.dend_v"] = h.Vector().record(dend(0.9)._ref_v)
for name, pp in gaps.items():
    traces[name + ".vgap"] = h.Vector().record(pp._ref_vgap)
    traces[name + ".i"] = h.Vector().record(pp._ref_i)
pc.set_maxstep(10)
h.finitialize(-65)
pc.psolve(80)
spikes = [(int(g), float(t)) for g, t in zip(spk_gid, spk_t)]
allspikes = sorted(sum(pc.py_allgather(spikes), []), key=lambda s: (s[1], s[0]))
alltraces = {}
for part in pc.py_allgather({k: list(v) for k, v in traces.items()}):
    alltraces.update(part)
if rank == 0:
    result = {"spikes": allspikes, "traces": alltraces}
    with open(out, "w") as f:
        json.dump(result, f)
pc.barrier()
pc.done()
