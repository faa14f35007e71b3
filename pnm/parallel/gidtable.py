"""The gid table of this rank: which gids it owns, each gid's spike source (PreSyn) and cell
object, and the collective check that every gid lives on exactly one rank."""

import enum

import numpy as np

from .decomposition import Decomposition
from ..model.patternstim import replayed_gids


class GidStatus(enum.IntEnum):
    """What a gid is on this rank (NEURON's gid_exists return values)."""
    ABSENT = 0
    OWNED = 1       # set_gid2node'd here, no cell yet
    CELL = 2        # pc.cell(gid, nc, 0): a cell that sends no spikes to other ranks
    OUTPUT = 3      # pc.cell(gid, nc) or outputcell: its spikes are exchanged


class GidTable:
    def __init__(self):
        self.owned = set()          # gids set_gid2node'd to this rank
        self.presyn = {}            # gid -> PreSyn (local source or remote input)
        self.status = {}            # gid -> GidStatus
        self.objects = {}           # gid -> cell / point process

    def own(self, gid):
        self.owned.add(gid)
        self.status.setdefault(gid, GidStatus.OWNED)

    def exists(self, gid):
        return self.status.get(gid, GidStatus.ABSENT) if gid in self.owned else GidStatus.ABSENT

    def has_cell(self, gid):
        return gid in self.owned and self.status.get(gid, GidStatus.ABSENT) >= GidStatus.CELL

    def set_cell(self, gid, presyn, output, obj):
        presyn.gid = gid
        self.presyn[gid] = presyn
        self.status[gid] = GidStatus.OUTPUT if output else GidStatus.CELL
        self.objects[gid] = obj

    def set_object(self, gid, obj):
        """The object gid2cell returns (ParallelNetManager registers the cell itself)."""
        self.objects[int(gid)] = obj

    def output_gids(self):
        return sorted(g for g, st in self.status.items() if st == GidStatus.OUTPUT)

    def cell_count(self):
        return sum(1 for g in self.owned if self.has_cell(g))

    def check_network(self, comm, has_netcons, plan=None):
        """Collective: every gid owned by exactly one rank, every gid_connect source owned,
        and, with a plan (a Decomposition), every planned gid on its planned rank.
        has_netcons(presyn) says whether some NetCon still watches presyn. Returns the
        Decomposition of the network as the ranks built it (what the spike exchange and the
        load report read)."""
        owned = np.array(sorted(self.owned), dtype=np.float64)
        all_owned, counts = comm.allgatherv(owned)
        msgs = []
        if len(all_owned):
            ranks = np.repeat(np.arange(len(counts)), counts)
            uniq, cnt = np.unique(all_owned, return_counts=True)
            dup = uniq[cnt > 1]
            if len(dup):
                g = int(dup[0])
                where = sorted(set(int(r) for r in ranks[all_owned == g]))
                msgs.append(f"gid {g} is owned by ranks {where}; each gid must live on "
                            "exactly one rank (check set_gid2node/round_robin)")
        known = set(int(g) for g in all_owned) | replayed_gids()   # PatternStim inputs
        missing = sorted(g for g, ps in self.presyn.items()
                         if g not in known and has_netcons(ps))
        for r, gids in enumerate(comm.allgather_obj(missing)):
            if gids:
                msgs.append(f"rank {r} has gid_connect from gid {gids[0]}, which no rank owns "
                            f"(set_gid2node({gids[0]}, rank) and pc.cell on the owner, replay its "
                            "spikes with a PatternStim, or remove the connection)")
        misplaced = [] if plan is None else sorted(
            g for g in self.owned if g in plan and plan.rank_of(g) != comm.rank)
        for r, gids in enumerate(comm.allgather_obj(misplaced[:1])):
            if gids:
                msgs.append(f"rank {r} owns gid {gids[0]}, which the allocation {plan.source} "
                            f"puts on rank {plan.rank_of(gids[0])} (place gids with "
                            "pc.balanced_gid2node or ParallelNetManager.round_robin)")
        if msgs:
            raise ValueError("ParallelContext: " + "; ".join(msgs))
        bounds = np.cumsum(counts)[:-1].astype(np.int64)
        ranks = [part.astype(np.int64).tolist() for part in np.split(all_owned, bounds)]
        return Decomposition(len(ranks), ranks, source="the network built")
