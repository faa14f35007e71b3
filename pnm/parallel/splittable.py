"""The split cells of this process (ParallelNetManager.splitcell, pc.splitcell_connect,
pc.multisplit): what splitcell.py and multisplit.py record, kept in STATE.splits."""

from ..model.state import STATE


class SplitPoint:
    """One piece's join: the node (section, x) of this rank's piece and the peer rank."""

    def __init__(self, section, x, peer, ordinal):
        self.section, self.x, self.peer, self.ordinal = section, x, peer, ordinal


class SplitTable:
    """This process's split cells: its joins (points) and, on every rank, the section names of
    the cells splitcell has cut (a second cut of one cell is refused everywhere)."""

    def __init__(self):
        self.points = []
        self.cut_cells = []     # frozensets of section names, one per splitcell call
        self.per_peer = {}
        self.marks = []         # multisplit: (section, x, sid) of this rank
        self.plan = None        # multisplit: the plan of pc.multisplit()
        self.piece_gids = {}    # id(section) -> (gid, section), for sections of pieces cut by a
        #                         BalancePlan (splitbalance.py): the cost model charges them

    def add(self, section, x, peer):
        for p in self.points:
            if p.section.root() is section.root():
                raise ValueError(f"{section}: this piece of a split cell is already joined to rank "
                                 f"{p.peer}; a piece can be joined at one node only")
        k = self.per_peer.get(peer, 0)
        self.per_peer[peer] = k + 1
        self.points.append(SplitPoint(section, x, peer, k))

    def live_points(self):
        """The joins whose section still exists (a deleted piece is no longer joined)."""
        self.points = [p for p in self.points if not type(p.section).IS_DELETED]
        return self.points


def split_table():
    if STATE.splits is None:
        STATE.splits = SplitTable()
    return STATE.splits
