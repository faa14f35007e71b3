"""The ball-and-stick network (ballstick_net.py) on 1 rank and on 2 ranks (mpiexec -n 2), for
pnm and for NEURON: run-time speedup 1 -> 2 ranks.

    python benchmarks/bench_2rank.py [--ncell 1000] [--tstop 1000] [--quick]

Every run is a fresh process (`mpiexec -n N python ballstick_net.py --worker B --mpi`); run
time is pc.psolve's wall time, the max over ranks (best of --repeat runs). pnm is run once on a tiny network first so
that its numba cache is warm. Spike lists of all four runs are compared. Goal: pnm 2-rank
speedup >= 1.9. On a 2-core machine anything else running shares those cores.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench  # noqa: E402
import ballstick_net  # noqa: E402

BALLSTICK = os.path.join(_bench.HERE, "ballstick_net.py")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ncell", type=int, default=1000)
    p.add_argument("--tstop", type=float, default=1000.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=1,
                   help="runs per (backend, ranks), interleaved; the fastest is reported")
    p.add_argument("--quick", action="store_true", help="ncell 50, tstop 100")
    p.add_argument("--timeout", type=float, default=3600)
    a = p.parse_args(argv)
    if a.quick:
        a.ncell, a.tstop = 50, 100.0

    def cmd(b, ncell=a.ncell, tstop=a.tstop):
        return [_bench.PY, BALLSTICK, "--worker", b, "--ncell", str(ncell),
                "--tstop", str(tstop), "--seed", str(a.seed), "--mpi"]

    print(f"# ball-and-stick network, {a.ncell} cells, {a.tstop:g} ms; {_bench.machine()}")
    _bench.run_json(cmd("pnm", 20, 10.0), nproc=2, timeout=a.timeout, echo=False)  # warm cache
    res = {}
    for _ in range(a.repeat):
        for b in ("pnm", "neuron"):
            for n in (1, 2):
                r = _bench.run_json(cmd(b), nproc=n, timeout=a.timeout)
                if (b, n) not in res or r["run_s"] < res[b, n]["run_s"]:
                    res[b, n] = r
    ref = res["neuron", 1]["spikes"]
    rows = []
    for b in ("pnm", "neuron"):
        r1, r2 = res[b, 1], res[b, 2]
        same = all(ballstick_net.compare_spikes(ref, res[b, n]["spikes"])[0] for n in (1, 2))
        rows.append([b, f"{r1['run_s']:.2f}", f"{r2['run_s']:.2f}",
                     f"{r1['run_s'] / r2['run_s']:.2f}", f"{r1['nspike']} / {r2['nspike']}",
                     "identical to NEURON 1 rank" if same else "DIFFERENT"])
    _bench.table(["backend", "1 rank run (s)", "2 ranks run (s)", "speedup", "spikes 1 / 2",
                  "spike lists"], rows)
    print(f"pnm/NEURON run time: 1 rank {res['pnm', 1]['run_s'] / res['neuron', 1]['run_s']:.2f}, "
          f"2 ranks {res['pnm', 2]['run_s'] / res['neuron', 2]['run_s']:.2f}")
    _bench.goal("pnm 2-rank speedup", res["pnm", 1]["run_s"] / res["pnm", 2]["run_s"], ">=", 1.9)
    return 0


if __name__ == "__main__":
    sys.exit(main())
