"""Section API and model changes between runs; run as `python section_api.py neuron|pnm`.
Prints results that must be identical under NEURON 9 and pnm (numbers to 1e-6)."""
import sys

if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")


def show(label, *value):
    print(label, value)


def err(label, fn):
    try:
        fn()
        print(label, "no error")
    except Exception as e:       # the type is what both must agree on
        print(label, "LookupError" if isinstance(e, LookupError) else type(e).__name__)


soma = h.Section(name="soma")
dend = h.Section(name="dend")
dend.connect(soma)
dend.nseg = 5
axon = h.Section(name="axon")
axon.connect(soma(0.3))
axon.nseg = 2
soma.L = soma.diam = 20
dend.L, dend.diam = 300, 2
axon.L, axon.diam = 100, 1
soma.insert("hh")
dend.insert("pas")
show("cas", h.cas())
# section-level assignment sets every segment; reading gives the middle
soma.nseg = 3
soma.gnabar_hh = 0.2
dend.g_pas = 2e-4
dend.e_pas = -68
dend.cm = 1.5
show("gnabar", [seg.gnabar_hh for seg in soma])
show("sec gnabar", soma.gnabar_hh)
show("g_pas", [seg.g_pas for seg in dend])
err("sec.foo", lambda: setattr(soma, "foo", 1))
err("get foo", lambda: soma.foo)
err("g_pas not inserted", lambda: setattr(soma, "g_pas", 1))
err("h.foo", lambda: setattr(h, "foo", 1))
err("nseg big", lambda: setattr(soma, "nseg", 40000))
err("nseg 0", lambda: setattr(soma, "nseg", 0))
h.topology()
ps = soma.psection()
show("psection keys", list(ps))
show("morphology", {k: ps["morphology"][k] for k in ("L", "diam", "pts3d", "parent")})
show("density", sorted(ps["density_mechs"]))
show("hh vars", list(ps["density_mechs"]["hh"]))
show("dend pas", dend.psection()["density_mechs"])
show("dend parent", dend.psection()["morphology"]["parent"])
# psection's dicts follow NEURON's mechanism type order, not insertion order
order = h.Section(name="order")
order.insert("pas")
order.insert("hh")
order_pps = [h.NetStim(order(0.5)), h.ExpSyn(order(0.5)), h.IClamp(order(0.5))]
show("get_loc pushes the section", order_pps[1].get_loc(), h.secname())
h.pop_section()
show("after pop_section", h.secname())
err("get_loc of an artificial cell", lambda: order_pps[0].get_loc())
show("mechanism order", list(order.psection()["density_mechs"]),
     list(order.psection()["point_processes"]), list(order.psection()["ions"]))
# section stack and functions
dend.push()
show("pushed cas", h.cas())
show("secname", h.secname())
show("n3d", h.n3d())
h.pop_section()
show("popped cas", h.cas())
show("units", [h.units(n) for n in ("v", "L", "diam", "cm", "gnabar_hh", "g_pas", "ena", "Ra", "t", "dt")])
show("units of point processes and other names", [h.units(n) for n in (
    "ExpSyn.i", "ExpSyn.tau", "Exp2Syn.g", "IClamp.del", "IClamp.amp", "NetStim.interval",
    "NetStim.number", "IntFire4.ae", "IntFire1.m", "m_hh", "mtau_hh", "il_hh", "nai", "ko",
    "hh", "IClamp", "finitialize", "nseg", "celsius")])
show("units on/off", h.units(1), h.units(0))
err("units of nothing", lambda: h.units("nonsense"))
err("units of ena_hh", lambda: h.units("ena_hh"))
err("units of a private field", lambda: h.units("NetStim.ispike"))
show("units set", h.units("gl_hh", "mho/cm2"), h.units("gl_hh"))
show("area", [round(seg.area(), 9) for seg in dend], h.area(0.5, sec=soma))
show("ri", [round(seg.ri(), 9) for seg in dend])
h.distance(0, soma(0.5))
show("distance", h.distance(dend(1)), h.distance(soma(0.5), axon(0.25)), h.distance(axon(1)))
# SectionList and SectionRef
sl = h.SectionList()
sl.wholetree(sec=soma)
show("wholetree", [s.name() for s in sl], len(sl))
sl.remove(sec=axon)
show("removed", [s.name() for s in sl])
roots = h.SectionList()
roots.allroots()
show("allroots", [s.name() for s in roots])
kids = h.SectionList()
kids.children(sec=soma)
show("children", [s.name() for s in kids])
sub = h.SectionList()
sub.subtree(sec=dend)
show("subtree", [s.name() for s in sub])
r = h.SectionRef(sec=dend)
show("ref", r.sec, r.parent, r.root, r.nchild(), bool(r.has_parent()), bool(r.exists()))
r2 = h.SectionRef(sec=soma)
show("ref soma", r2.nchild(), [r2.child[i].name() for i in range(int(r2.nchild()))], bool(r2.has_parent()))
# point processes, segment mechanisms, names
ic = h.IClamp(soma(0.5))
ic.delay, ic.dur, ic.amp = 1, 2, 0.3
syn = h.ExpSyn(dend(0.9))
show("dir IClamp", [n for n in dir(ic) if not n.startswith("__")])
show("pp", soma(0.5).point_processes(), ic.hname(), ic.get_segment())
show("mechs", [m.name() for m in dend(0.5) if m.name() == "pas"])
vec = h.Vector()
show("vec", repr(vec) == vec.hname())
v_soma = h.Vector().record(soma(0.5)._ref_v)
v_dend = h.Vector().record(dend(0.9)._ref_v)
t = h.Vector().record(h._ref_t)
stim = h.NetStim()
stim.start, stim.number, stim.interval = 2, 3, 1
nc = h.NetCon(stim, syn)
nc.weight[0] = 0.01
nc.delay = 1
h.finitialize(-65)
h.continuerun(4)
show("run1", v_soma.size(), v_soma[-1], v_dend[-1])
# the model changes between runs
dend.nseg = 7
soma.nseg = 1
axon.uninsert("pas") if False else None
dend.uninsert("pas")
axon.insert("hh")
dend.L = 250
soma.diam = 25
show("after change", dend(0.9).v, [round(seg.x, 9) for seg in dend])
syn2 = h.ExpSyn(soma(0.5))      # kept: a NetCon does not keep its target alive in NEURON
nc2 = h.NetCon(stim, syn2)
nc2.weight[0] = 0.001
h.finitialize(-65)
h.continuerun(4)
show("run2", v_soma.size(), v_soma[-1], v_dend[-1], t[-1])
show("v all", list(v_dend))
# deleting a section: its point processes become inert, its recordings stop
v_axon = h.Vector().record(axon(0.5)._ref_v)
syn_axon = h.ExpSyn(axon(0.5))
h.delete_section(sec=axon)
show("deleted", str(axon), syn_axon.get_segment(), bool(syn_axon.has_loc()))
err("deleted L", lambda: axon.L)
err("deleted seg", lambda: axon(0.5))
show("allsec", [s.name() for s in h.allsec()])
h.finitialize(-65)
h.continuerun(2)
show("run3", v_axon.size(), v_soma.size(), v_soma[-1])
h.topology()
# del of a Python section the IClamp still references
extra = h.Section(name="extra")
ic2 = h.IClamp(extra(0.5))
v_extra = h.Vector().record(extra(0.5)._ref_v)
del extra
show("del", ic2.get_segment(), [s.name() for s in h.allsec()])
h.finitialize(-65)
h.continuerun(1)
show("run4", v_extra.size(), v_soma[-1])
