"""Load balance benchmark (issue 14): measured computation imbalance (LoadReport, max/mean
of pc.step_time) on the heterogeneous network of tests/lb_scripts/hetero_net.py with round
robin vs `--lb-mode complexity`, and the ball-and-stick network's 2-rank speedup with the
balanced allocation, NEURON's next to it. The dry runs simulate their first 100 ms
(--dry-run-ms) so that the allocations charge measured events.

    python benchmarks/bench_lb.py [--ncell 1000] [--tstop 1000] [--repeat 1] [--quick]

Every run is a fresh process. On a shared 2-core machine other processes take cores away:
read the numbers with the machine load in mind (the script prints the load average)."""

import argparse
import json
import statistics
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import _bench  # noqa: E402
import ballstick_net  # noqa: E402

HETERO = os.path.join(_bench.REPO, "tests", "lb_scripts", "hetero_net.py")
WORKER_ENV = "BENCH_LB_WORKER"


def worker():
    """Run under `python -m pnm --lb-mode ... bench_lb.py` with BENCH_LB_WORKER=ncell,tstop,out:
    the ball-and-stick network placed by pc.balanced_gid2node."""
    ncell, tstop, out = os.environ[WORKER_ENV].split(",")
    from pnm import h
    import time
    pc = h.ParallelContext()
    net = ballstick_net.build(h, pc, int(ncell), 1, balanced=True)
    h.dt = ballstick_net.DT
    pc.set_maxstep(10)
    h.finitialize(-65)
    t0 = time.perf_counter()
    pc.psolve(float(tstop))
    run_s = pc.allreduce(time.perf_counter() - t0, 2)
    spikes = list(zip(net["tvec"].to_python(), [int(g) for g in net["idvec"].to_python()]))
    steps = pc.py_gather(pc.step_time(), 0)
    waits = pc.py_gather(pc.wait_time(), 0)
    parts = pc.py_gather(spikes, 0)
    if int(pc.id()) == 0 and out != "-":
        with open(out, "w") as f:
            json.dump({"run_s": run_s, "step_s": steps, "wait_s": waits,
                       "load": os.getloadavg()[0],
                       "spikes": sorted(s for p in parts for s in p)}, f)
    pc.barrier()


def run(cmd, cwd, nproc=None, env=None, timeout=3600):
    full = ([_bench.MPIEXEC, "-n", str(nproc)] if nproc else []) + cmd
    e = dict(_bench.env(mpi=bool(nproc)), PNM_PROGRESS="0", **(env or {}))
    proc = subprocess.run(full, cwd=cwd, env=e, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(full)} failed:\n{proc.stdout[-2000:]}{proc.stderr[-3000:]}")
    return proc


def hetero(tmp, ncell, tstop, repeat):
    shutil.copy(HETERO, tmp)
    env = {"HETERO_NCELL": str(ncell), "HETERO_TSTOP": str(tstop)}
    run([_bench.PY, "-m", "pnm", "--dry-run", "--dry-run-ms", "100", "--num-target-ranks", "2",
         "hetero_net.py"],
        tmp, env=env)
    rows = []
    for mode in ("roundrobin", "complexity"):
        best = None
        for _ in range(repeat):
            out = os.path.join(tmp, f"h_{mode}.json")
            run([_bench.PY, "-m", "pnm", "--lb-mode", mode, "hetero_net.py"], tmp, 2,
                env=dict(env, HETERO_OUT=out))
            rep = json.load(open(out))["report"]
            comp = [r["computation"] for r in rep]
            cost = [r["cost"] for r in rep]
            row = [mode, "%.3f" % (max(comp) / (sum(comp) / 2)),
                   "%.3f" % (max(cost) / (sum(cost) / 2)),
                   " / ".join("%.2f" % c for c in comp)]
            if best is None or float(row[1]) < float(best[1]):
                best = row
        rows.append(best)
    print(f"\n## heterogeneous network ({ncell} cells, 1..60 sections, {tstop:g} ms), 2 ranks")
    _bench.table(["placement", "measured imbalance", "cost-model imbalance",
                  "computation per rank (s)"], rows)


