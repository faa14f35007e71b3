"""seg.area() and seg.ri() of a section with 3-D points read, then read again after each kind
of geometry change (pt3dchange of a diameter, pt3dadd, Ra, nseg, L, a segment's diam,
pt3dclear and new points, pt3dinsert/pt3dremove): every value as NEURON's after each change
(pnm keeps a section's integrated 3-D geometry between reads of one geometry)."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h

dend = h.Section(name="dend")
soma = h.Section(name="soma")
dend.connect(soma(1))
soma.L = soma.diam = 10
for i in range(12):
    dend.pt3dadd(10.0 * i, 0.3 * i * i, 0.0, 2.0 + 0.25 * (i % 4))
dend.nseg = 5


def show(label):
    print(label, [round(seg.area(), 9) for seg in dend], [round(seg.ri(), 9) for seg in dend],
          round(dend.L, 9), [round(seg.diam, 9) for seg in dend])


show("start")
show("again")
dend.pt3dchange(4, 5.5)
show("pt3dchange diam")
dend.pt3dchange(6, 55.0, 11.0, 2.0, 3.0)
show("pt3dchange point")
dend.pt3dadd(125.0, 40.0, 0.0, 1.5)
show("pt3dadd")
dend.Ra = 180
show("Ra")
dend.nseg = 9
show("nseg")
dend.L = 90
show("L")
dend(0.5).diam = 4.0
show("seg diam")
dend.pt3dinsert(2, 15.0, 1.0, 0.0, 6.0)
show("pt3dinsert")
dend.pt3dremove(5)
show("pt3dremove")
dend.pt3dclear()
for i in range(4):
    dend.pt3dadd(0.0, 20.0 * i, 0.0, 3.0 - 0.5 * i)
show("new points")
