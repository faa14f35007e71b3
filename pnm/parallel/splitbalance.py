"""Splitting as a load-balance tool (NEURON's LoadBalance / multisplit idea): from each cell's
complexity (the cost model's seconds of computation per ms simulated, per section), choose
where to cut the cells that no placement of whole cells can balance, so that every rank gets
close to the mean load; then cut them with pc.multisplit, exactly solved (multisplit.py).

    trees = {gid: CellTree.of(cell.soma, costs, dt) or a plain cost, ...}
    plan = plan_balance(trees, nhost)          # the same on every rank (same input)
    for gid in plan.gids_on(rank):             # whole cells and pieces this rank holds
        cell = build(gid)
        if plan.is_split(gid):
            plan.cut(gid, cell.soma, pc)       # disconnect, mark sids, delete other pieces
    pc.multisplit()                            # every rank, once, after the cuts

The plan: place whole cells by LPT; when that leaves the ranks more than `tolerance` apart,
lay the large cells (more than `split_above` of the mean) end to end over the ranks, each rank
filled to the mean, and cut a cell where it crosses a rank's share: a cut is between a section
and its parent, at the section whose subtree leaves the piece closest to the share. A cell's
pieces are nested subtrees (piece k = subtree of cut k minus subtree of cut k + 1), so a piece
has at most two split nodes (NEURON's rule). The small cells then go by LPT onto the ranks
with the least load. The split plan is kept only if it is better balanced than the whole one."""

import heapq
from dataclasses import dataclass, field

from .decomposition import Decomposition
from .splittable import split_table

FILLS = (1.0, 0.98, 1.02, 0.95, 1.05, 0.9, 1.1)    # rank fill targets tried, x the mean
SID_BASE = 1_000_000    # sids of planned cuts (apart from the sids a script marks itself)


class BalanceError(ValueError):
    pass


def tree_sections(section):
    """The sections of section's cell in NEURON's SectionList.wholetree() order: the root,
    then its children, then theirs (each parent before its children)."""
    out = [section.root()]
    for sec in out:
        out.extend(sec.child_sections)
    return out


@dataclass
class CellTree:
    """One cell's sections in tree_sections order: names, the index of
    each section's parent (-1 for the root) and each section's cost."""
    names: list
    parent: list
    cost: list

    @classmethod
    def of(cls, section, costs, dt):
        from .costmodel import section_costs
        secs = tree_sections(section)
        index = {id(s): i for i, s in enumerate(secs)}
        parent = [index[id(s.parent_section)] if s.parent_section is not None else -1
                  for s in secs]
        return cls([s.name() for s in secs], parent, section_costs(secs, costs, dt))

    @property
    def total(self):
        return float(sum(self.cost))

    def subtree_costs(self):
        """Cost of each section's subtree (children come after their parent)."""
        sub = [float(c) for c in self.cost]
        for i in range(len(sub) - 1, 0, -1):
            if self.parent[i] >= 0:
                sub[self.parent[i]] += sub[i]
        return sub

    def descendants(self, top):
        """Indices of the sections below section top."""
        out, inside = [], {top}
        for i in range(top + 1, len(self.parent)):
            if self.parent[i] in inside:
                inside.add(i)
                out.append(i)
        return out


@dataclass
class CellSplit:
    """How one cell is cut: cuts[k] is the section whose subtree starts piece k + 1; hosts[k]
    the rank of piece k; loads[k] its planned cost; sids[k] the sid of cut k."""
    gid: int
    tree: CellTree
    cuts: list
    hosts: list
    loads: list
    sids: list = field(default_factory=list)

    def piece_of_sections(self):
        """Piece index of each section."""
        piece = [0] * len(self.tree.parent)
        starts = {c: k + 1 for k, c in enumerate(self.cuts)}
        for i in range(1, len(piece)):
            piece[i] = starts.get(i, piece[self.tree.parent[i]] if self.tree.parent[i] >= 0
                                  else 0)
        return piece


