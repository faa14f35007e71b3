"""examples/ring128/ring128.py for NEURON itself (the only change: `from neuron import h`), used
by bench_startup.py as the NEURON side. The ParallelNetManager reference's ring of 128 IntFire1
cells: cell i excites cell i+1 (weight 1.1, delay 2 ms); a NetStim fires gid 4 at 1 ms.

    python benchmarks/ring128_neuron.py [--quiet]

Rank 0 prints the spikes sorted as "time gid" (500 spikes)."""

import sys

from neuron import h

h.load_file("nrngui.hoc")
h.tstop = 1000

h.load_file("netparmpi.hoc")
ncell = 128
pnm = h.ParallelNetManager(ncell)

pnm.round_robin()

for i in range(ncell):
    if pnm.gid_exists(i):
        pnm.register_cell(i, h.IntFire1())

for i in range(ncell):
    pnm.nc_append(i, (i + 1) % ncell, -1, 1.1, 2)

# stimulate
if pnm.gid_exists(4):
    stim = h.NetStim(0.5)
    ncstim = h.NetCon(stim, pnm.pc.gid2obj(4))
    ncstim.weight[0] = 1.1
    ncstim.delay = 0
    stim.number = 1
    stim.start = 1

pnm.set_maxstep(100)
pnm.want_all_spikes()

h.stdinit()
runtime = h.startsw()
pnm.psolve(h.tstop)
runtime = h.startsw() - runtime

# every rank's spikes go to rank 0, which prints them sorted (ranks printing at the same
# time would interleave their lines)
local = list(zip(pnm.spikevec.to_python(), pnm.idvec.to_python()))
gathered = pnm.pc.py_gather(local, 0)
if pnm.myid == 0:
    spikes = sorted(s for part in gathered for s in part)
    if "--quiet" not in sys.argv:
        print("\n".join("%g %d" % (t, gid) for t, gid in spikes))
    print(f"# {len(spikes)} spikes on {pnm.nhost} ranks, run time {runtime:.3f} s", file=sys.stderr)
pnm.pc.runworker()
pnm.pc.done()
