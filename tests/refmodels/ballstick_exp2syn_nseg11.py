"""Ball (hh) and stick (pas, nseg=11) with an Exp2Syn on the dendrite driven by two
NetStims with different weights: voltages, synaptic current and g, spikes."""
from neuron import n
from neuron.units import ms, mV, µm

NSEG = 11

n.load_file("stdrun.hoc")

soma = n.Section(name="soma")
dend = n.Section(name="dend")
dend.connect(soma)
soma.L = soma.diam = 12.6157 * µm
dend.L = 200 * µm
dend.diam = 1 * µm
dend.nseg = NSEG
for sec in (soma, dend):
    sec.Ra = 100
    sec.cm = 1
soma.insert(n.hh)
dend.insert(n.pas)
for seg in dend:
    seg.pas.g = 0.001
    seg.pas.e = -65 * mV

syn = n.Exp2Syn(dend(0.5))
syn.tau1 = 0.5 * ms
syn.tau2 = 5 * ms
syn.e = 0 * mV

stim1 = n.NetStim()
stim1.number = 5
stim1.start = 5 * ms
stim1.interval = 10 * ms
nc1 = n.NetCon(stim1, syn)
nc1.weight[0] = 0.005
nc1.delay = 1 * ms

stim2 = n.NetStim()
stim2.number = 4
stim2.start = 12 * ms
stim2.interval = 9 * ms
nc2 = n.NetCon(stim2, syn)
nc2.weight[0] = 0.002
nc2.delay = 2 * ms

v_soma = n.Vector().record(soma(0.5)._ref_v)
v_dend = n.Vector().record(dend(0.5)._ref_v)
v_dend1 = n.Vector().record(dend(1)._ref_v)
i_syn = n.Vector().record(syn._ref_i)
g_syn = n.Vector().record(syn._ref_g)
spikes = n.Vector()
detector = n.NetCon(soma(0.5)._ref_v, None, sec=soma)
detector.record(spikes)

n.finitialize(-65 * mV)
n.continuerun(50 * ms)

RESULT = {
    "v_soma": v_soma, "v_dend": v_dend, "v_dend1": v_dend1,
    "i_syn": i_syn, "g_syn": g_syn, "spikes": spikes,
}
TOLERANCE = {
    "v_soma": 1e-6, "v_dend": 1e-6, "v_dend1": 1e-6,
    "i_syn": 1e-9, "g_syn": 1e-9, "spikes": 0.0,
}
