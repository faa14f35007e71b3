"""A tie-heavy artificial network: IntFire1 cells whose inputs (integer spike times, delays 2
or 4 ms, excitatory and inhibitory weights) often arrive at identical times, so the result
depends on the order of equal-time events. argv[1] = "neuron" runs it under NEURON.
Rank 0 prints every spike as 'time gid', sorted."""
import sys

import numpy as np

if len(sys.argv) > 1 and sys.argv[1] == "neuron":
    from neuron import h
    h.nrnmpi_init()
else:
    from pnm import h
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
N = 40
rng = np.random.default_rng(5)
src = [rng.choice(N, 4, replace=False) for _ in range(N)]
w = [rng.choice([0.6, -0.3], 4) for _ in range(N)]
d = [rng.choice([2.0, 4.0], 4) for _ in range(N)]
cells, ncs, stims = {}, [], []
for gid in range(N):
    pc.set_gid2node(gid, gid % nhost)
for gid in range(N):
    if pc.gid_exists(gid):
        c = h.IntFire1(); c.tau = 5; c.refrac = 1
        cells[gid] = c
        pc.cell(gid, h.NetCon(c, None))
for gid, c in cells.items():
    for s, ww, dd in zip(src[gid], w[gid], d[gid]):
        nc = pc.gid_connect(int(s), c); nc.weight[0] = ww; nc.delay = dd; ncs.append(nc)
    st = h.NetStim(); st.start = 1 + gid % 3; st.interval = 6; st.number = 20
    n2 = h.NetCon(st, c); n2.weight[0] = 0.7; n2.delay = 0; stims.append((st, n2))
tv, iv = h.Vector(), h.Vector()
pc.spike_record(-1, tv, iv)
pc.set_maxstep(10)
h.finitialize(-65)
pc.psolve(120)
allsp = pc.py_gather(list(zip(tv.to_python(), iv.to_python())), 0)
if rank == 0:
    sp = sorted(s for p in allsp for s in p)
    for t, gid in sp:
        print("%r %d" % (t, gid))
