"""A VecStim (from NEURON's vecevent.mod under NEURON, pnm's built-in under pnm) driving an
ExpSyn on an hh soma that also holds startstate.mod's mechanism; prints the soma's spikes.
argv: neuron|pnm, the built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])
h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
soma.insert("startst")
syn = h.ExpSyn(soma(0.5))
times = h.Vector([1, 2.5, 6, 6.125, 11, 20])
vs = h.VecStim()
vs.play(times)
nc = h.NetCon(vs, syn)
nc.weight[0], nc.delay = 0.03, 1
spikes = h.Vector()
out = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
out.record(spikes)
h.finitialize(-65)
h.continuerun(30)
print("spikes [" + ", ".join("%.9f" % t for t in spikes) + "]")
