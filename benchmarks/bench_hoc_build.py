"""Building a 1000-cell hoc network: pnm's hoc interpreter (`python -m pnm`) against `nrniv`
on the same file, in the same run.

The hoc program (written to a temporary directory) defines a ball-and-stick template (soma
with hh, dendrite with pas, an ExpSyn, connect2target) as CellBuilder writes them, creates
N cells and a ring of NetCons (each cell to the next, plus one to the cell after, so 2N
NetCons), then calls finitialize. It measures with startsw() inside hoc: the time to build
(new cells + NetCons) and to finitialize, excluding start-up; and, from outside, the whole
process (start-up, build, finitialize, exit). Prints each and the ratio, best of --repeat.
It also measures the build's CPU time (thread_time: the CPU time of the thread that runs the
build; NEURON 9's process sometimes has a second thread busy during the build, which
process_time would add) with each simulator's Python API
running the same hoc through h(...), which a loaded machine disturbs far less than wall
time, and pnm's also in a Python program run by `python -m pnm` (whose start-up freezes
its own objects for the cyclic GC, which `import pnm` leaves alone).

pnm's first finitialize in a process also loads the numba kernel from its disk cache
(numba's own initialisation, which imports scipy when it is installed, then the compiled
code). That cost is fixed, whatever the model size, so the program also runs in a second form that
calls finitialize once on a one-section model before building ("warm"): its finitialize is
the network's own part (engine rebuild included), as for a second model in a process.

The same network is also built through each simulator's Python API (CPU time, no hoc): the
cost of the model objects themselves, below which the hoc build cannot go.

    python benchmarks/bench_hoc_build.py [--cells 1000] [--repeat 3] [--baseline DIR] [--stages]
                                          [--profile]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.path.dirname(sys.executable)

PROGRAM = r"""
begintemplate BallStick
public soma, dend, syn, connect2target, position, x, y, z, all
create soma, dend
objref syn, all
proc init() {
  connect dend(0), soma(1)
  all = new SectionList()
  soma all.append()
  dend all.append()
  soma { L = 12.6157  diam = 12.6157  insert hh }
  dend { L = 200  diam = 1  insert pas  g_pas = 0.001  e_pas = -65 }
  forsec all { Ra = 100  cm = 1 }
  dend { nseg = 11 }
  dend syn = new ExpSyn(0.8)
  syn.tau = 2
  x = y = z = 0
}
obfunc connect2target() { localobj nc
  soma nc = new NetCon(&v(1), $o1)
  nc.threshold = 10
  if (numarg() == 2) { $o2 = nc }
  return nc
}
proc position() { x = $1  y = $2  z = $3 }
endtemplate BallStick

objref cells, nclist, nc
ncell = NCELL
proc build() { local i
  cells = new List()
  nclist = new List()
  for i = 0, ncell - 1 {
    cells.append(new BallStick())
    cells.object(i).position(i, 0, 0)
  }
  for i = 0, ncell - 1 {
    nc = cells.object(i).connect2target(cells.object((i + 1) % ncell).syn)
    nc.weight = 0.01  nc.delay = 1
    nclist.append(nc)
    nc = cells.object(i).connect2target(cells.object((i + 2) % ncell).syn)
    nc.weight = 0.001  nc.delay = 2
    nclist.append(nc)
  }
}
t0 = startsw()
build()
t1 = startsw()
finitialize(-65)
t2 = startsw()
printf("build %.4f init %.4f cells %d netcons %d\n", t1 - t0, t2 - t1, cells.count, nclist.count)
"""

# prepended for the "warm" form: the first finitialize (pnm: numba's kernel load) comes first
WARM = r"""
create warm_
access warm_
finitialize(-65)
"""


def run(cmd, cwd):
    """(build s, finitialize s, whole process s) of one run."""
    env = dict(os.environ, PYTHONPATH=REPO)
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=1200)
    whole = time.perf_counter() - start
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stdout}\n{r.stderr}")
    m = re.search(r"build (\S+) init (\S+) cells (\d+) netcons (\d+)", r.stdout)
    return float(m.group(1)), float(m.group(2)), whole


def best_of(cmds, cwd, repeat):
    """Best (build, finitialize, whole) of each command; the commands take turns, so that a
    change in the machine's load falls on all of them."""
    runs = [[] for _ in cmds]
    for _ in range(repeat):
        for out, cmd in zip(runs, cmds):
            out.append(run(cmd, cwd))
    return [tuple(min(r[i] for r in out) for i in range(3)) for out in runs]


