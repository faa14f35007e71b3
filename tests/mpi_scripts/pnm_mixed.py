"""ParallelNetManager with every nc_append case: real cells (BallAndStick, synapse 0), wrapped
artificial cells (ArtificialCell(IntFire1), synapse -1) and bare IntFire1 cells; connections
whose target is here and source elsewhere, source here only, or neither. Rank 0 prints every
spike as 'time gid', sorted."""

from pnm import h
from pnm.cells import ArtificialCell, BallAndStick

ncell = 8
pnm = h.ParallelNetManager(ncell)
pnm.round_robin()
for gid in range(ncell):
    if pnm.gid_exists(gid):
        if gid < 4:
            cell = BallAndStick(gid)
        elif gid < 6:
            cell = ArtificialCell(h.IntFire1(), gid)
        else:
            cell = h.IntFire1()
        pnm.register_cell(gid, cell)


def synapse(gid):
    return 0 if gid < 4 else -1


def weight(gid):
    return 0.02 if gid < 4 else 1.5


for src in range(ncell):
    for tgt in ((src + 1) % ncell, (src + 3) % ncell):
        pnm.nc_append(src, tgt, synapse(tgt), weight(tgt), 2.0 + src * 0.25)

if pnm.gid_exists(0):
    stim = h.NetStim()
    stim.number, stim.start, stim.interval = 3, 2, 30
    nc = h.NetCon(stim, pnm.pc.gid2cell(0).synlist[0])
    nc.weight[0], nc.delay = 0.05, 1

pnm.want_all_spikes()
pnm.set_maxstep(10)
h.tstop = 150
h.stdinit()
pnm.psolve(h.tstop)
spikes = pnm.pc.py_gather(list(zip(pnm.spikevec.to_python(), pnm.idvec.to_python())), 0)
if pnm.myid == 0:
    for t, gid in sorted(s for part in spikes for s in part):
        print("%r %d" % (t, gid))
