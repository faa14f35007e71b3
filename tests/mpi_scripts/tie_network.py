"""A tie-heavy artificial network: IntFire1 cells whose inputs (integer spike times, delays 2
or 4 ms, excitatory and inhibitory weights) often arrive at identical times, so the result
depends on the order of equal-time events.

usage: tie_network.py [pnm|neuron] [seed] [serial] [mixed]
  neuron  runs it under NEURON; seed picks the wiring (default 5);
  serial  builds it without ParallelContext (plain NetCons between cells), the form in which
          pnm keeps NEURON's own order of equal-time events;
  mixed   every fifth cell is a real one (hh soma with an ExpSyn; threshold spikes), so
          equal-time events also meet in a synapse's conductance sum.
Rank 0 prints every spike as 'time gid', sorted."""
import sys

import numpy as np
from _spikes import psolve_and_gather

args = sys.argv[1:]
if args and args[0] == "neuron":
    from neuron import h
else:
    from pnm import h
SEED = int(args[1]) if len(args) > 1 else 5
SERIAL = "serial" in args
MIXED = "mixed" in args
N = 40
rng = np.random.default_rng(SEED)
src = [rng.choice(N, 4, replace=False) for _ in range(N)]
w = [rng.choice([0.6, -0.3], 4) for _ in range(N)]
d = [rng.choice([2.0, 4.0], 4) for _ in range(N)]


class RealCell:
    def __init__(self):
        self.soma = h.Section(name="soma")
        self.soma.L = self.soma.diam = 20
        self.soma.insert("hh")
        self.syn = h.ExpSyn(self.soma(0.5))
        self.syn.tau = 2


def is_real(gid):
    return MIXED and gid % 5 == 0


def make_cell(gid):
    if is_real(gid):
        return RealCell()
    c = h.IntFire1()
    c.tau = 5
    c.refrac = 1
    return c


def netcon(c, target):
    """A NetCon from cell c (a real cell's soma voltage, else the artificial cell)."""
    if isinstance(c, RealCell):
        return h.NetCon(c.soma(0.5)._ref_v, target, sec=c.soma)
    return h.NetCon(c, target)


def wire(gid, c, connect):
    scale = 0.02 if is_real(gid) else 1.0
    if is_real(gid):
        c = c.syn
    for s, ww, dd in zip(src[gid], w[gid], d[gid]):
        nc = connect(int(s), c)
        nc.weight[0] = ww * scale
        nc.delay = dd
        keep.append(nc)
    st = h.NetStim()
    st.start = 1 + gid % 3
    st.interval = 6
    st.number = 20
    n2 = h.NetCon(st, c)
    n2.weight[0] = 0.7 * scale
    n2.delay = 0
    keep.append((st, n2))


keep = []
if SERIAL:
    h.load_file("stdrun.hoc")
    cells = [make_cell(gid) for gid in range(N)]
    for gid, c in enumerate(cells):
        wire(gid, c, lambda s, target: netcon(cells[s], target))
    recs = []
    for gid, c in enumerate(cells):
        tv = h.Vector()
        nc = netcon(c, None)
        nc.record(tv)
        recs.append((gid, tv, nc))
    h.finitialize(-65)
    h.continuerun(120)
    for t, gid in sorted((t, gid) for gid, tv, _ in recs for t in tv):
        print("%r %d" % (t, gid))
    sys.exit(0)

if args and args[0] == "neuron":
    h.nrnmpi_init()
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
cells = {}
for gid in range(N):
    pc.set_gid2node(gid, gid % nhost)
for gid in range(N):
    if pc.gid_exists(gid):
        cells[gid] = make_cell(gid)
        pc.cell(gid, netcon(cells[gid], None))
for gid, c in cells.items():
    wire(gid, c, pc.gid_connect)
spikes = psolve_and_gather(h, pc, 120)
if rank == 0:
    for t, gid in spikes:
        print("%r %d" % (t, gid))
