"""Ten NetStims firing at the same times (start 1, every 2 ms) into one TieCell
(tiecell.mod) through NetCons of one delay and different weights: the cell's spike times
(%.17g) and the order in which the NetStims fire at each time (NetCon.record's id vector).
argv: neuron|pnm, the built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])
h.load_file("stdrun.hoc")
cell = h.TieCell()
stims, ncs, watch = [], [], []
fired_t, fired_id = h.Vector(), h.Vector()
for k in range(10):
    ns = h.NetStim()
    ns.start, ns.interval, ns.number = 1, 2, 1e9
    nc = h.NetCon(ns, cell)
    nc.delay = 1
    nc.weight[0] = 0.0137 * (k + 1) / 10 - 0.0031 * (k % 3)
    w = h.NetCon(ns, None)
    w.record(fired_t, fired_id, k)
    stims.append(ns)
    ncs.append(nc)
    watch.append(w)
spikes = h.Vector()
out = h.NetCon(cell, None)
out.record(spikes)
h.tstop = 300
h.run()
print("spikes", " ".join("%.17g" % x for x in spikes))
order = {}
for t, k in zip(fired_t, fired_id):
    order.setdefault(t, []).append(int(k))
print("orders", len(order))
for t in sorted(order):
    print("%g %s" % (t, " ".join(map(str, order[t]))))
