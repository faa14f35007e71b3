"""ModelDB 123815's Nasoma.mod and Ksoma.mod (INITIAL { m = minf }, minf a GLOBAL that a TABLE'd
PROCEDURE computes; a VERBATIM `return 0;` makes nocmodl's code non-vectorized, so NEURON
builds the table at the first call, in the first step, and INITIAL reads minf = 0) in a soma
with a current step: the GLOBALs after finitialize, spikes, states, voltages, and again after
a second finitialize (the GLOBALs then hold the last step's values).
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
for name in ("pas", "Nasoma", "Ksoma"):
    soma.insert(name)
soma.g_pas, soma.e_pas = 1e-4, -65
seg = soma(0.5)
stim = h.IClamp(seg)
stim.delay, stim.dur, stim.amp = 5, 20, 0.3
spikes = h.Vector()
nc = h.NetCon(seg._ref_v, None, sec=soma)
nc.threshold = -20
nc.record(spikes)
v = h.Vector().record(seg._ref_v)
for run in (1, 2):
    h.finitialize(-65)
    print("init %d %.12f %.12f %.12f %.12f %.12f" % (run, h.minf_Nasoma, h.hinf_Nasoma,
                                                   h.ninf_Ksoma, seg.m_Nasoma, seg.n_Ksoma))
    h.continuerun(30)
    print("spikes %d" % run, " ".join("%.3f" % x for x in spikes))
    print("final %d %.12f %.12f %.12f" % (run, seg.m_Nasoma, seg.h_Nasoma, seg.n_Ksoma))
    for k in range(0, int(v.size()), 40):
        print("%.9f" % v[k])
