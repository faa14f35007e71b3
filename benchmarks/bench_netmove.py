"""Artificial cells that move their pending firing event at every input (net_move, as
IntFire2, IntFire4 and many ModelDB ARTIFICIAL_CELLs do): --ncell IntFire4 cells (default
8000), each driven by its own noisy NetStim (interval 10 ms) and by 10 NetCons from random
cells (8 excitatory, 2 inhibitory, delays 1-1.9 ms), run for --tstop ms (default 100);
pnm against NEURON in fresh processes taking turns, best of --repeat. The spike lists
(times and cell ids, in the order they were recorded) must be identical (exit status 1 if
not). Run time is the CPU time of h.continuerun (thread_time: NEURON 9's process sometimes
has a second thread busy, whose time process_time would add). --baseline DIR times another
pnm source tree in the same run.

NEURON finds the moved event in its queue through the pointer the cell keeps (TQueue::move);
pnm notes where each movable event sits in its heap (eventqueue.movable_hint). Before it did,
net_move searched the heap, and the run time grew with the number of cells times the events.

    python benchmarks/bench_netmove.py [--ncell 8000] [--tstop 100] [--repeat 3] [--baseline DIR]
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

WORKER = r"""
import hashlib, json, sys, time
backend, ncell, tstop, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
if backend == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")
r = h.Random(1)
r.uniform(0, ncell)
cells, keep = [], []
for i in range(ncell):
    c = h.IntFire4()
    c.taue, c.taui1, c.taui2, c.taum = 5, 10, 20, 30
    ns = h.NetStim()
    ns.start, ns.interval, ns.number, ns.noise = 0, 10, 1e9, 1
    ns.seed(i + 1)
    nc = h.NetCon(ns, c)
    nc.weight[0], nc.delay = 0.5, 1
    cells.append(c)
    keep += [ns, nc]
for i in range(ncell):
    for j in range(10):
        nc = h.NetCon(cells[i], cells[int(r.repick())])
        nc.weight[0] = 0.02 if j < 8 else -0.05
        nc.delay = 1 + j * 0.1
        keep.append(nc)
tv, idv = h.Vector(), h.Vector()
for i, c in enumerate(cells):
    nc = h.NetCon(c, None)
    nc.record(tv, idv, i)
    keep.append(nc)
h.tstop = tstop
h.finitialize(-65)
t0 = time.thread_time()
h.continuerun(tstop)
cpu = time.thread_time() - t0
text = " ".join("%.17g:%d" % (tv[k], idv[k]) for k in range(len(tv)))
json.dump({"cpu": cpu, "spikes": len(tv), "hash": hashlib.sha256(text.encode()).hexdigest()},
          open(out, "w"))
"""


def run(backend, ncell, tstop, tmp, tree=REPO):
    out = os.path.join(tmp, f"{backend}.json")
    env = dict(os.environ, PYTHONPATH=tree)
    proc = subprocess.run([sys.executable, "-c", WORKER, "neuron" if backend == "neuron" else
                           "pnm", str(ncell), str(tstop), out],
                          env=env, capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        raise SystemExit(f"{backend} run failed:\n{proc.stdout}\n{proc.stderr}")
    with open(out) as f:
        return json.load(f)


def main():
    import tempfile
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ncell", type=int, default=8000)
    ap.add_argument("--tstop", type=float, default=100.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", help="another pnm source tree, timed in the same run")
    a = ap.parse_args()
    trees = {"neuron": REPO, "pnm": REPO}
    if a.baseline:
        trees["baseline"] = a.baseline
    best = dict.fromkeys(trees)
    with tempfile.TemporaryDirectory() as tmp:
        for backend, tree in trees.items():   # numba's kernels compiled or loaded once first
            if backend != "neuron":
                run(backend, 50, 10.0, tmp, tree)
        for _ in range(a.repeat):
            for backend, tree in trees.items():
                r = run(backend, a.ncell, a.tstop, tmp, tree)
                if best[backend] is None or r["cpu"] < best[backend]["cpu"]:
                    best[backend] = r
    n, p = best["neuron"], best["pnm"]
    same = n["hash"] == p["hash"] and n["spikes"] == p["spikes"]
    print(f"{a.ncell} IntFire4 cells, {a.tstop:g} ms, {n['spikes']} spikes "
          f"({'identical' if same else 'DIFFERENT'}), CPU of continuerun, best of {a.repeat}:")
    print(f"  NEURON {n['cpu']:.3f} s   pnm {p['cpu']:.3f} s   ratio {p['cpu'] / n['cpu']:.2f}")
    b = best.get("baseline")
    if b is not None:
        same = same and b["hash"] == n["hash"]
        print(f"  baseline pnm {b['cpu']:.3f} s   ratio {b['cpu'] / n['cpu']:.2f}"
              f"   ({'identical' if b['hash'] == n['hash'] else 'DIFFERENT'} spikes)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
