"""Run time of the ball-and-stick network (ballstick_net.py, default 1000 cells, 1000 ms):
pnm vs NEURON vs CoreNEURON, each in its own subprocess, one after the other.

    python benchmarks/bench_runtime.py [--ncell 1000] [--tstop 1000] [--quick]

Run time is the wall time of pc.psolve(tstop) after finitialize (for CoreNEURON that includes
handing the model over to CoreNEURON, which is how `coreneuron.enable = True` works). pnm is
run once on a tiny network first so that its numba cache is warm. Spike counts are printed
and the sorted (t, gid) spike lists compared. Goals: pnm/NEURON <= 0.4, pnm/CoreNEURON <= 0.5.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench  # noqa: E402
import ballstick_net  # noqa: E402

BALLSTICK = os.path.join(_bench.HERE, "ballstick_net.py")


def coreneuron_worker(ncell, tstop, seed, out):
    from neuron import h, coreneuron
    h.load_file("stdrun.hoc")
    pc = h.ParallelContext()
    h.cvode.cache_efficient(1)
    t0 = time.perf_counter()
    net = ballstick_net.build(h, pc, ncell, seed)
    h.dt = ballstick_net.DT
    pc.set_maxstep(10)
    h.finitialize(-65)
    t_build = time.perf_counter() - t0
    coreneuron.enable = True
    coreneuron.verbose = 0
    t0 = time.perf_counter()
    pc.psolve(tstop)
    t_run = time.perf_counter() - t0
    spikes = sorted(zip(net["tvec"].to_python(), [int(g) for g in net["idvec"].to_python()]))
    print(f"coreneuron: build {t_build:.2f} s, run {t_run:.2f} s, {len(spikes)} spikes",
          flush=True)
    _bench.write_json(out, {"backend": "coreneuron", "build_s": t_build, "run_s": t_run,
                            "nspike": len(spikes), "spikes": spikes})


def worker_cmd(backend, ncell, tstop, seed):
    if backend == "coreneuron":
        return [_bench.PY, os.path.abspath(__file__), "--worker", "coreneuron",
                "--ncell", str(ncell), "--tstop", str(tstop), "--seed", str(seed)]
    return [_bench.PY, BALLSTICK, "--worker", backend, "--ncell", str(ncell),
            "--tstop", str(tstop), "--seed", str(seed)]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ncell", type=int, default=1000)
    p.add_argument("--tstop", type=float, default=1000.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=1, help="runs per backend (best is reported)")
    p.add_argument("--quick", action="store_true", help="ncell 50, tstop 100")
    p.add_argument("--no-coreneuron", action="store_true")
    p.add_argument("--timeout", type=float, default=3600)
    p.add_argument("--worker", choices=["coreneuron"], help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.quick:
        a.ncell, a.tstop = 50, 100.0
    if a.worker:
        coreneuron_worker(a.ncell, a.tstop, a.seed, a.out)
        return 0

    print(f"# ball-and-stick network, {a.ncell} cells, {a.tstop:g} ms; {_bench.machine()}")
    _bench.run_json(worker_cmd("pnm", 20, 10.0, a.seed), timeout=a.timeout, echo=False)  # warm
    backends = ["pnm", "neuron"] + ([] if a.no_coreneuron else ["coreneuron"])
    res, why = {}, {}
    for b in backends:
        for _ in range(a.repeat):
            try:
                r = _bench.run_json(worker_cmd(b, a.ncell, a.tstop, a.seed), timeout=a.timeout)
            except RuntimeError as e:
                if b != "coreneuron":
                    raise
                why[b] = str(e).strip().splitlines()[-1]
                print(f"CoreNEURON skipped: {why[b]}")
                break
            if b not in res or r["run_s"] < res[b]["run_s"]:
                res[b] = r

    ref = res["neuron"]
    rows = []
    for b in backends:
        if b not in res:
            rows.append([b, "-", "-", "-", "skipped: " + why.get(b, "")])
            continue
        r = res[b]
        same, msg = ballstick_net.compare_spikes(ref["spikes"], r["spikes"])
        rows.append([b, f"{r['run_s']:.2f}", r["nspike"],
                     f"{res['pnm']['run_s'] / r['run_s']:.2f}",
                     "reference" if b == "neuron" else ("spikes identical to NEURON" if same
                                                        else msg)])
    _bench.table(["backend", "run (s)", "spikes", "pnm / this", "note"], rows)
    ok = _bench.goal("pnm/NEURON run time", res["pnm"]["run_s"] / ref["run_s"], "<=", 0.4)
    if "coreneuron" in res:
        ok &= _bench.goal("pnm/CoreNEURON run time",
                          res["pnm"]["run_s"] / res["coreneuron"]["run_s"], "<=", 0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
