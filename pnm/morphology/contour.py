"""A Neurolucida soma outline (closed contour) made into the 3-D points of a soma section, as
NEURON's import3d does (import3d_gui.hoc contour2centroid, import3d_sec.hoc contourcenter,
approximate_contour_by_circle, stk_center, stk_triang_area): one contour becomes a row of
cylinders along its principal (major) axis, whose diameters are the contour's width across
it; a stack of contours becomes one point per contour, at its centre, with a diameter from
its perimeter and mean radius."""

import math

import numpy as np

from . import eigen3
from . import hoccmp as hoc


class ContourError(ValueError):
    """A soma contour NEURON cannot turn into a centroid either."""


def _sum(values):
    total = 0.0
    for v in values:
        total += v
    return total


def _mag(v):
    return math.sqrt(_sum(float(c) * float(c) for c in v))


def interpolate(xdest, xsrc, ysrc):
    """Vector.interpolate: ysrc given at xsrc, linearly at xdest (end values outside,
    steps where xsrc does not increase skipped)."""
    nd, ns = len(xdest), len(xsrc)
    out = np.empty(nd)
    i = 0
    while i < nd and xdest[i] <= xsrc[0]:
        out[i] = ysrc[0]
        i += 1
    for k in range(1, ns):
        if i >= nd:
            break
        if xsrc[k] <= xsrc[k - 1]:
            continue
        while xdest[i] <= xsrc[k]:
            theta = (xdest[i] - xsrc[k - 1]) / (xsrc[k] - xsrc[k - 1])
            out[i] = (1. - theta) * ysrc[k - 1] + theta * ysrc[k]
            i += 1
            if i >= nd:
                break
    out[i:] = ysrc[ns - 1]
    return out


def contourcenter(x, y, z):
    """(centre, resampled x, y, z): 101 points evenly spaced (by x-y distance) along the
    outline from its first point to its last (the closing edge is not walked), their mean."""
    pts = np.array([x, y, z], dtype=float)
    n = pts.shape[1]
    closed = np.concatenate([pts[:2], pts[:2, :1]], axis=1)
    edges = closed[:, 1:] - closed[:, :-1]      # in x-y only: NEURON's walk leaves z out
    perim = np.zeros(n)
    for i in range(1, n):
        perim[i] = perim[i - 1] + _mag(edges[:, i - 1])
    step = perim[n - 1] / 100
    uniform = np.arange(101) * step
    out = [interpolate(uniform, perim, pts[k]) for k in range(3)]
    centre = np.array([_sum(v) / len(v) for v in out])
    return centre, out[0], out[1], out[2]


def dot(a, b):
    """Vector.mul then .sum: products summed in order."""
    return _sum(a * b)


def _eigen(pts):
    """Principal values and axes (columns) of the points' scatter matrix, as Matrix.symmeig."""
    m = np.zeros((3, 3))
    for i in range(3):
        for j in range(i, 3):
            m[i, j] = m[j, i] = dot(pts[i], pts[j])
    return eigen3.symmeig(m)


def _convex(d, rad):
    """Drop the points where d stops increasing (import3d_gui.hoc's loop, kept as it is)."""
    d, rad = list(d), list(rad)
    j = len(d) - 1
    while j > 0:
        if hoc.le(d[j], d[j - 1]):
            del d[j]
            del rad[j]
            if j != len(d):
                j += 1
        j -= 1
    return np.array(d), np.array(rad)


def contour2centroid(x, y, z, name):
    """(x, y, z, diam) of the soma section NEURON makes from one closed contour."""
    mean, x, y, z = contourcenter(x, y, z)
    pts = np.array([x - mean[0], y - mean[1], z - mean[2]])
    values, axes = _eigen(pts)
    imax, imin = int(np.argmax(values)), int(np.argmin(values))
    major = axes[:, imax].copy()
    if hoc.lt(major[int(np.argmax(np.abs(major)))], 0):
        major *= -1
    minor = axes[:, 3 - imin - imax].copy()
    minor[2] = 0
    if hoc.lt(_mag(minor) / (_mag(major) + 1e-100), 1e-6):
        raise ContourError(f"{name}: Failed to compute soma centroid from contour (NEURON "
                           "stops with the same message): its minor axis has no x-y part")
    minor /= _mag(minor)
    d = np.array([_sum(pts[:, i] * major) for i in range(pts.shape[1])])
    rad = np.array([_sum(pts[:, i] * minor) for i in range(pts.shape[1])])
    top = int(np.argmax(d))
    d, rad = np.roll(d, -top), np.roll(rad, -top)
    bottom = int(np.argmin(d))
    side2, rad2 = d[bottom:], rad[bottom:]
    d, rad = d[:bottom][::-1], rad[:bottom][::-1]
    d, rad = _convex(d, rad)
    side2, rad2 = _convex(side2, rad2)
    both = np.sort(np.concatenate([d, side2]))
    if len(both) < 2:
        raise ContourError(f"{name}: the soma contour has too few points on one side of its "
                           "major axis to make a centroid (NEURON fails here too)")
    lo, hi = both[1], both[-2]
    step = (hi - lo) / 20
    if step == 0:
        raise ContourError(f"{name}: the soma contour is degenerate along its major axis "
                           "(NEURON: 'size too large' in Vector.indgen)")
    count = int(math.floor((hi - lo) / step + 1e-9) + 1)
    positions = np.arange(count) * step + lo
    rad = interpolate(positions, d, rad)
    rad2 = interpolate(positions, side2, rad2)
    diam = np.abs(rad - rad2)
    diam[0] = (diam[0] + diam[1]) / 2
    diam[-1] = (diam[-1] + diam[-2]) / 2
    points = [np.array([major[k] * p + mean[k] for p in positions]) for k in range(3)]
    return points[0], points[1], points[2], diam