class BalancePlan:
    """Where every gid goes: whole (ranks) or cut into pieces (splits), with the planned load
    of each rank, and of the best placement of whole cells for comparison."""

    def __init__(self, nranks, ranks, splits, loads, whole_loads):
        self.nranks, self.ranks, self.splits = nranks, ranks, splits
        self.loads, self.whole_loads = loads, whole_loads

    @property
    def imbalance(self):
        return _imbalance(self.loads)

    @property
    def whole_imbalance(self):
        return _imbalance(self.whole_loads)

    def is_split(self, gid):
        return int(gid) in self.splits

    def ranks_of(self, gid):
        """The ranks that hold gid or a piece of it."""
        gid = int(gid)
        if gid in self.splits:
            return sorted(set(self.splits[gid].hosts))
        return [r for r, gids in enumerate(self.ranks) if gid in gids]

    def gids_on(self, rank):
        """The gids of which rank holds the whole cell or a piece, sorted."""
        split = [g for g, s in self.splits.items() if rank in s.hosts]
        return sorted(list(self.ranks[rank]) + split)

    def root_rank(self, gid):
        """The rank of the piece with the cell's root section (its soma, usually): where its
        gid goes when the spike detector is there."""
        gid = int(gid)
        return self.splits[gid].hosts[0] if gid in self.splits else self.ranks_of(gid)[0]

    def decomposition(self):
        pieces = {g: [(r, k) for k, r in enumerate(s.hosts)] for g, s in self.splits.items()}
        return Decomposition(self.nranks, self.ranks, pieces=pieces, source="split balance")

    def describe(self):
        lines = [f"whole cells: imbalance {self.whole_imbalance:.3f}; "
                 f"with split cells: {self.imbalance:.3f}"]
        for g, s in sorted(self.splits.items()):
            cuts = ", ".join(s.tree.names[c] for c in s.cuts)
            lines.append(f"gid {g}: cut at {cuts}; pieces on ranks {s.hosts}")
        return "\n".join(lines)

    def cut(self, gid, section, pc):
        """Cut the cell of gid (any of its sections given) as planned, on this rank: the cut
        sections are disconnected, this rank's pieces marked with their sids
        (pc.multisplit(sec(x), sid)), the other pieces deleted. Returns this rank's sections
        of the cell. pc.multisplit() (every rank, once) must follow the last cut."""
        split = self.splits.get(int(gid))
        if split is None:
            raise BalanceError(f"plan.cut({gid}): gid {gid} is not split in this plan")
        secs = tree_sections(section)
        names = [s.name() for s in secs]
        if names != split.tree.names:
            raise BalanceError(f"plan.cut({gid}, {section}): this cell's sections differ from "
                               f"the cell measured for the plan ({len(names)} sections here, "
                               f"{len(split.tree.names)} planned); build gid {gid} the same way "
                               "on every rank and measure that cell")
        rank = int(pc.id())
        joins = [(secs[c].parent_section, secs[c].parent_x) for c in split.cuts]
        for c in split.cuts:
            secs[c].disconnect()
        piece = split.piece_of_sections()
        for k, host in enumerate(split.hosts):
            if host != rank:
                continue
            if k > 0:
                pc.multisplit(secs[split.cuts[k - 1]](0), split.sids[k - 1])
            if k < len(split.cuts):
                parent, x = joins[k]
                pc.multisplit(parent(x), split.sids[k])
        kept = [s for s, p in zip(secs, piece) if split.hosts[p] == rank]
        for s, p in zip(secs, piece):
            if split.hosts[p] != rank:
                s.delete()
        split_table().piece_gids.update({id(s): (int(gid), s) for s in kept})
        return kept


def _imbalance(loads):
    mean = sum(loads) / len(loads) if loads else 0.0
    return max(loads) / mean if mean > 0 else 1.0


def lpt_parts(weights, nparts):
    """NEURON's LoadBalance.lpt: the part index of each weight and the part totals. Largest
    weight first (equal weights: the later one first), onto the least loaded part (equal
    loads: the lowest part)."""
    loads = [0.0] * nparts
    index = [0] * len(weights)
    for k in sorted(range(len(weights)), key=lambda i: (-weights[i], -i)):
        part = min(range(nparts), key=lambda r: (loads[r], r))
        loads[part] += weights[k]
        index[k] = part
    return index, loads


def _lpt_onto(weights, loads):
    """Largest first onto the least loaded rank (ties by gid, then rank); loads updated."""
    heap = [(load, r) for r, load in enumerate(loads)]
    heapq.heapify(heap)
    ranks = [[] for _ in loads]
    for g in sorted(weights, key=lambda k: (-weights[k], k)):
        load, r = heapq.heappop(heap)
        ranks[r].append(g)
        loads[r] = load + weights[g]
        heapq.heappush(heap, (loads[r], r))
    return ranks


def _path_between(tree, a, b):
    """Sections strictly between a and its descendant b."""
    out, n = [], tree.parent[b]
    while n != a:
        out.append(n)
        n = tree.parent[n]
    return out


