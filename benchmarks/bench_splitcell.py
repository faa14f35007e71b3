"""Load balance by splitting: one giant cell plus small cells on 2 ranks, without and with
ParallelNetManager.splitcell. Prints each run's LoadReport (computation per rank from
pc.step_time, which excludes the time steps' waits for the other piece: pc.vtransfer_time(1))
and the run time.

    python benchmarks/bench_splitcell.py            # runs both cases under mpiexec -n 2
    mpiexec -n 2 python benchmarks/bench_splitcell.py run split|whole [tstop]

The giant cell: an hh soma with two dendritic trees of 120 sections (nseg 5) each; 40 small
ball-and-stick cells (gids 1..40) in a ring driven by a NetStim. Whole: the giant cell on rank
0, the small cells round robin. Split: cut between the soma and the second tree (that tree on
rank 1), the small cells round robin."""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def giant_cell(h):
    soma = h.Section(name="giant_soma")
    soma.L = soma.diam = 30
    soma.insert("hh")
    trees = []
    for t in range(2):
        secs = [h.Section(name=f"giant_{t}_{i}") for i in range(120)]
        for i, sec in enumerate(secs):
            sec.L, sec.nseg, sec.diam = 40, 5, 3.0 - 0.02 * i
            sec.insert("hh")
            # a binary-ish tree: section i hangs from section (i - 1) // 2
            sec.connect(secs[(i - 1) // 2](1) if i else soma(1 - t), 0)
        trees.append(secs)
    return soma, trees


def run(mode, tstop):
    from pnm import h
    from pnm.parallel.loadbalance import load_report
    h.load_file("netparmpi.hoc")
    manager = h.ParallelNetManager(41)
    pc = manager.pc
    rank, nhost = int(pc.id()), int(pc.nhost())
    soma, trees = giant_cell(h)
    if mode == "split":
        manager.splitcell(1, 0, sec=trees[1][0])
    elif rank != 0:
        for sec in [soma] + trees[0] + trees[1]:
            h.delete_section(sec=sec)
    if rank == 0:
        pc.set_gid2node(0, 0)
        pc.cell(0, h.NetCon(soma(0.5)._ref_v, None, sec=soma))
    small = {}
    for gid in range(1, 41):
        if gid % nhost == rank:
            from pnm.cells import BallAndStick
            small[gid] = BallAndStick(gid)
            pc.set_gid2node(gid, rank)
            pc.cell(gid, small[gid].connect2target(None))
    keep = []
    for gid in range(1, 41):
        target = small.get(gid % 40 + 1)
        if target is not None:
            nc = pc.gid_connect(gid, target.synlist[0])
            nc.weight[0], nc.delay = 0.05, 5
            keep.append(nc)
    if 1 in small:
        stim = h.NetStim()
        stim.start, stim.number = 1, 1
        keep.append(h.NetCon(stim, small[1].synlist[0]))
        keep[-1].weight[0] = 0.05
    if rank == 0:
        iclamp = h.IClamp(soma(0.5))
        iclamp.delay, iclamp.dur, iclamp.amp = 1, 1e9, 0.5
    pc.set_maxstep(10)
    h.stdinit()
    pc.barrier()
    t0 = time.perf_counter()
    pc.psolve(tstop)
    pc.barrier()
    wall = time.perf_counter() - t0
    report = load_report(pc)
    if rank == 0:
        print(f"== {mode}: psolve({tstop:g}) {wall:.2f} s wall")
        print(report.table())
        print(f"IMBALANCE {mode} {report.imbalance:.3f} WALL {wall:.3f}")
    pc.barrier()
    pc.done()


def main():
    if sys.argv[1:2] == ["run"]:
        run(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 200.0)
        return
    mpiexec = os.path.join(os.path.dirname(sys.executable), "mpiexec")
    for mode in ("whole", "split"):
        subprocess.run([mpiexec, "-n", "2", sys.executable, os.path.abspath(__file__), "run",
                        mode, *sys.argv[1:]], check=True)


if __name__ == "__main__":
    main()
