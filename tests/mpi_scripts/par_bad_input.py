"""Bad parallel set-ups; argv[1] names the case. Each must end every rank with a clear error."""
import sys

from pnm import h
from pnm.cells import BallAndStick

case = sys.argv[1]
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())

if case == "dup_gid":
    pc.set_gid2node(7, rank)          # every rank claims gid 7
    cell = h.IntFire1()
    pc.cell(7, h.NetCon(cell, None))
    pc.set_maxstep(10)
elif case == "unowned_gid":
    pc.set_gid2node(rank, rank)
    cell = h.IntFire1()
    pc.cell(rank, h.NetCon(cell, None))
    nc = pc.gid_connect(99, cell)      # nobody owns gid 99
    nc.delay = 1
    pc.set_maxstep(10)
elif case in ("zero_delay", "small_delay"):
    pc.set_gid2node(rank, rank)
    cell = h.IntFire1()
    pc.cell(rank, h.NetCon(cell, None))
    nc = pc.gid_connect((rank + 1) % nhost, cell)
    nc.delay = 0 if case == "zero_delay" else 0.01
    pc.set_maxstep(10)
elif case == "synid":
    pnm = h.ParallelNetManager(2)
    pnm.round_robin()
    for gid in range(2):
        if pnm.gid_exists(gid):
            pnm.register_cell(gid, BallAndStick(gid))
    pnm.nc_append(0, 1, 5, 0.01, 5)    # BallAndStick has one synapse
    pnm.nc_append(1, 0, 5, 0.01, 5)
elif case in ("no_connect2target", "no_synlist"):
    class NoConnect:
        synlist = []

    class NoSynlist:
        def connect2target(self, target, nc=None):
            return None

    pnm = h.ParallelNetManager(2)
    pnm.round_robin()
    for gid in range(2):
        if pnm.gid_exists(gid):
            pnm.register_cell(gid, NoConnect() if case == "no_connect2target" else NoSynlist())
    pnm.pc.barrier()
else:
    raise SystemExit(f"unknown case {case}")
h.stdinit()
pc.psolve(10)
print("NO ERROR", flush=True)
