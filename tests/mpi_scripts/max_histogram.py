"""pc.max_histogram(vec) on 2+ ranks, with spike counts known by construction: rank 0 owns
five IntFire1 cells that a NetStim each fires once at t = 10.5 (one exchange carries 5 spikes
from rank 0), rank 1 three that fire at t = 20.5 (one exchange with 3); no other spikes, so
every other exchange sends none. (NEURON exchanges at other times than pnm — also at
finitialize and at the end of each psolve; pnm every floor(mindelay/dt) - 1 steps — so the
number of empty exchanges is pnm's own; the non-empty bins are the model's.)

Checks: a 10-bin histogram has one count in bin 5, one in bin 3, the rest in bin 0, and as many
counts as exchanges ran (at least tstop / mindelay); a 4-bin one counts the 5 in its last bin;
pc.max_histogram() stops counting; a non-Vector is refused. Prints 'OK' on every rank."""
from pnm import h

h.load_file("stdrun.hoc")
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
assert nhost >= 2
FIRING = {0: (5, 10.5), 1: (3, 20.5)}      # rank -> (cells, firing time)
keep = []
gid = 0
for owner, (ncell, start) in FIRING.items():
    for _ in range(ncell):
        pc.set_gid2node(gid, owner)
        if owner == rank:
            cell = h.IntFire1()
            pc.cell(gid, h.NetCon(cell, None))
            stim = h.NetStim()
            stim.start, stim.number = start, 1
            drive = h.NetCon(stim, cell)
            drive.weight[0] = 2
            keep += [cell, stim, drive]
        gid += 1
# a connection across ranks gives the min delay: 1 ms
target = h.IntFire1() if rank == 1 else None
if rank == 1:
    nc = pc.gid_connect(0, target)
    nc.delay = 1
    keep.append(nc)

ten, four, after = h.Vector(10), h.Vector(4), h.Vector(10)
pc.max_histogram(ten)
pc.set_maxstep(1)
h.stdinit()
pc.psolve(30)
counted = ten.sum()
assert counted >= 30, counted
assert ten.x[5] == 1 and ten.x[3] == 1, ten.to_python()
assert ten.x[0] == counted - 2 and ten.sum() - ten.x[0] - ten.x[5] - ten.x[3] == 0

pc.max_histogram(four)                     # replaces the first: ten counts no more
h.stdinit()
pc.psolve(30)
assert four.x[3] == 2 and four.x[0] == four.sum() - 2, four.to_python()   # 5 and 3 -> last
assert ten.sum() == counted

pc.max_histogram()                         # stops counting
h.stdinit()
pc.psolve(30)
assert four.sum() == counted and after.sum() == 0

try:
    pc.max_histogram([0, 0])
    raise AssertionError("a list was accepted")
except TypeError as err:
    assert "give an h.Vector" in str(err)
print("OK")
pc.barrier()
pc.done()
