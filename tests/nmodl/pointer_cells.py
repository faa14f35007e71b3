"""POINTERs and FUNCTION_TABLEs of .mod files in a small network, under NEURON or pnm, on any
number of ranks (pair p of cells lives on rank p % nhost; every pointer is rank-local).

Mechanisms: ModelDB 155602 gap.mod (Gap: POINTER vgap, gap junctions both ways), 3343
gabab.mod (GABAb_S: POINTER pre, the presynaptic voltage), 18198 ampa5.mod (AMPA5: POINTER C,
here GABAb_S's transmitter C: a point process reading another's variable), ptrd.mod (the
test's own density mechanism: reads POINTER pv, writes POINTER pw in its state update; pw of
one segment drives a gap junction's resistance), NEURON's docs/nmodl/mod/k3st.mod
(FUNCTION_TABLE tau1 from two Vectors, tau2 a constant) and ftab.mod (the test's own: a 1-D
table from Vectors, a 2-D table of 2 x 3 values, one axis by min/max, one by a Vector).
Pointers are set in all of NEURON's ways: hoc's setpointer, h.setpointer, obj._ref_p = ref.

argv: backend (neuron|pnm), build directory, output json.
Output: the spikes (gid, time); on one rank the traces, and FUNCTION_TABLE lookups."""
import json
import sys

