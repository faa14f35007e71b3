"""The notebook test's ring as one trial (weight 0.02), run to TSTOP with continuerun in the
progress bar's chunks under pnm, in one call under NEURON; prints "t gid" lines.
Usage: python chunked_run.py neuron|pnm"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                                "notebook"))
import ring_cells  # noqa: E402

simulator = sys.argv[1]
if simulator == "neuron":
    spikes = ring_cells.trial(0.02, simulator="neuron")
else:
    from pnm import h, progress
    captured = {}
    continuerun = h.continuerun

    def chunked(tstop):
        bar = progress.start(tstop, t0=h.t, desc="continuerun")
        assert isinstance(bar, progress.ProgressBar), "PNM_PROGRESS=1 should draw the bar"
        for target in bar.targets(tstop - h.dt / 2, h.dt):
            continuerun(target + h.dt / 2)
            bar.update(h.t)
        bar.close()
        captured["chunks"] = True

    h.continuerun = chunked
    spikes = ring_cells.trial(0.02)
    assert captured.get("chunks")
for t, gid in spikes:
    print("%r %d" % (t, gid))
