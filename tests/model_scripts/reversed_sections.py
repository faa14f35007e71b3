"""Sections connected by their 1 end (child.connect(parent(x), 1), hoc's
`connect child(1), parent(x)`): node order from the 1 end, geometry in node order (3-D points
too), children of a reversed section, topology(), orientation, area, ri, distance, define_shape
and voltages of a run, against NEURON."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.load_file("stdrun.hoc")
else:
    from pnm import h

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
bd = h.Section(name="bd")
bd.L, bd.nseg = 300, 5
bd.insert("pas")
bd.connect(soma(0), 1)
for i, seg in enumerate(bd):
    seg.diam = 1 + i
ad = h.Section(name="ad")
ad.L, ad.nseg, ad.diam = 200, 3, 2
ad.insert("pas")
ad.connect(bd(0.2))                  # a child of the reversed section
ad2 = h.Section(name="ad2")
ad2.L, ad2.nseg, ad2.diam = 80, 2, 1.5
ad2.connect(bd(0.9))
tip = h.Section(name="tip")
tip.L, tip.nseg, tip.diam = 50, 2, 1
tip.connect(bd(0), 0)                # at the reversed section's far (0) end
ax = h.Section(name="ax")
ax.nseg = 4
ax.insert("hh")
ax.connect(soma(1), 1)
for i, (x, d) in enumerate([(0, 3), (30, 2), (45, 1.5), (100, 1)]):   # 3-D points, tapering
    ax.pt3dadd(20 + x, 0, 0, d)
h.topology()
secs = [soma, bd, ad, ad2, tip, ax]
for s in secs:
    print(s.name(), s.orientation(), h.section_orientation(sec=s), s.parentseg(),
          [c.name() for c in s.children()])
    print(" area", ["%.9g" % seg.area() for seg in s])
    print(" ri", ["%.9g" % seg.ri() for seg in s.allseg()])
    print(" diam", ["%.9g" % seg.diam for seg in s])
h.distance(0, soma(0.5))
for s in secs:
    print("dist", s.name(), ["%.12g" % h.distance(seg) for seg in s.allseg()])
print("dist2", "%.12g" % h.distance(ad(0.9), tip(0.3)), "%.12g" % h.distance(ax(0.1), ad2(1)))
stim = h.IClamp(bd(0.1))
stim.delay, stim.dur, stim.amp = 1, 2, 0.5
stim2 = h.IClamp(tip(0.5))
stim2.delay, stim2.dur, stim2.amp = 5, 2, 0.3
syn = h.ExpSyn(ad2(0.5))
ns = h.NetStim()
ns.start, ns.number, ns.interval = 3, 2, 4
nc = h.NetCon(ns, syn)
nc.weight[0] = 0.02
spikes = h.Vector()
apc = h.NetCon(ax(0.2)._ref_v, None, sec=ax)
apc.threshold = 0
apc.record(spikes)
recs = []
for s in secs:
    for seg in s.allseg():
        vv = h.Vector()
        vv.record(seg._ref_v)
        recs.append((str(seg), vv))
h.finitialize(-65)
h.continuerun(12)
for name, vv in recs:
    print(name, "%.9f %.9f %.9f" % (vv[40], vv[200], vv[-1]))
print("spikes", ["%.9f" % t for t in spikes])
h.define_shape()
for s in secs:
    print(s.name(), ["%.4f %.4f %.4f %.4f" % (s.x3d(i), s.y3d(i), s.z3d(i), s.diam3d(i))
                     for i in range(s.n3d())])
    print(" after define_shape", ["%.9g %.9g" % (seg.diam, seg.area()) for seg in s])
