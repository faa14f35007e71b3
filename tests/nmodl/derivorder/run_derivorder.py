"""namir.mod (a statement after its x' equations) and trail_cnexp/trail_euler.mod in a soma
with hh and a current step: spike times, states and voltages for comparison.
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
for name in ("hh", "namr", "trail_cnexp", "trail_euler"):
    soma.insert(name)
soma.gnabar_namr = 0.005
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 2, 40, 0.2
spikes = h.Vector()
nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
nc.record(spikes)
v = h.Vector().record(soma(0.5)._ref_v)
h.finitialize(-65)
h.continuerun(50)
seg = soma(0.5)
print("spikes", list(spikes))
print("namr %.12f %.12f %.12f %.12f" % (seg.n_namr, seg.l_namr, seg.r_namr, seg.fr_namr))
for m in ("cnexp", "euler"):
    mech = getattr(seg, "trail_" + m)
    print(m, "%.12f %.12f %.12f" % (mech.a, mech.b, mech.snap))
for k in range(0, int(v.size()), 100):
    print("%.10f" % v[k])
