"""One giant hh cell and NSMALL small cells, placed by LoadBalance.balance (pnm) whole or with
the giant cut where the plan says; NEURON (one process) runs the same network unsplit.

argv: backend (neuron|pnm), mode (whole|split|allocation), OUT. Each rank writes
OUT.<rank>.json: its spikes [(t, gid)]; rank 0 also the plan and the load report (cost model
and measured). Mode allocation follows the plan of `python -m pnm --lb-mode split`
(pc.balance_plan(), from the dry run's allocation file) and also reports the plan
LoadBalance.balance makes for the same cells on the spot. Under `python -m pnm` (which passes
no arguments) the three come from SPLIT_BALANCE_ARGS.

The giant (gid 0): hh soma, two dendritic trees of 60 hh sections (nseg 3), an IClamp at the
soma, its spike detector at the soma, and an ExpSyn on the last section of the second tree
driven by gid NSMALL // 2 (so spikes cross the pieces both ways). Small cells 1..NSMALL: hh
soma and a passive dendrite with an ExpSyn, a ring driven by a NetStim and by the giant."""
import json
import os
import sys

backend, mode, out = (sys.argv[1:4] if len(sys.argv) > 3 else
                      os.environ["SPLIT_BALANCE_ARGS"].split())
NSMALL = 24
if backend == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())


def giant():
    soma = h.Section(name="giant_soma")
    soma.L = soma.diam = 30
    soma.insert("hh")
    secs = [soma]
    for t in range(2):
        tree = [h.Section(name=f"giant_{t}_{i}") for i in range(60)]
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


gids = range(NSMALL + 1)
plan = None
secs = giant()
if backend == "pnm":
    h.load_file("loadbal.hoc")
    lb = h.LoadBalance(pc)
    proto = Small(-1)
    small_cx = lb.cell_complexity(sec=proto.soma)
    for sec in (proto.dend, proto.soma):
        h.delete_section(sec=sec)
    del proto
    cells = {0: lb.cell_tree(sec=secs[0])}
    cells.update({g: small_cx for g in gids if g})
    if mode == "allocation":
        plan = pc.balance_plan()
        assert plan is not None, "run with python -m pnm --lb-mode split"
        own = lb.balance(cells)             # LoadBalance's plan for the same cells
    else:
        plan = lb.balance(cells, split=(mode == "split"))
    mine = plan.gids_on(rank)
    if plan.is_split(0):
        kept = plan.cut(0, secs[0], pc)
    else:
        kept = secs if 0 in mine else []
        if 0 not in mine:
            for sec in secs:
                h.delete_section(sec=sec)
    if plan.splits:
        pc.multisplit()
    giant_rank = plan.root_rank(0)
else:
    mine, kept, giant_rank = list(gids), secs, 0

keep = []
if giant_rank == rank:
    pc.set_gid2node(0, rank)
    pc.cell(0, h.NetCon(secs[0](0.5)._ref_v, None, sec=secs[0]))
    clamp = h.IClamp(secs[0](0.5))
    clamp.delay, clamp.dur, clamp.amp = 2, 1e9, 4
    keep.append(clamp)
small = {}
for g in mine:
    if g:
        small[g] = Small(g)
        pc.set_gid2node(g, rank)
        pc.cell(g, h.NetCon(small[g].soma(0.5)._ref_v, None, sec=small[g].soma))
for g in range(1, NSMALL + 1):
    target = small.get(g % NSMALL + 1)
    if target is not None:
        nc = pc.gid_connect(g, target.syn)
        nc.weight[0], nc.delay = 0.02, 3
        keep.append(nc)
if 1 in small:
    nc = pc.gid_connect(0, small[1].syn)
    nc.weight[0], nc.delay = 0.02, 2
    stim = h.NetStim()
    stim.start, stim.number = 1, 1
    keep += [nc, stim, h.NetCon(stim, small[1].syn)]
    keep[-1].weight[0] = 0.02
far = secs[-1]
if any(far is s for s in kept):
    syn = h.ExpSyn(far(0.9))
    nc = pc.gid_connect(NSMALL // 2, syn)
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
