"""Model set-up time of the ball-and-stick network (ballstick_net.build, default 1000 cells):
creating cells and connections, then finitialize, pnm vs NEURON, warm numba cache.

    python benchmarks/bench_build.py [--ncell 1000 5000] [--repeat 3] [--quick]

Each measurement is a fresh process that imports the backend (timed separately), builds the
network with ParallelContext (timed: "build") and calls finitialize(-65) (timed: "init").
"set-up" = build + init; the best of --repeat processes is reported. pnm is run once first,
untimed, so that its numba cache is filled. Goal: pnm set-up <= NEURON's. With two sizes the
script also fits set-up = fixed + per-cell cost for each simulator: pnm's fixed part is
numba's (import and loading the cached kernel, about 0.25 s).
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench  # noqa: E402
import ballstick_net  # noqa: E402


def worker(backend, ncell, seed, out):
    t0 = time.perf_counter()
    h = ballstick_net.load_backend(backend)
    pc = h.ParallelContext()
    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    net = ballstick_net.build(h, pc, ncell, seed)
    h.dt = ballstick_net.DT
    pc.set_maxstep(10)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    h.finitialize(-65)
    t_init = time.perf_counter() - t0
    _bench.write_json(out, {"backend": backend, "import_s": t_import, "build_s": t_build,
                            "init_s": t_init, "setup_s": t_build + t_init,
                            "ncells": len(net["cells"])})


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ncell", type=int, nargs="+", default=[1000, 5000],
                   help="network sizes; with two or more, the per-cell cost is fitted too")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--quick", action="store_true", help="ncell 50, repeat 1")
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--worker", choices=["neuron", "pnm"], help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.quick:
        a.ncell, a.repeat = [50], 1
    if a.worker:
        worker(a.worker, a.ncell[0], a.seed, a.out)
        return 0

    def cmd(b, n):
        return [_bench.PY, os.path.abspath(__file__), "--worker", b, "--ncell", str(n),
                "--seed", str(a.seed)]

    print(f"# ball-and-stick network set-up, {a.ncell} cells; {_bench.machine()}")
    _bench.run_json(cmd("pnm", a.ncell[0]), timeout=a.timeout)  # fills the numba cache
    best = {}
    for n in a.ncell:
        for b in ("pnm", "neuron"):
            for _ in range(a.repeat):
                r = _bench.run_json(cmd(b, n), timeout=a.timeout)
                if (b, n) not in best or r["setup_s"] < best[b, n]["setup_s"]:
                    best[b, n] = r
    rows = [[b, n, f"{r['import_s']:.2f}", f"{r['build_s']:.2f}", f"{r['init_s']:.2f}",
             f"{r['setup_s']:.2f}", f"{best['pnm', n]['setup_s'] / r['setup_s']:.2f}"]
            for (b, n), r in best.items()]
    _bench.table(["backend", "cells", "import (s)", "build (s)", "finitialize (s)",
                  "set-up (s)", "pnm / this"], rows)
    for n in a.ncell:
        _bench.goal(f"pnm/NEURON set-up, {n} cells",
                    best["pnm", n]["setup_s"] / best["neuron", n]["setup_s"], "<=", 1.0)
    if len(a.ncell) > 1:
        # set-up = fixed + per cell * cells, from the smallest and largest size
        lo, hi = min(a.ncell), max(a.ncell)
        fit = {}
        for b in ("pnm", "neuron"):
            slope = (best[b, hi]["setup_s"] - best[b, lo]["setup_s"]) / (hi - lo)
            fit[b] = (best[b, lo]["setup_s"] - slope * lo, slope)
            print(f"{b}: set-up ~ {fit[b][0]:.3f} s fixed + {1e6 * slope:.1f} us per cell")
        _bench.goal("pnm/NEURON set-up per cell", fit["pnm"][1] / fit["neuron"][1], "<=", 1.0)
        extra = fit["pnm"][0] - fit["neuron"][0]
        gain = fit["neuron"][1] - fit["pnm"][1]
        if extra > 0 and gain > 0:
            print(f"pnm's set-up is shorter than NEURON's from about {extra / gain:.0f} cells")
    return 0


if __name__ == "__main__":
    sys.exit(main())
