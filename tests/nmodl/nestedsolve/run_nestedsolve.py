"""satsyn.mod (SOLVE inside if/else of BREAKPOINT) driven through its POINTER by a spiking
presynaptic soma: spike times of both cells, S and voltages for comparison.
argv: neuron|pnm, the built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])
h.load_file("stdrun.hoc")
pre, post = h.Section(name="pre"), h.Section(name="post")
for sec in (pre, post):
    sec.L = sec.diam = 20
    sec.insert("hh")
stim = h.IClamp(pre(0.5))
stim.delay, stim.dur, stim.amp = 1, 60, 0.3
syn = h.SatSyn(post(0.5))
h.setpointer(pre(0.5)._ref_v, "pre", syn)
syn.gmax = 0.02
spikes = []
for sec in (pre, post):
    vec = h.Vector()
    nc = h.NetCon(sec(0.5)._ref_v, None, sec=sec)
    nc.record(vec)
    spikes.append((nc, vec))
v = h.Vector().record(post(0.5)._ref_v)
s = h.Vector().record(syn._ref_S)
h.finitialize(-65)
h.continuerun(60)
print("pre", list(spikes[0][1]))
print("post", list(spikes[1][1]))
print("Smax reached", s.max() >= 3 - 1e-12)
for k in range(0, int(v.size()), 100):
    print("%.10f %.10f" % (v[k], s[k]))
