"""A parameter sweep of the benchmark network, run master/worker: each task builds and runs a
network of ball-and-stick cells (one process, pnm) for one synaptic weight and returns its
spike count. SingleProcess, ProcessPoolExecutor and the MPI pool give the same list.

    python examples/sweep/sweep.py --executor single
    python examples/sweep/sweep.py --executor process
    mpiexec -n 3 python examples/sweep/sweep.py --executor mpi
"""

import argparse

import numpy as np

from pnm import h
from pnm.cells import BallAndStick
from pnm.parallel.executors import MPIPoolExecutor, ProcessPoolExecutor, SingleProcess

NCELL, NCONN, TSTOP = 50, 10, 200.0


def run_network(weight):
    """Spike count of a seeded random ball-and-stick network whose NetCons have `weight`."""
    rng = np.random.default_rng(7)
    cells = [BallAndStick(gid, dend_nseg=11) for gid in range(NCELL)]
    stims, ncs = [], []
    for cell in cells:
        stim = h.NetStim()
        stim.start, stim.interval, stim.number = float(rng.uniform(5, 30)), 30.0, 1e9
        nc = h.NetCon(stim, cell.syn)
        nc.weight[0], nc.delay = 0.04, 1.0
        stims.append(stim)
        ncs.append(nc)
    spikes = h.Vector()
    for cell in cells:
        det = cell.connect2target(None)
        det.record(spikes)
        ncs.append(det)
        for src in rng.choice(NCELL, NCONN, replace=False):
            nc = cells[src].connect2target(cell.syn)
            nc.weight[0], nc.delay = weight, 5.0
            ncs.append(nc)
    h.finitialize(-65)
    h.continuerun(TSTOP)
    return int(spikes.size())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--executor", choices=["single", "process", "mpi"], default="single")
    args = ap.parse_args()
    weights = [0.0, 0.001, 0.002, 0.004, 0.008]
    make = {"single": SingleProcess, "process": ProcessPoolExecutor, "mpi": MPIPoolExecutor}
    with make[args.executor]() as ex:          # MPI workers serve tasks inside this line
        counts = ex.execute(run_network, weights)
        for w, c in zip(weights, counts):
            print(f"weight {w:<6g} spikes {c}")


if __name__ == "__main__":
    main()
