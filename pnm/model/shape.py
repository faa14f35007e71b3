"""Section geometry: segment areas and axial resistances from L/diam or from 3-D points, and the
3-D point operations (pt3dadd, pt3dchange, define_shape). NEURON stores 3-D points in single
precision; pnm does too, because the areas (and so the voltages) depend on it."""

import math
import weakref

import numpy as np

from .state import STATE

PI = math.pi
# pt3dstyle(1, x, y, z): section -> its logical connection point (float32 x, y, z), which
# define_shape moves to the parent's connection point instead of the first 3-D point
LOGICAL_CONNECTION = weakref.WeakKeyDictionary()


def arc_lengths(pts):
    """Arc length at each 3-D point: differences taken in float32 (as NEURON, whose points
    are floats), accumulated in double."""
    if pts is None or len(pts) == 0:
        return np.zeros(0)
    arc = np.zeros(len(pts))
    _recompute_arcs(pts, arc, 0)
    return arc


def _recompute_arcs(pts, arc, i0):
    if i0 == 0:
        arc[0] = 0.0
        i0 = 1
    for i in range(i0, len(pts)):
        d = (pts[i, :3] - pts[i - 1, :3]).astype(np.float64)   # float32 subtraction
        arc[i] = arc[i - 1] + math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2])


def section_arcs(sec):
    if sec.pt3d_arcs is None or len(sec.pt3d_arcs) != len(sec.pt3d_points):
        sec.pt3d_arcs = arc_lengths(sec.pt3d_points)
    return sec.pt3d_arcs


# section -> (inputs, result) of its last _diam_from_list: seg.area() and seg.ri() of every
# segment of a section with thousands of 3-D points read it once, not once per segment
_FROM_LIST = weakref.WeakKeyDictionary()


def _diam_from_list(sec):
    """NEURON's diam_from_list: integrate frusta over each half segment. Returns
    (area[nseg], rinv[nseg], rinv_end, diam[nseg]); the same arrays again while its inputs
    (the 3-D points, byte for byte, nseg and Ra) are as they were."""
    pts = sec.pt3d_points
    inputs = (sec.nseg, sec.Ra, pts.dtype.str, pts.shape, pts.tobytes())
    kept = _FROM_LIST.get(sec)
    if kept is not None and kept[0] == inputs:
        return kept[1]
    result = _integrate_frusta(sec, pts)
    for array in result[:2] + result[3:]:
        array.flags.writeable = False        # shared by later calls: nobody may change it
    _FROM_LIST[sec] = (inputs, result)
    return result


def _integrate_frusta(sec, pts):
    arcs = section_arcs(sec)
    nseg = sec.nseg
    ra = sec.Ra
    npt = len(pts)
    d = np.abs(pts[:, 3].astype(np.float64))
    areas = np.empty(nseg)
    rinv = np.empty(nseg)
    diams = np.empty(nseg)
    j = 0
    x1 = arcs[0]
    y1 = d[0]
    ds = max(arcs[-1], 1e-9) / float(nseg)       # NEURON's section_length is at least 1e-9
    rparent = 0.0
    for inode in range(nseg):
        si = inode * ds
        diam = 0.0
        area = 0.0
        rleft = 0.0
        for ihalf in range(2):
            ri = 0.0
            sip = si + ds / 2.0
            while True:
                jp = j + 1
                xj, xjp = arcs[j], arcs[jp]
                if xjp > sip or jp == npt - 1:
                    frac = 1.0 if abs(xjp - xj) < 1e-10 else (sip - xj) / (xjp - xj)
                    x2 = sip
                    y2 = (1.0 - frac) * d[j] + frac * d[jp]
                    jnext = j
                else:
                    x2 = xjp
                    y2 = d[jp]
                    jnext = jp
                delta = x2 - x1
                diam += (y2 + y1) * delta
                if delta < 1e-15:
                    delta = 1e-15
                temp = y2 * y1 / delta
                if temp == 0:
                    temp = 1e-15
                ri += 1 / temp
                temp = 0.5 * (y2 - y1)
                temp = math.sqrt(delta * delta + temp * temp)
                area += (y2 + y1) * temp
                x1, y1 = x2, y2
                if j == jnext:
                    break
                j = jnext
            if ihalf == 0:
                rleft = ri * ra / PI * (4.0 * 0.01)
            else:
                ri = ri * ra / PI * (4.0 * 0.01)
            si = sip
        rinv[inode] = 1.0 / (rparent + rleft)
        diams[inode] = diam * (0.5 / ds)
        areas[inode] = area * 0.5 * PI
        rparent = ri
    return areas, rinv, 1.0 / rparent, diams


