"""MechanismStandard: names, defaults, get/set, in/out with sections, segments, point processes
and other standards, hoc's ms.in / name(strdef); run as `python mechstandard.py neuron|pnm`.
Prints what must be identical under NEURON 9 and pnm. (NetStim's vartype 0 is left out:
NEURON lists its RANDOM variable `ranvar` there, whose value is not a number one can use.)"""
import sys

if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h


def err(label, fn):
    try:
        fn()
        print(label, "no error")
    except Exception as e:
        print(label, type(e).__name__)


ref = h.ref("")
for mech in ("hh", "pas", "ExpSyn", "Exp2Syn", "IClamp", "NetStim", "IntFire1", "IntFire2",
             "IntFire4"):
    for vartype in (-1, 0, 1, 2, 3):
        if mech == "NetStim" and vartype == 0:
            continue
        ms = h.MechanismStandard(mech, vartype)
        names = []
        for j in range(int(ms.count())):
            size = ms.name(ref, j)
            names.append((ref[0], int(size)))
        ms.name(ref)
        values = [ms.get(n) for n, _ in names] if vartype != -1 else None
        print(mech, vartype, ref[0], names, values)

s = h.Section(name="s")
s.nseg = 3
s.insert("hh")
for i, seg in enumerate(s):
    seg.hh.gnabar = 0.1 * (i + 1)
ms = h.MechanismStandard("hh")
print("count", int(ms.count()), "is_array", bool(ms.is_array(0)))
ms._in(sec=s)
print("in first segment", ms.get("gnabar_hh"))
ms._in(1, sec=s)
print("in x=1", ms.get("gnabar_hh"))
ms._in(s(0.5))
print("in segment", ms.get("gnabar_hh"))
ms.set("gkbar_hh", 0.5)
ms.out(0.9, sec=s)
print("out x=0.9", [seg.gkbar_hh for seg in s])
ms.out(sec=s)
print("out section", [seg.gkbar_hh for seg in s], [seg.gnabar_hh for seg in s])
h.MechanismStandard("pas").out(sec=s)           # pas not inserted: nothing happens
print("pas not inserted", s.has_membrane("pas"))
e = h.ExpSyn(s(0.5))
m2 = h.MechanismStandard("ExpSyn")
m2.set("tau", 3)
m2.out(e)
print("out point process", e.tau)
m3 = h.MechanismStandard("ExpSyn")
m3._in(m2)
print("in standard", m3.get("tau"))
ic = h.IClamp(s(0.5))
ic.delay = 4
m4 = h.MechanismStandard("IClamp")
m4._in(ic)
print("in IClamp del", m4.get("del"))
m4.out(e)
print("other type untouched", e.tau)
h.finitialize(-65)
st = h.MechanismStandard("hh", 3)
st._in(sec=s)
print("states after finitialize", [round(st.get(n), 12) for n in ("m_hh", "h_hh", "n_hh")])
err("get unknown", lambda: ms.get("foo"))
err("set unknown", lambda: ms.set("foo", 1))
err("global get", lambda: h.MechanismStandard("hh", -1).get("usetable_hh"))
err("unknown mechanism", lambda: h.MechanismStandard("nonsense"))
err("bad vartype", lambda: h.MechanismStandard("hh", 7))
err("name index", lambda: ms.name(ref, 99))
h("""
create hsec
access hsec
insert pas
g_pas = 0.002
objref hms
strdef hname
hms = new MechanismStandard("pas")
hms.in(0.5)
print hms.get("g_pas")
hms.name(hname, 1)
print hname
hms.set("e_pas", -80)
hms.out()
print e_pas
""")
