"""pc.psolve with bad arguments: every rank must raise the same ValueError, before any
collective work, and the job must go on in step afterwards.

Rank 0 prints "CASE <name> RANK <r>: <message>" for every case and rank (gathered, so
that the ranks' lines cannot interleave), then "FINISHED <spikes> t=<t>" after a correct
run."""
import math

from pnm import h

pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
last = nhost - 1

cells, conns = [], []
for gid in range(8):
    pc.set_gid2node(gid, gid % nhost)
    if pc.gid_exists(gid):
        cell = h.IntFire1()
        cells.append(cell)
        pc.cell(gid, h.NetCon(cell, None))
        conns.append(pc.gid_connect((gid - 1) % 8, cell))
        conns[-1].weight[0], conns[-1].delay = 1.1, 2
if pc.gid_exists(0):
    stim = h.NetStim()
    stim.number, stim.start = 1, 1
    ncstim = h.NetCon(stim, pc.gid2cell(0))
    ncstim.weight[0] = 1.1
tvec, idvec = h.Vector(), h.Vector()
pc.spike_record(-1, tvec, idvec)
pc.set_maxstep(10)
h.finitialize(-65)


messages = []


def case(name, tstop, prepare=None, undo=None):
    if prepare is not None:
        prepare()
    try:
        pc.psolve(tstop)
        messages.append((name, f"no error, t={h.t}"))
    except ValueError as exc:
        messages.append((name, str(exc)))
    finally:
        if undo is not None:
            undo()


def set_dt(value, only_last=True):
    def apply():
        if rank == last or not only_last:
            h.dt = value
    return apply


case("nan", math.nan)
case("inf", math.inf)
case("negative", -5)
case("text", "later")
if nhost > 1:
    case("dt", 10, set_dt(0.0125), set_dt(0.025))
    case("maxstep", 10, lambda: pc.set_maxstep(10 if rank != last else 5),
         lambda: pc.set_maxstep(10))
pc.psolve(20)
n = pc.allreduce(tvec.size(), 1)
gathered = pc.py_gather(messages, 0)
if rank == 0:
    for r, part in enumerate(gathered):
        for name, text in part:
            print(f"CASE {name} RANK {r}: {text}", flush=True)
    print(f"FINISHED {int(n)} t={h.t}", flush=True)
