"""The canonical order of equal-time events on more than one rank, case by case.

Each case sends two events that arrive at an IntFire1 (tau 1e9, refrac 100) at t = 6: an
excitatory one (weight 1.5, its NetCon created first) and an inhibitory one (weight -1). The cell fires at 6 exactly
when the excitatory event is delivered first. The sources are VecStims with gids; on several
ranks they live on rank 0 and the targets on the last rank, so every event crosses ranks.
Rank 0 prints 'case fired' per case (1 = a spike at t = 6)."""
from pnm import h
from _spikes import psolve_and_gather

pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
last = nhost - 1
# case: (gid, send time, delay) of the excitatory source, then of the inhibitory one
CASES = {
    "exc_lower_gid": ((10, 5.0, 1.0), (11, 5.0, 1.0)),
    "inh_lower_gid": ((13, 5.0, 1.0), (12, 5.0, 1.0)),
    "exc_sent_first": ((15, 4.0, 2.0), (14, 5.0, 1.0)),
    "inh_sent_first": ((16, 5.0, 1.0), (17, 4.0, 2.0)),
    # one source, two NetCons: the one created first is delivered first
    "exc_netcon_first": ((18, 5.0, 1.0), (18, 5.0, 1.0)),
}
keep = []
targets = {}
for case, srcs in CASES.items():
    for gid, ts, _ in dict.fromkeys(srcs):
        pc.set_gid2node(gid, 0)
        if rank == 0:
            vs = h.VecStim()
            vec = h.Vector([ts])
            vs.play(vec)
            pc.cell(gid, h.NetCon(vs, None))
            keep.append((vs, vec))
    tgid = 100 + len(targets)
    pc.set_gid2node(tgid, last)
    if rank == last:
        cell = h.IntFire1()
        cell.tau = 1e9
        cell.refrac = 100
        pc.cell(tgid, h.NetCon(cell, None))
        for (gid, _, delay), weight in zip(srcs, (1.5, -1.0)):
            nc = pc.gid_connect(gid, cell)
            nc.delay = delay
            nc.weight[0] = weight
            keep.append(nc)
        keep.append(cell)
    targets[case] = tgid
spikes = psolve_and_gather(h, pc, 10)
if rank == 0:
    fired = {gid for t, gid in spikes if t == 6.0}
    for case, tgid in targets.items():
        print(case, int(tgid in fired))
