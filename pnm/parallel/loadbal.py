"""NEURON's LoadBalance (share/nrn/lib/hoc/loadbal.hoc, `load_file("loadbal.hoc")`) on pnm's
cost model, and pnm's step beyond it: a plan that cuts the cells no whole placement can balance
(splitbalance.py).

NEURON's names, as far as they carry over:
    lb = h.LoadBalance([pc])
    lb.cell_complexity([cell])   (or sec=, or the accessed section): the whole cell's
                                 complexity; lb.srlist (its sections, root first),
                                 lb.sec_complex_ (per section), lb.cell_complexity_
    lb.cpu_complexity()          every cell of this rank
    lb.compute_roots()           lb.parent_vec_, lb.roots_complex_ (subtree complexities)
    lb.subtree_complexity(c, cmax)   index of the subtree (or its complement,
                                 lb.subtree_side_ = 1) closest to c and below cmax
    lb.secref(i), lb.lpt(weights, n[, print]) (lb.thread_cxbal_)
Complexity here is the cost model's (costmodel.py): seconds of computation per ms simulated,
from per-instance costs measured on rank 0's machine (NEURON counts a mechanism's variables).
pnm adds:
    lb.cell_tree([cell])         the per-section costs a plan cuts by
    lb.balance({gid: tree, cell or complexity}, [nhost], [tolerance], [split])
                                 a splitbalance.BalancePlan, checked to be the same on every
                                 rank; then plan.cut(gid, sec, pc) and pc.multisplit()."""

from ..model.sectionapi import SectionRef
from ..model.state import STATE
from ..model.vector import Vector
from ..model import secstack
from .splitbalance import BalanceError, CellTree, plan_balance, tree_sections


def _root_section(cell, sec, what):
    """The section whose tree is the cell: sec=, a Section or segment, an object with
    .all / .soma, or the accessed section."""
    if sec is not None:
        return sec
    if cell is None:
        return secstack.cas()
    if hasattr(cell, "wholetree"):
        return cell
    if hasattr(cell, "sec") and hasattr(cell, "x"):
        return cell.sec
    for name in ("all", "soma"):
        value = getattr(cell, name, None)
        if value is not None:
            for s in (value if not hasattr(value, "wholetree") else [value]):
                return s
    raise TypeError(f"LoadBalance.{what}({cell!r}): give a cell object with .all or .soma, a "
                    "section (sec=) or access a section of the cell")


class SectionRefList:
    """NEURON's List of SectionRef that LoadBalance.srlist is (count(), object(i))."""

    def __init__(self, sections=()):
        self.items = [SectionRef(sec=s) for s in sections]

    def count(self):
        return float(len(self.items))

    def object(self, i):
        return self.items[int(i)]

    o = object

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


