"""Node numbering: NEURON's section order and node order within each cell, with cells of one
node shape interleaved so that the cable kernels (cable.py) vectorize across them."""

import numpy as np

from .cable import GROUP_HEADER


def tree_order(sections):
    """NEURON's section order: roots in creation order, then breadth first."""
    roots = [s for s in sections if s.parent_section is None]
    order, level = [], roots
    while level:
        order.extend(level)
        level = [c for s in level for c in s.child_sections]
    return order


def runs(nodes):
    """Runs of consecutive node indices: flat (node0, instance0, length) triplets."""
    if len(nodes) == 0:
        return np.zeros(0, dtype=np.int64)
    breaks = np.flatnonzero(np.diff(nodes) != 1) + 1
    starts = np.concatenate(([0], breaks))
    lengths = np.diff(np.concatenate((starts, [len(nodes)])))
    return np.stack([nodes[starts], starts, lengths], axis=1).ravel().astype(np.int64)


def _cell_layout(secs):
    """One cell's local numbering: the root node, then each section's nodes (centres, then
    the 1 end; from the 1 end to the 0 end for a section connected by its 1 end), sections
    breadth first. Returns (flat, at, local parent, local cm): flat is
    the local node of each entry of Section.node_v, section after section, at[id(sec)] where
    the section starts in flat."""
    flat, at = [], {}
    lparent = [-1]
    lcm = [0.0]
    n = 1
    for s in secs:
        ns = s.nseg
        if s.parent_section is None:
            first = 0
        else:
            p = s.parent_section
            first = flat[at[id(p)] + p.node_of(s.parent_x)]
        at[id(s)] = len(flat)
        if s.orientation():     # connected by its 1 end: nodes from the 1 end, the 0 end last
            flat.append(n + ns)
            flat.extend(range(n + ns - 1, n - 1, -1))
            flat.append(first)
            lcm.extend(s.range_table["cm"][::-1].tolist())
        else:
            flat.append(first)
            flat.extend(range(n, n + ns + 1))
            lcm.extend(s.range_table["cm"].tolist())
        lparent.append(first)               # node n's parent; then a chain
        lparent.extend(range(n, n + ns))
        lcm.append(0.0)
        n += ns + 1
    return flat, at, lparent, lcm


def reroot(flat, lparent, lcm, root):
    """One cell's local numbering re-rooted at local node `root` (a piece of a split cell is
    solved toward its split node): the parent links on the path from root to the old root are
    reversed, nodes renumbered breadth first from root (parents before children). Returns
    (flat, local parent, local cm, edge): edge[n] is the node (new numbering) whose old link to
    its parent is n's new link to its parent (n itself off the path; -1 for the root), so the
    axial resistances, computed per node in the sections' own direction, follow the links."""
    n = len(lparent)
    newpar = list(lparent)
    edge = list(range(n))
    newpar[root], edge[root] = -1, -1
    node = root
    while lparent[node] >= 0:
        up = lparent[node]
        newpar[up], edge[up] = node, node
        node = up
    kids = [[] for _ in range(n)]
    for i in range(n):
        if newpar[i] >= 0:
            kids[newpar[i]].append(i)
    order = [root]
    k = 0
    while k < len(order):
        order.extend(kids[order[k]])
        k += 1
    new = [0] * n
    for pos, old in enumerate(order):
        new[old] = pos
    return ([new[f] for f in flat],
            [-1 if newpar[o] < 0 else new[newpar[o]] for o in order],
            [lcm[o] for o in order],
            [-1 if edge[o] < 0 else new[edge[o]] for o in order])


