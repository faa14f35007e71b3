"""h.RangeVarPlot: a range variable along the path between two points of a cell, as NEURON's
RangeVarPlot computes it for `to_vector` (the plot itself is a Graph's business; without a
display nothing is drawn).

The path (NEURON's RangeVarPlot::set_x, src/nrniv/spaceplt.cpp): begin and end are snapped
to their nodes (x = 0 or 1, else the centre of the segment holding x); the walk from begin
toward the root runs until the first node the walk from end also reaches (the root node),
then the end's walk follows reversed. Each node is listed once, on the section the walk is
on when it gets there (a child's connection end is its parent's node). The x coordinate of
a point is its signed arc length from the root node (negative before it), stored as NEURON
stores it, in single precision, plus the offset origin() gives. A variable other than v
has no values at the zero-area nodes inside the path (section ends that are not a parent's
interior node); begin and end are always listed (read off NEURON 9's output)."""

import itertools

import numpy as np

from . import secstack

_INDEX = itertools.count()


def node_position(sec, x):
    """The node x belongs to: 0, 1, or the centre of its segment."""
    x = float(x)
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"RangeVarPlot: x = {x} of {sec.name()} is not in [0, 1]")
    if x == 0.0 or x == 1.0:
        return x
    n = sec.nseg
    i = min(int(x * n), n - 1)
    return (i + 0.5) / n


def _nodes(sec):
    n = sec.nseg
    return [0.0] + [(i + 0.5) / n for i in range(n)] + [1.0]


def _root_end(sec):
    """The position of sec's end nearest the root (the end its parent connects, 0 for a root)."""
    return float(sec.orientation()) if sec.parent_section is not None else 0.0


def _toward_root(sec, pos):
    """[(section, position)] of the nodes from (sec, pos) to the root, as NEURON's set_x
    walks them: the section's nodes toward its root end, that end included (the node it
    shares with its parent, listed as the child's), then the parent's from the node after
    the connection, and so on."""
    out = _walk(sec, pos, _root_end(sec))
    while sec.parent_section is not None:
        start, sec = node_position(sec.parent_section, sec.parent_x), sec.parent_section
        out += _walk(sec, start, _root_end(sec), first=False)
    return out


def _walk(sec, a, b, first=True, last=True):
    """The nodes of sec from position a to b (either direction), without a or b if asked."""
    lo, hi = min(a, b), max(a, b)
    inside = [p for p in _nodes(sec) if lo <= p <= hi]
    if a > b:
        inside.reverse()
    if not first and inside and inside[0] == a:
        inside = inside[1:]
    if not last and inside and inside[-1] == b:
        inside = inside[:-1]
    return [(sec, p) for p in inside]


def _node(sec, pos):
    """Where (sec, pos) is in the tree: a child's connection end is its parent's node."""
    if sec.parent_section is not None and pos == float(sec.orientation()):
        return sec.parent_section, node_position(sec.parent_section, sec.parent_x)
    return sec, pos


def _same_node(a, b):
    return a[0] is b[0] and a[1] == b[1]


def path_points(begin, end):
    """[(section, position, signed arc length, inner end)] from begin to end, each a (sec, x)
    pair, as NEURON's RangeVarPlot::set_x (src/nrniv/spaceplt.cpp) lists them: the nodes
    from begin up to the node nearest the root that the two paths share (the "root node",
    arc length 0), then the nodes from there down to end. Each node is listed once, on the
    section the walk is on when it reaches it: a connection node on the child's end, except
    the root node on the end side, which the begin side lists (on begin's own section when
    begin is that node). `inner end` marks a point at a section end that is a zero-area
    node of the tree (only v has values there)."""
    (bsec, bx), (esec, ex) = begin, end
    up = _toward_root(bsec, node_position(bsec, bx))
    down = _toward_root(esec, node_position(esec, ex))
    down_nodes = [_node(s, p) for s, p in down]
    for i, (sec, pos) in enumerate(up):
        here = _node(sec, pos)
        j = next((k for k, n in enumerate(down_nodes) if _same_node(n, here)), None)
        if j is not None:
            break
    else:
        raise ValueError(f"RangeVarPlot: {bsec.name()} and {esec.name()} are not in one tree "
                         "(no path between begin and end)")
    points = up[:i + 1] + down[:j][::-1]
    nodes = [_node(s, p) for s, p in points]
    arc = [0.0]
    for (s0, p0), (s1, p1) in zip(nodes, nodes[1:]):
        if s0 is s1:
            step = abs(p1 - p0) * s1.L
        elif s1.parent_section is s0:          # down into a child, from its connection
            step = abs(p1 - float(s1.orientation())) * s1.L
        else:                                  # up out of a child, to its connection
            step = abs(p0 - float(s0.orientation())) * s0.L
        arc.append(arc[-1] + step)
    return [(s, p, a - arc[i], p in (0.0, 1.0) and np in (0.0, 1.0))
            for (s, p), (_, np), a in zip(points, nodes, arc)]


class RangeVarPlot:
    """h.RangeVarPlot("v"[, begin_seg, end_seg]): begin(x, sec=), end(x, sec=), origin(x),
    to_vector(values[, xvec]), left(), right(), list(SectionList)."""

    def __init__(self, variable, begin=None, end=None):
        if callable(variable):
            raise NotImplementedError("h.RangeVarPlot(callable): pnm takes a range variable "
                                      "name such as 'v' or 'cai'")
        self.variable = str(variable)
        self._index = next(_INDEX)
        self._begin = self._end = None
        self._offset = 0.0
        if begin is not None:
            self._begin = (begin.sec, begin.x)
        if end is not None:
            self._end = (end.sec, end.x)

    def hname(self):
        return f"RangeVarPlot[{self._index}]"

    __repr__ = __str__ = hname

    @staticmethod
    def _place(x, sec):
        return (sec if sec is not None else secstack.cas(), float(x))

    def begin(self, x, sec=None):
        self._begin = self._place(x, sec)
        return 1.0

    def end(self, x, sec=None):
        self._end = self._place(x, sec)
        return 1.0

    def origin(self, x, sec=None):
        """The x coordinate given to the path's point nearest the root (0 by default)."""
        self._offset = float(x)
        return 1.0

    def _points(self):
        if self._begin is None or self._end is None:
            raise RuntimeError(f"{self.hname()}: set begin and end first (rvp.begin(x, "
                               "sec=...), rvp.end(x, sec=...))")
        points = path_points(self._begin, self._end)
        if self.variable != "v":       # only v has values at the zero-area nodes inside
            points = [pt for k, pt in enumerate(points)
                      if k in (0, len(points) - 1) or not pt[3]]
        return points

    def _coordinates(self, points):
        return [float(np.float32(np.float32(a) + self._offset)) for _, _, a, _ in points]

    def _value(self, sec, pos):
        if self.variable == "v":           # v belongs to the node (a child's end: its parent's)
            sec, pos = _node(sec, pos)
        return float(getattr(sec(pos), self.variable))

    def to_vector(self, values, xvec=None):
        points = self._points()
        values.from_python([self._value(sec, p) for sec, p, _, _ in points])
        if xvec is not None:
            xvec.from_python(self._coordinates(points))
        return float(len(points))

    def left(self):
        return self._coordinates(self._points())[0]

    def right(self):
        return self._coordinates(self._points())[-1]

    def list(self, seclist):
        """Append the path's sections, in path order, to seclist."""
        seen = []
        for sec, _, _, _ in self._points():
            if not any(sec is s for s in seen):
                seen.append(sec)
        for sec in seen:
            seclist.append(sec=sec)
        return 1.0
