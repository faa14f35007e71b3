"""NEURON 9's DensityMechanism API: h.hh.insert(sec or sections), uninsert, its repr."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
m = h.hh
a = h.Section(name='a'); b = h.Section(name='b')
print(m.insert([a, b]), a.has_membrane('hh'), b.has_membrane('hh'))
print(m.uninsert(a), a.has_membrane('hh'))
print(repr(m), str(m))
sl = h.SectionList([a, b]); print(h.pas.insert(sl), a.has_membrane('pas'), b.has_membrane('pas'))
print(h.pas.uninsert(b), b.has_membrane('pas'))
