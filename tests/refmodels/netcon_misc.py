"""NetCon features: event(t) into an ExpSyn, active(False), threshold=-20, a weight
change between two continuerun calls, and a Python fadvance() loop after finitialize."""
from neuron import n
from neuron.units import ms, mV, µm

n.load_file("stdrun.hoc")

soma = n.Section(name="soma")
soma.L = soma.diam = 20 * µm
soma.insert(n.hh)
syn = n.ExpSyn(soma(0.5))
syn.tau = 2 * ms

stim = n.NetStim()  # drives syn; weight raised after 20 ms
stim.start, stim.interval, stim.number = 1 * ms, 4 * ms, 100
nc_stim = n.NetCon(stim, syn)
nc_stim.weight[0] = 0.002
nc_stim.delay = 1 * ms

stim_off = n.NetStim()  # strong input through an inactive NetCon: no effect
stim_off.start, stim_off.interval, stim_off.number = 2 * ms, 3 * ms, 100
nc_off = n.NetCon(stim_off, syn)
nc_off.weight[0] = 0.5
nc_off.active(False)

nc_event = n.NetCon(None, syn)  # events injected with nc.event(t)
nc_event.weight[0] = 0.02

det = n.NetCon(soma(0.5)._ref_v, None, sec=soma)
det.threshold = -20 * mV
spikes = n.Vector()
det.record(spikes)
t = n.Vector().record(n._ref_t)
v = n.Vector().record(soma(0.5)._ref_v)
g = n.Vector().record(syn._ref_g)

# phase 1: two continuerun calls with a weight change in between
n.finitialize(-65 * mV)
nc_event.event(3 * ms)
nc_event.event(12.5 * ms)
n.continuerun(20 * ms)
nc_stim.weight[0] = 0.006
n.continuerun(40 * ms)

RESULT = {
    "t": list(t), "v": list(v), "g": list(g),
    "spikes": list(spikes),
    "props": [nc_stim.active(), nc_off.active(), det.threshold, nc_stim.weight[0]],
}

# phase 2: finitialize again and step with fadvance() from Python
n.finitialize(-65 * mV)
nc_event.event(0.5 * ms)
v_loop, t_loop = [], []
for _ in range(100):
    n.fadvance()
    t_loop.append(n.t)
    v_loop.append(soma(0.5).v)

RESULT.update({"t_loop": t_loop, "v_loop": v_loop, "v_rec_loop": list(v), "g_loop": list(g)})
TOLERANCE = {
    "t": 0.0, "v": 1e-6, "g": 1e-9, "spikes": 0.0, "props": 0.0,
    "t_loop": 0.0, "v_loop": 1e-6, "v_rec_loop": 1e-6, "g_loop": 1e-9,
}
