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
filled to the mean, and cut a piece off a cell where it crosses a rank's share. A cut is
between a section and its parent; the piece is the subtree at the cut or the rest above it,
whichever comes closest to the share, and no piece (nor what is left of the cell) gets more
than two split nodes (NEURON's rule). The small cells then go by LPT onto the ranks with the
least load. A few variants are tried (fill targets around the mean, pieces from the top, the
bottom or both, one piece per rank or several); the best balanced plan is kept, and only if
it beats the whole placement. Like NEURON's, the cuts are at sections: a cell whose subtrees
are all large (a binary tree) balances less well than one with many small branches."""

import heapq
from dataclasses import dataclass, field

from .decomposition import Decomposition
from .splittable import split_table

FILLS = (1.0, 0.97, 1.03, 0.93, 1.07)    # rank fill targets tried, x the mean
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

    def as_dict(self):
        return {"names": list(self.names), "parent": [int(p) for p in self.parent],
                "cost": [float(c) for c in self.cost]}

    @classmethod
    def from_dict(cls, data):
        return cls(list(data["names"]), [int(p) for p in data["parent"]],
                   [float(c) for c in data["cost"]])

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
    """How one cell is cut: between each section of cuts and its parent. Piece 0 has the root,
    piece k + 1 starts at cuts[k] (sorted) and goes down to the next cuts; hosts[k] is the
    rank of piece k, loads[k] its planned cost, sids[k] the sid of cut k."""
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
        piece = split.piece_of_sections()
        joins = [(secs[c].parent_section, secs[c].parent_x) for c in split.cuts]
        for c in split.cuts:
            secs[c].disconnect()
        for j, c in enumerate(split.cuts):       # cut j joins piece j + 1 to its parent's
            if split.hosts[j + 1] == rank:
                pc.multisplit(secs[c](0), split.sids[j])
            if split.hosts[piece[split.tree.parent[c]]] == rank:
                parent, x = joins[j]
                pc.multisplit(parent(x), split.sids[j])
        kept = [s for s, p in zip(secs, piece) if split.hosts[p] == rank]
        for s, p in zip(secs, piece):
            if split.hosts[p] != rank:
                s.delete()
        split_table().piece_gids.update({id(s): (int(gid), s) for s in kept})
        return kept


def measure_trees(gid_table, loads, costs, dt, min_cost):
    """{gid: CellTree} of this rank's cells (CellLoads) of at least min_cost and two
    sections, the cells a plan may cut; the root section also carries what the cost model
    charges the cell beyond its sections (events), so that a tree's total is the cell's cost."""
    from .costmodel import section_of
    trees = {}
    for cl in loads:
        if cl.cost < min_cost:
            continue
        sec = section_of(gid_table.presyn[cl.gid])
        tree = CellTree.of(sec, costs, dt) if sec is not None else None
        if tree is None or len(tree.names) < 2:
            continue
        tree.cost[0] += cl.cost - tree.total
        trees[cl.gid] = tree
    return trees


def plan_from_cuts(nranks, ranks, per_rank, trees, cuts, pieces, whole_loads=None):
    """The BalancePlan an allocation file describes: ranks (whole gids), per-rank planned
    cost, trees {gid: CellTree}, cuts {gid: {"sections": names, "sids", "loads"}}, pieces
    [(gid, piece, rank)]; whole_loads: the per-rank cost of placing whole cells."""
    hosts = {}
    for gid, piece, rank in sorted(pieces):
        hosts.setdefault(int(gid), []).append(int(rank))
    splits = {}
    for gid, cut in cuts.items():
        tree = trees[int(gid)]
        missing = [n for n in cut["sections"] if n not in tree.names]
        if missing:
            raise BalanceError(f"gid {gid}: cut sections {missing} are not in its tree")
        splits[int(gid)] = CellSplit(int(gid), tree, [tree.names.index(n) for n in
                                                      cut["sections"]],
                                     hosts[int(gid)], list(cut["loads"]),
                                     [int(s) for s in cut["sids"]])
    return BalancePlan(nranks, [list(r) for r in ranks], splits, list(per_rank),
                       list(whole_loads if whole_loads is not None else per_rank))


def _merged(split):
    """The split without the cuts whose two pieces landed on one rank (the merged piece keeps
    at most two split nodes: two pieces of two each, less the cut between them)."""
    while True:
        piece = split.piece_of_sections()
        parent = split.tree.parent
        same = [j for j, c in enumerate(split.cuts)
                if split.hosts[j + 1] == split.hosts[piece[parent[c]]]]
        if not same:
            return split
        j = same[0]
        above = piece[parent[split.cuts[j]]]
        hosts, loads = list(split.hosts), list(split.loads)
        loads[above] += loads[j + 1]
        del hosts[j + 1], loads[j + 1]
        split = CellSplit(split.gid, split.tree, split.cuts[:j] + split.cuts[j + 1:], hosts,
                          loads)


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


class _Region:
    """The part of a cell still to place: sub(top) minus the subtrees of the cuts in bottoms
    (a set of sections none below another). Its split nodes: top (unless the root) and the
    bottoms."""

    def __init__(self, tree, sub, enter, leave):
        self.tree, self.sub, self.enter, self.leave = tree, sub, enter, leave
        self.top, self.bottoms = 0, []

    def below(self, b, n):
        """Whether section b is in the subtree of section n."""
        return self.enter[n] <= self.enter[b] < self.leave[n]

    def cost(self):
        return self.sub[self.top] - sum(self.sub[b] for b in self.bottoms)

    def sections(self):
        return [n for n in [self.top] + self.tree.descendants(self.top)
                if not any(self.below(n, b) for b in self.bottoms)]

    def bottoms_below(self, n):
        return [b for b in self.bottoms if self.below(b, n)]

    def inner_cost(self, n):
        """Cost of the region's part of the subtree at n."""
        return self.sub[n] - sum(self.sub[b] for b in self.bottoms_below(n))

    def options_sids(self, n):
        """(split nodes of the subtree piece at n, split nodes left) of a bottom cut at n."""
        inside = self.bottoms_below(n)
        return 1 + len(inside), (1 if self.top else 0) + len(self.bottoms) - len(inside) + 1

    def options(self, n):
        """The two pieces a cut at n can take: (cost, n, from_top, piece's sids, sids left)."""
        inside = [b for b in self.bottoms if self.below(b, n)]
        outside = [b for b in self.bottoms if b not in inside]
        below = self.sub[n] - sum(self.sub[b] for b in inside)
        tops = [self.top] if self.top else []
        yield below, n, False, 1 + len(inside), len(tops) + len(outside) + 1
        yield self.cost() - below, n, True, len(tops) + len(outside) + 1, 1 + len(inside)

    def take(self, n, from_top):
        inside = [b for b in self.bottoms if self.below(b, n)]
        if from_top:
            self.top, self.bottoms = n, inside
        else:
            self.bottoms = [b for b in self.bottoms if b not in inside] + [n]


def _euler(tree):
    """enter/leave numbers of a depth-first walk: b is below n iff enter[n] <= enter[b] <
    leave[n]."""
    children = [[] for _ in tree.parent]
    for i, p in enumerate(tree.parent):
        if p >= 0:
            children[p].append(i)
    enter, leave, clock, stack = [0] * len(children), [0] * len(children), 0, [(0, False)]
    while stack:
        n, done = stack.pop()
        if done:
            leave[n] = clock
            continue
        enter[n] = clock
        clock += 1
        stack.append((n, True))
        stack.extend((c, False) for c in reversed(children[n]))
    return enter, leave


def _best_piece(region, share, slack, ends):
    """The cut taking from the region the piece closest to share, not over share + slack,
    with at most two split nodes on the piece and on what is left: (cost, n, kind, m, cost
    of m's piece) with kind "top" (the part above n), "bottom" (the subtree at n) or "band"
    (the subtree at n less the subtree at m, a piece of at most share that goes with the small
    cells); or None."""
    best = None
    secs = region.sections()
    for n in secs[1:]:
        for piece, cut, from_top, sids, sids_left in region.options(n):
            if ends != "both" and from_top != (ends == "top"):
                continue
            if sids > 2 or sids_left > 2 or not 0 < piece <= share + slack:
                continue
            if best is None or abs(piece - share) < abs(best[0] - share):
                best = (piece, cut, "top" if from_top else "bottom", None, 0.0)
    if ends == "top":
        return best
    inner = {n: region.inner_cost(n) for n in secs}
    for n in secs[1:]:
        if not share + slack < inner[n] <= 2 * share + slack or \
                region.options_sids(n)[1] > 2 or region.bottoms_below(n):
            continue
        for m in secs:
            band = inner[n] - inner[m]
            if m == n or not region.below(m, n) or not 0 < band <= share + slack or \
                    inner[m] > share or len(region.bottoms_below(m)) > 1:
                continue
            if best is None or abs(band - share) < abs(best[0] - share):
                best = (band, n, "band", m, inner[m])
    return best


def _lay_out(gid, tree, loads, r, mean, slack, ends, stay):
    """Cut one large cell along the ranks from rank r on, each filled to the mean; every
    piece keeps at most two split nodes. Returns the next rank to fill, the CellSplit (no
    cuts: placed whole) and its pieces left for the small cells' LPT [(piece, cost)]."""
    enter, leave = _euler(tree)
    region = _Region(tree, tree.subtree_costs(), enter, leave)
    taken, pending = [], []         # (cut, kind, rank, cost); (cut, cost)
    last = len(loads) - 1
    while True:
        rem, share = region.cost(), mean - loads[r]
        if r == last or rem <= share + slack:
            loads[r] += rem
            break
        best = _best_piece(region, share, slack, ends) if share > slack else None
        if best is None:
            r += 1
            continue
        piece, n, kind, m, m_cost = best
        loads[r] += piece
        taken.append((n, kind, r, piece))
        if kind == "band":
            pending.append((m, m_cost))
        region.take(n, kind == "top")
        if not stay or loads[r] >= mean - slack:    # stay: another piece may fit here
            r += 1
    cuts = sorted([n for n, _, _, _ in taken] + [m for m, _ in pending])
    # piece 0 has the root, piece k + 1 starts at cuts[k]; a piece taken from the top is the
    # one above its cut, the rest (last) is the region left
    hosts, costs = [None] * (len(cuts) + 1), [0.0] * (len(cuts) + 1)
    split = CellSplit(gid, tree, cuts, hosts, costs)
    piece = split.piece_of_sections()
    for n, kind, rank, cost in taken:
        k = piece[tree.parent[n]] if kind == "top" else cuts.index(n) + 1
        hosts[k], costs[k] = rank, cost
    left = piece[region.top]
    hosts[left], costs[left] = r, rem
    later = [(cuts.index(m) + 1, cost) for m, cost in pending]
    for k, cost in later:
        costs[k] = cost
    nxt = r + 1 if loads[r] >= mean - slack and r < last else r
    return nxt, split, later


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
    plans = [_split_plan(cells, weight, large, nranks, mean * fill, tolerance * mean / 2, ends,
                         stay)                # a few targets around the mean, six ways to cut
             for fill in FILLS for ends in ("both", "top", "bottom") for stay in (False, True)]

    def rank(plan):         # within tolerance: the fewest cuts (each costs an exchange a step)
        ok = plan.imbalance <= 1 + tolerance
        cuts = sum(len(s.cuts) for s in plan.splits.values())
        return (not ok, cuts if ok else 0, plan.imbalance)
    best = min(plans, key=rank)
    if best.imbalance >= whole_plan.imbalance - 1e-12:
        best = whole_plan
    best.whole_loads = whole_loads
    return best


def _split_plan(cells, weight, large, nranks, target, slack, ends, stay):
    loads, splits, r, later = [0.0] * nranks, {}, 0, {}
    for g in large:
        r, split, pending = _lay_out(g, cells[g], loads, r, target, slack, ends, stay)
        splits[g] = split
        later.update({(1, g, k): cost for k, cost in pending})
    ranks = [[] for _ in range(nranks)]
    for g, split in list(splits.items()):
        if not split.cuts:                     # laid out whole
            ranks[split.hosts[0]].append(g)
            del splits[g]
    small = {(0, g): w for g, w in weight.items() if g not in large}
    small.update(later)
    for r, keys in enumerate(_lpt_onto(small, loads)):
        for key in keys:
            if key[0] == 0:
                ranks[r].append(key[1])
            else:
                splits[key[1]].hosts[key[2]] = r
    for g, split in list(splits.items()):
        splits[g] = _merged(split)
        if not splits[g].cuts:
            ranks[split.hosts[0]].append(g)
            del splits[g]
    sid = SID_BASE
    for g in sorted(splits):
        splits[g].sids = list(range(sid, sid + len(splits[g].cuts)))
        sid += len(splits[g].cuts)
    return BalancePlan(nranks, [sorted(gids) for gids in ranks], splits, loads, None)