class LoadBalance:
    """NEURON's LoadBalance (see the module docstring)."""

    def __init__(self, pc=None):
        from .context import ParallelContext
        from .calibrate import mechanism_costs
        self.pc = pc if pc is not None else ParallelContext()
        rank, nhost = int(self.pc.id()), int(self.pc.nhost())
        self.costs = mechanism_costs() if rank == 0 else None
        if nhost > 1:       # one set of costs, so that every rank plans the same cuts
            self.costs = self.pc.py_broadcast(self.costs, 0)
        self.srlist = SectionRefList()
        self.sec_complex_, self.roots_complex_, self.parent_vec_ = Vector(), Vector(), Vector()
        self.cell_complexity_ = 0.0
        self.thread_cxbal_ = 1.0
        self.subtree_side_ = 0
        self.tree = None

    # ---- NEURON's methods ---------------------------------------------------------------
    def cell_tree(self, cell=None, sec=None):
        """The CellTree (per-section costs) of the cell; also sets srlist, sec_complex_ and
        cell_complexity_ as cell_complexity does."""
        root = _root_section(cell, sec, "cell_tree")
        self.tree = CellTree.of(root, self.costs, STATE.dt)
        self.srlist = SectionRefList(tree_sections(root))
        self.sec_complex_ = Vector(self.tree.cost)
        self.cell_complexity_ = self.tree.total
        return self.tree

    def cell_complexity(self, cell=None, sec=None):
        return self.cell_tree(cell, sec).total

    def cpu_complexity(self):
        """Complexity of every cell of this rank (all root sections' trees)."""
        roots = [s for s in STATE.live_sections() if s.parent_section is None]
        total = 0.0
        for root in roots:
            total += CellTree.of(root, self.costs, STATE.dt).total
        self.srlist = SectionRefList(s for root in roots for s in tree_sections(root))
        return total

    def compute_roots(self):
        if self.tree is None:
            raise BalanceError("LoadBalance.compute_roots(): call cell_complexity() first")
        self.parent_vec_ = Vector(self.tree.parent)
        self.roots_complex_ = Vector(self.tree.subtree_costs())

    def subtree_complexity(self, desired, upper):
        """Index of the section whose subtree (subtree_side_ 0) or the rest of the cell
        (subtree_side_ 1) is closest to desired and below upper (NEURON's $&3 is
        subtree_side_ here)."""
        self.compute_roots()
        sub, total = self.tree.subtree_costs(), self.tree.total
        best, gap = 0, None
        for i, c in enumerate(sub):
            for side, value in ((0, c), (1, total - c)):
                if value < upper and (gap is None or abs(value - desired) < gap):
                    best, gap, self.subtree_side_ = i, abs(value - desired), side
        return float(best)

    def secref(self, i):
        return self.srlist.object(i)

    def lpt(self, weights, nparts, verbose):
        """Partition index of each weight (largest first onto the least loaded part);
        thread_cxbal_ = max / mean of the parts."""
        from .splitbalance import lpt_parts
        values = [float(w) for w in weights]
        index, totals = lpt_parts(values, int(nparts))
        mean = sum(totals) / len(totals)
        self.thread_cxbal_ = max(totals) / mean if mean > 0 else 1.0
        if verbose:
            print(f"{len(values)} piece weights\n{values}\n{int(nparts)} partition "
                  f"complexities\n{totals}")
        return Vector(index)

    # ---- pnm: a plan that cuts cells ----------------------------------------------------
    def balance(self, cells, nhost=None, tolerance=0.05, split=True):
        """A BalancePlan for nhost ranks (default pc.nhost()) from {gid: CellTree, a cell's
        section or a complexity}; cells given as a number stay whole, and with split=False
        every cell does. Collective: every rank calls it with the same cells and gets the
        same plan (checked)."""
        trees = {}
        for gid, item in cells.items():
            if isinstance(item, (CellTree, int, float)):
                trees[int(gid)] = item
            else:
                trees[int(gid)] = CellTree.of(_root_section(item, None, "balance"),
                                              self.costs, STATE.dt)
        if not split:
            trees = {g: (t.total if isinstance(t, CellTree) else t) for g, t in trees.items()}
        n = int(self.pc.nhost()) if nhost is None else int(nhost)
        plan = plan_balance(trees, n, tolerance)
        if int(self.pc.nhost()) > 1:
            seen = self.pc.py_allgather(plan.describe() + repr(plan.ranks))
            if any(s != seen[0] for s in seen):
                raise BalanceError("LoadBalance.balance: the ranks made different plans (their "
                                   "cells differ); give every rank the same cells")
        return plan


class ParallelComputeTool:
    """NEURON's ParallelComputeTool (parcom.hoc): a panel that balances a process's cells over
    its threads, with multisplit(1) cutting cells for the threads. pnm runs one thread per
    rank: nthread() is 1, and multisplit(1) has no threads to balance, which it says (cells
    are balanced over MPI ranks by LoadBalance.balance or `--lb-mode split`)."""

    def __init__(self):
        from .context import ParallelContext
        self.pc = ParallelContext()
        self.lb = None
        self.multisplit_ = 0
        self.nthread_ = 1

    def nthread(self, n=None):
        if n is not None:
            self.pc.nthread(n)
        return 1.0

    def pthread(self, on=None):
        return 1.0

    def busywait(self, on=0):
        return 0.0

    def multisplit(self, on=1):
        self.multisplit_ = int(on)
        if self.multisplit_ and int(self.pc.id()) == 0:
            print("ParallelComputeTool.multisplit(1): pnm runs one thread per rank, so there "
                  "are no threads to balance and no cell is cut; to balance cells over MPI "
                  "ranks use LoadBalance.balance (pc.multisplit) or --lb-mode split")
        return float(self.multisplit_)

    def map(self, *args):
        return 0.0
