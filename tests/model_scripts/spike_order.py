"""Spikes of one step are recorded in the order the spike sources were created (NEURON checks
thresholds in PreSyn creation order), not in the order NetCons use them: three identical
cells, gids 0, 1, 2 made in that order by pc.cell through NetCons that are then freed (a
template's localobj), fire in the same steps; the gid_connect NetCons use them in the
order 2, 1, 0 (ModelDB 96444's ran3par recorded same-time spikes in another order)."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")

pc = h.ParallelContext()
cells = []
for gid in range(3):
    soma = h.Section(name="cell%d" % gid)
    soma.L = soma.diam = 20
    soma.insert("hh")
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 20, 0.3
    syn = h.ExpSyn(soma(0.5))
    pc.set_gid2node(gid, pc.id())
    nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    pc.cell(gid, nc)
    nc = None
    cells.append((soma, stim, syn))
ncs = [pc.gid_connect(gid, cells[(gid + 1) % 3][2]) for gid in (2, 1, 0)]
for nc in ncs:
    nc.weight[0], nc.delay = 0.0, 1
tv, idv = h.Vector(), h.Vector()
pc.spike_record(-1, tv, idv)
h.tstop = 30
h.run()
print("spikes", [(round(t, 9), int(i)) for t, i in zip(tv, idv)])
