"""Import3d_Section: one unbranched run of a reconstruction's points as a reader makes it
(first point index id, raw 3 x n coordinates, diameters d, type, parent section and the
position x on it), before Import3d_GUI.instantiate turns it into a NEURON section."""

import weakref

import numpy as np

from ..model.matrix import Matrix
from ..model.vector import Vector
from . import contour


class Numbering:
    """A hoc template's object indices: Name[0], Name[1], ... in creation order, starting
    again at 0 once no object of the template is left (NEURON's hoc_oop.cpp does so; the
    messages naming Import3d_Section[i] depend on it)."""

    def __init__(self):
        self.live = 0
        self.next = 0

    def take(self, obj):
        index = self.next
        self.next += 1
        self.live += 1
        weakref.finalize(obj, self._gone)
        return index

    def _gone(self):
        self.live -= 1
        if self.live <= 0:
            self.next = 0


_NUMBERING = Numbering()


class Import3d_Section:
    """new Import3d_Section(first_point, npoints), as import3d_sec.hoc's template."""

    def __init__(self, first_point, npoints):
        self._index = _NUMBERING.take(self)
        self.is_subsidiary = 0
        self.ztrans = 0.0
        self.first = 0          # 1: raw[:, 0] is the parent's point, joined by a wire
        self.fid = 0
        self.nameindex = 0
        self.parentx = 1.0
        self.volatile = 0
        self.volatile2 = 0
        self.pid = -1
        self.iscontour_ = 0
        self.type = 0
        self.centroid_color = 2
        self.wire_color = 4
        self.id = int(first_point)
        self.raw = Matrix(3, max(int(npoints), 1))
        self.xyz = Matrix(3, max(int(npoints), 1))
        self.d = Vector(int(npoints))
        self.parentsec = None
        self.contour_list = None

    def hname(self):
        return f"Import3d_Section[{self._index}]"

    __repr__ = __str__ = hname

    def set_pt(self, i, x, y, z, d):
        self.raw.as_numpy()[:, int(i)] = (x, y, z)
        self.d.as_numpy()[int(i)] = d

    def append(self, start, first_point, n, x, y, z, d):
        """Points first_point ... + n - 1 of the reader's vectors x, y, z, d (numpy arrays or
        Vectors) into columns start ... of this section."""
        start, first_point, n = int(start), int(first_point), int(n)
        raw = self.raw.as_numpy()
        dd = self.d.as_numpy()
        for i in range(n):
            k = first_point + i
            if k == -1:            # hoc's vec.x[-1] is vec.x[0] (the index is truncated)
                k = 0
            raw[:, start + i] = (_at(x, k), _at(y, k), _at(z, k))
            dd[start + i] = _at(d, k)

    def insrt(self, i, x, y, z, d):
        """A point inserted before column i."""
        i = int(i)
        raw = np.insert(self.raw.as_numpy(), i, (x, y, z), axis=1)
        self.raw = _matrix_of(raw)
        self.xyz = _matrix_of(np.zeros_like(raw))
        self.d = Vector(np.insert(self.d.as_numpy(), i, d))

    def contourcenter(self, x, y, z):
        """The centre of the outline x, y, z (Vectors), which become its 101 points evenly
        spaced by x-y distance (import3d_sec.hoc's contourcenter)."""
        centre, *even = contour.contourcenter(x.as_numpy(), y.as_numpy(), z.as_numpy())
        for vec, values in zip((x, y, z), even):
            vec.from_python(values)
        return Vector(centre)

    def stk_center(self):
        """The centre of a soma stack (this contour and its contour_list)."""
        raws = [self.raw.as_numpy()] + [c.raw.as_numpy() for c in self.contour_list]
        return Vector(np.array(contour.stack_center(raws), dtype=float))

    def points(self):
        """(x, y, z, d) numpy arrays from column `first` on: what instantiate adds."""
        raw = self.raw.as_numpy()
        j = int(self.first)
        return (raw[0, j:].copy(), raw[1, j:].copy(), raw[2, j:].copy(),
                self.d.as_numpy()[j:].copy())


def _at(values, k):
    return float(values[k]) if isinstance(values, np.ndarray) else float(values.x[k])


def _matrix_of(values):
    m = Matrix(values.shape[0], max(values.shape[1], 1))
    if values.shape[1]:
        m.as_numpy()[:] = values
    return m
