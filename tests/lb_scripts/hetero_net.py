"""A heterogeneous network for the load-balance tests: even gids are big cells (40..60
sections), odd gids small ones (1..3 sections), so that round robin on 2 ranks puts every big
cell on rank 0. Each cell has its own NetStim and receives 3 NetCons from other gids.

    python -m pnm [--lb-mode M] hetero_net.py       (pnm: ParallelNetManager.round_robin)
    HETERO_BACKEND=neuron python hetero_net.py      (NEURON, serial, every gid on rank 0)

HETERO_OUT=path: rank 0 writes {"spikes": [[t, gid], ...], "report": [per-rank load]}.
HETERO_NCELL (default 24), HETERO_TSTOP (default 100); HETERO_DEND_MECH (default pas) and
HETERO_IMPORT (a module imported first) change the model without changing this file."""

import importlib
import json
import os

NCELL = int(os.environ.get("HETERO_NCELL", "24"))
TSTOP = float(os.environ.get("HETERO_TSTOP", "100"))
BACKEND = os.environ.get("HETERO_BACKEND", "pnm")
DEND_MECH = os.environ.get("HETERO_DEND_MECH", "pas")
if os.environ.get("HETERO_IMPORT"):
    importlib.import_module(os.environ["HETERO_IMPORT"])

if BACKEND == "neuron":
    from neuron import h
    h.load_file("stdrun.hoc")
else:
    from pnm import h


def nsections(gid):
    return 40 + (gid // 2) % 21 if gid % 2 == 0 else 1 + (gid // 2) % 3


class Cell:
    def __init__(self, gid):
        self.gid = gid
        self.soma = h.Section(name="soma", cell=self)
        self.soma.L = self.soma.diam = 12.6157
        self.soma.insert("hh")
        self.dends = []
        parent = self.soma
        for i in range(nsections(gid) - 1):
            d = h.Section(name=f"dend{i}", cell=self)
            d.L, d.diam, d.nseg = 50, 1, 3
            d.insert(DEND_MECH)
            d.connect(parent(1))
            self.dends.append(d)
            parent = d
        self.syn = h.ExpSyn(self.soma(0.5))
        self.syn.tau = 2
        self.synlist = [self.syn]
        self.stim = h.NetStim()
        self.stim.start, self.stim.interval = 2 + 0.5 * (gid % 7), 15 + gid % 5
        self.stim.number, self.stim.noise = 1e9, 0
        self.stim_nc = h.NetCon(self.stim, self.syn)
        self.stim_nc.delay, self.stim_nc.weight[0] = 1, 0.05

    def connect2target(self, target):
        return h.NetCon(self.soma(0.5)._ref_v, target, sec=self.soma)

    def __repr__(self):
        return f"Cell[{self.gid}]"


def sources(gid):
    return [(gid + k) % NCELL for k in (1, 5, 11)]


def delay(src, tgt):
    return 2.0 + (src + tgt) % 3


def build_pnm():
    pnm = h.ParallelNetManager(NCELL)
    pnm.round_robin()
    print(f"hetero_net: rank {int(pnm.pc.id())} builds its cells", flush=True)
    for gid in range(NCELL):
        if pnm.gid_exists(gid):
            pnm.register_cell(gid, Cell(gid))
    for gid in range(NCELL):
        for src in sources(gid):
            pnm.nc_append(src, gid, 0, 0.002, delay(src, gid))
    pnm.want_all_spikes()
    return pnm.pc, pnm, pnm.spikevec, pnm.idvec


def build_neuron():
    pc = h.ParallelContext()
    cells, ncs = {}, []
    tvec, idvec = h.Vector(), h.Vector()
    for gid in range(NCELL):
        pc.set_gid2node(gid, 0)
        cells[gid] = Cell(gid)
        pc.cell(gid, cells[gid].connect2target(None))
        pc.spike_record(gid, tvec, idvec)
    for gid in range(NCELL):
        for src in sources(gid):
            nc = pc.gid_connect(src, cells[gid].syn)
            nc.weight[0], nc.delay = 0.002, delay(src, gid)
            ncs.append(nc)
    return pc, (cells, ncs), tvec, idvec


def main():
    pc, keep, tvec, idvec = build_neuron() if BACKEND == "neuron" else build_pnm()
    pc.set_maxstep(10)
    h.finitialize(-65)
    pc.psolve(TSTOP)
    spikes = [[float(t), int(g)] for t, g in zip(tvec, idvec)]
    report = None
    if BACKEND != "neuron":
        from pnm.parallel.loadbalance import load_report
        rep = load_report(pc, with_cost=True)
        report = rep.as_dicts()
    parts = pc.py_gather(spikes, 0) if BACKEND != "neuron" else [spikes]
    if int(pc.id()) == 0 and os.environ.get("HETERO_OUT"):
        allspikes = sorted(s for part in parts for s in part)
        with open(os.environ["HETERO_OUT"], "w") as f:
            json.dump({"spikes": allspikes, "report": report}, f)
    pc.barrier()


main()
