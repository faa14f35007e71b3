"""Variable step run time (h.cvode.active(1), stdrun's run()): pnm against NEURON on the same
model, in fresh processes taking turns, best of --repeat; the spike lists and the recorded
voltage must be identical (exit status 1 if not).

Two models: "small" (2 ball-and-stick cells, hh soma + passive dendrite of 11 segments, an
ExpSyn each, a ring of 2 NetCons started by one NetStim: a single-cell ModelDB model's size,
where the integrator takes ~27 small steps per ms and per-step overheads decide), "net"
(--ncell such cells in a ring, 1000 ms), and a Python loop `while h.t < tstop: h.fadvance()`
on one hh soma with an IClamp, under the fixed step and the variable step (the cost of one
h.fadvance() call: programs with their own run loop pay it every step).

    python benchmarks/bench_cvode.py [--tstop 5000] [--ncell 100] [--repeat 3] [--quick]
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _bench import PY, goal, machine, run_json, table, write_json  # noqa: E402


def loop_worker(a, h):
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 1e9, 0.1
    vrec = h.Vector().record(soma(0.5)._ref_v)
    cv = h.CVode()
    cv.active(1 if a.loop == "variable" else 0)
    h.dt = 0.025
    h.finitialize(-65)
    n = 0
    c0 = time.process_time()
    while h.t < a.tstop:
        h.fadvance()
        n += 1
    res = {"run_cpu_s": time.process_time() - c0, "calls": n, "spikes": [], "v": list(vrec),
           "t": h.t}
    write_json(a.out, res)


def worker(a):
    if a.backend == "neuron":
        from neuron import h
    else:
        from pnm import h
    h.load_file("stdrun.hoc")
    if a.loop:
        loop_worker(a, h)
        return
    cells = []
    for i in range(a.ncell):
        soma = h.Section(name=f"soma{i}")
        soma.L = soma.diam = 12.6
        soma.insert("hh")
        dend = h.Section(name=f"dend{i}")
        dend.connect(soma(1))
        dend.L, dend.diam, dend.nseg = 200, 1, 11
        dend.insert("pas")
        syn = h.ExpSyn(dend(0.5))
        syn.tau = 2
        cells.append((soma, dend, syn))
    ncs = []
    for i in range(a.ncell):
        soma = cells[i][0]
        nc = h.NetCon(soma(0.5)._ref_v, cells[(i + 1) % a.ncell][2], sec=soma)
        nc.weight[0], nc.delay = 0.05, 5
        ncs.append(nc)
    stim = h.NetStim()
    stim.number, stim.start = 1, 1
    nc0 = h.NetCon(stim, cells[0][2])
    nc0.weight[0] = 0.05
    tv, idv = h.Vector(), h.Vector()
    for i, nc in enumerate(ncs):
        nc.record(tv, idv, i)
    vrec = h.Vector().record(cells[-1][1](0.3)._ref_v)
    h.cvode.active(1)
    h.cvode.atol(1e-3)
    h.tstop = a.tstop
    h.stdinit()
    t0 = time.perf_counter()
    c0 = time.process_time()
    h.continuerun(h.tstop)
    res = {"run_s": time.perf_counter() - t0, "run_cpu_s": time.process_time() - c0,
           "spikes": [[tv.x[i], idv.x[i]] for i in range(int(tv.size()))],
           "v": list(vrec.to_python()) if hasattr(vrec, "to_python") else list(vrec),
           "t": h.t}
    write_json(a.out, res)


def measure(name, ncell, tstop, repeat, loop=None):
    best = {}
    out = {}
    for _ in range(repeat):
        for backend in ("neuron", "pnm"):
            r = run_json([PY, __file__, "--worker", backend, "--ncell", str(ncell),
                          "--tstop", str(tstop)] + (["--loop", loop] if loop else []),
                         echo=False)
            best[backend] = min(best.get(backend, 1e9), r["run_cpu_s"])
            out[backend] = r
    same = out["neuron"]["spikes"] == out["pnm"]["spikes"]
    vdiff = max((abs(x - y) for x, y in zip(out["neuron"]["v"], out["pnm"]["v"])), default=0.0)
    same_v = len(out["neuron"]["v"]) == len(out["pnm"]["v"]) and vdiff <= 1e-6
    size = f"{out['pnm']['calls']} calls" if loop else f"{ncell} cells, {tstop:g} ms"
    return [name, size, f"{best['neuron']:.2f}", f"{best['pnm']:.2f}",
            f"{best['pnm'] / best['neuron']:.2f}", len(out["pnm"]["spikes"]),
            "yes" if same and same_v else f"NO (spikes {same}, max |dv| {vdiff:.2g})"], \
        best["pnm"] / best["neuron"], same and same_v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker")
    ap.add_argument("--out")
    ap.add_argument("--ncell", type=int, default=100)
    ap.add_argument("--tstop", type=float, default=5000.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--loop", choices=("fixed", "variable"))
    a = ap.parse_args()
    if a.worker:
        a.backend = a.worker
        worker(a)
        return
    if a.quick:
        a.tstop, a.ncell, a.repeat = 200.0, 10, 1
    print(machine())
    rows, ok = [], True
    row, ratio_small, same = measure("small", 2, a.tstop, a.repeat)
    rows.append(row)
    ok = ok and same
    row, ratio_net, same = measure("net", a.ncell, a.tstop / 5, a.repeat)
    rows.append(row)
    ok = ok and same
    for loop, tstop in (("fixed", a.tstop / 10), ("variable", a.tstop / 2)):
        row, ratio, same = measure(f"h.fadvance() loop, {loop} step", 1, tstop, a.repeat, loop)
        rows.append(row)
        ok = ok and same
    table(["model", "size", "NEURON run CPU s", "pnm run CPU s", "pnm/NEURON", "spikes",
           "identical"], rows)
    goal("variable step, small model: pnm/NEURON run time", ratio_small, "<=", 1.0)
    goal("variable step, network: pnm/NEURON run time", ratio_net, "<=", 1.0)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
