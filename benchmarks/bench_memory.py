"""Memory per cell and per NetCon: peak RSS (resource.getrusage ru_maxrss) of a fresh process
that builds the ball-and-stick network (ballstick_net.build, ParallelContext idiom),
finitializes and runs 1 ms, pnm vs NEURON; slopes fitted between two sizes.

    python benchmarks/bench_memory.py [--cells 500 2000] [--nconn 20 100] [--fixed-cells 1000]

Per cell: networks of --cells sizes with 20 incoming NetCons per cell; slope = d(peak RSS) /
d(ncell), i.e. one ball-and-stick cell with its NetStim, stimulus NetCon, spike source and its
20 incoming NetCons. Per NetCon: --fixed-cells cells with --nconn incoming NetCons per cell;
slope = d(peak RSS) / d(number of NetCons). Goal: pnm's slopes <= NEURON's.
"""

import argparse
import os
import resource
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench  # noqa: E402
import ballstick_net  # noqa: E402


def maxrss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def worker(backend, ncell, nconn, out):
    ballstick_net.NCONN = nconn           # network_plan reads the module global
    h = ballstick_net.load_backend(backend)
    pc = h.ParallelContext()
    base = maxrss_bytes()
    net = ballstick_net.build(h, pc, ncell, 1)
    h.dt = ballstick_net.DT
    pc.set_maxstep(10)
    h.finitialize(-65)
    pc.psolve(1.0)
    peak = maxrss_bytes()
    nnet = ncell * min(nconn, ncell - 1)
    _bench.write_json(out, {"backend": backend, "ncell": ncell, "nconn": nconn,
                            "n_netcon_network": nnet, "base_rss": base, "peak_rss": peak,
                            "alive": len(net["cells"])})


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cells", type=int, nargs=2, default=[500, 2000])
    p.add_argument("--nconn", type=int, nargs=2, default=[20, 100])
    p.add_argument("--fixed-cells", type=int, default=1000)
    p.add_argument("--quick", action="store_true", help="cells 50 200, fixed-cells 100")
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--worker", choices=["neuron", "pnm"], help=argparse.SUPPRESS)
    p.add_argument("--ncell", type=int, help=argparse.SUPPRESS)
    p.add_argument("--per-cell", type=int, help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.quick:
        a.cells, a.fixed_cells = [50, 200], 100
    if a.worker:
        worker(a.worker, a.ncell, a.per_cell, a.out)
        return 0

    def run(b, ncell, nconn):
        return _bench.run_json([_bench.PY, os.path.abspath(__file__), "--worker", b,
                                "--ncell", str(ncell), "--per-cell", str(nconn)],
                               timeout=a.timeout)

    print(f"# peak RSS, ball-and-stick network; {_bench.machine()}")
    run("pnm", 20, 5)  # fill the numba cache (compiling would inflate the first peak)
    MB = 1024.0 ** 2
    rows, slope = [], {}
    for b in ("pnm", "neuron"):
        c0, c1 = (run(b, n, 20) for n in a.cells)
        n0, n1 = (run(b, a.fixed_cells, k) for k in a.nconn)
        slope[b, "cell"] = (c1["peak_rss"] - c0["peak_rss"]) / (a.cells[1] - a.cells[0])
        slope[b, "nc"] = ((n1["peak_rss"] - n0["peak_rss"])
                          / (n1["n_netcon_network"] - n0["n_netcon_network"]))
        rows.append([b, f"{c0['base_rss'] / MB:.0f}",
                     f"{c0['peak_rss'] / MB:.0f} / {c1['peak_rss'] / MB:.0f}",
                     f"{n0['peak_rss'] / MB:.0f} / {n1['peak_rss'] / MB:.0f}",
                     f"{slope[b, 'cell'] / 1024:.1f}", f"{slope[b, 'nc']:.0f}"])
    rows.append(["pnm / NEURON", "", "", "",
                 f"{slope['pnm', 'cell'] / slope['neuron', 'cell']:.2f}",
                 f"{slope['pnm', 'nc'] / slope['neuron', 'nc']:.2f}"])
    _bench.table(["backend", "after import (MB)",
                  f"peak, {a.cells[0]} / {a.cells[1]} cells (MB)",
                  f"peak, {a.fixed_cells} cells x {a.nconn[0]} / {a.nconn[1]} NetCons (MB)",
                  "per cell (KiB)", "per NetCon (bytes)"], rows)
    _bench.goal("pnm/NEURON memory per cell",
                slope["pnm", "cell"] / slope["neuron", "cell"], "<=", 1.0)
    _bench.goal("pnm/NEURON memory per NetCon",
                slope["pnm", "nc"] / slope["neuron", "nc"], "<=", 1.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
