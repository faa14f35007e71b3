"""IntFire1 artificial cell (tau, refrac) driven by three regular NetStims with
different weights, starts and intervals; output spike times."""
from neuron import n
from neuron.units import ms

n.load_file("stdrun.hoc")

cell = n.IntFire1()
cell.tau = 10 * ms
cell.refrac = 5 * ms

stims, ncs = [], []
for start, interval, number, weight, delay in [
    (2, 7, 30, 0.4, 1),
    (5, 11, 20, 0.3, 2),
    (13, 17, 12, 0.5, 0.5),
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
