"""A density POINTER set and read through the segment (seg._ref_p_ptrf = ref, seg.p_ptrf) and a
FUNCTION reading it (h.setdata_ptrf(seg); h.f_ptrf(), seg.ptrf.f()): NEURON's values (pnm read
the POINTER as 0 in FUNCTIONs and refused seg._ref_p_ptrf = ref). usage: ptrfunc.py neuron|pnm"""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
a, b = h.Section(name="a"), h.Section(name="b")
for s in (a, b):
    s.insert("ptrf")
a(0.5).ptrf.r = 1
b(0.5).ptrf.r = 42
a(0.5)._ref_p_ptrf = b(0.5)._ref_r_ptrf
print("a.p_ptrf", a(0.5).p_ptrf, "a.ptrf.p", a(0.5).ptrf.p)
b(0.5).r_ptrf = 7
print("a.p_ptrf", a(0.5).p_ptrf, "a.ptrf.p", a(0.5).ptrf.p)
h.setdata_ptrf(a(0.5))
print("f_ptrf", h.f_ptrf(), "a.ptrf.f()", a(0.5).ptrf.f())
