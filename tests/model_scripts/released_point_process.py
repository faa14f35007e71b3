"""A point process the program lets go of (`del stim`, `stim = None`) after a run is freed in
NEURON: the next run is without it. pnm's compiled engine held the last reference and kept
the current injecting (a silent difference); now finitialize rebuilds the model. The voltage
after each run, as NEURON prints it."""
import gc
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.insert("pas")
soma.L = soma.diam = 10
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 0, 100, 0.1
syn = h.ExpSyn(soma(0.5))
ns = h.NetStim()
ns.start, ns.number = 1, 2
nc = h.NetCon(ns, syn)
nc.weight[0] = 0.01
h.tstop = 5
h.run()
print("both", round(soma(0.5).v, 9))
del stim
gc.collect()
h.run()
print("stim freed", round(soma(0.5).v, 9))
nc = None
syn = None
gc.collect()
h.run()
print("synapse and NetCon freed", round(soma(0.5).v, 9))
keep = h.IClamp(soma(0.5))
keep.delay, keep.dur, keep.amp = 0, 100, 0.05
h.run()
print("a new clamp", round(soma(0.5).v, 9))