def segment_areas(sec):
    """(area[nseg] in um2, rinv[nseg] in uS from each centre node to its parent node,
    rinv_end from the end node to the last centre), as NEURON's nrn_area_ri: in node order
    (segment i at sec.node_position(i)); with 3-D points, node j spans the points' j-th
    nseg-th of arc, whatever the section's orientation (as NEURON)."""
    n = sec.nseg
    if sec.pt3d_points is not None and len(sec.pt3d_points) > 1:
        areas, rinv, rinv_end, _ = _diam_from_list(sec)
        return areas, rinv, rinv_end
    ra = sec.Ra
    areas = np.empty(n)
    rinv = np.empty(n)
    dx = sec.stored_L / n
    rright = 0.0
    diam = sec.range_table["diam"][::-1 if sec.orientation() else 1]
    for i in range(n):
        di = diam[i]
        areas[i] = PI * di * dx
        rleft = 1e-2 * ra * (dx / 2) / (PI * di * di / 4.)
        rinv[i] = 1. / (rleft + rright)
        rright = rleft
    return areas, rinv, 1. / rright


def diam_from_3d(sec):
    """Segment diameters and L implied by the 3-D points (NEURON updates seg.diam only
    where it differs by more than 1e-9)."""
    if sec.pt3d_points is None or len(sec.pt3d_points) < 2:
        return
    _, _, _, diams = _diam_from_list(sec)
    cur = sec.range_table["diam"]
    for i in range(sec.nseg):        # diams in node order (the 3-D points' order)
        j = sec.node_position(i)
        if abs(diams[j] - cur[i]) > 1e-9 or diams[j] < 1e-5:
            cur[i] = diams[j]
    sec.stored_L = float(section_arcs(sec)[-1])


def _after_3d_change(sec):
    sec.sync_from_engine()
    if sec.pt3d_points is not None and len(sec.pt3d_points) > 1:
        diam_from_3d(sec)
    STATE.geometry_changed()


def pt3dadd(sec, x, y, z, d):
    row = np.array([[x, y, z, d]], dtype=np.float32)
    if not np.all(np.isfinite(row)):
        raise ValueError(f"{sec}.pt3dadd({x}, {y}, {z}, {d}): coordinates must be finite")
    sec.pt3d_points = row if sec.pt3d_points is None else np.vstack([sec.pt3d_points, row])
    arc = np.zeros(len(sec.pt3d_points))
    if sec.pt3d_arcs is not None and len(sec.pt3d_arcs) == len(sec.pt3d_points) - 1:
        arc[:-1] = sec.pt3d_arcs
    else:
        _recompute_arcs(sec.pt3d_points, arc, 0)
    _recompute_arcs(sec.pt3d_points, arc, len(sec.pt3d_points) - 1)
    sec.pt3d_arcs = arc
    _after_3d_change(sec)


def pt3dadd_many(sec, rows):
    """pt3dadd of each (x, y, z, diam) row in turn, with one geometry update at the end (as
    NEURON, which recomputes diameters and areas lazily, once)."""
    new = np.asarray(rows, dtype=np.float64).astype(np.float32).reshape(-1, 4)
    if not np.all(np.isfinite(new)):
        raise ValueError(f"{sec}.pt3dadd: coordinates must be finite")
    if len(new) == 0:
        return
    sec.pt3d_points = new if sec.pt3d_points is None else np.vstack([sec.pt3d_points, new])
    sec.pt3d_arcs = arc_lengths(sec.pt3d_points)
    _after_3d_change(sec)


def pt3dchange(sec, i, *args):
    n = sec.n3d()
    if not 0 <= i < n:
        raise IndexError(f"{sec}.pt3dchange({i}, ...): index out of range (n3d is {n})")
    if len(args) == 1:
        sec.pt3d_points[i, 3] = np.float32(args[0])
    elif len(args) == 4:
        sec.pt3d_points[i] = np.array(args, dtype=np.float32)
        _recompute_arcs(sec.pt3d_points, section_arcs(sec), i)
    else:
        raise TypeError(f"{sec}.pt3dchange(i, x, y, z, diam) or pt3dchange(i, diam)")
    _after_3d_change(sec)


def pt3dinsert(sec, i, x, y, z, d):
    """Insert a 3-D point before point i (i = n3d appends), as NEURON's pt3dinsert."""
    n = sec.n3d()
    if not 0 <= i <= n:
        raise IndexError(f"{sec}.pt3dinsert({i}, ...): index out of range (0 to n3d = {n})")
    row = np.array([[x, y, z, d]], dtype=np.float32)
    if not np.all(np.isfinite(row)):
        raise ValueError(f"{sec}.pt3dinsert({i}, {x}, {y}, {z}, {d}): coordinates must be "
                         "finite")
    sec.pt3d_points = row if sec.pt3d_points is None else np.insert(sec.pt3d_points, i, row,
                                                                       axis=0)
    sec.pt3d_arcs = arc_lengths(sec.pt3d_points)
    _after_3d_change(sec)


