"""NEURON's object indices restart at 0 once no object of the class is alive (hoc_oop.cpp), for
built-in classes, point processes, NetCons and hoc templates; List("name") lists the live
objects of a class or template in creation order."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h


def temporaries():
    v = h.Vector(3)
    lst = h.List()
    return str(v), str(lst)


print(temporaries(), temporaries())
a = h.Vector()
b = h.Vector()
print(a, b)
del a
print(h.Vector(), b)        # b is alive: numbering goes on
del b
print(h.Vector())
h('begintemplate T\npublic x\nx = 0\nendtemplate T')
t = h.T()
print(t)
del t
print(h.T())
m = h.Matrix(2, 2)
print(m)
del m
print(h.Matrix(2, 2))
s = h.Section(name="s")
syn = h.ExpSyn(s(0.5))
nc = h.NetCon(s(0.5)._ref_v, syn)
nc2 = h.NetCon(None, syn)
print(nc, nc2, syn)
del nc, nc2
print(h.NetCon(None, syn))
keep = [h.NetStim() for i in range(3)]
del keep[1]
print(h.NetStim(), keep)
ic = h.IClamp(s(0.5))
print(ic)
del ic
print(h.IClamp(s(0.5)))
sl = h.SectionList()
print(sl)
del sl
print(h.SectionList())
r = h.Random()
print(r)
del r
print(h.Random())
vs = [h.Vector(i) for i in range(4)]
del vs[2]
print(h.List("Vector").count(), [str(v) for v in h.List("Vector")])
print([str(o) for o in h.List("NetStim")], h.List("ExpSyn").count(), h.List("T").count())
ts = [h.T(), h.T()]
print([str(o) for o in h.List("T")])