class NodeLayout:
    """Global node numbering. Within a cell nodes follow NEURON's order; cells of the same
    shape are interleaved (node j of cell c of a group at base + j*ncells + c), so that the
    Hines solve works on independent cells in consecutive iterations; every cell sees the same
    operations in the same order, so the numbers are those of NEURON's layout.

    sec_nodes[id(sec)]: global node of each entry of sec.node_v; parent[i]: parent node of
    node i (-1 for a root); cm[i]; group_table / group_parent: I_GROUP / I_GROUP_PARENT.

    split_points: (section, x) pairs; a cell holding one is rooted at the node of its first
    (split_nodes: the global node of every split point, in order). edge_src (None without re-rooted cells):
    edge_src[i] is the node whose axial resistance, computed in the sections' direction, is
    node i's link to its parent (-1 for a root)."""

    def __init__(self, sections, split_points=()):
        trees = {}
        for s in sections:
            trees.setdefault(id(s.root()), []).append(s)
        split_at = {}
        for k, (sec, x) in enumerate(split_points):
            split_at.setdefault(id(sec.root()), []).append((k, sec, x))
        self.split_nodes = [-1] * len(split_points)
        groups = {}
        for key, secs in trees.items():
            flat, at, lparent, lcm = _cell_layout(secs)
            edge, marks = None, []
            if key in split_at:
                marks = [(k, flat[at[id(sec)] + sec.node_of(x)]) for k, sec, x in split_at[key]]
                root = marks[0][1]
                if root != 0:       # already rooted there: NEURON's numbering unchanged
                    order = list(flat)
                    flat, lparent, lcm, edge = reroot(flat, lparent, lcm, root)
                    renum = dict(zip(order, flat))
                    marks = [(k, renum[node]) for k, node in marks]
            groups.setdefault(tuple(lparent), []).append((secs, at, flat, lcm, edge, marks))
        self.edge_src = None
        self._edges = []
        self.sec_nodes = {}
        self.parent = []
        self.cm = []
        self.group_table = []
        self.group_parent = []
        base = 0
        for key, members in groups.items():
            self._add_group(base, key, members)
            base += len(key) * len(members)
        if self._edges:
            self.edge_src = np.arange(self.nnode, dtype=np.int64)
            for rows, edges in self._edges:
                self.edge_src[rows] = edges

    def _note_edges(self, base, ncell, c, m, edge):
        """The links of a re-rooted cell (column c of its group), in global nodes."""
        local = np.arange(m, dtype=np.int64)
        e = np.array(edge, dtype=np.int64)
        self._edges.append((base + local * ncell + c, np.where(e >= 0, base + e * ncell + c, -1)))

    def _add_group(self, base, key, members):
        m, ncell = len(key), len(members)
        lp = np.array(key, dtype=np.int64)
        cols = np.arange(ncell, dtype=np.int64)
        par = np.where((lp >= 0)[:, None], base + lp[:, None] * ncell + cols[None, :], -1)
        cmv = np.array([lcm for _, _, _, lcm, _, _ in members]).T
        # global node = base + local * ncell + c: one array op per group (or per cell,
        # when cells of one node shape are cut into sections differently)
        if len({len(flat) for _, _, flat, _, _, _ in members}) == 1:
            rows = base + np.array([flat for _, _, flat, _, _, _ in members]) * ncell \
                + cols[:, None]
        else:
            rows = [base + np.array(flat) * ncell + c
                    for c, (_, _, flat, _, _, _) in enumerate(members)]
        for c, (secs, at, _, _, edge, marks) in enumerate(members):
            for k, node in marks:
                self.split_nodes[k] = base + node * ncell + c
            if edge is not None:
                self._note_edges(base, ncell, c, m, edge)
        for (secs, at, _, _, _, _), row in zip(members, rows):
            for sec in secs:
                o = at[id(sec)]
                self.sec_nodes[id(sec)] = row[o:o + sec.nseg + 2]
        self.parent.extend(par.ravel().tolist())
        self.cm.extend(cmv.ravel().tolist())
        header = [base, ncell, m, len(self.group_parent)]
        assert len(header) == GROUP_HEADER
        self.group_table += header
        self.group_parent += list(key)

    @property
    def nnode(self):
        return len(self.parent)
