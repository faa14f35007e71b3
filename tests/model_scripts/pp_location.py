"""A point process sits at its node: get_segment().x and get_loc() are the node's x, and when nseg
changes it moves with its node (IClamp(0.3) on one segment stays at 0.5 when nseg becomes 3:
the voltages show where it injects), as in NEURON."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
d = h.Section(name="d"); d.L = 300; d.insert("pas")
ic = h.IClamp(d(0.3)); ic.amp = 0.1; ic.dur = 5; ic.delay = 1
print(ic.get_segment().x, ic.get_loc()); h.pop_section()
d.nseg = 3
print(ic.get_segment().x, ic.get_loc()); h.pop_section()
h.finitialize(-70)
for i in range(100): h.fadvance()
print([round(s.v, 9) for s in d])
d.nseg = 9
print(ic.get_segment().x)
dend = h.Section(name="dend"); dend.nseg = 9; dend.L = 100
syn = h.ExpSyn(dend(0.3))          # NEURON snaps a point process to the centre of its segment
print(syn.get_segment().x, syn.get_loc()); h.pop_section()
ic = h.IClamp(dend(0.01)); print(ic.get_segment().x)
dend.nseg = 3; print(syn.get_segment().x)