def _best_piece(tree, sub, a, b, share, slack, ends):
    """The cut that takes from the remaining part sub(a) - sub(b) (b None: all of sub(a)) the
    piece closest to share and not over share + slack, from its top end (the piece above the
    cut) or its bottom end (the subtree at the cut). (cost, cut, from_top) or None."""
    low = sub[b] if b is not None else 0.0
    candidates = tree.descendants(a) if b is None else _path_between(tree, a, b)
    best = None
    for n in candidates:
        for piece, from_top in ((sub[a] - sub[n], True), (sub[n] - low, False)):
            if ends != "both" and from_top != (ends == "top"):
                continue
            if 0 < piece <= share + slack and (best is None or
                                               abs(piece - share) < abs(best[0] - share)):
                best = (piece, n, from_top)
    return best


def _lay_out(gid, tree, loads, r, mean, slack, ends):
    """Cut one large cell along the ranks from rank r on, each filled to the mean: pieces are
    taken from either end of the remaining part, so they form a path (at most two split nodes
    each). Returns the next rank to fill and the CellSplit (no cuts: placed whole)."""
    sub = tree.subtree_costs()
    a, b = 0, None                 # the remaining part: sub(a) - sub(b)
    top_pieces, bottom_pieces = [], []     # (cut, rank, cost), from each end inward
    last = len(loads) - 1
    while True:
        rem = sub[a] - (sub[b] if b is not None else 0.0)
        share = mean - loads[r]
        if r == last or rem <= share + slack:
            loads[r] += rem
            middle = (r, rem)
            break
        best = _best_piece(tree, sub, a, b, share, slack, ends) if share > slack else None
        if best is None:
            r += 1
            continue
        piece, n, from_top = best
        loads[r] += piece
        if from_top:
            top_pieces.append((n, r, piece))
            a = n
        else:
            bottom_pieces.append((n, r, piece))
            b = n
        r += 1
    # path order: root piece first; the cuts nested, ancestors first
    cuts = [n for n, _, _ in top_pieces] + [n for n, _, _ in reversed(bottom_pieces)]
    hosts = [h for _, h, _ in top_pieces] + [middle[0]] + [h for _, h, _ in
                                                          reversed(bottom_pieces)]
    costs = [c for _, _, c in top_pieces] + [middle[1]] + [c for _, _, c in
                                                           reversed(bottom_pieces)]
    nxt = r + 1 if loads[r] >= mean - slack and r < last else r
    return nxt, CellSplit(gid, tree, cuts, hosts, costs)


def plan_balance(cells, nranks, tolerance=0.05, split_above=0.25):
    """A BalancePlan for nranks ranks. cells: {gid: CellTree (a cell that may be cut) or a
    cost (a cell placed whole)}. Deterministic: the same input gives the same plan on every
    rank."""
    nranks = int(nranks)
    if nranks < 1:
        raise BalanceError(f"plan_balance: {nranks} ranks; give 1 or more")
    weight = {int(g): (c.total if isinstance(c, CellTree) else float(c)) for g, c in cells.items()}
    whole_loads = [0.0] * nranks
    whole = _lpt_onto(weight, whole_loads)
    whole_plan = BalancePlan(nranks, [sorted(gids) for gids in whole], {}, whole_loads,
                             list(whole_loads))
    if nranks == 1 or whole_plan.imbalance <= 1 + tolerance:
        return whole_plan
    mean = sum(weight.values()) / nranks
    large = [g for g in sorted(weight, key=lambda k: (-weight[k], k))
             if isinstance(cells[g], CellTree) and weight[g] > split_above * mean]
    best = whole_plan
    for fill in FILLS:                  # a few targets around the mean, three ways to cut
        for ends in ("both", "top", "bottom"):
            plan = _split_plan(cells, weight, large, nranks, mean * fill,
                               tolerance * mean / 2, ends)
            if plan.imbalance < best.imbalance - 1e-12:
                best = plan
    best.whole_loads = whole_loads
    return best


def _split_plan(cells, weight, large, nranks, target, slack, ends):
    loads, splits, r = [0.0] * nranks, {}, 0
    for g in large:
        r, split = _lay_out(g, cells[g], loads, r, target, slack, ends)
        splits[g] = split
    ranks = [[] for _ in range(nranks)]
    for g, split in list(splits.items()):
        if not split.cuts:                     # laid out whole
            ranks[split.hosts[0]].append(g)
            del splits[g]
    small = {g: w for g, w in weight.items() if g not in large}
    for r, gids in enumerate(_lpt_onto(small, loads)):
        ranks[r] += gids
    sid = SID_BASE
    for g in sorted(splits):
        splits[g].sids = list(range(sid, sid + len(splits[g].cuts)))
        sid += len(splits[g].cuts)
    return BalancePlan(nranks, [sorted(gids) for gids in ranks], splits, loads, None)
