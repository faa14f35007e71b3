"""The notebook workflow as a script: a ring of hh cells run on 2 MPI ranks from this process
(MPIBackend), 4 trials on 2 worker processes (JoblibBackend), the spikes as neo SpikeTrains,
a SONATA file and a raster figure (docs/raster_ring.png).

    python examples/notebook/ring_backends.py [output.png]
"""

import os
import sys

import matplotlib
matplotlib.use("Agg")

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from ring_cells import NCELL, TSTOP, WEIGHTS, ring, trial  # noqa: E402

from pnm import io, plot  # noqa: E402
from pnm.backends import JoblibBackend, MPIBackend  # noqa: E402


def main(out_png):
    with MPIBackend(n_procs=2, timeout=300) as backend:
        runs = backend.run(ring, WEIGHTS)[0]          # rank 0 gathered every run
    with JoblibBackend(n_jobs=2) as backend:
        trials = backend.map(trial, WEIGHTS)
    assert trials == runs, "the trials on 2 processes differ from the 2-rank runs"
    times, gids = io.spike_arrays(*zip(*runs[-1]))
    trains = io.to_neo(times, gids, t_stop=TSTOP, gid_list=range(NCELL))
    print(f"{times.size} spikes; rates (Hz): "
          + ", ".join(f"{float(tr.size / TSTOP * 1000):.1f}" for tr in trains))
    io.write_sonata(os.path.splitext(out_png)[0] + ".h5", times, gids, population="ring")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(len(WEIGHTS), 1, sharex=True, figsize=(6.4, 1.1 + 1.05 * len(WEIGHTS)))
    for ax, weight, run in zip(axes, WEIGHTS, runs):
        plot.raster(*io.spike_arrays(*zip(*run)), ax=ax, t_stop=TSTOP, markersize=7)
        ax.set_ylabel(f"w={weight}\ngid", fontsize=8)
        ax.label_outer()
    axes[0].set_title(f"ring of {NCELL} hh cells, 4 trials: MPIBackend(n_procs=2) from a "
                      "notebook", fontsize=10)
    fig.tight_layout()
    fig.savefig(out_png, dpi=120)
    print("wrote", out_png)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "raster_ring.png")
