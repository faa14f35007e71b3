"""h.RangeVarPlot: a range variable along the path between two points of a cell, as NEURON's
RangeVarPlot computes it for `to_vector` (the plot itself is a Graph's business; without a
display nothing is drawn).

The path: begin and end are snapped to their nodes (x = 0 or 1, else the centre of the
segment holding x), and run through the tree: up from begin to the lowest section the two
have in common, along it, and down to end. Each node is listed once (a child's connection end
is its parent's node). The x coordinate of a point is its signed arc length from the path's
point nearest the root (negative before it), stored as NEURON stores it, in single precision,
plus the offset origin() gives. A variable other than v
has no values at the zero-area nodes inside the path (section ends that are not a parent's
interior node); begin and end are always listed. These rules were read off NEURON 9's output, case by case."""

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


def _chain(sec, pos):
    """[(section, position)] from (sec, pos) up to the root: each parent at the node its child
    connects to (a connection at x is at x's node)."""
    out = [(sec, pos)]
    while sec.parent_section is not None:
        pos, sec = node_position(sec.parent_section, sec.parent_x), sec.parent_section
        out.append((sec, pos))
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


def path_points(begin, end):
    """[(section, position, signed arc length, inner end)] from begin to end, each a (sec, x)
    pair. A node where the path changes section is listed once, as the child's connection end
    (NEURON evaluates it there); `inner end` marks a point at a section end that is a
    zero-area node of the tree (only v has values there)."""
    (bsec, bx), (esec, ex) = begin, end
    bpos, epos = node_position(bsec, bx), node_position(esec, ex)
    up, down = _chain(bsec, bpos), _chain(esec, epos)
    down_secs = [s for s, _ in down]
    for i, (sec, pos) in enumerate(up):
        if any(sec is s for s in down_secs):
            j = next(k for k, s in enumerate(down_secs) if s is sec)
            common, pb, pe = sec, pos, down[j][1]
            break
    else:
        raise ValueError(f"RangeVarPlot: {bsec.name()} and {esec.name()} are not in one tree "
                         "(no path between begin and end)")
    points = []
    for k in range(i):                     # up: each section from its point to its root end
        sec, pos = up[k]
        points += _walk(sec, pos, float(sec.orientation()), first=(k == 0))
    points += _walk(common, pb, pe, first=(i == 0), last=(j == 0))
    for k in range(j - 1, -1, -1):         # down: from the connection end to the point
        sec, pos = down[k]
        points += _walk(sec, float(sec.orientation()), pos, last=(k == 0))
    nodes = [_node(s, p) for s, p in points]
    # the origin: the point nearest the root, on the common section
    root_end = float(common.orientation()) if common.parent_section is not None else 0.0
    origin_pos = min(pb, pe, key=lambda p: abs(p - root_end))
    osec, opos = _node(common, origin_pos)
    origin = next(k for k, (s, p) in enumerate(nodes) if s is osec and p == opos)
    arc = [0.0]
    for (s0, p0), (s1, p1) in zip(nodes, nodes[1:]):
        if s0 is s1:
            step = abs(p1 - p0) * s1.L
        elif s1.parent_section is s0:          # down into a child, from its connection
            step = abs(p1 - float(s1.orientation())) * s1.L
        else:                                  # up out of a child, to its connection
            step = abs(p0 - float(s0.orientation())) * s0.L
        arc.append(arc[-1] + step)
    return [(s, p, a - arc[origin], p in (0.0, 1.0) and np in (0.0, 1.0))
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
