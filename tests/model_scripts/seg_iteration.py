"""The order `for mech in seg` yields mechanisms and ions: NEURON's property list from the head
(the newest insert first, the ions it uses just before it; rebuilt by an nseg change)."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
s = h.Section(name="s"); s.insert("pas"); s.insert("hh")
print([m.name() for m in s(0.5)])
e = h.Section(name="e"); e.insert("hh"); e.insert("pas")
print([m.name() for m in e(0.5)])
d = h.Section(name="d"); d.insert("hh"); d.insert("pas"); d.nseg = 3
print([m.name() for m in d(0.1)])
for m in s(0.5):
    print(m.name(), [(v.name(), v.mech().name()) for v in m])
print([round(getattr(s(0.5), v.name()), 9) for v in s(0.5).hh])
