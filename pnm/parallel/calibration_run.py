"""The calibration run of calibrate.py, in its own process (pnm's model state is
process-wide): per-instance cost of nodes, mechanisms and events by tiny timed runs.

    python -m pnm.parallel.calibration_run OUT.json"""

import platform
import sys
import time

from .calibrate import DEFAULT_MECHANISM, VERSION, write_json_atomic

NITEMS = 1000           # instances per timing run
TSTOP = 100.0           # ms per timing run (4000 steps of 0.025 ms)


def _timed(h, build, repeat=3):
    """Best CPU time of this process (less disturbed by other processes on a shared machine
    than wall time) of a run to TSTOP of the model build(h) makes."""
    import pnm
    best = float("inf")
    for _ in range(repeat):
        pnm.reset()
        keep = build(h)
        h.dt = 0.025
        h.finitialize(-65)
        t0 = time.process_time()
        h.continuerun(TSTOP)
        best = min(best, time.process_time() - t0)
        del keep
    return best


def _cable(h, nseg, mech=None, point=None):
    sec = h.Section(name="cal")
    sec.nseg, sec.L, sec.diam = nseg, 10.0 * nseg, 1.0
    if mech:
        sec.insert(mech)
    pps = [getattr(h, point)(sec((i + 0.5) / nseg)) for i in range(nseg)] if point else []
    return sec, pps


def _stims(h, n, with_netcons):
    stims, ncs, tgt = [], [], h.IntFire1()
    tgt.tau = 1e9
    for i in range(n):
        s = h.NetStim()
        s.start, s.interval, s.number, s.noise = 0.0, 1.0, 1e9, 0
        stims.append(s)
        if with_netcons:
            nc = h.NetCon(s, tgt)
            nc.weight[0], nc.delay = 0.0, 1.0
            ncs.append(nc)
    return stims, ncs, tgt


def calibrate():
    from pnm import h
    steps = TSTOP / 0.025
    n = NITEMS
    bare = _timed(h, lambda h: _cable(h, n))
    half = _timed(h, lambda h: _cable(h, n // 2))
    node = max(bare - half, bare / 4) / ((n - n // 2) * steps)
    costs = {"node": node}
    floor = 0.02 * node     # a difference lost in timing noise still costs something
    for mech in ("hh", "pas"):
        costs[mech] = max((_timed(h, lambda h: _cable(h, n, mech=mech)) - bare) / (n * steps),
                          floor)
    for point in ("ExpSyn", "Exp2Syn", "IClamp"):
        costs[point] = max((_timed(h, lambda h: _cable(h, n, point=point)) - bare)
                           / (n * steps), floor)
    stims = _timed(h, lambda h: _stims(h, n, False))
    with_nc = _timed(h, lambda h: _stims(h, n, True))
    events = n * TSTOP          # one per ms per NetStim
    costs["event"] = max(with_nc - stims, stims / 2) / events
    for art in ("NetStim", "IntFire1", "IntFire2", "IntFire4", "VecStim"):
        costs[art] = 0.0        # event-driven: their work is counted as events
    costs["default_mechanism"] = costs[DEFAULT_MECHANISM]
    return {"version": VERSION, "machine": platform.node(), "python": sys.version.split()[0],
            "units": "seconds per instance per time step (event: per event)",
            "nitems": n, "tstop_ms": TSTOP, "costs": costs}


if __name__ == "__main__":
    result = calibrate()
    write_json_atomic(sys.argv[1], result)
