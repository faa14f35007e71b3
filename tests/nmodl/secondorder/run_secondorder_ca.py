"""secondorder 0, 1, 2 with a calcium current and a pool reading ica (cachan.mod,
capool.mod): with 2 the ion currents move to the step's middle voltage before the pool
integrates them. Spike times, v, ica, cai at every 20th step. argv: neuron|pnm, built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
    h.load_file("stdrun.hoc")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.nseg = 3
for mech in ("hh", "cachan", "capool"):
    soma.insert(mech)
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 2, 40, 0.3
spikes = h.Vector()
detector = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
detector.record(spikes)
recs = [h.Vector().record(r) for r in (soma(0.5)._ref_v, soma(0.5)._ref_ica,
                                       soma(0.5)._ref_cai, soma(0.5)._ref_ina)]
for order in (0, 1, 2):
    h.secondorder = order
    h.finitialize(-65)
    h.continuerun(50)
    print("secondorder", order, "spikes", ["%.10f" % t for t in spikes])
    for vec in recs:
        print(" ".join("%.10g" % x for x in list(vec)[::20]))
