"""One cell of the fault matrix: the last rank misbehaves at one place of a small parallel run.

usage: fault_matrix.py FAULT PLACE
  FAULT  raise | exit0 | exit3 | kill | loop | pyloop | skip | other   (a fault)
         slow (sleep 3x the silence limit: slow but alive) | none
  PLACE  build    -- while building the model, before the first collective (set_maxstep)
         between  -- between two psolve calls
         inside   -- inside psolve (at the faulty rank's 5th spike exchange)
         task     -- in a bulletin-board task (master/worker)
"loop" holds the GIL forever (a compiled loop without nogil: a stuck kernel); "pyloop" loops
forever in plain Python (the GIL is released every 5 ms, so its heartbeat goes on); "skip" leaves
out the collective due at that place (inside: one spike exchange; task: the psolve a
context asked for); "other" calls a different collective there.
Rank 0 prints "FINISHED <spikes>" if the job survives."""
import os
import signal
import sys
import time

import numpy as np
from numba import njit

from pnm import h
from pnm.parallel import exchange, mpi

FAULT, PLACE = sys.argv[1], sys.argv[2]
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
FAULTY = nhost - 1
NCELL = 16


@njit(cache=True)
def _spin(x):
    while x > -1.0:           # never false: x converges to 1e7
        x = x * 0.9999999 + 1.0
    return x


def _pyloop():
    x = 0
    while x >= 0:             # never false
        x = (x + 1) % 1000


def inject():
    """Do FAULT on this rank, here (for raise/exit/kill/loop/slow)."""
    print(f"rank {rank}: injecting {FAULT} at {PLACE} (pid {os.getpid()})", flush=True)
    if FAULT == "raise":
        raise RuntimeError(f"fault injected on rank {rank} at {PLACE}")
    if FAULT == "exit0":
        sys.exit(0)
    if FAULT == "exit3":
        sys.exit(3)
    if FAULT == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if FAULT == "loop":
        _spin(0.0)
    if FAULT == "pyloop":
        _pyloop()
    if FAULT == "slow":
        time.sleep(3 * mpi.get_timeout())
    if FAULT == "other":
        pc.allreduce(1.0, 1)


def build():
    cells, conns = [], []
    for gid in range(NCELL):
        pc.set_gid2node(gid, gid % nhost)
        if pc.gid_exists(gid):
            cell = h.IntFire1()
            cells.append(cell)
            pc.cell(gid, h.NetCon(cell, None))
            conns.append(pc.gid_connect((gid - 1) % NCELL, cell))
            conns[-1].weight[0], conns[-1].delay = 1.1, 2
    stim = ncstim = None
    if pc.gid_exists(0):
        stim = h.NetStim()
        stim.number, stim.start = 1, 1
        ncstim = h.NetCon(stim, pc.gid2cell(0))
        ncstim.weight[0] = 1.1
    return cells, conns, stim, ncstim


def wrap_exchange():
    """Fault inside psolve: at the 5th spike exchange of the faulty rank."""
    real = exchange.SpikeExchange.exchange
    calls = [0]

    def exchange_with_fault(self, gids, times):
        calls[0] += 1
        if calls[0] == 5:
            if FAULT == "skip":        # leave this exchange out: the rank gets ahead
                return np.zeros(0, np.int64), np.zeros(0), np.zeros(0, bool)
            inject()
        return real(self, gids, times)
    exchange.SpikeExchange.exchange = exchange_with_fault


def solve(tstop):
    if PLACE == "task" and FAULT == "skip" and rank == FAULTY:
        print(f"rank {rank}: skipping psolve({tstop})", flush=True)
        return
    pc.psolve(tstop)


def task(i):
    if rank == FAULTY:
        if FAULT == "other":
            pc.barrier()
        else:
            inject()
    time.sleep(0.02)
    return i


model = build()
tvec, idvec = h.Vector(), h.Vector()
pc.spike_record(-1, tvec, idvec)
if PLACE == "build" and rank == FAULTY:
    if FAULT == "skip":
        pc.psolve(20)          # set_maxstep left out
    elif FAULT == "other":
        pc.barrier()
    else:
        inject()
pc.set_maxstep(10)
h.finitialize(-65)
if PLACE == "inside" and rank == FAULTY:
    wrap_exchange()
if PLACE == "task":
    pc.runworker()
    if FAULT == "skip":
        pc.context(solve, 20)
        solve(20)
    else:
        for i in range(3 * nhost):
            pc.submit(task, i)
        while pc.working():
            pass
    pc.done()
    print("FINISHED tasks", flush=True)
    sys.exit(0)
pc.psolve(20)
if PLACE == "between" and rank == FAULTY:
    if FAULT == "skip":
        pass                    # the psolve below left out
    elif FAULT == "other":
        pc.allreduce(1.0, 1)
    else:
        inject()
if not (PLACE == "between" and FAULT == "skip" and rank == FAULTY):
    pc.psolve(40)
nspikes = pc.allreduce(tvec.size(), 1)
if rank == 0:
    print(f"FINISHED {int(nspikes)}", flush=True)
