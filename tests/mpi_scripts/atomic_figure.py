"""A figure write that fails midway must leave the previous figure intact (pnm.util.atomic_write).

usage: atomic_figure.py DIR -- writes DIR/load.png, then fails a second write after the first
bytes, and prints "INTACT" if the file still holds the first figure and no temporary is left."""
import os
import sys

import matplotlib
matplotlib.use("Agg")
from matplotlib.backends.backend_agg import FigureCanvasAgg

from pnm.parallel.loadbalance import LoadReport, RankLoad

folder = sys.argv[1]
path = os.path.join(folder, "load.png")


def report(comp):
    return LoadReport([RankLoad(r, 10, 130, 200, comp * (r + 1), 0.1, 5, 20) for r in range(2)])


report(1.0).figure(path)
with open(path, "rb") as f:
    before = f.read()
assert before.startswith(b"\x89PNG") and len(before) > 1000


def print_png_failing(self, out, *args, **kwargs):
    out.write(b"\x89PNG\r\n\x1a\n truncated")    # the first bytes, then the disk is "full"
    raise OSError(28, "No space left on device")


FigureCanvasAgg.print_png = print_png_failing
try:
    report(2.0).figure(path)
except OSError as exc:
    print("write failed as arranged:", exc)
else:
    sys.exit("the failing write did not fail")
with open(path, "rb") as f:
    after = f.read()
leftovers = [n for n in os.listdir(folder) if n != "load.png"]
print("INTACT" if after == before and not leftovers else f"DAMAGED {len(after)} {leftovers}")