# CPU time of the build, by each simulator's Python API running the same hoc (the same hoc
# interpreter as nrniv / python -m pnm): on a loaded machine wall time (startsw) counts the
# time other processes hold the CPU, CPU time (thread_time) does not.
CPU_RUN = r"""
import sys, time
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
pre, post = open(sys.argv[2]).read().split("t0 = startsw()")
h(pre)
t0 = time.thread_time()
h("build()")
print("cpu build %.6f" % (time.thread_time() - t0))
"""


# The same, as a program `python -m pnm` runs (pnm's own start-up: __main__.py freezes its
# start-up objects for the cyclic GC before the program runs, which `import pnm` does not do)
MAIN_RUN = r"""
import os, time
from pnm import h
pre, post = open(os.environ["BENCH_HOC"]).read().split("t0 = startsw()")
h(pre)
t0 = time.thread_time()
h("build()")
print("cpu build %.6f" % (time.thread_time() - t0))
"""


def cpu_best_of(path, cwd, repeat, baseline=None):
    """Best CPU time of the build for NEURON, pnm (and pnm from the baseline tree), through
    the Python API (h(...)) and, for pnm, also under `python -m pnm` ("main", "baseline
    main"), taking turns, each in a fresh process."""
    main_run = os.path.join(cwd, "main_run.py")
    with open(main_run, "w") as f:
        f.write(MAIN_RUN)
    trees = {"neuron": REPO, "pnm": REPO, "main": REPO}
    if baseline:
        trees["baseline"] = trees["baseline main"] = baseline
    best = {which: [] for which in trees}
    for _ in range(repeat):
        for which, tree in trees.items():
            cmd = [sys.executable, "-m", "pnm", main_run] if which.endswith("main") else \
                [sys.executable, "-c", CPU_RUN, which, path]
            r = subprocess.run(cmd, cwd=cwd, env=dict(os.environ, PYTHONPATH=tree, BENCH_HOC=path),
                               capture_output=True, text=True, timeout=1200)
            m = re.search(r"cpu build (\S+)", r.stdout)
            if m is None:
                raise SystemExit(f"{which} CPU run failed:\n{r.stdout}\n{r.stderr}")
            best[which].append(float(m.group(1)))
    return {which: min(times) for which, times in best.items()}


# The same network built through each simulator's Python API (no hoc): the cost of the model
# objects themselves, which the hoc build cannot go below.
PY_RUN = r"""
import sys, time
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
def build(n):
    cells = []
    for i in range(n):
        soma = h.Section(name="BallStick[%d].soma" % i)
        dend = h.Section(name="BallStick[%d].dend" % i)
        dend.connect(soma(1), 0)
        all_ = h.SectionList()
        all_.append(sec=soma)
        all_.append(sec=dend)
        soma.L = 12.6157; soma.diam = 12.6157; soma.insert("hh")
        dend.L = 200; dend.diam = 1; dend.insert("pas"); dend.g_pas = 0.001; dend.e_pas = -65
        for sec in all_:
            sec.Ra = 100; sec.cm = 1
        dend.nseg = 11
        syn = h.ExpSyn(dend(0.8)); syn.tau = 2
        cells.append((soma, dend, syn, all_))
    ncs = []
    for i in range(n):
        for k, w, d in ((1, 0.01, 1), (2, 0.001, 2)):
            soma = cells[i][0]
            nc = h.NetCon(soma(1)._ref_v, cells[(i + k) % n][2], sec=soma)
            nc.threshold = 10; nc.weight[0] = w; nc.delay = d
            ncs.append(nc)
    return cells, ncs
t0 = time.thread_time()
net = build(int(sys.argv[2]))
print("cpu build %.6f" % (time.thread_time() - t0))
"""


