"""ParallelNetManager.create_cell (deprecated form: a callable or a hoc expression) and serialize. Prints 'OK' on
every rank when every check passes; argv[1] is a file the ranks append to in turn."""
import sys

from pnm import h

h.load_file("netparmpi.hoc")
pnm = h.ParallelNetManager(6)
pnm.round_robin()
made = {}
for gid in range(6):
    cell = pnm.create_cell(gid, h.IntFire1)
    if pnm.gid_exists(gid):
        assert cell is not None and pnm.pc.gid2obj(gid) is cell
        made[gid] = cell
    else:
        assert cell is None
assert sorted(made) == [g for g in range(6) if g % pnm.nhost == pnm.myid]
# a hoc expression, as netparmpi.hoc executes it: `tmpcell = new IntFire1()`
gid = 6 + pnm.myid
pnm.set_gid2node(gid, pnm.myid)
cell = pnm.create_cell(gid, "new IntFire1()")
assert cell.hname().startswith("IntFire1[") and pnm.pc.gid2obj(gid) is cell, cell
if pnm.nhost > 1:      # another rank's gid: nothing made here
    assert pnm.create_cell(6 + (pnm.myid + 1) % pnm.nhost, "new IntFire1()") is None
pnm.set_gid2node(gid + 100, pnm.myid)
try:
    pnm.create_cell(gid + 100, 3)
except TypeError as e:
    assert "give a hoc expression" in str(e), e
else:
    raise AssertionError("create_cell(gid, 3) passed")

# serialize: the body runs on one rank at a time, in rank order
for rank in pnm.serialize():
    assert rank == pnm.myid
    with open(sys.argv[1], "a") as f:
        f.write(f"{rank}\n")
lines = open(sys.argv[1]).read().split()
assert lines == [str(r) for r in range(pnm.nhost)], lines
print("OK", flush=True)
