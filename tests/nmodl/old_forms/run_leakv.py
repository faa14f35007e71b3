"""A soma with hh, leakv and twobp (tests/nmodl/old_forms/) and an IClamp: spike times
and voltages, printed for comparison. argv: neuron|pnm, the built folder."""
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
soma.insert("leakv")
soma.insert("twobp")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 2, 30, 0.15
v = h.Vector().record(soma(0.5)._ref_v)
spikes = h.Vector()
nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
nc.record(spikes)
h.finitialize(-65)
h.continuerun(40)
print("spikes", list(spikes))
print("w %.12f a %.12f" % (soma(0.5).w_leakv, soma(0.5).a_twobp))
for k in range(0, int(v.size()), 50):
    print("%.10f" % v[k])
