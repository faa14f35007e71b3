"""Ball (hh) and stick (pas, nseg=11) driven by a NetStim -> NetCon -> ExpSyn on the
dendrite: soma/dendrite voltages (incl. the zero-area dend(1) node), synaptic current, spikes."""
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

syn = n.ExpSyn(dend(0.5))
syn.tau = 2 * ms

stim = n.NetStim()
stim.number = 5
stim.start = 5 * ms
stim.interval = 10 * ms
nc = n.NetCon(stim, syn)
nc.weight[0] = 0.04
nc.delay = 1 * ms

v_soma = n.Vector().record(soma(0.5)._ref_v)
v_dend = n.Vector().record(dend(0.5)._ref_v)
v_dend1 = n.Vector().record(dend(1)._ref_v)
i_syn = n.Vector().record(syn._ref_i)
spikes = n.Vector()
detector = n.NetCon(soma(0.5)._ref_v, None, sec=soma)
detector.record(spikes)

n.finitialize(-65 * mV)
n.continuerun(50 * ms)

RESULT = {"v_soma": v_soma, "v_dend": v_dend, "v_dend1": v_dend1, "i_syn": i_syn, "spikes": spikes}
TOLERANCE = {"v_soma": 1e-6, "v_dend": 1e-6, "v_dend1": 1e-6, "i_syn": 1e-9, "spikes": 0.0}
