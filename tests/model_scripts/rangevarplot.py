"""h.RangeVarPlot against NEURON: paths within a section, up and down a tree, through the
root, reversed, begin == end, begin/end/origin set by calls, range variables other than v
(no values at the ends inside the path), to_vector with and without x, left/right, list,
and the hoc form."""
import sys

if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
soma = h.Section(name="soma"); soma.L = 20; soma.nseg = 1
dend = h.Section(name="dend"); dend.L = 100; dend.nseg = 5
dend.connect(soma(1))
d2 = h.Section(name="d2"); d2.L = 50; d2.nseg = 3
d2.connect(soma(0))
d3 = h.Section(name="d3"); d3.L = 30; d3.nseg = 2
d3.connect(dend(0.5))
for sec in (soma, dend, d2, d3):
    for seg in sec:
        seg.v = -65 + 100 * seg.x + (10 if sec is dend else 0) + (20 if sec is d2 else 0) + (30 if sec is d3 else 0)
def show(tag, rvp):
    v = h.Vector(); x = h.Vector(); rvp.to_vector(v, x)
    print(tag, [round(a, 9) for a in v], list(x), rvp.left(), rvp.right())
show("mid", h.RangeVarPlot("v", dend(0.25), dend(0.75)))
show("rev", h.RangeVarPlot("v", dend(0.75), dend(0.25)))
show("d3", h.RangeVarPlot("v", d3(1), dend(1)))
show("d3b", h.RangeVarPlot("v", d2(0.6), d3(0.8)))
r = h.RangeVarPlot("v"); r.begin(0.5, sec=d2); r.end(0.5, sec=dend); r.origin(0.5, sec=dend)
show("org_dend", r)
r = h.RangeVarPlot("v"); r.begin(0.5, sec=d2); r.end(0.5, sec=dend); r.origin(3, sec=soma)
show("org3", r)
r = h.RangeVarPlot("v"); r.begin(0.5, sec=dend); r.end(0.5, sec=dend)
show("same", r)
r = h.RangeVarPlot("diam", soma(0), dend(1)); show("diam", r)
v = h.Vector(); r.to_vector(v); print("novx", list(v))

show("child_end", h.RangeVarPlot("v", dend(0), dend(1)))
show("child_end_rev", h.RangeVarPlot("v", d3(1), d3(0)))
sl = h.SectionList()
h.RangeVarPlot("v", d3(0.9), d2(0.1)).list(sl)
print("list", [s.name() for s in sl])
for s in (soma, dend, d2, d3):
    s.insert("pas")
    for seg in s:
        seg.diam = 1 + 10 * seg.x
        seg.g_pas = 0.001 * (1 + seg.x)
for var in ("diam", "g_pas", "cm", "v"):
    for b, e in ((soma(0), dend(1)), (d2(1), dend(1)), (soma(0.5), dend(0.5)), (dend(1), soma(0)),
                 (d3(1), d2(0.2))):
        r = h.RangeVarPlot(var, b, e)
        v = h.Vector(); x = h.Vector(); r.to_vector(v, x)
        print(var, b, e, [round(a, 9) for a in v], list(x))

# children connected inside a section: the node they share with it is listed on the
# section the walk from begin is on when it gets there (begin's own section when begin is
# that node), whichever way the path runs
m = h.Section(name="m"); m.L = 10; m.diam = 10; m.nseg = 3
c1 = h.Section(name="c1"); c1.L = 100; c1.diam = 2; c1.nseg = 3
c1.connect(m(0.5))
c2 = h.Section(name="c2"); c2.L = 60; c2.diam = 4; c2.nseg = 2
c2.connect(m(0.5))
c3 = h.Section(name="c3"); c3.L = 30; c3.diam = 6; c3.nseg = 2
c3.connect(m(0.1))
c4 = h.Section(name="c4"); c4.L = 20; c4.diam = 3; c4.nseg = 1
c4.connect(c1(0.5))
for var in ("diam", "v"):
    for b, e in ((m(0.5), c1(1)), (c1(1), m(0.5)), (m(0), c1(1)), (c1(1), m(0)), (c1(0.9), c2(0.9)),
                 (c2(0.9), c1(0.9)), (c3(1), c1(1)), (c1(1), c3(1)), (c1(0.5), c4(1)),
                 (c4(1), c1(0.5)), (c4(1), c2(1)), (m(0.1), c3(1)), (c3(0), c3(1)), (c1(0), m(1))):
        r = h.RangeVarPlot(var, b, e)
        v = h.Vector(); x = h.Vector(); r.to_vector(v, x)
        print("inner", var, b, e, [round(a, 9) for a in v], list(x))

h('''create ha, hb, hc
connect hb(0), ha(1)
connect hc(0), hb(0.5)
ha { L = 10 nseg = 3 }
hb { L = 40 nseg = 4 }
hc { L = 15 nseg = 2 }
objref rvh, vh, xh
rvh = new RangeVarPlot("v")
hc rvh.begin(1)
ha rvh.end(0.2)
vh = new Vector()
xh = new Vector()
rvh.to_vector(vh, xh)
printf("hoc %d %g %g\\n", vh.size, rvh.left(), rvh.right())
for i = 0, xh.size - 1 printf(" %.10g", xh.x[i])
printf("\\n")
''')
