"""NetCon.preloc()/postloc(): the node x of the source and target, their sections pushed, -1
without one, as NEURON."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
s = h.Section(name="s"); s.nseg = 5
d = h.Section(name="d")
syn = h.ExpSyn(d(0.3))
nc = h.NetCon(s(0.35)._ref_v, syn, sec=s)
x = nc.preloc(); print("preloc", x, h.cas().name()); h.pop_section()
x = nc.postloc(); print("postloc", x, h.cas().name()); h.pop_section()
ns = h.NetStim(); nc2 = h.NetCon(ns, syn)
print("preloc artificial", nc2.preloc())
nc3 = h.NetCon(s(0.35)._ref_v, None, sec=s)
print("postloc none", nc3.postloc())
