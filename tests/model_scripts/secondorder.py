"""h.secondorder = 1 and 2 (Crank-Nicolson; 2 also moves the ion currents to the step's
middle voltage) against NEURON: an hh soma with a passive dendrite driven by an IClamp and a
NetStim through an ExpSyn; spike times, v, and the recorded ina/ik at every step."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.load_file("stdrun.hoc")
else:
    from pnm import h

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
dend = h.Section(name="dend")
dend.L, dend.diam, dend.nseg = 200, 1, 9
dend.insert("pas")
dend.connect(soma(1))
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 2, 30, 0.3
syn = h.ExpSyn(dend(0.7))
ns = h.NetStim()
ns.start, ns.interval, ns.number, ns.noise = 5, 7, 4, 0
nc = h.NetCon(ns, syn)
nc.weight[0], nc.delay = 0.01, 1
spikes = h.Vector()
detector = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
detector.threshold = 0
detector.record(spikes)
recs = [h.Vector().record(r) for r in (soma(0.5)._ref_v, dend(0.9)._ref_v, soma(0.5)._ref_ina,
                                       soma(0.5)._ref_ik, soma(0.5)._ref_m_hh)]
print("default", h.secondorder)
for order in (0, 1, 2):
    h.secondorder = order
    h.dt = 0.025
    h.finitialize(-65)
    h.continuerun(40)
    print("secondorder", h.secondorder, "spikes", ["%.10f" % t for t in spikes])
    for vec in recs:
        print(" ".join("%.9f" % x for x in list(vec)[::40]))
h.secondorder = 0
