"""Event throughput of VecStims (pnm only: NEURON's wheel has no VecStim without nrnivmodl):
--ncell VecStims, each playing a sorted Vector of --nev uniform times in (0, tstop), each
with a NetCon to its own IntFire1 (weight 0.5); run --tstop ms (fixed step, continuerun).
Prints build+finitialize and run CPU seconds and the number of events delivered.

    python benchmarks/bench_vecstim.py [--ncell 5000] [--nev 200] [--tstop 1000] [--repeat 3]
"""
import argparse
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ncell", type=int, default=5000)
    ap.add_argument("--nev", type=int, default=200)
    ap.add_argument("--tstop", type=float, default=1000.0)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    from pnm import h
    h.load_file("stdrun.hoc")
    rng = np.random.default_rng(1)
    keep = []
    for _ in range(a.ncell):
        vs = h.VecStim()
        vec = h.Vector(np.sort(rng.uniform(0, a.tstop, a.nev)))
        vs.play(vec)
        cell = h.IntFire1()
        nc = h.NetCon(vs, cell)
        nc.weight[0] = 0.5
        keep.append((vs, vec, cell, nc))
    tv, idv = h.Vector(), h.Vector()
    out = [h.NetCon(c, None) for _, _, c, _ in keep]
    for k, nc in enumerate(out):
        nc.record(tv, idv, k)
    for r in range(a.repeat):
        t0 = time.process_time()
        h.finitialize(-65)
        t1 = time.process_time()
        h.continuerun(a.tstop)
        t2 = time.process_time()
        print(f"run {r}: finitialize {t1 - t0:.3f} s, continuerun {t2 - t1:.3f} s, "
              f"{a.ncell * a.nev} VecStim events, {len(tv)} IntFire1 spikes")


if __name__ == "__main__":
    main()
