"""ParallelContext's API on any number of ranks: collectives, gid bookkeeping, thresholds,
spike_record forms, statistics. Prints 'OK' on every rank when every check passes."""

from pnm import h

pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())

# collectives
assert pc.allreduce(rank + 1, 1) == nhost * (nhost + 1) / 2
assert pc.allreduce(rank, 2) == nhost - 1
assert pc.allreduce(rank, 3) == 0
v = h.Vector()
pc.allgather(rank * 10, v)
assert v.to_python() == [10.0 * r for r in range(nhost)]
assert pc.py_allgather({"r": rank}) == [{"r": r} for r in range(nhost)]
assert pc.py_broadcast("hello" if rank == 0 else None, 0) == "hello"
g = pc.py_gather(rank, 0)
assert g == (list(range(nhost)) if rank == 0 else None)
assert pc.py_alltoall([(rank, dest) for dest in range(nhost)]) == [(src, rank) for src in range(nhost)]

assert pc.step_wait() == 0.0 and pc.step_wait(-1) == 0.0 and pc.event_time() == 0.0
assert pc.integ_time() >= 0.0

# gids: 0 not here, 1 set_gid2node only, 2 cell not output, 3 output cell
cells = {}
for gid in range(3 * nhost):
    pc.set_gid2node(gid, gid % nhost)
for gid in range(3 * nhost):
    if gid % nhost != rank:
        assert pc.gid_exists(gid) == 0
        continue
    assert pc.gid_exists(gid) == 1
    cells[gid] = h.IntFire1()
    pc.cell(gid, h.NetCon(cells[gid], None), 0)
    assert pc.gid_exists(gid) == 2
    pc.outputcell(gid)
    assert pc.gid_exists(gid) == 3
    assert pc.gid2obj(gid) is cells[gid] and pc.gid2cell(gid) is cells[gid]
    assert pc.threshold(gid) == 10
    pc.threshold(gid, 5)
    assert pc.threshold(gid) == 5

# outputcell of a gid with no cell here is an error that names it (NEURON asserts)
try:
    pc.outputcell(3 * nhost + 5)
except ValueError as e:
    assert f"pc.outputcell({3 * nhost + 5})" in str(e), e
else:
    raise AssertionError("outputcell of an unknown gid passed")

# a ring over all gids, delay 1.5 (crosses ranks when nhost > 1)
ncs = [pc.gid_connect((gid - 1) % (3 * nhost), cells[gid]) for gid in cells]
for nc in ncs:
    nc.weight[0], nc.delay = 2.0, 1.5
stim = None
if 0 in cells:
    stim = h.NetStim()
    stim.number, stim.start = 1, 1
    snc = h.NetCon(stim, cells[0])
    snc.weight[0], snc.delay = 2.0, 0
all_t, all_id = h.Vector(), h.Vector()
pc.spike_record(-1, all_t, all_id)
some_t, some_id = h.Vector(), h.Vector()
mine = h.Vector([g for g in cells][:1])
pc.spike_record(mine, some_t, some_id)
expected_step = 1.5 if nhost > 1 else 100.0
assert pc.set_maxstep(100) == expected_step
h.finitialize(-65)
pc.psolve(40)
total = pc.allreduce(all_t.size() + some_t.size(), 1)
# the chain goes around the ring every 3*nhost*(1.5 ms + 5 ms refractory wait...) - just
# check every gid fired and the times are the same on any nhost: gid k first at 1 + 1.5k
first = {}
for t, gid in zip(all_t, all_id):
    first.setdefault(int(gid), t)
for gid, t in first.items():
    assert abs(t - (1 + 1.5 * gid)) < 1e-9, (gid, t)
assert set(some_id.to_python()) <= set(mine.to_python())
# as NEURON: a gid records into the vectors of its last spike_record call only
assert not set(all_id.to_python()) & set(mine.to_python())
assert total >= 3 * nhost
assert pc.wait_time() >= 0 and pc.step_time() >= 0
t0 = pc.time(); assert isinstance(t0, float) and abs(t0 - __import__("time").time()) < 60 and pc.time() >= t0
s, r, ru = h.ref(0), h.ref(0), h.ref(0)
nsmax = pc.spike_statistics(s, r, ru)
if nhost > 1:
    assert s[0] == all_t.size() + some_t.size() and nsmax >= 1
    assert r[0] == total
print("OK", flush=True)
