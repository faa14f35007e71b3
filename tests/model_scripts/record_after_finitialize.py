"""Vector.record made after finitialize records nothing until the next finitialize (NEURON
builds its record lists there; pnm stopped with 'the model changed'): the sizes after a run,
then after finitialize and another run."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.insert("hh")
h.finitialize(-65)
v = h.Vector().record(soma(0.5)._ref_v)
t = h.Vector().record(h._ref_t)
h.continuerun(1)
print("recorded after the first run", len(v), len(t), round(soma(0.5).v, 9))
h.finitialize(-65)
h.continuerun(1)
print("after finitialize and a run", len(v), len(t), round(v[0], 9), round(v[-1], 9), round(t[-1], 9))
