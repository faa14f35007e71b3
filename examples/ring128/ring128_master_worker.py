"""ring128 as a master/worker job: every rank builds its part of the ring, then the workers
wait in runworker() while the master drives the run through the bulletin board (prun),
collects every spike (gatherspikes) and prints the wait-time and spike statistics (prstat).

    mpiexec -n 3 python examples/ring128/ring128_master_worker.py

The master prints the 500 spikes (time gid), then prstat(0) and prstat(1)."""

import sys

from pnm import h

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
if pnm.gid_exists(4):
    stim = h.NetStim(0.5)
    ncstim = h.NetCon(stim, pnm.pc.gid2obj(4))
    ncstim.weight[0] = 1.1
    ncstim.delay = 0
    stim.number = 1
    stim.start = 1
pnm.want_all_spikes()

pnm.pc.runworker()          # workers stay here until the master calls done()

pnm.prun()
pnm.gatherspikes()
quiet = "--quiet" in sys.argv
if not quiet:
    for t, gid in sorted(zip(pnm.spikevec, pnm.idvec)):
        print("%g %d" % (t, gid))
print("# %d spikes gathered on the master" % pnm.spikevec.size())
pnm.prstat(0)
pnm.prstat(1)
report = pnm.load_report()
print(report.table())
if "--figure" in sys.argv:
    report.figure(sys.argv[sys.argv.index("--figure") + 1])
pnm.pc.done()
