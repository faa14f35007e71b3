"""PatternStim: a recorded spike pattern of 12 virtual input gids (100..111) replayed into 4
hh cells (gids 0..3) on any number of ranks; each cell hears 3 input gids through
pc.gid_connect. The pattern also names a gid that is a real cell here (0: not an input, so
ignored, as NEURON's nrn_fake_fire) and gids nobody connects (200). Prints every spike of the
cells as "t gid" on rank 0. argv: backend (neuron|pnm)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _spikes import psolve_and_gather  # noqa: E402

backend = sys.argv[1]
if backend == "neuron":
    from neuron import h
    h.nrnmpi_init()
else:
    from pnm import h
h.load_file("stdrun.hoc")
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
keep = []
for gid in range(rank, 4, nhost):
    soma = h.Section(name=f"soma{gid}")
    soma.L = soma.diam = 20
    soma.insert("hh")
    syn = h.ExpSyn(soma(0.5))
    syn.tau = 2
    pc.set_gid2node(gid, rank)
    nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    pc.cell(gid, nc)
    for k in range(3):
        src = 100 + 3 * gid + k
        inc = pc.gid_connect(src, syn)
        inc.weight[0], inc.delay = 0.004 + 0.002 * k, 1.0 + 0.5 * k
        keep.append(inc)
    keep += [soma, syn, nc]
r = h.Random()
r.Random123(5, 6, 7)
r.uniform(0, 60)
pairs = [(r.repick(), 100 + i % 12) for i in range(300)] + [(3.0, 0), (4.0, 200), (5.5, 105)]
pairs.sort()                            # a pattern in time order, as spike_record gives it
tvec, gidvec = h.Vector([t for t, _ in pairs]), h.Vector([g for _, g in pairs])
ps = h.PatternStim()
ps.play(tvec, gidvec)
spikes = psolve_and_gather(h, pc, 80.0)
if rank == 0:
    for t, gid in spikes:
        print("%.17g %d" % (t, gid))
pc.barrier()
pc.done()
h.quit() if backend == "neuron" else None
