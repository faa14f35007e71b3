"""The notebook test's ring as one trial (weight 0.02), run to TSTOP with continuerun (under pnm
with PNM_PROGRESS=1, in the progress bar's chunks); prints "t gid" lines.
Usage: python chunked_run.py neuron|pnm"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                                "notebook"))
import ring_cells  # noqa: E402

simulator = sys.argv[1]
if simulator == "neuron":
    spikes = ring_cells.trial(0.02, simulator="neuron")
else:     # PNM_PROGRESS=1: continuerun advances in the bar's chunks and draws it
    spikes = ring_cells.trial(0.02)
for t, gid in spikes:
    print("%r %d" % (t, gid))