def python_api_best_of(cells, cwd, repeat):
    """Best CPU time of PY_RUN's build for NEURON and pnm, taking turns, fresh processes."""
    best = {"neuron": [], "pnm": []}
    for _ in range(repeat):
        for which in best:
            r = subprocess.run([sys.executable, "-c", PY_RUN, which, str(cells)], cwd=cwd,
                               env=dict(os.environ, PYTHONPATH=REPO), capture_output=True,
                               text=True, timeout=1200)
            m = re.search(r"cpu build (\S+)", r.stdout)
            if m is None:
                raise SystemExit(f"{which} Python-API run failed:\n{r.stdout}\n{r.stderr}")
            best[which].append(float(m.group(1)))
    return {which: min(times) for which, times in best.items()}


# The same cells and NetCons made by direct calls of pnm's model (no hoc, no h namespace),
# stage by stage: the floor the hoc build cannot go below, and what each part of it costs.
STAGES_RUN = r"""
import sys, time
from pnm import h
from pnm.model.section import Section
from pnm.model.sectionapi import HOC_SECTIONS, SectionList
from pnm.model.netcon import NetCon
from pnm.model.refs import NodeRef
ExpSyn = type(h.ExpSyn(0.5, Section(name="x")))
L, diam, Ra, cm, nseg = (getattr(Section, n).fset for n in ("L", "diam", "Ra", "cm", "nseg"))
def build(n, stage):
    cells = []
    for i in range(n):
        soma = Section(name="soma"); HOC_SECTIONS.add(soma)
        dend = Section(name="dend"); HOC_SECTIONS.add(dend)
        cells.append([soma, dend, None])
        if stage < 1: continue
        dend.connect(soma, 1.0, 0.0)
        all_ = SectionList(); all_.append(soma); all_.append(dend)
        L(soma, 12.6157); diam(soma, 12.6157); soma.insert("hh")
        L(dend, 200.0); diam(dend, 1.0); dend.insert("pas")
        dend.set_range_all("g_pas", 0.001); dend.set_range_all("e_pas", -65.0)
        for sec in all_.live():
            Ra(sec, 100.0); cm(sec, 1.0)
        if stage < 2: continue
        nseg(dend, 11)
        if stage < 3: continue
        syn = cells[-1][2] = ExpSyn(0.8, dend); syn.tau = 2.0
    ncs = []
    for i in range(n if stage >= 4 else 0):
        for k, w, d in ((1, 0.01, 1.0), (2, 0.001, 2.0)):
            soma = cells[i][0]
            nc = NetCon(NodeRef(soma, 1.0), cells[(i + k) % n][2], sec=soma)
            nc.threshold = 10.0; nc.weight = w; nc.delay = d
            ncs.append(nc)
    return cells, ncs
keep, before = [], 0.0
names = ["2 Sections", "connect, SectionList, L/diam/insert, g_pas/e_pas, Ra/cm", "nseg = 11",
         "ExpSyn(0.8) + tau", "2 NetCons + threshold/weight/delay"]
for stage, name in enumerate(names):
    best = 1e9
    for _ in range(int(sys.argv[2])):
        t0 = time.thread_time()
        keep.append(build(int(sys.argv[1]), stage))
        best = min(best, time.thread_time() - t0)
    print("stage %.6f %s" % (best - before, name))
    before = best
"""


def model_stages(cells, cwd, repeat):
    """[(seconds, what)] of STAGES_RUN: each stage's added CPU time, best of repeat."""
    r = subprocess.run([sys.executable, "-c", STAGES_RUN, str(cells), str(repeat)], cwd=cwd,
                       env=dict(os.environ, PYTHONPATH=REPO), capture_output=True, text=True,
                       timeout=1200)
    found = re.findall(r"stage (\S+) (.*)", r.stdout)
    if not found:
        raise SystemExit(f"model stages run failed:\n{r.stdout}\n{r.stderr}")
    return [(float(t), what) for t, what in found]


