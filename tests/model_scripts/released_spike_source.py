"""A spike source (NetStim, IntFire1) the program lets go of is freed in NEURON, even while a
NetCon from it or its spike recording exists: the NetCon has no source any more (pre() None,
valid() 0), the recording stops and its Vector keeps what it holds, targets get no more events.
pnm's PreSyn held the source and kept it firing (a VecStim of one test played into the next).
"""
import gc
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")
h.tstop = 30


def count(name):
    return int(h.List(name).count())


def recorded_stim():
    """A NetStim only its recording NetCon (not kept) refers to."""
    ns = h.NetStim()
    ns.start, ns.number, ns.interval = 20, 3, 1
    vec = h.Vector()
    nc = h.NetCon(ns, None)
    nc.record(vec)
    return vec


vec = recorded_stim()
gc.collect()
h.run()
print("unheld source: NetStims", count("NetStim"), "recorded", vec.size())

ns = h.NetStim()
ns.start, ns.number, ns.interval = 20, 3, 1
vec = h.Vector()
nc = h.NetCon(ns, None)
nc.record(vec)
h.run()
print("held source: recorded", list(vec))
del ns
gc.collect()
h.run()
print("source freed: NetStims", count("NetStim"), "pre", nc.pre(), "valid", nc.valid(),
      "recorded", list(vec))

soma = h.Section(name="soma")
soma.insert("pas")
syn = h.ExpSyn(soma(0.5))
cell = h.IntFire1()
drive = h.NetStim()
drive.start, drive.number, drive.interval = 2, 5, 3
into_cell = h.NetCon(drive, cell)
into_cell.weight[0] = 2
out = h.NetCon(cell, syn)
out.weight[0] = 0.01
out.delay = 1
spikes = h.Vector()
out.record(spikes)
h.run()
print("IntFire1 held: spikes", list(spikes), "v", round(soma(0.5).v, 9))
cell = None
into_cell = None
gc.collect()
h.run()
print("IntFire1 freed: IntFire1s", count("IntFire1"), "out valid", out.valid(), "spikes",
      list(spikes), "v", round(soma(0.5).v, 9))

axon = h.Section(name="axon")
axon.insert("hh")
axon.L = axon.diam = 20
clamp = h.IClamp(axon(0.5))
clamp.delay, clamp.dur, clamp.amp = 1, 20, 0.3
watch = h.NetCon(axon(0.5)._ref_v, syn, sec=axon)
watch.weight[0] = 0.01
aps = h.Vector()
watch.record(aps)
h.run()
print("axon: spikes", len(aps), "valid", watch.valid())
h.delete_section(sec=axon)
h.run()
print("axon deleted: valid", watch.valid(), "pre", watch.pre(), "spikes", len(aps),
      "v", round(soma(0.5).v, 9))
