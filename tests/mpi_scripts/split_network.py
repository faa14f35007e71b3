"""A ring of 6 cells (hh soma + a chain of 12 tapered dendrites, nseg 5) in which cells 0 and 3
are split with ParallelNetManager.splitcell: the soma piece (spike detector, gid) on one rank,
the distal piece (the ring's synapse) on another. Prints every spike as "t gid" on rank 0.

argv: backend (neuron|pnm) [both]. On 1 rank nothing is split; on 2 ranks cell 0's soma piece
is on rank 0, its distal piece on rank 1 (NEURON allows one split cell per pair of ranks; with
"both", pnm only, cell 3 is also split, the other way round: the ranks exchange in both
directions); on 3 ranks both distal pieces are on rank 1, the somata on ranks 0 and 2.
With "ms" the ring has 12 cells and the 4 large cells 0-3 are cut by pc.multisplit (no
limit on ranks): the soma piece of cell g on rank g % nhost, its distal piece on rank
(g + 1) % nhost (on 1 rank both pieces are on rank 0)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _spikes import manager_backend, psolve_and_gather  # noqa: E402

h = manager_backend(sys.argv[1])
manager = h.ParallelNetManager(6)
pc = manager.pc
rank, nhost = int(pc.id()), int(pc.nhost())
MULTISPLIT = sys.argv[2:] == ["ms"]
NCELL, NDEND, CUT = 12 if MULTISPLIT else 6, 12, 5
# split cell gid -> (rank of the distal piece, rank of the soma piece), by number of ranks
SPLIT = {1: {}, 2: {0: (1, 0)}, 3: {0: (1, 0), 3: (1, 2)}}.get(nhost, {})
if MULTISPLIT:
    SPLIT = {g: ((g + 1) % nhost, g % nhost) for g in range(4)}
if nhost == 2 and sys.argv[2:] == ["both"]:
    SPLIT[3] = (0, 1)


class Cell:
    def __init__(self, gid):
        self.soma = h.Section(name=f"soma_{gid}")
        self.soma.L = self.soma.diam = 20
        self.soma.insert("hh")
        self.dend = [h.Section(name=f"dend_{gid}_{i}") for i in range(NDEND)]
        for i, sec in enumerate(self.dend):
            sec.L, sec.nseg, sec.diam, sec.Ra = 40, 5, 2.0 - 0.1 * i, 100
            sec.insert("hh" if i < 3 else "pas")
            sec.connect(self.dend[i - 1](1) if i else self.soma(1), 0)
        self.syn = self.soma_syn = None

    def add_synapses(self):
        if self.dend[-1] in alive():
            self.syn = h.ExpSyn(self.dend[-1](0.5))
            self.syn.tau, self.syn.e = 2, 0
        if self.soma in alive():
            self.soma_syn = h.ExpSyn(self.soma(0.5))
            self.soma_syn.e = 0


def alive():
    return list(h.allsec())


def multisplit(cell, gid, host_distal, host_soma):
    """Cut at dend[CUT](0) with sid gid; delete the pieces of other ranks."""
    cell.dend[CUT].disconnect()
    distal, proximal = cell.dend[CUT:], [cell.soma] + cell.dend[:CUT]
    for host, piece, seg in ((host_distal, distal, cell.dend[CUT](0)),
                             (host_soma, proximal, cell.dend[CUT - 1](1))):
        if host == rank:
            pc.multisplit(seg, gid)
        else:
            for sec in piece:
                h.delete_section(sec=sec)


cells = {}
for gid in range(NCELL):
    if gid in SPLIT:
        cell = cells[gid] = Cell(gid)       # the whole cell on every rank, then cut
        hostcas, hostp = SPLIT[gid]
        if MULTISPLIT:
            multisplit(cell, gid, hostcas, hostp)
        else:
            cell.dend[CUT].push()
            manager.splitcell(hostcas, hostp)
            h.pop_section()
        owner = hostp
    else:
        owner = gid % nhost
        if owner == rank:
            cells[gid] = Cell(gid)
    if owner == rank:
        pc.set_gid2node(gid, rank)
        cell = cells[gid]
        nc = h.NetCon(cell.soma(0.5)._ref_v, None, sec=cell.soma)
        nc.threshold = 0
        pc.cell(gid, nc)
if MULTISPLIT:
    pc.multisplit()
for cell in cells.values():
    cell.add_synapses()
keep = []
for gid in range(NCELL):
    target = cells.get((gid + 1) % NCELL)
    if target is not None and target.syn is not None:
        nc = pc.gid_connect(gid, target.syn)
        nc.weight[0], nc.delay = 0.3, 3
        keep.append(nc)
if 0 in cells and cells[0].soma_syn is not None:
    stim = h.NetStim()
    stim.start, stim.number, stim.interval = 1, 3, 20
    nc = h.NetCon(stim, cells[0].soma_syn)
    nc.weight[0], nc.delay = 0.05, 1
    keep.append(nc)
spikes = psolve_and_gather(h, pc, 100)
if rank == 0:
    for t, gid in spikes:
        print("%.17g %d" % (t, gid))
pc.barrier()
pc.done()
