"""IntFire1.M(), IntFire2.M()/I(), IntFire4.M()/E()/I(): the analytic states at t, sampled
between runs (during decay, just after a spike in IntFire1's refractory 0.5 ms, with
excitatory and inhibitory input to IntFire4), as NEURON."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")
c1 = h.IntFire1(); c1.tau = 10; c1.refrac = 3
c2 = h.IntFire2(); c2.ib = 0.3; c2.taus = 15
c4 = h.IntFire4(); c4.taum = 30
ns = h.NetStim(); ns.interval = 2.5; ns.number = 6; ns.start = 1
inh = h.NetStim(); inh.interval = 7; inh.number = 3; inh.start = 4
ncs = [h.NetCon(ns, c1, 0, 1, 0.4), h.NetCon(ns, c2, 0, 1, 0.35), h.NetCon(ns, c4, 0, 1, 0.6),
       h.NetCon(inh, c4, 0, 1, -0.4)]
spikes = {name: h.Vector() for name in ("c1", "c2", "c4")}
recs = [h.NetCon(c, None) for c in (c1, c2, c4)]
for nc, name in zip(recs, ("c1", "c2", "c4")):
    nc.record(spikes[name])
h.finitialize(-65)
print("t0", c1.M(), c2.M(), c2.I(), c4.M(), c4.E(), c4.I())
for stop in [0.5, 1.0, 1.1, 3.6, 3.7, 3.9, 4.1, 6.2, 6.55, 8.8, 9.4, 12.0, 17.3, 25, 40]:
    h.continuerun(stop)
    print("t %g" % h.t, "%.15g %.15g %.15g" % (c1.M(), c2.M(), c2.I()),
          "%.15g %.15g %.15g" % (c4.M(), c4.E(), c4.I()))
for name in ("c1", "c2", "c4"):
    print(name, "spikes", list(spikes[name]))
