"""h.PtrVector as NEURON 9: pset returns the value, gather/scatter through the references
(node voltages, range variables, point process fields), getval/setval, resize, size, label,
and elements not set."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h

soma = h.Section(name="soma")
soma.insert("hh")
soma.nseg = 3
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 0, 5, 0.2
pv = h.PtrVector(5)
h.finitialize(-65)
print(pv.size(), pv.pset(0, soma(0.5)._ref_v), pv.pset(1, soma(0.1)._ref_m_hh),
      pv.pset(2, stim._ref_amp), pv.pset(3, soma(0.9)._ref_gnabar_hh))
out = h.Vector(5)
pv.gather(out)
print(list(out))
pv.scatter(h.Vector([-60, 0.1, 0.3, 0.1, 7]))
print(soma(0.5).v, soma(0.1).m_hh, stim.amp, soma(0.9).gnabar_hh, pv.getval(4))
print(pv.setval(2, 0.5), stim.amp)
for i in range(40):
    h.fadvance()
pv.gather(out)
print(["%.10f" % x for x in out])
print(pv.resize(2), pv.size(), pv.label("volts"), pv.label())
