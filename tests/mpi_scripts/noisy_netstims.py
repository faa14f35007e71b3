"""Noisy NetStims driving IntFire1 cells on any number of ranks; prints every spike as
"t gid" (17 digits) on rank 0. argv: backend (neuron|pnm), ids mode:
  default  - NetStims keep their default stream ids (1, rank, k) (depends on the rank count)
  gid      - stim.noiseFromRandom123(gid, 0, 1) (independent of the rank count)
  two      - stim.noiseFromRandom123(gid, 5) (two ids)
  random   - stim.noiseFromRandom(r) with r.Random123(gid, 7, 0) and globalindex 3
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _spikes import psolve_and_gather  # noqa: E402

backend, mode = sys.argv[1], sys.argv[2]
if backend == "neuron":
    from neuron import h
    h.nrnmpi_init()
else:
    from pnm import h
h.load_file("stdrun.hoc")
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
NCELL = 6
keep = []
randoms = []
for gid in range(rank, NCELL, nhost):
    cell = h.IntFire1()
    cell.tau, cell.refrac = 10, 2
    pc.set_gid2node(gid, rank)
    pc.cell(gid, h.NetCon(cell, None))
    extra = h.NetStim()                 # takes a default stream id (counter k) too
    stim = h.NetStim()
    stim.start, stim.interval, stim.number, stim.noise = 1.0 * gid, 4.0, 1e9, 0.5 + 0.1 * gid
    if mode == "gid":
        stim.noiseFromRandom123(gid, 0, 1)
    elif mode == "two":
        stim.noiseFromRandom123(gid, 5)
    elif mode == "random":
        r = h.Random()
        r.Random123(gid, 7, 0)
        r.Random123_globalindex(3)
        stim.noiseFromRandom(r)
        randoms.append(r)
    pc.set_gid2node(100 + gid, rank)
    pc.cell(100 + gid, h.NetCon(stim, None))
    nc = h.NetCon(stim, cell)
    nc.weight[0], nc.delay = 0.6, 1.0
    keep += [cell, extra, stim, nc]
for gid in range(rank, NCELL, nhost):      # a ring: cell gid excites the next one
    nc = pc.gid_connect((gid - 1) % NCELL, pc.gid2cell(gid))
    nc.weight[0], nc.delay = 0.5, 2.0
    keep.append(nc)
spikes = psolve_and_gather(h, pc, 300.0)
if rank == 0:
    for t, gid in spikes:
        print("%.17g %d" % (t, gid))
pc.barrier()
pc.done()
h.quit() if backend == "neuron" else None
