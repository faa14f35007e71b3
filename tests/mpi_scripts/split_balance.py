"""NG giant hh cells (SPLIT_BALANCE_NGIANT, default 1) and NSMALL small cells, placed by
LoadBalance.balance (pnm) whole or with the giants cut where the plan says; NEURON (one
process) runs the same network unsplit.

argv: backend (neuron|pnm), mode (whole|split|allocation), OUT. Each rank writes
OUT.<rank>.json: its spikes [(t, gid)]; rank 0 also the plan and the load report (cost model
and measured). Mode allocation follows the plan of `python -m pnm --lb-mode split`
(pc.balance_plan(), from the dry run's allocation file) and also reports the plan
LoadBalance.balance makes for the same cells on the spot. Under `python -m pnm` (which passes
no arguments) the three come from SPLIT_BALANCE_ARGS.

A giant (gid k < NG): hh soma, two dendritic trees of 60 hh sections (nseg 3), an IClamp at
the soma, its spike detector at the soma, and an ExpSyn on the last section of the second tree
driven by a small cell (so spikes cross the pieces both ways). Small cells NG..NG+NSMALL-1: hh
soma and a passive dendrite with an ExpSyn, a ring driven by a NetStim and by the giants."""
import json
import os
import sys

backend, mode, out = (sys.argv[1:4] if len(sys.argv) > 3 else
                      os.environ["SPLIT_BALANCE_ARGS"].split())
NSMALL = 24
NG = int(os.environ.get("SPLIT_BALANCE_NGIANT", "1"))     # giant cells, gids 0..NG-1
if backend == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())


def giant(k):
    soma = h.Section(name=f"giant{k}_soma")
    soma.L = soma.diam = 30
    soma.insert("hh")
    secs = [soma]
    for t in range(2):
        tree = [h.Section(name=f"giant{k}_{t}_{i}") for i in range(60)]
        for i, sec in enumerate(tree):
            sec.L, sec.nseg, sec.diam = 40, 3, 3.0 - 0.03 * i
            sec.insert("hh")
            sec.connect(tree[(i - 1) // 2](1) if i else soma(1 - t), 0)
        secs += tree
    return secs


class Small:
    def __init__(self, gid):
        self.soma = h.Section(name=f"small_soma_{gid}")
        self.dend = h.Section(name=f"small_dend_{gid}")
        self.soma.L = self.soma.diam = 12.6
        self.soma.insert("hh")
        self.dend.L, self.dend.diam, self.dend.nseg = 200, 1, 5
        self.dend.insert("pas")
        self.dend.connect(self.soma(1), 0)
        self.syn = h.ExpSyn(self.dend(0.5))
        self.syn.tau = 2


def place(giants):
    """(the plan or None, the gids to build here, {giant gid: its sections kept here})."""
    if backend != "pnm":
        return None, list(range(NG + NSMALL)), dict(enumerate(giants))
    h.load_file("loadbal.hoc")
    lb = h.LoadBalance(pc)
    proto = Small(-1)
    small_cx = lb.cell_complexity(sec=proto.soma)
    for sec in (proto.dend, proto.soma):
        h.delete_section(sec=sec)
    cells = {k: lb.cell_tree(sec=giants[k][0]) for k in range(NG)}
    cells.update({g: small_cx for g in range(NG, NG + NSMALL)})
    own = None
    if mode == "allocation":
        plan = pc.balance_plan()
        assert plan is not None, "run with python -m pnm --lb-mode split"
        own = lb.balance(cells)             # LoadBalance's plan for the same cells
    else:
        plan = lb.balance(cells, split=(mode == "split"))
    mine, kept = plan.gids_on(rank), {}
    for k in range(NG):
        if plan.is_split(k):
            kept[k] = plan.cut(k, giants[k][0], pc)
        elif k in mine:
            kept[k] = giants[k]
        else:
            for sec in giants[k]:
                h.delete_section(sec=sec)
    if plan.splits:
        pc.multisplit()
    return (plan, own), mine, kept


giants = [giant(k) for k in range(NG)]
plans, mine, kept = place(giants)
keep, small = [], {}
for k in range(NG):
    root_rank = plans[0].root_rank(k) if plans else 0
    if root_rank == rank:
        soma = giants[k][0]
        pc.set_gid2node(k, rank)
        pc.cell(k, h.NetCon(soma(0.5)._ref_v, None, sec=soma))
        clamp = h.IClamp(soma(0.5))
        clamp.delay, clamp.dur, clamp.amp = 2 + k, 1e9, 4
        keep.append(clamp)
for g in mine:
    if g >= NG:
        small[g] = Small(g)
        pc.set_gid2node(g, rank)
        pc.cell(g, h.NetCon(small[g].soma(0.5)._ref_v, None, sec=small[g].soma))
for i in range(NSMALL):                     # the ring of small cells
    target = small.get(NG + (i + 1) % NSMALL)
    if target is not None:
        nc = pc.gid_connect(NG + i, target.syn)
        nc.weight[0], nc.delay = 0.02, 3
        keep.append(nc)
if NG in small:
    stim = h.NetStim()
    stim.start, stim.number = 1, 1
    keep += [stim, h.NetCon(stim, small[NG].syn)]
    keep[-1].weight[0] = 0.02
for k in range(NG):                         # giant k -> a small cell -> giant k's far end
    target = small.get(NG + 4 * k)
    if target is not None:
        nc = pc.gid_connect(k, target.syn)
        nc.weight[0], nc.delay = 0.02, 2
        keep.append(nc)
    far = giants[k][-1]
    if any(far is s for s in kept.get(k, ())):
        syn = h.ExpSyn(far(0.9))
        nc = pc.gid_connect(NG + NSMALL // 2 + k, syn)
        nc.weight[0], nc.delay = 0.05, 4
        keep += [syn, nc]

tvec, idvec = h.Vector(), h.Vector()
pc.spike_record(-1, tvec, idvec)
pc.set_maxstep(10)
h.tstop = 60
h.stdinit()
pc.psolve(h.tstop)
result = {"spikes": [[t, int(g)] for t, g in zip(tvec, idvec)]}
if backend == "pnm":
    from pnm.parallel.loadbalance import load_report
    plan, own = plans
    report = load_report(pc, with_cost=True)
    result.update(plan_imbalance=plan.imbalance, whole_imbalance=plan.whole_imbalance,
                  plan=plan.describe(), cost_imbalance=report.cost_imbalance,
                  measured_imbalance=report.imbalance, table=report.table(),
                  cost=[r.cost for r in report.ranks])
    if mode == "allocation":
        result.update(own_plan=own.describe(), own_plan_imbalance=own.imbalance)
with open(f"{out}.{rank}.json", "w") as f:
    json.dump(result, f)
pc.barrier()
pc.done()
