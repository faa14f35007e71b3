"""SUFFIX nothing files (tests/nmodl/nothing/): their functions and variables at hoc's top
level, from Python and from hoc, beside a cell with a mechanism; printed for comparison.
argv: neuron|pnm, the built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])
h.load_file("stdrun.hoc")
print("fac", h.fac(5), h.calls, "scaled", h.scaled(1.5), h.scale)
h.setscale(3)
print("scaled", h.scaled(1.5), h.scale)
h.scale = 0.5
h("print fac(4), scaled(3), calls, scale")
h("setscale(7)")
h("print scaled(2), tau")
h.tau = 10
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("leakn")
soma.insert("hh")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 20, 0.2
spikes = h.Vector()
nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
nc.record(spikes)
h.finitialize(-65)
h.continuerun(25)
print("spikes", list(spikes))
print("v %.10f decay %.12f" % (soma(0.5).v, h.decay(2)))
h("print decay(1)")
