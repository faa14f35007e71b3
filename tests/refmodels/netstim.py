"""Deterministic NetStims (noise=0) with assorted start/interval/number, including
number=0, start<0, start=0 and an interval not representable in binary (0.3)."""
from neuron import n
from neuron.units import ms

n.load_file("stdrun.hoc")

CONFIGS = {  # name: (start, interval, number)
    "regular": (5, 10, 5),
    "start0": (0, 7, 4),
    "number0": (5, 10, 0),
    "start_neg": (-1, 5, 10),
    "interval_0p3": (1.01, 0.3, 50),
    "many": (2.5, 3.3, 1000),  # more than fit before tstop
    "fractional_number": (3, 4, 2.5),
    "one": (17.123, 10, 1),
}

stims, ncs, vecs = [], [], {}
for name, (start, interval, number) in CONFIGS.items():
    ns = n.NetStim()
    ns.start = start * ms
    ns.interval = interval * ms
    ns.number = number
    ns.noise = 0
    nc = n.NetCon(ns, None)
    vecs[name] = n.Vector()
    nc.record(vecs[name])
    stims.append(ns)
    ncs.append(nc)

n.finitialize(-65)
n.continuerun(60 * ms)

RESULT = {name: vec for name, vec in vecs.items()}
TOLERANCE = {name: 0.0 for name in vecs}
