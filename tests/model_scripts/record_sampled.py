"""Vector.record(ref, Dt) and Vector.record(ref, tvec) under fixed steps; run as
`python record_sampled.py neuron|pnm`. Prints what must be identical under NEURON 9 and pnm
(NEURON's sample events: values at the first step time t_n with te <= t_n + dt/2)."""
import sys

if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.insert("hh")
soma.L = soma.diam = 20
ic = h.IClamp(soma(0.5))
ic.delay, ic.dur, ic.amp = 1, 5, 0.2
recs = {}
for dts in (0.5, 0.1, 0.03, 0.0125, 0.07, 1.0 / 3):
    recs[f"v Dt={dts}"] = h.Vector().record(soma(0.5)._ref_v, dts)
    recs[f"t Dt={dts}"] = h.Vector().record(h._ref_t, dts)
tvecs = []
for times in ([0, 2, 4, 6], [0.013, 1.0123, 2.5, 2.51, 5.99, 6.01, 7], [3, 1, 2], []):
    tvecs.append(h.Vector(times))
    recs[f"v tvec={times}"] = h.Vector().record(soma(0.5)._ref_v, tvecs[-1])
    tvecs.append(h.Vector(times))
    recs[f"t tvec={times}"] = h.Vector().record(h._ref_t, tvecs[-1])
# NEURON keeps no reference to tvec: freed, the recording ends
recs["v tvec freed"] = h.Vector().record(soma(0.5)._ref_v, h.Vector([1, 2]))
every = h.Vector().record(soma(0.5)._ref_v)


def show(what):
    print(what, "every step:", every.size())
    for k, vec in recs.items():
        print(k, vec.size(), [round(x, 9) for x in vec])


h.tstop = 6
h.run()
show("run")
h.continuerun(7.5)
show("continuerun")
keep = tvecs[0]
tvecs.clear()           # frees all but the first: those recordings end, keeping their values
h.dt = 0.01
h.tstop = 3
h.run()
show("dt 0.01")
