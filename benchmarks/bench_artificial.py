"""Event throughput of an artificial-cell network: --ncell IntFire1 cells (default 10 000), each
with --nin random incoming NetCons (default 100; delay uniform 1-5 ms, weight uniform
0.02-0.025, excitatory) and its own NetStim drive, run for --tstop ms (default 1000); pnm vs
NEURON.

    python benchmarks/bench_artificial.py [--ncell 10000] [--nin 100] [--tstop 1000] [--quick]

IntFire1: tau 10 ms, refrac 5 ms. NetStim per cell: start uniform 0-20 ms, interval uniform
50-150 ms, noise 0, weight 1.1 (each NetStim event fires its cell). With 100 inputs the network
is bistable: at mean weight 0.0225 it stays at ~11.6 Hz (drive plus some recurrent spikes); at
0.0235 and above it runs away to ~100 Hz. (With --nin other than 100 retune W_LO/W_HI.)
Plain NetCons in one process (no ParallelContext), fixed step dt = 0.025, h.continuerun.

Events/s = delivered NetCon events / run time, where delivered events are counted from the
(identical) spike lists: every spike of cell g at t gives one event per outgoing NetCon of g
with t + delay <= tstop, plus every NetStim event. Goal: pnm events/s >= NEURON's.
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench  # noqa: E402
import ballstick_net  # noqa: E402

TAU, REFRAC = 10.0, 5.0
W_LO, W_HI = 0.02, 0.025
D_LO, D_HI = 1.0, 5.0
STIM_W = 1.1         # one NetStim event fires the cell
I_LO, I_HI = 50.0, 150.0
DT = 0.025


def plan(ncell, nin, seed):
    """Identical random choices for both backends."""
    rng = np.random.default_rng(seed)
    src = rng.integers(0, ncell - 1, (ncell, nin))
    src += src >= np.arange(ncell)[:, None]              # no self-connections
    delay = rng.uniform(D_LO, D_HI, (ncell, nin))
    weight = rng.uniform(W_LO, W_HI, (ncell, nin))
    start = rng.uniform(0.0, 20.0, ncell)
    interval = rng.uniform(I_LO, I_HI, ncell)
    return src, delay, weight, start, interval


def worker(backend, ncell, nin, tstop, seed, out):
    h = ballstick_net.load_backend(backend)
    src, delay, weight, start, interval = plan(ncell, nin, seed)
    t0 = time.perf_counter()
    cells, keep = [], []
    tvec, idvec = h.Vector(), h.Vector()
    for gid in range(ncell):
        c = h.IntFire1()
        c.tau, c.refrac = TAU, REFRAC
        cells.append(c)
        s = h.NetStim()
        s.start, s.interval, s.number, s.noise = start[gid], interval[gid], 1e9, 0
        nc = h.NetCon(s, c)
        nc.delay, nc.weight[0] = 0.0, STIM_W
        rec = h.NetCon(c, None)
        rec.record(tvec, idvec, gid)
        keep += [s, nc, rec]
    for tgt in range(ncell):
        c = cells[tgt]
        for k in range(nin):
            nc = h.NetCon(cells[int(src[tgt, k])], c)
            nc.delay, nc.weight[0] = float(delay[tgt, k]), float(weight[tgt, k])
            keep.append(nc)
    h.dt = DT
    h.finitialize(-65)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    h.continuerun(tstop)
    t_run = time.perf_counter() - t0
    spikes = sorted(zip(tvec.to_python(), [int(g) for g in idvec.to_python()]))
    print(f"{backend:>6}: build {t_build:.1f} s, run {t_run:.2f} s, {len(spikes)} spikes",
          flush=True)
    _bench.write_json(out, {"backend": backend, "build_s": t_build, "run_s": t_run,
                            "nspike": len(spikes), "spikes": spikes})


def delivered_events(spikes, ncell, nin, tstop, seed):
    """NetCon events delivered by tstop, from the spike list and the plan."""
    src, delay, _, start, interval = plan(ncell, nin, seed)
    order = np.lexsort((delay.ravel(), src.ravel()))
    s_src, s_del = src.ravel()[order], delay.ravel()[order]
    first = np.searchsorted(s_src, np.arange(ncell + 1))   # CSR by source, delays sorted
    n = 0
    for t, g in spikes:
        lo, hi = first[g], first[g + 1]
        n += np.searchsorted(s_del[lo:hi], tstop - t, side="right")
    n_stim = int(np.sum(np.where(start <= tstop, np.floor((tstop - start) / interval) + 1, 0)))
    return int(n), n_stim


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ncell", type=int, default=10000)
    p.add_argument("--nin", type=int, default=100)
    p.add_argument("--tstop", type=float, default=1000.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quick", action="store_true", help="ncell 500, nin 50, tstop 200")
    p.add_argument("--timeout", type=float, default=3600)
    p.add_argument("--worker", choices=["neuron", "pnm"], help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.quick:
        a.ncell, a.nin, a.tstop = 500, 50, 200.0
    if a.worker:
        worker(a.worker, a.ncell, a.nin, a.tstop, a.seed, a.out)
        return 0

    def cmd(b, ncell=a.ncell, nin=a.nin, tstop=a.tstop):
        return [_bench.PY, os.path.abspath(__file__), "--worker", b, "--ncell", str(ncell),
                "--nin", str(nin), "--tstop", str(tstop), "--seed", str(a.seed)]

    print(f"# IntFire1 network, {a.ncell} cells x {a.nin} NetCons, {a.tstop:g} ms; "
          f"{_bench.machine()}")
    _bench.run_json(cmd("pnm", 50, 5, 20.0), timeout=a.timeout, echo=False)  # warm cache
    res = {b: _bench.run_json(cmd(b), timeout=a.timeout) for b in ("pnm", "neuron")}
    same, msg = ballstick_net.compare_spikes(res["neuron"]["spikes"], res["pnm"]["spikes"])
    n_net, n_stim = delivered_events(res["neuron"]["spikes"], a.ncell, a.nin, a.tstop, a.seed)
    nev = n_net + n_stim
    rate = res["neuron"]["nspike"] / a.ncell / (a.tstop / 1000.0)
    print(f"mean rate {rate:.1f} Hz; delivered events: {n_net} network + {n_stim} NetStim "
          f"= {nev}; spikes: {msg}")
    rows = [[b, f"{r['build_s']:.1f}", f"{r['run_s']:.2f}", r["nspike"],
             f"{nev / r['run_s'] / 1e6:.2f}",
             f"{(nev / res['pnm']['run_s']) / (nev / r['run_s']):.2f}"]
            for b, r in res.items()]
    _bench.table(["backend", "build (s)", "run (s)", "spikes", "events/s (M)",
                  "pnm / this (events/s)"], rows)
    _bench.goal("pnm/NEURON events per second",
                res["neuron"]["run_s"] / res["pnm"]["run_s"], ">=", 1.0)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