def pt3dremove(sec, i):
    n = sec.n3d()
    if not 0 <= i < n:
        raise IndexError(f"{sec}.pt3dremove({i}): index out of range (n3d is {n})")
    sec.pt3d_points = np.delete(sec.pt3d_points, i, axis=0)
    sec.pt3d_arcs = arc_lengths(sec.pt3d_points)
    _after_3d_change(sec)


def pt3dclear(sec):
    sec.sync_from_engine()
    if sec.pt3d_points is not None and len(sec.pt3d_points) > 1:
        sec.stored_L = float(section_arcs(sec)[-1])
    sec.pt3d_points = None
    sec.pt3d_arcs = None
    STATE.geometry_changed()


_diam_pending = weakref.WeakSet()   # sections whose seg.diam are to be recomputed from points


def diam_change(sec):
    """A segment's diam was assigned on a section with 3-D points: as NEURON's
    nrn_diam_change, every 3-D point takes the diameter of the segment its arc position lies
    in (the points then describe constant-diameter segments). The segments' diam are
    recomputed from the points when next read (settle), as NEURON's recalc_diam: so
    `diam(0:1) = 3:1` sets every segment before the points follow. With pt3dconst(1) the
    points stay, and the segments' diam return to theirs."""
    if STATE.pt3dconst:
        _diam_pending.add(sec)
        STATE.geometry_changed()
        return
    arcs = section_arcs(sec)
    length = arcs[-1]
    if length <= 0:
        return
    n = sec.nseg
    x = np.minimum(arcs / length, 1.0)
    which = np.minimum((x * n).astype(np.int64), n - 1)
    sec.pt3d_points[:, 3] = sec.range_table["diam"][which].astype(np.float32)
    _diam_pending.add(sec)
    STATE.geometry_changed()


def settle(sec):
    """Before a read of sec's diam: recompute it from the 3-D points if diam_change left it
    pending."""
    if _diam_pending and sec in _diam_pending:
        _diam_pending.discard(sec)
        diam_from_3d(sec)


def settle_all():
    """Before the engine reads geometry: every pending diam recomputed (settle)."""
    for sec in list(_diam_pending):
        settle(sec)


def set_diam_3d(sec, value):
    """sec.diam = value on a section with 3-D points: every point takes it (a float, as in
    NEURON), and the segments' diam are then recomputed from the points (settle), so they
    read back as the float value, as NEURON's. With pt3dconst(1) the points stay, and the
    segments' diam return to theirs."""
    if not STATE.pt3dconst:
        sec.pt3d_points[:, 3] = np.float32(value)
    _diam_pending.add(sec)
    STATE.geometry_changed()


def scale_to_length(sec, L):
    arc = section_arcs(sec)
    if arc[-1] <= 0:
        return
    fac = L / arc[-1]
    p0 = sec.pt3d_points[0, :3].astype(np.float64)
    rel = sec.pt3d_points[:, :3].astype(np.float64) - p0
    sec.pt3d_points[:, :3] = (p0 + rel * fac).astype(np.float32)
    sec.pt3d_arcs = arc * fac
    _after_3d_change(sec)


def _libm_float_trig():
    """NEURON calls cos/sin on a float angle, i.e. the C library's cosf/sinf; numpy's float32
    cos and a rounded double cos differ from them in the last bit for a few % of angles."""
    try:
        import ctypes
        import ctypes.util
        libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
        for fn in (libm.cosf, libm.sinf):
            fn.restype = ctypes.c_float
            fn.argtypes = [ctypes.c_float]
        return (lambda a: np.float32(libm.cosf(float(a)))), (lambda a: np.float32(libm.sinf(float(a))))
    except (OSError, AttributeError, TypeError):
        return (lambda a: np.float32(math.cos(float(a)))), (lambda a: np.float32(math.sin(float(a))))


_cosf, _sinf = _libm_float_trig()


