"""Single-compartment Hodgkin-Huxley soma driven by an IClamp (celsius 6.3):
voltage, gating states, clamp current and spike times."""
from neuron import n
from neuron.units import ms, mV, µm

n.load_file("stdrun.hoc")

soma = n.Section(name="soma")
soma.L = soma.diam = 20 * µm
soma.nseg = 1
soma.insert(n.hh)

stim = n.IClamp(soma(0.5))
stim.delay = 5 * ms
stim.dur = 80 * ms
stim.amp = 0.2  # nA

t = n.Vector().record(n._ref_t)
v = n.Vector().record(soma(0.5)._ref_v)
m = n.Vector().record(soma(0.5).hh._ref_m)
h = n.Vector().record(soma(0.5).hh._ref_h)
nn = n.Vector().record(soma(0.5).hh._ref_n)
i = n.Vector().record(stim._ref_i)

nc = n.NetCon(soma(0.5)._ref_v, None, sec=soma)
spikes = n.Vector()
nc.record(spikes)

n.finitialize(-65 * mV)
n.continuerun(100 * ms)

RESULT = {"t": t, "v": v, "m": m, "h": h, "n": nn, "i": i, "spikes": spikes}
TOLERANCE = {"t": 0.0, "v": 1e-6, "m": 1e-9, "h": 1e-9, "n": 1e-9, "i": 1e-9, "spikes": 0.0}