def commands(path):
    return ([os.path.join(BIN, "nrniv"), "-nobanner", path, "-c", "quit()"],
            [sys.executable, "-m", "pnm", path, "-c", "quit()"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cells", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", metavar="DIR",
                    help="also time the CPU build with the pnm of another source tree "
                         "(e.g. an older commit: git archive COMMIT | tar -x -C DIR)")
    ap.add_argument("--stages", action="store_true",
                    help="also time the same model made by direct calls of pnm's model "
                         "(no hoc), stage by stage, best of --repeat in one process "
                         "(differences of best times: noisy below ~1000 cells)")
    ap.add_argument("--profile", action="store_true",
                    help="also profile pnm's build with cProfile (top 25 by cumulative time)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "net.hoc")
        with open(path, "w") as f:
            f.write(PROGRAM.replace("NCELL", str(args.cells)))
        warm = os.path.join(tmp, "warm.hoc")
        with open(warm, "w") as f:
            f.write(WARM + PROGRAM.replace("NCELL", str(args.cells)))
        (nb, ni, nw), (pb, pi, pw), (_, nwi, _), (_, pwi, _) = best_of(
            list(commands(path)) + list(commands(warm)), tmp, args.repeat)
        cpu = cpu_best_of(path, tmp, args.repeat, args.baseline)
        nc, pc = cpu["neuron"], cpu["pnm"]
        print(f"{args.cells} ball-stick cells from hoc, {2 * args.cells} NetCons "
              f"(best of {args.repeat}):")
        print(f"  build, CPU time:             NEURON {nc:.3f} s   pnm {pc:.3f} s   "
              f"ratio {pc / nc:.2f}   (thread_time around build(), in h(...))")
        if args.baseline:
            print(f"  build, CPU time, baseline:   pnm from {args.baseline} {cpu['baseline']:.3f} s"
                  f"   ratio {cpu['baseline'] / nc:.2f}")
        print(f"  build, CPU time, python -m pnm: pnm {cpu['main']:.3f} s   ratio "
              f"{cpu['main'] / nc:.2f}   (the same build() as a program of `python -m pnm`)")
        if args.baseline:
            print(f"  build, CPU time, python -m pnm, baseline: {cpu['baseline main']:.3f} s   "
                  f"ratio {cpu['baseline main'] / nc:.2f}")
        py = python_api_best_of(args.cells, tmp, args.repeat)
        print(f"  same network, Python API:    NEURON {py['neuron']:.3f} s   pnm {py['pnm']:.3f} s"
              f"   ratio {py['pnm'] / py['neuron']:.2f}   (CPU time, no hoc: the model's own cost)")
        print(f"  build (new cells + NetCons): NEURON {nb:.3f} s   pnm {pb:.3f} s   "
              f"ratio {pb / nb:.2f}")
        print(f"  finitialize:                 NEURON {ni:.3f} s   pnm {pi:.3f} s   "
              f"ratio {pi / max(ni, 1e-9):.2f}")
        print(f"  finitialize, warm:           NEURON {nwi:.3f} s   pnm {pwi:.3f} s   "
              f"ratio {pwi / max(nwi, 1e-9):.2f}   (after a first finitialize)")
        print(f"  build + finitialize:         ratio {(pb + pi) / (nb + ni):.2f}")
        print(f"  whole process (start-up to exit): NEURON {nw:.2f} s   pnm {pw:.2f} s   "
              f"ratio {pw / nw:.2f}")
        if args.stages:
            stages = model_stages(args.cells, tmp, args.repeat)
            print(f"  model by direct calls, no hoc (CPU, {sum(t for t, _ in stages):.3f} s):")
            for t, what in stages:
                print(f"    {t * 1e6 / args.cells:6.1f} us per cell  {what}")
        if args.profile:
            code = ("import cProfile, pstats, pnm.hoclang as hl; i = hl.get_interpreter(); "
                    f"cProfile.run('i.run_file({path!r})', 'prof.out'); "
                    "pstats.Stats('prof.out').sort_stats('tottime').print_stats(25)")
            r = subprocess.run([sys.executable, "-c", code], cwd=tmp, capture_output=True,
                               text=True, env=dict(os.environ, PYTHONPATH=REPO))
            print(r.stdout[-6000:])


if __name__ == "__main__":
    main()
