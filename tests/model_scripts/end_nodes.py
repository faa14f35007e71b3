"""v at a child section's connection end is its parent's node, as in NEURON: read and written
before finitialize (d3(0).v is dend(0.5).v), and after a run; finitialize() without a voltage
keeps what was set there."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")
soma = h.Section(name="soma"); soma.insert("hh")
dend = h.Section(name="dend"); dend.nseg = 5; dend.L = 200; dend.insert("pas")
dend.connect(soma(1))
d3 = h.Section(name="d3"); d3.nseg = 2; d3.L = 50; d3.connect(dend(0.5))
for seg in dend: seg.v = -50 + 10 * seg.x
print("before", d3(0).v, dend(0.5).v, dend(0).v, soma(1).v, dend(1).v, d3(1).v)
d3(0).v = -40
print("set d3(0)", d3(0).v, dend(0.5).v)
dend(0).v = -30
print("set dend(0)", dend(0).v, soma(1).v, soma(0.5).v)
ic = h.IClamp(soma(0.5)); ic.dur = 1; ic.amp = 1; ic.delay = 0.5
h.finitialize(-65)
h.continuerun(3)
print("after", d3(0).v, dend(0.5).v, dend(0).v, soma(1).v, dend(1).v, d3(1).v)
dend(0).v = -20
h.finitialize()
print("finitialize()", soma(1).v, dend(0).v, dend(0.1).v)
