"""Borg-Graham channels of ModelDB 136095 (naf2, nap, kdr2, kmbg: bg_cvode.inc, whose VERBATIM
holds a C switch over the gate index and `if ((Tau[_lj] = ...) < basetau)`) in a soma with an
IClamp: spikes, gates and voltages under the fixed step, then under CVODE.
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
soma.insert("pas")
soma.g_pas, soma.e_pas = 1e-4, -65
for name, gmax in (("naf2", 0.1), ("nap", 0.0005), ("kdr2", 0.03), ("kmbg", 0.0005)):
    soma.insert(name)
    setattr(soma(0.5), "gmax_" + name, gmax)
h.celsius = 30
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 2, 30, 0.3
spikes = h.Vector()
nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
nc.threshold = -20
nc.record(spikes)
seg = soma(0.5)
cvode = h.CVode()
for active in (0, 1):
    cvode.active(active)
    v = h.Vector().record(seg._ref_v)
    tv = h.Vector().record(h._ref_t)
    h.finitialize(-65)
    h.continuerun(40)
    print("spikes %d" % active, " ".join("%.6f" % x for x in spikes))
    print("gates %d" % active, " ".join("%.9f" % getattr(seg, g) for g in (
        "m_naf2", "h_naf2", "m_nap", "m_kdr2", "h_kdr2", "m_kmbg")))
    print("steps %d %d" % (active, v.size()))
    for k in range(0, int(v.size()), 20):
        print("%.9f %.9f" % (tv[k], v[k]))
