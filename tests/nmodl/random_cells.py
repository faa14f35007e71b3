"""NMODL RANDOM under NEURON and pnm (tests/test_nmodl_random.py): RndCell
(random_mods/rndcell.mod) instances with default stream ids (1, rank, k), ids set from Python
(ranvar.set_ids) and from the .mod (a PROCEDURE with random_setids), a position set by
set_seq, NetCon events that call random_setseq; prints spikes, draws and the streams' state
after 50 ms, after a second finitialize, and Python-side draws (FUNCTION, NMODLRandom.uniform).
argv: backend (neuron|pnm), the folder with the built mechanisms."""
import os
import sys

backend, folder = sys.argv[1], sys.argv[2]
os.chdir(folder)
if backend == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")

cells = [h.RndCell() for _ in range(4)]
cells[1].r1.set_ids(7, 8, 9)
cells[2].setids(11, 12, 13)
cells[3].r1.set_seq(41)
cells[3].mean = 0.5
stim = h.NetStim()
stim.start, stim.interval, stim.number = 10, 10, 3
kick = h.NetCon(stim, cells[0])
kick.weight[0], kick.delay = 6, 1
tv, iv = h.Vector(), h.Vector()
recs = []
for k, c in enumerate(cells):
    nc = h.NetCon(c, None)
    nc.record(tv, iv, k)
    recs.append(nc)


def show(label):
    print(label)
    for k, c in enumerate(cells):
        print(k, "%.17g" % c.count, " ".join("%.17g" % getattr(c, f)
                                            for f in ("u1", "u2", "e1", "e2", "n1", "n2")))
        print(" ids", [int(x) for x in c.r1.get_ids()], [int(x) for x in c.r2.get_ids()],
              "seq %.17g %.17g" % (c.r1.get_seq(), c.r2.get_seq()))


for run in range(2):
    h.finitialize(-65)
    h.continuerun(50)
    print("spikes", tv.size())
    for t, g in zip(tv, iv):
        print("%.17g %d" % (t, g))
    show(f"after run {run}")
print("draw %.17g %.17g" % (cells[0].draw(), cells[0].draw()))
print("uniform %.17g" % cells[1].r2.uniform())
print("seq after %.17g" % cells[1].r2.get_seq())
print("set_seq returns the stream:", cells[2].r1.set_seq(8).get_seq())