def define_shape():
    """NEURON's define_shape: every section without 3-D points gets nseg + 2 points (start,
    segment centres, end) laid along a line: roots from (0, 0, 100*i) along x (i = the root's
    index in a tree-by-tree walk of all sections), children from
    their connection point in the parent's direction (perpendicular for interior
    connections). Coordinates are float32; the last arc is forced to L."""
    f32 = np.float32
    # NEURON 9 walks the trees one after another (roots in creation order), each parent
    # before its children; a root's z is 100 * its index in that walk (checked: roots r1,
    # r2, r3 with trees of 3 and 2 sections get z = 0, 300, 500)
    order = []
    for root in (s for s in STATE.live_sections() if s.parent_section is None):
        level = [root]
        while level:
            order.extend(level)
            level = [c for s in level for c in s.child_sections]
    for i, sec in enumerate(order):
        psec = sec.parent_section
        if psec is None:
            x, y, z = f32(0), f32(0), f32(i * 100.0)
            x1, y1 = f32(1), f32(0)
            arc = 0.0
        else:
            arc = sec.parent_x
            arc1 = psec.connection_place(arc)    # the parent's points run from its parent end
            pp = psec.pt3d_points
            x1 = f32(pp[-1, 0] - pp[0, 0])
            y1 = f32(pp[-1, 1] - pp[0, 1])
            if arc1 < 0.5:
                x1, y1 = -x1, -y1
            x = f32(float(pp[-1, 0]) * arc1 + float(pp[0, 0]) * (1 - arc1))
            y = f32(float(pp[-1, 1]) * arc1 + float(pp[0, 1]) * (1 - arc1))
            z = f32(float(pp[-1, 2]) * arc1 + float(pp[0, 2]) * (1 - arc1))
        if sec.pt3d_points is not None and len(sec.pt3d_points) > 0:
            if psec is not None and not STATE.pt3dconst:   # moved to the connection point
                # (nrn_translate_shape): its first point, or its logical connection point
                at = np.array([x, y, z], dtype=np.float32)
                logical = LOGICAL_CONNECTION.get(sec)
                dx = at - (sec.pt3d_points[0, :3] if logical is None else logical)
                if logical is not None:
                    LOGICAL_CONNECTION[sec] = at
                sec.pt3d_points[:, :3] += dx
            continue
        if abs(x1) < 1e-6 and abs(y1) < 1e-6:     # NEURON says so (treeset.cpp), on stdout
            print(f"nrn_define_shape: {psec.name()} first and last 3-d point at same (x,y)")
            angle = f32(0.0)
        else:
            angle = f32(math.atan2(y1, x1))
        if 0.0 < arc < 1.0:
            angle = f32(angle + f32(PI / 2))
        if psec is not None:
            sibs = [c for c in psec.child_sections if c.parent_x == sec.parent_x]
            if len(sibs) > 1:
                ich = sibs.index(sec)
                angle = f32(angle + f32(ich / (len(sibs) - 1.0) * 0.8 - 0.4))
        L = sec.stored_L
        xe = f32(float(x) + L * float(_cosf(angle)))
        ye = f32(float(y) + L * float(_sinf(angle)))
        n = sec.nseg
        diam = sec.range_table["diam"][::-1 if sec.orientation() else 1]    # node order
        pts = np.zeros((n + 2, 4), dtype=f32)
        pts[0] = (x, y, z, diam[0])
        for j in range(n):
            frac = (j + 0.5) / n
            pts[j + 1] = (float(x) * (1 - frac) + float(xe) * frac,
                          float(y) * (1 - frac) + float(ye) * frac, z, diam[j])
        pts[n + 1] = (xe, ye, z, diam[n - 1])
        sec.sync_from_engine()
        sec.pt3d_points = pts
        arcs = arc_lengths(pts)
        arcs[-1] = L
        sec.pt3d_arcs = arcs
        diam_from_3d(sec)
    STATE.shape_defined = True
    STATE.geometry_changed()


class Pt3dMethods:
    """A Section's 3-D point methods (n3d, x3d ... arc3d, pt3dadd, pt3dchange, pt3dclear,
    pt3dinsert, pt3dremove)."""
    __slots__ = ()

    def n3d(self):
        return 0 if self.pt3d_points is None else len(self.pt3d_points)

    def _pt(self, i, col):
        n = self.n3d()
        if not 0 <= i < n:
            raise IndexError(f"{self}: 3-D point index {i} out of range (n3d is {n})")
        return float(self.pt3d_points[i, col])

    def x3d(self, i): return self._pt(int(i), 0)          # noqa: E704
    def y3d(self, i): return self._pt(int(i), 1)          # noqa: E704
    def z3d(self, i): return self._pt(int(i), 2)          # noqa: E704
    def diam3d(self, i): return self._pt(int(i), 3)       # noqa: E704

    def arc3d(self, i):
        self._pt(int(i), 0)
        return float(self._arc()[int(i)])

    def _arc(self):
        return section_arcs(self)

    def pt3dadd(self, x, y, z, d):
        pt3dadd(self, x, y, z, d)

    def pt3dchange(self, i, *args):
        pt3dchange(self, int(i), *args)

    def pt3dclear(self, *args):
        pt3dclear(self)

    def pt3dinsert(self, i, x, y, z, d):
        pt3dinsert(self, int(i), x, y, z, d)

    def pt3dremove(self, i):
        pt3dremove(self, int(i))
