"""Load balance by splitting: one giant cell plus small cells on 2 ranks, without and with
ParallelNetManager.splitcell, and cut where LoadBalance's plan says (splitbalance.py). Prints
each run's LoadReport (computation per rank from pc.step_time, which excludes the time steps'
waits for the other piece: pc.vtransfer_time(1)), the cost model's imbalance and the run time.

    python benchmarks/bench_splitcell.py [tstop]    # runs the three cases under mpiexec -n 2
    mpiexec -n 2 python benchmarks/bench_splitcell.py run whole|split|plan [tstop]

The giant cell: an hh soma with two dendritic trees of 120 sections (nseg 5) each; 40 small
ball-and-stick cells (gids 1..40) in a ring driven by a NetStim. Whole: the giant cell on rank
0, the small cells round robin. Split: cut between the soma and the second tree (that tree on
rank 1), the small cells round robin. Plan: h.LoadBalance measures the giant cell and one small
cell; its plan cuts the giant so that both ranks get the mean cost, small cells fill up."""
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
    small_gids = [g for g in range(1, 41) if g % nhost == rank]
    giant_rank = 0
    if mode == "split":
        manager.splitcell(1, 0, sec=trees[1][0])
    elif mode == "plan":
        small_gids, giant_rank = place_by_plan(h, pc, soma)
    elif rank != 0:
        for sec in [soma] + trees[0] + trees[1]:
            h.delete_section(sec=sec)
    if rank == giant_rank:
        pc.set_gid2node(0, rank)
        pc.cell(0, h.NetCon(soma(0.5)._ref_v, None, sec=soma))
    small = {}
    from pnm.cells import BallAndStick
    for gid in small_gids:
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
    if rank == giant_rank:
        iclamp = h.IClamp(soma(0.5))
        iclamp.delay, iclamp.dur, iclamp.amp = 1, 1e9, 0.5
    pc.set_maxstep(10)
    h.stdinit()
    pc.barrier()
    t0 = time.perf_counter()
    pc.psolve(tstop)
    pc.barrier()
    wall = time.perf_counter() - t0
    report = load_report(pc, with_cost=True)
    if rank == 0:
        print(f"== {mode}: psolve({tstop:g}) {wall:.2f} s wall")
        print(report.table())
        print(f"IMBALANCE {mode} measured {report.imbalance:.3f} cost model "
              f"{report.cost_imbalance:.3f} WALL {wall:.3f}")
    pc.barrier()
    pc.done()


def place_by_plan(h, pc, soma):
    """LoadBalance's plan for the giant (gid 0) and the small cells: this rank's small gids
    and the rank of the giant's soma (its gid)."""
    from pnm.cells import BallAndStick
    rank = int(pc.id())
    h.load_file("loadbal.hoc")
    lb = h.LoadBalance(pc)
    proto = BallAndStick(-1)
    small_cost = lb.cell_complexity(sec=proto.soma)
    for sec in (proto.dend, proto.soma):
        h.delete_section(sec=sec)
    cells = {0: lb.cell_tree(sec=soma)}
    cells.update({g: small_cost for g in range(1, 41)})
    plan = lb.balance(cells)
    if rank == 0:
        print(plan.describe())
    if plan.is_split(0):
        plan.cut(0, soma, pc)
        pc.multisplit()
    elif rank not in plan.ranks_of(0):
        for sec in soma.wholetree():
            h.delete_section(sec=sec)
    return [g for g in plan.gids_on(rank) if g], plan.root_rank(0)


def main():
    if sys.argv[1:2] == ["run"]:
        run(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 200.0)
        return
    mpiexec = os.path.join(os.path.dirname(sys.executable), "mpiexec")
    for mode in ("whole", "split", "plan"):
        subprocess.run([mpiexec, "-n", "2", sys.executable, os.path.abspath(__file__), "run",
                        mode, *sys.argv[1:]], check=True)


if __name__ == "__main__":
    main()