def ballstick(tmp, ncell, tstop, repeat):
    me = os.path.abspath(__file__)
    shutil.copy(me, os.path.join(tmp, "bench_lb.py"))
    wenv = lambda out: {WORKER_ENV: f"{ncell},{tstop},{out}", "PYTHONPATH": _bench.REPO + ":" + HERE}
    run([_bench.PY, "-m", "pnm", "--dry-run", "--dry-run-ms", "100", "--num-target-ranks", "2",
         "bench_lb.py"], tmp,
        env=wenv("-"))
    bs = os.path.join(HERE, "ballstick_net.py")
    res = {}
    times = {}
    for _ in range(repeat):
        for key, nproc, cmd, env in (
                (("pnm", 1), 1, [_bench.PY, "-m", "pnm", "--lb-mode", "roundrobin", "bench_lb.py"], "p1"),
                (("pnm rr", 2), 2, [_bench.PY, "-m", "pnm", "--lb-mode", "roundrobin", "bench_lb.py"], "p2"),
                (("pnm balanced", 2), 2, [_bench.PY, "-m", "pnm", "--lb-mode", "complexity", "bench_lb.py"], "p3"),
                (("neuron", 1), 1, None, None), (("neuron", 2), 2, None, None)):
            out = os.path.join(tmp, f"bs_{key[0].replace(' ', '_')}_{key[1]}.json")
            if cmd is None:
                run([_bench.PY, bs, "--worker", "neuron", "--ncell", str(ncell), "--tstop",
                     str(tstop), "--mpi", "--out", out], tmp, nproc)
            else:
                run(cmd, tmp, nproc, env=wenv(out))
            r = json.load(open(out))
            if key not in res or r["run_s"] < res[key]["run_s"]:
                res[key] = r
            times.setdefault(key, []).append(r["run_s"])
            if os.environ.get("BENCH_LB_VERBOSE"):
                print(key, r["run_s"], r.get("step_s"), r.get("wait_s"), flush=True)
    ref = [tuple(s) for s in res["neuron", 1]["spikes"]]
    print(f"\n## ball-and-stick network ({ncell} cells, {tstop:g} ms): 2-rank speedup")
    rows = []
    for name, base in (("pnm rr", "pnm"), ("pnm balanced", "pnm"), ("neuron", "neuron")):
        r1, r2 = res[base, 1], res[name, 2]
        same = [tuple(s) for s in r2["spikes"]] == ref
        steps, waits = r2.get("step_s"), r2.get("wait_s")
        imb = "" if not steps else "%.3f" % (max(steps) / (sum(steps) / len(steps)))
        per_rank = "" if not steps else " / ".join(
            f"{st:.2f}+{wt:.2f}" for st, wt in zip(steps, waits))
        rows.append([name, f"{r1['run_s']:.2f}", f"{r2['run_s']:.2f}",
                     f"{r1['run_s'] / r2['run_s']:.2f}", imb, per_rank,
                     "identical to NEURON" if same else "DIFFERENT"])
    _bench.table(["2-rank run", "1 rank (s)", "2 ranks (s)", "speedup", "measured imbalance",
                  "computation+wait per rank (s)", "spikes"], rows)
    # each repeat ran every configuration once, back to back: its own 1-rank / 2-rank ratio
    for name, base in (("pnm balanced", "pnm"), ("neuron", "neuron")):
        ratios = sorted(t1 / t2 for t1, t2 in zip(times[base, 1], times[name, 2]))
        print(f"{name} 2-rank speedup, each repeat (its 1-rank run / its 2-rank run): "
              f"{[round(r, 2) for r in ratios]}, median {statistics.median(ratios):.2f}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ncell", type=int, default=1000)
    p.add_argument("--tstop", type=float, default=1000.0)
    p.add_argument("--hetero-ncell", type=int, default=48)
    p.add_argument("--hetero-tstop", type=float, default=500.0)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--quick", action="store_true", help="small networks")
    a = p.parse_args(argv)
    if a.quick:
        a.ncell, a.tstop, a.hetero_ncell, a.hetero_tstop = 100, 200.0, 24, 100.0
    print(f"# load balance; {_bench.machine()}; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        hetero(tmp, a.hetero_ncell, a.hetero_tstop, a.repeat)
        ballstick(tmp, a.ncell, a.tstop, a.repeat)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    if os.environ.get(WORKER_ENV):
        worker()
    else:
        main()