def approximate_contour_by_circle(raw):
    """(centre, diameter): the contour's centre, and its mean radius plus perimeter / 2 pi."""
    n = raw.shape[1]
    perim = 0.0
    for i in range(n):
        perim += _mag(raw[:, i] - raw[:, (i + 1) % n])
    centre, x, y, z = contourcenter(raw[0], raw[1], raw[2])
    r = [math.sqrt(a * a + b * b + c * c)
         for a, b, c in zip(x - centre[0], y - centre[1], z - centre[2])]
    return centre, _sum(r) / len(r) + perim / (2 * math.pi)


def stack_centroid(raws):
    """(x, y, z, diam) of a soma stack: one point per contour."""
    out = [approximate_contour_by_circle(raw) for raw in raws]
    return (np.array([c[0][0] for c in out]), np.array([c[0][1] for c in out]),
            np.array([c[0][2] for c in out]), np.array([c[1] for c in out]))


def stack_center(raws):
    """The point half way along the line through the stack's contour centres."""
    centres = [contourcenter(raw[0], raw[1], raw[2])[0] for raw in raws]
    lengths = [0.0]
    for i in range(1, len(centres)):
        lengths.append(lengths[-1] + _mag(centres[i] - centres[i - 1]))
    half = lengths[-1] / 2
    if hoc.eq(half, 0):
        return centres[0]
    i = next(k for k, v in enumerate(lengths) if hoc.gt(v, half))
    th = (half - lengths[i - 1]) / (lengths[i] - lengths[i - 1])
    return th * centres[i] + (1 - th) * centres[i - 1]


def _edge(a, b):
    return _mag(a - b)


def _stack_indices(raw, ref):
    """A contour's point indices counterclockwise from the one nearest ref, closed."""
    idx = np.arange(raw.shape[1])
    centre = contourcenter(raw[0], raw[1], raw[2])[0]
    a, b = raw[:, 0] - centre, raw[:, 1] - centre
    if hoc.gt(a[0] * b[1] - a[1] * b[0], 0):
        idx = idx[::-1]
    dmin, imin = 1e9, -1
    for i, k in enumerate(idx):
        dist = _edge(raw[:, k], ref)
        if hoc.lt(dist, dmin):
            dmin, imin = dist, i
    idx = np.roll(idx, -imin)
    return list(idx) + [idx[0]]


def _triangulation(raw1, raw2):
    """Index pairs walking two adjacent contours of a stack (mk_stk_triang_vec)."""
    i1 = _stack_indices(raw1, raw1[:, 0])
    i2 = _stack_indices(raw2, raw1[:, 0])
    trv = []
    i = j = 0
    n1, n2 = len(i1) - 1, len(i2) - 1
    while i < n1 or j < n2:
        trv += [i1[i], i2[j]]
        if i < n1 and j < n2:
            d1 = (raw1[0, i1[i]] - raw2[0, i2[j + 1]]) ** 2 + \
                (raw1[1, i1[i]] - raw2[1, i2[j + 1]]) ** 2
            d2 = (raw1[0, i1[i + 1]] - raw2[0, i2[j]]) ** 2 + \
                (raw1[1, i1[i + 1]] - raw2[1, i2[j]]) ** 2
            if hoc.lt(d2, d1):
                i += 1
            else:
                j += 1
        elif i < n1:
            i += 1
        else:
            j += 1
    return trv + [i1[i], i2[j]]


def _triangle_area(a, b, c):
    """W. Kahan's accurate area from the sides (import3d_sec.hoc accurate_triangle_area)."""
    a, b, c = sorted((a, b, c))
    if a - (c - b) < 0:
        raise ContourError("accurate_triangle_area: not a triangle (NEURON stops here too)")
    return .25 * math.sqrt((c + (b + a)) * (a - (c - b)) * (a + (c - b)) * (c + (b - a)))


def stack_triangle_area(raws):
    """The side area of a soma stack, triangle strips between adjacent contours (NEURON
    prints it as stk_triang_area)."""
    area = 0.0
    for m1, m2 in zip(raws[:-1], raws[1:]):
        trv = _triangulation(m1, m2)
        i1, i2 = trv[0], trv[1]
        a = _edge(m1[:, i1], m2[:, i2])
        for k in range(2, len(trv), 2):
            j1, j2 = trv[k], trv[k + 1]
            b = _edge(m1[:, j1], m2[:, j2])
            c = _edge(m2[:, i2], m2[:, j2]) if i1 == j1 else _edge(m1[:, i1], m1[:, j1])
            area += _triangle_area(a, b, c)
            i1, i2, a = j1, j2, b
    return area
