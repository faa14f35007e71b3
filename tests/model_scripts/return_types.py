"""Python types of values NEURON returns (int for List.count/index and pc.nthread, float for
NetCon.wcnt and Vector.size ...): printed values then read the same."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
v = h.Vector([1, 2, 3]); l = h.List(); l.append(v)
s = h.Section(name="s"); pc = h.ParallelContext()
sl = h.SectionList(); sl.append(sec=s)
r = h.Random(1)
ns = h.NetStim(); nc = h.NetCon(ns, None)
vals = {"v.size": v.size(), "v.x0": v.x[0], "v.sum": v.sum(), "v.indwhere": v.indwhere(">", 1), "v.max_ind": v.max_ind(), "v.contains": v.contains(2),
        "l.count": l.count(), "l.index": l.index(v), "pc.nthread": pc.nthread(), "pc.id": pc.id(), "pc.nhost": pc.nhost(),
        "s.nseg": s.nseg, "n3d": s.n3d(), "h.n3d": h.n3d(sec=s), "sl.len": len(list(sl)), "nc.valid": nc.valid(), "nc.active": nc.active(), "ns.number": ns.number,
        "h.section_exists": h.section_exists("s"), "h.ismembrane": h.ismembrane("pas", sec=s), "v.eq": v.eq(v), "r.repick": type(r.uniform(0,1)).__name__,
        "h.t": h.t, "nc.wcnt": nc.wcnt(), "h.secname": h.secname(sec=s), "v.printf": None}
sf = h.StringFunctions()
out = h.ref("")
num = h.ref(0)
vals.update({"sf.len": sf.len("abc"), "sf.substr": sf.substr("abc", "b"),
             "sf.head": sf.head("abc", "b", out), "sf.tail": sf.tail("abc", "b", out),
             "sf.tail.out": out[0], "sf.is_name": sf.is_name("t"),
             "sf.is_point_process": sf.is_point_process(ns), "sf.is_artificial": sf.is_artificial(ns),
             "mt.count": h.MechanismType(0).count(), "mt.selected": h.MechanismType(0).selected(),
             "h.issection": h.issection("s", sec=s), "h.sscanf": h.sscanf("3.5 4", "%lf", num),
             "sscanf.num": num[0], "h.unix_mac_pc": h.unix_mac_pc()})
for k, val in vals.items():
    print(k, type(val).__name__, val)
