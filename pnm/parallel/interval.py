"""Interval scheduling: the minimum delay of NetCons between ranks (the interval each rank
integrates alone), and psolve's loop of advance-then-exchange over such intervals."""

import math
import time

import numpy as np

from ..model.state import STATE
from . import splitcell
from .fingerprint import check_planned_model


def cross_rank_min_delay(decomposition, maxstep, rank):
    """This rank's min delay of NetCons whose source is a gid the decomposition puts on
    another rank (capped by maxstep), and a description of the first such NetCon with a
    delay <= 0 or < dt."""
    table = STATE.netcons
    local = float(maxstep)
    culprit = ""
    here = set(decomposition.gids_on(rank))
    pos = table.live_positions()
    sources = [table.source[i] for i in pos.tolist()]
    remote = {id(ps) for ps in set(sources)
              if ps is not None and ps.gid >= 0 and ps.gid not in here}
    if remote:
        cross = pos[np.fromiter((id(ps) in remote for ps in sources), dtype=bool,
                                count=len(pos))]
        delays = table.values_view("delay")[cross]
        local = min(local, float(delays.min()))
        bad = np.flatnonzero((delays <= 0) | (delays < STATE.dt))
        if len(bad):
            i = int(cross[bad[0]])
            target = table.target[i]
            culprit = (f"NetCon[{table.names[i]}] from gid {table.source[i].gid} (rank "
                       f"{rank} target {'None' if target is None else target.hname()}"
                       f") has delay {float(delays[bad[0]])}")
    return local, culprit


def derive_interval(shared, maxstep, caller):
    """Collective: the global min delay between ranks (capped by maxstep); stores it in
    shared.maxstep and returns it (maxstep itself on one rank)."""
    comm = shared.comm
    built = shared.gids.check_network(comm, STATE.netcons.has_source, shared.plan)
    if shared.decomposition is None or shared.decomposition.ranks != built.ranks:
        shared.decomposition = built     # a new object only when placement changed
    if shared.plan is not None:
        check_planned_model(comm, shared.decomposition, shared.plan)
    shared.maxstep_arg = float(maxstep)
    local, culprit = cross_rank_min_delay(shared.decomposition, maxstep, comm.rank)
    global_min = comm.allreduce(local, "min")
    bad = [c for c in comm.allgather_obj(culprit) if c]
    if bad:
        raise ValueError(
            f"{caller}: a NetCon between ranks has delay {global_min} <= 0 or < dt "
            f"({STATE.dt}); {bad[0]}. Spikes cross ranks only at exchange times, so such "
            "connections need a delay of at least dt; increase the delay or put source "
            "and target on the same rank")
    shared.maxstep = global_min if comm.size > 1 else float(maxstep)
    return shared.maxstep


def run_intervals(shared, eng, tstop, exchange):
    """Advance eng to tstop one exchange interval at a time, calling exchange(eng, ps, ts)
    with the spikes of each interval."""
    dt = STATE.dt
    steps = math.floor(shared.maxstep / dt + 1e-9)
    if steps < 1:
        raise ValueError(f"psolve: usable min delay {shared.maxstep} is less than dt={dt}")
    # One step less than the min delay (NEURON integrates the whole floor(md/dt) steps):
    # a spike sent in an interval is then due only after the interval's last delivery,
    # even when t's rounding drift moves an event at an exact step time (an artificial
    # cell's spike + a delay of exactly md) to the end of the step before. Every event
    # from another rank is thus queued before it can be due, as in one process, which
    # with the canonical tie order makes the spikes independent of the number of ranks.
    interval = max(steps - 1, 1) * dt
    k = math.floor(eng.t / interval + 1e-9)
    while True:
        t_next = min((k + 1) * interval, tstop)
        t0 = time.perf_counter()
        ps, ts = eng.advance(t_next - dt / 2)
        t1 = time.perf_counter()
        split_wait = splitcell.take_coupling_wait(eng)     # waiting, not computing
        shared.vtransfer_time += split_wait
        shared.step_time += t1 - t0 - split_wait
        exchange(eng, ps, ts)
        shared.wait_time += time.perf_counter() - t1
        k += 1
        if t_next >= tstop or eng.t >= tstop - dt / 2:
            break
