"""Runs the tutorial's test_ring2.py unchanged and prints, on rank 0, the spike raster it
plots (each plt.vlines call is one cell's spike times) as JSON lines 'SPIKE gid time'."""
import os
import runpy
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "tutorial_ring")
sys.path.insert(0, here)
captured = []
_vlines = plt.vlines


def vlines(x, ymin, ymax, *a, **k):
    captured.append((int(round(ymin - 0.5)), list(x)))
    return _vlines(x, ymin, ymax, *a, **k)


plt.vlines = vlines
os.chdir(sys.argv[1] if len(sys.argv) > 1 else here)
try:
    runpy.run_path(os.path.join(here, "test_ring2.py"), run_name="__main__")
except SystemExit:
    pass
finally:
    for gid, times in captured:
        for t in times:
            print(f"SPIKE {gid} {t!r}", flush=True)
