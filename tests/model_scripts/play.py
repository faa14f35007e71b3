"""Vector.play (step forms) and Random.play during fixed-step runs; run as
`python play.py neuron|pnm`. Prints what must be identical under NEURON 9 and pnm."""
import sys

if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
dend = h.Section(name="dend")
dend.connect(soma)
dend.nseg = 3
dend.insert("pas")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur = 0, 1e9
# step play with a time vector: times off the step grid, a repeated time, one after the run
amp = h.Vector([0.0, 0.3, 0.1, 0.5, -0.2, 0.4, 0.9])
amp_t = h.Vector([0.0, 1.01, 2.5, 2.5, 4.0125, 7.3, 50.0])
amp.play(stim._ref_amp, amp_t)
# step play with an interval: gnabar every 0.3 ms
gna = h.Vector([0.12, 0.2, 0.08, 0.15, 0.3, 0.1, 0.12, 0.05])
gna.play(soma(0.5)._ref_gnabar_hh, 0.3)
# Random.play into a range variable: a new draw at finitialize and every step
r = h.Random()
r.Random123(3, 5, 7)
r.uniform(1e-4, 5e-4)
r.play(dend(0.1)._ref_g_pas)

rec = {name: h.Vector().record(ref) for name, ref in (
    ("v", soma(0.5)._ref_v), ("amp", stim._ref_amp), ("i", stim._ref_i),
    ("gnabar", soma(0.5)._ref_gnabar_hh), ("vdend", dend(0.9)._ref_v),
    ("gpas", dend(0.1)._ref_g_pas), ("vdend1", dend(0.1)._ref_v))}
h.dt = 0.025
h.finitialize(-65)
print("after finitialize", stim.amp, soma(0.5).gnabar_hh, dend(0.1).g_pas)
h.continuerun(8)
print("after run", h.t, stim.amp, soma(0.5).gnabar_hh, dend(0.1).g_pas)
for name, vec in rec.items():
    print("vector", name, len(vec), " ".join("%.12g" % x for x in vec))
for _ in range(3):
    h.fadvance()
print("fadvance", h.t, stim.amp, soma(0.5).v)
# a second run restarts the plays; play_remove stops one
amp.play_remove()
stim.amp = 0.05
h.finitialize(-65)
h.continuerun(2)
print("second run", stim.amp, soma(0.5).gnabar_hh, len(rec["v"]), "%.12g" % soma(0.5).v)
