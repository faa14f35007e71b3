"""ParallelNetManager: a thin port of NEURON's netparmpi.hoc over ParallelContext.

Every method is a few lines of ParallelContext calls, as in the hoc original; the machinery
lives in pnm/parallel. Master/worker methods (pinit, pcontinue, prun, gatherspikes, prstat)
reach the workers' own manager objects through ParallelContext.context."""

from . import hoclang
from .cells import check_cell, is_artificial
from .hoclang.builtins import List
from . import runsystem
from .model.netcon import NetCon
from .model.state import STATE
from .model.vector import Vector
from .model import secstack
from .parallel.context import ParallelContext
from .parallel.splitcell import splitcell

def _on_manager(index, method, *args):
    """Run on a worker by pc.context: the worker's own manager object does the work (every
    rank creates its managers in the same order, so an index names the same manager)."""
    getattr(STATE.managers[index], method)(*args)


class ParallelNetManager:
    """pnm = ParallelNetManager(ncell)"""

    def __init__(self, ncell=0):
        self.pc = ParallelContext()
        self.nhost = int(self.pc.nhost())
        self.myid = int(self.pc.id()) if self.nhost > 1 else 0
        self.nwork = self.nhost
        self.ncell = ncell
        self.cells = List()           # hoc Lists, made in netparmpi.hoc's order (List numbering)
        self.nclist = List()
        self.spikevec = Vector()
        self.idvec = Vector()
        self.gidvec = self.idvec
        self._maxstepsize_called = False
        self._index = len(STATE.managers)
        STATE.managers.append(self)

    @property
    def ncell(self):
        return self._ncell

    @ncell.setter
    def ncell(self, n):
        """A whole number of cells (hoc assigns `pnm.ncell = n` as a float)."""
        if float(n) != int(n) or n < 0:
            raise ValueError(f"ParallelNetManager.ncell = {n!r}: give a whole number of cells")
        self._ncell = int(n)

    def _context(self, method, *args):
        if self.nwork > 1:
            self.pc.context(_on_manager, self._index, method, *args)

    # ---- gid distribution ---------------------------------------------------------------------
    def set_gid2node(self, gid, machine_id):
        if int(machine_id) == self.myid:
            self.pc.set_gid2node(gid, self.pc.id())

    def round_robin(self):
        """gid -> rank gid % nhost, as netparmpi.hoc in today's NEURON (the reference text's
        (gid+1) % nhost is historical); under `python -m pnm --lb-mode complexity|memory`,
        the rank of the load-balance allocation instead."""
        plan = self.pc.planned_decomposition
        if plan is None:
            for gid in range(self.ncell):
                self.set_gid2node(gid, gid % self.nwork)
            return
        plan.check_gids(range(self.ncell), f"ParallelNetManager({self.ncell}).round_robin()")
        for gid in range(self.ncell):
            self.set_gid2node(gid, plan.rank_of(gid))

    def gid_exists(self, gid):
        return self.pc.gid_exists(gid)

    # ---- cells and connections -------------------------------------------------------------------
    def register_cell(self, gid, cellobject):
        kind = check_cell(f"register_cell({gid}, {cellobject!r})", cellobject)
        if not self.pc.gid_exists(gid):
            self.pc.set_gid2node(gid, self.pc.id())
        self.cells.append(cellobject)
        if kind == "art":
            nc = NetCon(cellobject, None)
        else:
            nc = cellobject.connect2target(None)
            if not isinstance(nc, NetCon):
                raise TypeError(f"register_cell({gid}, {cellobject!r}): "
                                f"{type(cellobject).__name__}.connect2target(None) must return "
                                "the NetCon it creates")
        self.pc.cell(gid, nc, 1)
        self.pc.gid_table.set_object(gid, cellobject)

    def create_cell(self, gid, obexpr):
        """Deprecated (use register_cell): the cell made by obexpr, a hoc expression such as
        "new Mit()" (netparmpi.hoc executes `tmpcell = <obexpr>` at top level) or a Python
        callable; None when gid is not on this rank."""
        cell = None
        if self.gid_exists(gid):
            if isinstance(obexpr, str):
                cell = _hoc_object(obexpr, f"create_cell({gid}, {obexpr!r})")
            elif callable(obexpr):
                cell = obexpr()
            else:
                raise TypeError(f"create_cell({gid}, {obexpr!r}): give a hoc expression "
                                "(\"new Cell()\") or a callable that returns the cell")
            self.register_cell(gid, cell)
        return cell

    def nc_append(self, srcgid, targid, synid, weight, delay):
        """NetCon from srcgid to targid (synapse synid, -1 for artificial targets); returns
        its index in nclist, or -1 when the target is not on this rank."""
        i = -1
        if self.gid_exists(targid):
            nc = self._cm2t(srcgid, self.pc.gid2cell(targid), int(synid), weight, delay)
            i = len(self.nclist)
            self.nclist.append(nc)
        else:
            se = self.gid_exists(srcgid)
            if se > 0 and se != 3:
                self.pc.outputcell(srcgid)
        return i

    def _cm2t(self, srcgid, target, synid, weight, delay):
        if synid < 0:
            tobj = target if is_artificial(target) else getattr(target, "pp", None)
            if tobj is None:
                raise ValueError(f"nc_append(..., synapse_id=-1): target {target!r} is not an "
                                 "artificial cell; give the index of a synapse in its synlist")
        else:
            syns = getattr(target, "synlist", None)
            if syns is None:
                raise TypeError(f"nc_append: target {target!r} has no synlist")
            if synid >= len(syns):
                raise IndexError(f"nc_append(..., synapse_id={synid}): {target!r} has "
                                 f"{len(syns)} synapses in synlist (valid ids 0..{len(syns) - 1}, "
                                 "or -1 for an artificial cell)")
            tobj = syns[synid]
        nc = self.pc.gid_connect(srcgid, tobj)
        nc.weight[0] = weight
        nc.delay = delay
        return nc

    # ---- recording -------------------------------------------------------------------------------
    def want_all_spikes(self):
        for gid in range(self.ncell):
            self.spike_record(gid)

    def spike_record(self, gid):
        if self.gid_exists(gid):
            self.pc.spike_record(gid, self.spikevec, self.idvec)

    # ---- running ---------------------------------------------------------------------------------
    def set_maxstep(self, *args):
        """As netparmpi.hoc: pc.set_maxstep(10) whatever the argument."""
        self.localmaxstep = self.pc.set_maxstep(10)

    def maxstepsize(self):
        if not self._maxstepsize_called:
            self._maxstepsize_called = True
            self._context("set_maxstep")
            self.set_maxstep()

    def doinit(self):
        runsystem.stdinit()

    def pinit(self):
        self.maxstepsize()
        self._context("doinit")
        self.doinit()

    def psolve(self, tstop):
        self.pc.psolve(tstop)

    def pcontinue(self, tstop):
        self._context("psolve", tstop)
        self.psolve(tstop)

    def prun(self):
        self.pinit()
        self.pcontinue(STATE.tstop)

    # ---- gathering and statistics ----------------------------------------------------------------
    def postwait(self, stat):
        if int(stat) == 0:
            self.pc.post("waittime", self.myid, self.pc.wait_time())
        else:
            s, r, ru = [0.0], [0.0], [0.0]     # filled like h.ref objects
            sm = self.pc.spike_statistics(s, r, ru)
            self.pc.post("poststat", self.myid, self.pc.wait_time(), sm, s[0], r[0], ru[0])

    def prstat(self, stat):
        self._context("postwait", stat)
        self.postwait(stat)
        if int(stat) == 0:
            for _ in range(self.nwork):
                rid, w = self.pc.take("waittime")
                print("%d wait time %g" % (rid, w))
        else:
            print("id\t nsmax\t nsend\t nrecv\t nrused\t wait")
            for _ in range(self.nwork):
                rid, w, sm, s, r, ru = self.pc.take("poststat")
                print("%d\t %d\t %d\t %d\t %d\t %g" % (rid, sm, s, r, ru, w))
            print("end of prstat")

    def postload(self):
        from .parallel.loadbalance import local_load
        self.pc.post("loadstat", local_load(self.pc))

    def load_report(self):
        """Master/worker form of pnm.parallel.loadbalance.load_report: the master collects
        every rank's load through the bulletin board and returns a LoadReport."""
        from .parallel.loadbalance import LoadReport
        self._context("postload")
        self.postload()
        return LoadReport([self.pc.take("loadstat")[0] for _ in range(self.nwork)])

    def postspikes(self):
        self.pc.post("postspike", self.spikevec, self.idvec)

    def gatherspikes(self):
        if self.nwork > 1:
            self._context("postspikes")
            for _ in range(self.nwork - 1):
                s, ids = self.pc.take("postspike")
                self.spikevec.append(s)
                self.idvec.append(ids)

    def serialize(self):
        """for _ in pnm.serialize(): ... runs the body on each rank in turn."""
        self.pc.barrier()
        for rank in range(self.pc.nhost()):
            if rank == self.pc.id():
                yield rank
            self.pc.barrier()

    def splitcell(self, hostcas, hostparent, sec=None):
        """Split the cell at the accessed section (or sec=, pnm's Python extension) and its
        parent: the accessed section's subtree lives on rank hostcas, the rest on hostparent
        (hostcas +- 1); each rank deletes what it does not keep (netparmpi.hoc)."""
        splitcell(self.pc, hostcas, hostparent, sec if sec is not None else secstack.cas())


def _hoc_object(expression, where):
    """The object a hoc expression makes, evaluated at hoc's top level (netparmpi.hoc's
    `execute("tmpcell = " + expression)`)."""
    interp = hoclang.get_interpreter()
    interp.execute("objref pnm_create_cell_\npnm_create_cell_ = " + expression + "\n",
                   where, echo=False)
    cell = interp.top.get("pnm_create_cell_")
    interp.execute("objref pnm_create_cell_\n", where, echo=False)
    if cell is None:
        raise ValueError(f"{where}: the expression made no object")
    return cell
