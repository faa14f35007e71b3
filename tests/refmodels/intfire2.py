"""IntFire2 (taum, taus, ib) driven by excitatory and inhibitory regular NetStims;
output spike times."""
from neuron import n
from neuron.units import ms

n.load_file("stdrun.hoc")

cell = n.IntFire2()
cell.taum = 10 * ms
cell.taus = 20 * ms
cell.ib = 0.5

stims, ncs = [], []
for start, interval, number, weight, delay in [
    (2, 5, 40, 0.15, 1),
    (7, 13, 15, 0.2, 1.5),
    (30, 25, 6, -0.25, 0.5),
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
