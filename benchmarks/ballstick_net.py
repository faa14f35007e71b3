"""The issue-2 benchmark: a random network of ball-and-stick cells, NEURON vs pnm.

Each cell: soma (hh, L = diam = 12.6157 um) and dend (pas, L = 200 um, diam = 1 um, nseg = 11),
Ra = 100, cm = 1, an ExpSyn (tau = 2 ms, e = 0) at dend(0.5). Each cell is driven by its own
NetStim (start 5..25 ms on a 0.125 ms grid, interval 25..50 ms integer, unlimited number,
noise 0; weight STIM_WEIGHT) and receives NCONN NetCons from other cells chosen with a seeded
numpy RNG (delay 5 ms, one common weight SYN_WEIGHT, so that the order of simultaneous
events cannot matter).

`build(h, pc, ncell, seed)` uses NEURON's ParallelContext idiom (set_gid2node for
gid % nhost == id, pc.cell, pc.gid_connect, local NetStim -> ExpSyn), so the same code runs
on any number of ranks; `build(..., use_pc=False)` wires plain NetCons instead (one process).

    python benchmarks/ballstick_net.py --backend {neuron,pnm,both} --ncell 1000 --tstop 1000

runs each backend in its own subprocess and prints build time (model set-up through
finitialize), run time (pc.psolve or continuerun), spike count, and for `both` the ratios
pnm / NEURON and whether the sorted (t, gid) spike lists are identical. A worker can also be
started directly, e.g. under MPI:

    mpiexec -n 2 python benchmarks/ballstick_net.py --worker pnm --ncell 1000 --mpi
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NCONN = 20          # incoming network connections per cell
DELAY = 5.0         # ms, network NetCon delay
SYN_WEIGHT = 0.004  # uS, every network NetCon
STIM_WEIGHT = 0.05  # uS, NetStim -> ExpSyn (one input makes the cell fire)
DT = 0.025


def load_backend(name, mpi=False):
    """h (n) and a ParallelContext for 'neuron' or 'pnm'."""
    if name == "neuron":
        from neuron import h
        if mpi:
            h.nrnmpi_init()
        h.load_file("stdrun.hoc")
    elif name == "pnm":
        if REPO not in sys.path:
            sys.path.insert(0, REPO)
        from pnm import h
        if mpi:
            h.nrnmpi_init()
    else:
        raise SystemExit(f"unknown backend {name!r} (expected neuron or pnm)")
    return h


def network_plan(ncell, seed):
    """The random choices, made identically on every rank: NetStim start and interval per
    cell, and the NCONN source gids of each target cell (never itself)."""
    rng = np.random.default_rng(seed)
    start = 5.0 + 0.125 * rng.integers(0, 161, ncell)
    interval = rng.integers(25, 51, ncell).astype(float)
    nconn = min(NCONN, ncell - 1)
    sources = np.empty((ncell, nconn), dtype=np.int64)
    for gid in range(ncell):
        pick = rng.choice(ncell - 1, nconn, replace=False)
        sources[gid] = pick + (pick >= gid)          # skip gid itself
    return start, interval, sources


class BallStick:
    def __init__(self, h, gid):
        self.gid = gid
        self.soma = h.Section(name="soma", cell=self)
        self.dend = h.Section(name="dend", cell=self)
        self.dend.connect(self.soma(1))
        self.soma.L = self.soma.diam = 12.6157
        self.dend.L, self.dend.diam, self.dend.nseg = 200, 1, 11
        for sec in (self.soma, self.dend):
            sec.Ra, sec.cm = 100, 1
        self.soma.insert("hh")
        self.dend.insert("pas")
        self.syn = h.ExpSyn(self.dend(0.5))
        self.syn.tau = 2

    def __repr__(self):
        return f"BallStick[{self.gid}]"


def build(h, pc, ncell, seed, use_pc=True, balanced=False):
    """Create this rank's cells and connections; returns a dict holding every object (keep it
    alive) and the spike vectors (tvec, idvec). balanced (pnm): gids placed by
    pc.balanced_gid2node, i.e. by the allocation of `python -m pnm --lb-mode`."""
    start, interval, sources = network_plan(ncell, seed)
    rank, nhost = (int(pc.id()), int(pc.nhost())) if use_pc else (0, 1)
    net = {"cells": {}, "stims": [], "ncs": [], "tvec": h.Vector(), "idvec": h.Vector()}
    mine = [g for g in range(ncell) if pc.balanced_gid2node(g)] if balanced \
        else range(rank, ncell, nhost)
    for gid in mine:
        cell = BallStick(h, gid)
        net["cells"][gid] = cell
        stim = h.NetStim()
        stim.start, stim.interval, stim.number, stim.noise = start[gid], interval[gid], 1e9, 0
        nc = h.NetCon(stim, cell.syn)
        nc.delay, nc.weight[0] = 1.0, STIM_WEIGHT
        net["stims"].append(stim)
        net["ncs"].append(nc)
        if use_pc:
            pc.set_gid2node(gid, rank)
            spk = h.NetCon(cell.soma(0.5)._ref_v, None, sec=cell.soma)
            pc.cell(gid, spk)
            net["ncs"].append(spk)
    if use_pc:
        for gid, cell in net["cells"].items():
            for src in sources[gid]:
                nc = pc.gid_connect(int(src), cell.syn)
                nc.delay, nc.weight[0] = DELAY, SYN_WEIGHT
                net["ncs"].append(nc)
        pc.spike_record(-1, net["tvec"], net["idvec"])
    else:
        cells = net["cells"]
        for gid, cell in cells.items():
            spk = h.NetCon(cell.soma(0.5)._ref_v, None, sec=cell.soma)
            spk.record(net["tvec"], net["idvec"], gid)
            net["ncs"].append(spk)
        for gid, cell in cells.items():
            for src in sources[gid]:
                s = cells[int(src)].soma
                nc = h.NetCon(s(0.5)._ref_v, cell.syn, sec=s)
                nc.delay, nc.weight[0] = DELAY, SYN_WEIGHT
                net["ncs"].append(nc)
    return net


def run_worker(backend, ncell, tstop, seed, use_pc=True, mpi=False, out=None):
    """Build, initialize, run; rank 0 prints (and writes to out) timings and spikes."""
    t0 = time.perf_counter()
    h = load_backend(backend, mpi)
    pc = h.ParallelContext() if use_pc else None
    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    net = build(h, pc, ncell, seed, use_pc)
    h.dt = DT
    if use_pc:
        pc.set_maxstep(10)
    h.finitialize(-65)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    if use_pc:
        pc.psolve(tstop)
    else:
        h.continuerun(tstop)
    t_run = time.perf_counter() - t0
    spikes = list(zip(net["tvec"].to_python(), [int(g) for g in net["idvec"].to_python()]))
    rank, nhost = (int(pc.id()), int(pc.nhost())) if use_pc else (0, 1)
    per_rank = ""
    if nhost > 1:
        times = pc.py_gather((pc.step_time(), pc.wait_time()), 0)
        if rank == 0:
            per_rank = " [per rank step/wait s: " + ", ".join(
                f"{st:.2f}/{wt:.2f}" for st, wt in times) + "]"
        t_build = pc.allreduce(t_build, 2)
        t_run = pc.allreduce(t_run, 2)
        gathered = pc.py_gather(spikes, 0)
        spikes = [s for part in gathered for s in part] if rank == 0 else []
    if rank == 0:
        spikes.sort()
        res = {"backend": backend, "ncell": ncell, "tstop": tstop, "nhost": nhost,
               "use_pc": use_pc, "import_s": t_import, "build_s": t_build, "run_s": t_run,
               "nspike": len(spikes)}
        print(f"{backend:>6} nhost={nhost} pc={'yes' if use_pc else 'no'}: "
              f"build {t_build:.2f} s, run {t_run:.2f} s, {len(spikes)} spikes "
              f"(import {t_import:.2f} s){per_rank}", flush=True)
        if out:
            res["spikes"] = spikes
            with open(out, "w") as f:
                json.dump(res, f)
    if use_pc:
        pc.barrier()
        pc.done()
    return net


def run_subprocess(backend, args, out, timeout=None):
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", backend,
           "--ncell", str(args.ncell), "--tstop", str(args.tstop), "--seed", str(args.seed),
           "--out", out]
    if args.no_pc:
        cmd.append("--no-pc")
    proc = subprocess.run(cmd, cwd=REPO, timeout=timeout, capture_output=True, text=True)
    sys.stdout.write(proc.stdout)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-6000:])
        raise SystemExit(f"{backend} run failed (exit {proc.returncode})")
    with open(out) as f:
        return json.load(f)


def compare_spikes(a, b):
    """(identical, message) for two sorted lists of (t, gid)."""
    a = [tuple(x) for x in a]
    b = [tuple(x) for x in b]
    if a == b:
        return True, f"identical ({len(a)} spikes)"
    n = min(len(a), len(b))
    first = next((i for i in range(n) if a[i] != b[i]), n)
    return False, (f"DIFFERENT: {len(a)} vs {len(b)} spikes, first difference at #{first}: "
                   f"{a[first] if first < len(a) else None} vs "
                   f"{b[first] if first < len(b) else None}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--backend", choices=["neuron", "pnm", "both"], default="both")
    p.add_argument("--ncell", type=int, default=1000)
    p.add_argument("--tstop", type=float, default=1000.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-pc", action="store_true",
                   help="plain NetCons in one process instead of the ParallelContext idiom")
    p.add_argument("--worker", choices=["neuron", "pnm"],
                   help="run one backend in this process (used by the subprocess runner; "
                        "start it under mpiexec for several ranks)")
    p.add_argument("--mpi", action="store_true", help="worker: call h.nrnmpi_init()")
    p.add_argument("--out", help="worker: write results (with spikes) as JSON here")
    args = p.parse_args(argv)

    if args.worker:
        use_pc = not args.no_pc
        run_worker(args.worker, args.ncell, args.tstop, args.seed, use_pc, args.mpi, args.out)
        return 0

    backends = ["neuron", "pnm"] if args.backend == "both" else [args.backend]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for b in backends:
            results[b] = run_subprocess(b, args, os.path.join(tmp, f"{b}.json"))
    if len(results) == 2:
        ref, got = results["neuron"], results["pnm"]
        print(f"pnm/NEURON: build {got['build_s'] / ref['build_s']:.2f}x, "
              f"run {got['run_s'] / ref['run_s']:.2f}x")
        same, msg = compare_spikes(ref["spikes"], got["spikes"])
        print(f"spikes: {msg}")
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