backend, build, out = sys.argv[1], sys.argv[2], sys.argv[3]
if backend == "neuron":
    from neuron import h
    h.nrnmpi_init()
    h.nrn_load_dll(build + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(build)
h.load_file("stdrun.hoc")
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
NPAIR = 2
keep = []
h.celsius = 6.3

# FUNCTION_TABLEs (global to each mechanism, as NEURON's)
tau1_v = h.Vector([-100 + 15 * k for k in range(12)])
tau1_y = h.Vector([0.5 + 0.3 * k for k in range(12)])
h.table_tau1_k3st(tau1_y, tau1_v)
h.table_tau2_k3st(100)
minf_v = h.Vector([-90, -70, -50, -30, 0, 40])
minf_y = h.Vector([0.0, 0.05, 0.2, 0.6, 0.9, 1.0])
h("objref minf_yh, minf_vh")       # hoc's form: table_f(&y.x[0], n, &x.x[0])
h.minf_yh, h.minf_vh = minf_y, minf_v
h("table_minf_ftab(&minf_yh.x[0], minf_yh.size(), &minf_vh.x[0])")
mtau_y = h.Vector([2.0, 5.0, 9.0, 1.0, 3.0, 4.0])     # 2 x 3, row order
mtau_k = h.Vector([1.0, 2.0, 4.0])
h.table_mtau_ftab(mtau_y._ref_x[0], 2, -80, 20, 3, mtau_k._ref_x[0])
vector_name = h.Vector().hname()   # the table calls made no Vectors (NEURON's numbering)


def cell(gid):
    h(f"create soma{gid}, dend{gid}")       # hoc names, for hoc's setpointer
    soma, dend = getattr(h, f"soma{gid}"), getattr(h, f"dend{gid}")
    soma.L = soma.diam = 20
    soma.insert("hh")
    dend.L, dend.diam, dend.nseg = 150, 2, 3
    dend.insert("pas")
    dend.e_pas = -65
    dend.connect(soma(1))
    pc.set_gid2node(gid, rank)
    nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    pc.cell(gid, nc)
    keep.extend([soma, dend, nc])
    return soma, dend


def pair(p):
    (sa, da), (sb, db) = cell(2 * p), cell(2 * p + 1)
    stims = [h.IClamp(sa(0.5)) for delay in (2, 21, 40, 62)]
    for stim, delay in zip(stims, (2, 21, 40, 62)):
        stim.delay, stim.dur, stim.amp = delay + p, 1, 0.8
    g_ab, g_ba = h.Gap(sa(0.5)), h.Gap(sb(0.5))
    g_ab.r = g_ba.r = 80
    h.setpointer(sb(0.5)._ref_v, "vgap", g_ab)          # Python's h.setpointer
    h("objref gap_ba_")
    h.gap_ba_ = g_ba
    h(f"setpointer gap_ba_.vgap, {sa.name()}.v(0.5)")    # hoc's setpointer
    gabab = h.GABAb_S(db(0.5))
    gabab.gmax = 0.002
    gabab._ref_pre = sa(0.5)._ref_v                      # obj._ref_p = ref
    ampa = h.AMPA5(sb(0.5))
    ampa.gmax = 2000
    h.setpointer(gabab._ref_C, "C", ampa)                # a point process's variable
    da.insert("ptrd")
    for seg in da:
        h.setpointer(sb(0.5)._ref_v, "pv", seg.ptrd)     # a density mechanism's POINTER
    h(f"setpointer {da.name()}.pw_ptrd(0.1), {da.name()}.seen_ptrd(0.1)")
    h(f"{da.name()} setpointer pw_ptrd(0.9), seen_ptrd(0.9)")
    da(0.5).ptrd._ref_pw = g_ba._ref_r                   # pw drives the gap's resistance
    db.insert("k3st")
    db.gbar_k3st = 2
    sb.insert("ftab")
    sb.k_ftab = 1.5 + p
    keep.extend(stims + [g_ab, g_ba, gabab, ampa])
    return {"va": sa(0.5)._ref_v, "vb": sb(0.5)._ref_v, "gabab_g": gabab._ref_g,
            "ampa_O": ampa._ref_O, "ptrd_s": da(0.5)._ref_s_ptrd, "gap_r": g_ba._ref_r,
            "k3st_o": db(0.5)._ref_o_k3st, "tau1_rec": db(0.5)._ref_tau1_rec_k3st,
            "ftab_m": sb(0.5)._ref_m_ftab, "ftab_r2": sb(0.5)._ref_r2_ftab}


refs = {}
for p in range(NPAIR):
    if p % nhost == rank:
        refs.update({f"{p}.{k}": r for k, r in pair(p).items()})
syn = None
if 3 % nhost == rank:          # pair 0's first cell drives pair 1's second (maybe another rank)
    target = [s for s in keep if hasattr(s, "name") and s.name() == "dend3"][0]
    syn = h.ExpSyn(target(0.5))
    syn.e = 0
    nc = pc.gid_connect(0, syn)
    nc.weight[0], nc.delay = 0.01, 3
    keep.extend([syn, nc])

tvec, idvec = h.Vector(), h.Vector()
pc.spike_record(-1, tvec, idvec)
traces = {}
if nhost == 1:
    for key, ref in refs.items():
        traces[key] = h.Vector()
        traces[key].record(ref)
pc.set_maxstep(10)
h.dt = 0.025
h.finitialize(-65)
pc.psolve(80)
spikes = sorted((int(g), float(t)) for g, t in zip(idvec, tvec))
result = {"spikes": spikes, "traces": {k: list(v) for k, v in traces.items()},
          "lookups": {
              "vector_name": vector_name,
              "tau1": [h.tau1_k3st(x) for x in (-120, -100, -92.5, -10, 65, 80)],
              "tau2": [h.tau2_k3st(x) for x in (-50, 0)],
              "minf": [h.minf_ftab(x) for x in (-95, -90, -60, -1, 40, 41)],
              "mtau": [h.mtau_ftab(x, y) for x, y in ((-90, 0), (-80, 1), (-30, 1.5),
                                                      (-30, 3), (20, 4), (25, 5), (0, 2))]}}
everything = pc.py_gather(result, 0) if nhost > 1 else [result]
if rank == 0:
    merged = {"spikes": sorted(s for r in everything for s in r["spikes"]),
              "traces": {k: v for r in everything for k, v in r["traces"].items()},
              "lookups": result["lookups"]}
    with open(out, "w") as f:
        json.dump(merged, f)
pc.barrier()
pc.done()
