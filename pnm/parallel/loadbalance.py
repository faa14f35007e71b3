"""Load diagnostics beyond prstat: per-rank cells, compartments, NetCons, computation and
wait time and spikes, as a data object with a text table and a matplotlib figure, so that
one sees at a glance which rank is slow and whether exchange or load balance is the problem.
The report reads the network's Decomposition (which gids on which rank, as the spike exchange
does); with costs (`load_report(pc, with_cost=True)`) each rank is also charged the cost
model's computation and memory of the gids the decomposition puts on it (costmodel.py), with
the events each gid received in the run, as counted (eventcount.py)."""

from dataclasses import dataclass, asdict

import numpy as np

from ..model.state import STATE
from . import costmodel
from .decomposition import Decomposition


@dataclass
class RankLoad:
    rank: int
    cells: int
    compartments: int
    netcons: int
    computation: float   # seconds integrating (pc.step_time)
    wait: float          # seconds in spike exchange (pc.wait_time)
    spikes_sent: int
    spikes_received: int
    cost: float = 0.0      # cost model: seconds of computation per ms simulated
    memory: float = 0.0    # cost model: bytes of engine arrays of this rank's gids
    gids: tuple = ()       # the gids this rank owns


def local_load(pc, decomposition=None, costs=None):
    """This rank's numbers (with costs: {item: seconds per instance per step}, also the cost
    model's computation and memory of the gids decomposition puts on this rank; without a
    decomposition, of the gids its gid table owns)."""
    eng = STATE.engine
    ex = pc.spike_exchange
    cost = memory = 0.0
    gids = sorted(pc.gid_table.owned) if decomposition is None else \
        decomposition.gids_on(int(pc.id()))
    if costs is not None:
        loads, _ = costmodel.measure(pc.gid_table, costs, eng, STATE.dt, gids=gids,
                                     counter=pc.event_counter)
        cost = sum(c.cost for c in loads) + costmodel.uncharged_piece_cost(
            pc.gid_table, gids, costs, STATE.dt)
        memory = sum(c.memory for c in loads)
    return RankLoad(
        rank=int(pc.id()),
        cells=pc.gid_table.cell_count(),
        compartments=0 if eng is None else int(sum(sec.nseg for sec in eng.sections)),
        netcons=0 if eng is None else eng.netcon_count,
        computation=float(pc.step_time()),
        wait=float(pc.wait_time()),
        spikes_sent=int(ex.nsend),
        spikes_received=int(ex.nrecv),
        cost=cost, memory=memory, gids=tuple(gids),
    )


class LoadReport:
    """Per-rank load of the last run. `imbalance` = max / mean computation time."""

    def __init__(self, ranks, decomposition=None):
        self.ranks = sorted(ranks, key=lambda r: r.rank)
        self.decomposition = decomposition or Decomposition(
            len(self.ranks), [r.gids for r in self.ranks], source="load report")

    @property
    def cost_imbalance(self):
        """max / mean of the cost model's computation per rank."""
        return costmodel.imbalance([r.cost for r in self.ranks])

    @property
    def memory_imbalance(self):
        return costmodel.imbalance([r.memory for r in self.ranks])

    @property
    def imbalance(self):
        comp = np.array([r.computation for r in self.ranks])
        return float(comp.max() / comp.mean()) if comp.mean() > 0 else 1.0

    @property
    def exchange_fraction(self):
        """Share of the run the average rank spends waiting in spike exchange."""
        comp = sum(r.computation for r in self.ranks)
        wait = sum(r.wait for r in self.ranks)
        return wait / (comp + wait) if comp + wait > 0 else 0.0

    @property
    def slowest(self):
        return max(self.ranks, key=lambda r: r.computation).rank

    def verdict(self):
        if self.imbalance > 1.2:
            return (f"load imbalance: rank {self.slowest} computes {self.imbalance:.2f}x the "
                    "mean; move cells away from it (set_gid2node) or balance by compartments")
        if self.exchange_fraction > 0.3:
            return (f"exchange-bound: {100 * self.exchange_fraction:.0f}% of the time is spent "
                    "waiting in spike exchange; fewer ranks, longer cross-rank delays or fewer "
                    "cross-rank NetCons help")
        return "balanced: computation dominates and is even across ranks"

    def as_dicts(self):
        return [asdict(r) for r in self.ranks]

    def table(self):
        head = ("rank", "cells", "comps", "netcons", "comp(s)", "wait(s)", "sent", "recv")
        lines = ["%4s %6s %7s %8s %9s %9s %7s %7s" % head]
        for r in self.ranks:
            lines.append("%4d %6d %7d %8d %9.4f %9.4f %7d %7d" % (
                r.rank, r.cells, r.compartments, r.netcons, r.computation, r.wait,
                r.spikes_sent, r.spikes_received))
        lines.append(f"imbalance (max/mean computation) {self.imbalance:.3f}; "
                     f"exchange share {100 * self.exchange_fraction:.1f}%")
        lines.append(self.verdict())
        return "\n".join(lines)

    __str__ = table

    def figure(self, path=None):
        """Stacked bars of computation and wait time per rank (matplotlib)."""
        import matplotlib
        if path is not None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
        ranks = [r.rank for r in self.ranks]
        comp = [r.computation for r in self.ranks]
        wait = [r.wait for r in self.ranks]
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.5))
        ax1.bar(ranks, comp, label="computation")
        ax1.bar(ranks, wait, bottom=comp, label="wait (spike exchange)")
        mean = float(np.mean(comp)) if comp else 0.0
        ax1.axhline(mean, color="k", lw=0.8, ls="--", label="mean computation")
        ax1.set_xlabel("rank")
        ax1.set_ylabel("seconds")
        ax1.set_xticks(ranks)
        ax1.set_title(f"imbalance {self.imbalance:.2f}")
        ax1.legend(fontsize=7)
        ax2.bar(ranks, [r.compartments for r in self.ranks], label="compartments")
        ax2.bar(ranks, [r.cells for r in self.ranks], label="cells", alpha=0.7)
        ax2.set_xlabel("rank")
        ax2.set_xticks(ranks)
        ax2.set_title("work per rank")
        ax2.legend(fontsize=7)
        fig.suptitle(self.verdict(), fontsize=8)
        fig.tight_layout()
        if path is not None:   # reliab: atomic, so a failed write keeps the previous figure
            from pathlib import Path
            from ..util import atomic_write
            with atomic_write(path) as out:
                fig.savefig(out, format=Path(path).suffix.lstrip(".") or None)
        return fig


def load_report(pc, with_cost=False):
    """Collective: every rank calls it; every rank gets the whole report. with_cost: charge
    each rank the cost model's computation and memory (calibrated once per machine)."""
    costs = None
    if with_cost:
        from .calibrate import mechanism_costs
        costs = pc.py_broadcast(mechanism_costs() if int(pc.id()) == 0 else None, 0)
    decomposition = current_decomposition(pc)
    return LoadReport(pc.py_allgather(local_load(pc, decomposition, costs)), decomposition)


def current_decomposition(pc):
    """Collective: the network's Decomposition as psolve last checked it, or, when gids
    changed since (or there was no parallel run), as the gid tables hold them now."""
    dec, rank = pc.decomposition, int(pc.id())
    owned = sorted(pc.gid_table.owned)
    stale = dec is None or dec.nranks != int(pc.nhost()) or dec.gids_on(rank) != owned
    if pc.allreduce(float(stale), 2):
        dec = Decomposition(int(pc.nhost()), pc.py_allgather(owned), source="gid tables")
    return dec
