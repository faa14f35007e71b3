"""IntFire4 (taue, taui1, taui2, taum) driven by excitatory (w>0) and inhibitory (w<0)
regular NetStims; output spike times."""
from neuron import n
from neuron.units import ms

n.load_file("stdrun.hoc")

cell = n.IntFire4()
cell.taue = 3 * ms
cell.taui1 = 5 * ms
cell.taui2 = 10 * ms
cell.taum = 30 * ms

stims, ncs = [], []
for start, interval, number, weight, delay in [
    (2, 4, 50, 0.3, 1),
    (3, 9, 20, 0.4, 2),
    (20, 15, 10, -0.5, 0.5),
]:
    ns = n.NetStim()
    ns.start, ns.interval, ns.number, ns.noise = start, interval, number, 0
    nc = n.NetCon(ns, cell)
    nc.weight[0], nc.delay = weight, delay
    stims.append(ns)
    ncs.append(nc)

spikes = n.Vector()
out = n.NetCon(cell, None)
out.record(spikes)

n.finitialize(-65)
n.continuerun(200 * ms)

RESULT = {"spikes": spikes}
TOLERANCE = {"spikes": 1e-9}
