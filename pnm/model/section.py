"""Section and Segment: cable geometry, range variables and inserted mechanisms, with NEURON's
names and node layout (nseg centre nodes, a zero-area node at the 1 end, and one at the 0 end of
a root section)."""

import math

import numpy as np

from . import mechanisms as mechs
from .refs import NodeRef, RangeRef
from .state import STATE


def _check_x(owner, x):
    try:
        x = float(x)
    except (TypeError, ValueError):
        raise TypeError(f"{owner}({x!r}): segment x must be a number in [0, 1], "
                        "e.g. soma(0.5)") from None
    if not (0.0 <= x <= 1.0):
        raise ValueError(f"{owner}({x!r}): segment x must be in [0, 1]")
    return x


def _positive(owner, name, value, allow_zero=False):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{owner}.{name} = {value!r}: must be a number") from None
    if math.isnan(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{owner}.{name} = {value!r}: must be a positive number")
    return value


def range_default(key):
    """The value a range variable "field_mech" has before anybody sets it."""
    field, mech = key.rsplit("_", 1)
    mt = mechs.DENSITY[mech]
    return mt.params.get(field, mt.ions.get(field, 0.0))


class RangeTable(dict):
    """A section's range variables: "field_mech" -> array over its segments. A mechanism's
    arrays are made on first use, with the defaults; until then value() reads the default
    (a network of default-valued mechanisms then costs no array per field)."""

    __slots__ = ("nseg",)

    def __init__(self, items):
        super().__init__(items)
        self.nseg = 1

    def __missing__(self, key):
        arr = np.full(self.nseg, range_default(key))
        self[key] = arr
        return arr

    def value(self, key, iseg):
        arr = self.get(key)
        return range_default(key) if arr is None else arr[iseg]


class Section:
    """A cable section. `h.Section(name="soma", cell=self)` or `h.Section("soma", self)`."""

    def __init__(self, name=None, cell=None):
        self._name = name if name is not None else f"__nrnsec_{id(self):x}"
        self._cell = cell
        self._deleted = False
        self._L = 100.0
        self._Ra = 35.4
        self._nseg = 1
        self._range = RangeTable({"diam": np.full(1, 500.0), "cm": np.full(1, 1.0)})
        self._v = np.full(3, -65.0)          # node 0 (0 end), 1..nseg centres, nseg+1 (1 end)
        self._mechs = []                     # inserted density mechanism names, in order
        self._parent = None
        self._parentx = 1.0
        self._childx = 0.0
        self._children = []                  # NEURON's order: by connection x, newest first
        self._pt3d = None                    # float32 array (n, 4): x, y, z, diam
        self._arc3d = None                   # float64 arc length at each point
        self._binding = None                 # set by the engine while compiled
        self._point_processes = []           # weakrefs, for seg.point_processes()
        self._id = STATE.register_section(self)

    # ---- identity -------------------------------------------------------------------------
    def name(self):
        if self._cell is not None:
            return f"{self._cell}.{self._name}"   # NEURON uses str(cell)
        return self._name

    hname = name

    def __repr__(self):
        return self.name()

    __str__ = __repr__

    def cell(self):
        return self._cell

    # ---- geometry -------------------------------------------------------------------------
    @property
    def L(self):
        if self._pt3d is not None and len(self._pt3d) > 1:
            from .shape import _arcs
            return float(_arcs(self)[-1])
        return self._L

    @L.setter
    def L(self, value):
        value = _positive(self, "L", value)
        if self._pt3d is not None and len(self._pt3d) > 1:
            # NEURON scales the 3-D points so that the arc length becomes L
            from .shape import scale_to_length
            scale_to_length(self, value)
        self._L = value
        STATE.geometry_changed()

    @property
    def Ra(self):
        return self._Ra

    @Ra.setter
    def Ra(self, value):
        self._Ra = _positive(self, "Ra", value)
        STATE.geometry_changed()

    @property
    def nseg(self):
        return self._nseg

    @nseg.setter
    def nseg(self, value):
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise TypeError(f"{self}.nseg = {value!r}: must be an integer >= 1") from None
        if n != value or n < 1:
            raise ValueError(f"{self}.nseg = {value!r}: must be an integer >= 1")
        if n == self._nseg:
            return
        self._sync_from_engine()
        old = self._nseg
        # each new segment takes the value of the old segment that contains its centre
        centres = (np.arange(n) + 0.5) / n
        pick = np.minimum((centres * old).astype(int), old - 1)
        for key, arr in self._range.items():
            self._range[key] = arr[pick].copy()
        self._range.nseg = n
        vc = self._v[1:-1][pick]
        self._v = np.concatenate(([self._v[0]], vc, [self._v[-1]]))
        self._nseg = n
        if self._pt3d is not None and len(self._pt3d) > 1:
            from .shape import diam_from_3d
            diam_from_3d(self)
        STATE.changed()

    @property
    def diam(self):
        return self(0.5).diam

    @diam.setter
    def diam(self, value):
        value = _positive(self, "diam", value)
        if self._pt3d is not None and len(self._pt3d) > 0:
            from .shape import set_diam_3d
            set_diam_3d(self, value)
        self._set_range_all("diam", value)
        STATE.geometry_changed()

    @property
    def cm(self):
        return self(0.5).cm

    @cm.setter
    def cm(self, value):
        self._set_range_all("cm", _positive(self, "cm", value, allow_zero=True))

    @property
    def rallbranch(self):
        return 1.0

    def _set_range_all(self, key, value):
        self._sync_from_engine()
        self._range[key][:] = value
        self._push_field(key)

    # ---- topology -------------------------------------------------------------------------
    def connect(self, parent, parentx=None, childx=None):
        """child.connect(parent[, parentx][, childx]) or child.connect(parent(x)[, childx])."""
        if isinstance(parent, Segment):
            if childx is not None:
                raise TypeError(f"{self}.connect(segment, ...): give at most childx after a segment")
            childx = parentx
            parentx = parent.x
            parent = parent.sec
        if not isinstance(parent, Section):
            raise TypeError(f"{self}.connect({parent!r}): the parent must be a Section or segment")
        parentx = 1.0 if parentx is None else _check_x(f"{self}.connect parentx", parentx)
        childx = 0.0 if childx is None else float(childx)
        if childx not in (0.0, 1.0):
            raise ValueError(f"{self}.connect(..., childx={childx}): childx must be 0 or 1")
        if childx != 0.0:
            raise NotImplementedError(f"{self}.connect: childx=1 (reversed orientation) "
                                      "is not supported by pnm yet; connect the 0 end")
        anc = parent
        while anc is not None:
            if anc is self:
                raise ValueError(f"{self}.connect({parent}): would make a loop in the tree "
                                 f"({parent} is in the subtree of {self}); connect the "
                                 "child to the parent, child.connect(parent), not the reverse")
            anc = anc._parent
        if self._parent is not None:
            self._parent._children.remove(self)
        self._parent, self._parentx, self._childx = parent, parentx, childx
        # NEURON's child list: sorted by connection x, the newest first among equal x
        # (this order is children(), wholetree() and the node order)
        pos = len(parent._children)
        for i, c in enumerate(parent._children):
            if c._parentx >= parentx:
                pos = i
                break
        parent._children.insert(pos, self)
        STATE.changed()
        return self

    def disconnect(self):
        if self._parent is not None:
            self._parent._children.remove(self)
            self._parent = None
            STATE.changed()

    def parentseg(self):
        return None if self._parent is None else self._parent(self._parentx)

    trueparentseg = parentseg

    def children(self):
        return list(self._children)

    def root(self):
        sec = self
        while sec._parent is not None:
            sec = sec._parent
        return sec

    def wholetree(self):
        """All sections of this section's tree, root first, depth first (as NEURON)."""
        out = []
        stack = [self.root()]
        while stack:
            sec = stack.pop()
            out.append(sec)
            stack.extend(reversed(sec._children))
        return out

    def subtree(self):
        out, stack = [], [self]
        while stack:
            sec = stack.pop()
            out.append(sec)
            stack.extend(reversed(sec._children))
        return out

    def orientation(self):
        return self._childx

    # ---- mechanisms -----------------------------------------------------------------------
    def insert(self, mech):
        name = getattr(mech, "_mech_name", mech)
        if not isinstance(name, str):
            raise TypeError(f"{self}.insert({mech!r}): give a mechanism name such as 'hh' or h.hh")
        try:
            mt = mechs.density(name)
        except ValueError as err:
            raise ValueError(f"{self.name()}.{err}") from None
        if name not in self._mechs:
            self._sync_from_engine()
            self._mechs.append(name)   # its range arrays appear when first used (RangeTable)
            STATE.changed()
        return self

    def uninsert(self, mech):
        name = getattr(mech, "_mech_name", mech)
        if name in self._mechs:
            self._sync_from_engine()
            self._mechs.remove(name)
            for f in mechs.DENSITY[name].fields:
                self._range.pop(f"{f}_{name}", None)
            STATE.changed()
        return self

    def has_membrane(self, name):
        return name in self._mechs

    def psection(self):
        return {"name": self.name(), "L": self.L, "Ra": self.Ra, "nseg": self.nseg,
                "density_mechs": {m: {} for m in self._mechs},
                "morphology": {"parent": self.parentseg()}}

    # ---- segments -------------------------------------------------------------------------
    def __call__(self, x):
        return Segment(self, _check_x(self, x))

    def __iter__(self):
        n = self._nseg
        for i in range(n):
            yield Segment(self, (i + 0.5) / n)

    def allseg(self):
        yield Segment(self, 0.0)
        yield from self
        yield Segment(self, 1.0)

    def __len__(self):
        return self._nseg

    # ---- 3-D points -----------------------------------------------------------------------
    def n3d(self):
        return 0 if self._pt3d is None else len(self._pt3d)

    def _pt(self, i, col):
        n = self.n3d()
        if not 0 <= i < n:
            raise IndexError(f"{self}: 3-D point index {i} out of range (n3d is {n})")
        return float(self._pt3d[i, col])

    def x3d(self, i):
        return self._pt(int(i), 0)

    def y3d(self, i):
        return self._pt(int(i), 1)

    def z3d(self, i):
        return self._pt(int(i), 2)

    def diam3d(self, i):
        return self._pt(int(i), 3)

    def arc3d(self, i):
        self._pt(int(i), 0)
        return float(self._arc()[int(i)])

    def _arc(self):
        from .shape import _arcs
        return _arcs(self)

    def pt3dadd(self, x, y, z, d):
        from .shape import pt3dadd
        pt3dadd(self, x, y, z, d)

    def pt3dchange(self, i, *args):
        from .shape import pt3dchange
        pt3dchange(self, int(i), *args)

    def pt3dclear(self, *args):
        from .shape import pt3dclear
        pt3dclear(self)

    # ---- engine binding -------------------------------------------------------------------
    def _engine(self):
        b = self._binding
        if b is None:
            return None
        eng = b["engine"]
        if STATE.engine is not eng:
            self._binding = None
            return None
        return eng

    def _push_field(self, key):
        eng = self._engine()
        if eng is not None:
            eng.section_field_changed(self, key)

    def _sync_from_engine(self):
        eng = self._engine()
        if eng is not None:
            eng.sync_section(self)

    def _node_of(self, x):
        """Index into self._v of the node at x (0 end, centre, or 1 end)."""
        if x == 0.0:
            return 0
        if x == 1.0:
            return self._nseg + 1
        return min(int(x * self._nseg), self._nseg - 1) + 1

    def _seg_of(self, x):
        return min(int(x * self._nseg), self._nseg - 1)

    def _get_range(self, key, iseg):
        eng = self._engine()
        if eng is not None:
            return eng.get_section_range(self, key, iseg)
        return float(self._range[key][iseg])

    def _set_range(self, key, iseg, value):
        eng = self._engine()
        if eng is not None:
            eng.set_section_range(self, key, iseg, value)
        self._range[key][iseg] = value

    def _get_v(self, node):
        eng = self._engine()
        if eng is not None:
            return eng.get_section_v(self, node)
        return float(self._v[node])

    def _set_v(self, node, value):
        eng = self._engine()
        if eng is not None:
            eng.set_section_v(self, node, value)
        self._v[node] = value


class MechanismView:
    """seg.hh: the hh variables of one segment."""

    __slots__ = ("_seg", "_mech")

    def __init__(self, seg, mech):
        object.__setattr__(self, "_seg", seg)
        object.__setattr__(self, "_mech", mech)

    def name(self):
        return self._mech

    def __repr__(self):
        return f"{self._mech}"

    def _key(self, attr):
        mt = mechs.DENSITY[self._mech]
        if attr.startswith("_ref_") and attr[5:] in mt.fields:
            return None
        if attr not in mt.fields:
            raise AttributeError(f"{self._seg}.{self._mech} has no variable {attr!r}; "
                                 f"use one of {list(mt.fields)}")
        return f"{attr}_{self._mech}"

    def __getattr__(self, attr):
        if attr.startswith("_ref_"):
            base = attr[5:]
            self._key(base)
            seg = self._seg
            return RangeRef(seg.sec, f"{base}_{self._mech}", seg.sec._seg_of(seg.x))
        key = self._key(attr)
        seg = self._seg
        return seg.sec._get_range(key, seg.sec._seg_of(seg.x))

    def __setattr__(self, attr, value):
        key = self._key(attr)
        seg = self._seg
        seg.sec._set_range(key, seg.sec._seg_of(seg.x), float(value))


class Segment:
    """sec(x): a location on a section; its range variables are those of the segment at x."""

    __slots__ = ("sec", "x")

    def __init__(self, sec, x):
        object.__setattr__(self, "sec", sec)
        object.__setattr__(self, "x", x)

    def __repr__(self):
        return f"{self.sec}({self.x:g})"

    def __eq__(self, other):
        return isinstance(other, Segment) and other.sec is self.sec and \
            other.sec._seg_of(other.x) == self.sec._seg_of(self.x)

    def __hash__(self):
        return hash((id(self.sec), self.sec._seg_of(self.x)))

    def __iter__(self):
        for name in self.sec._mechs:
            yield MechanismView(self, name)

    def point_processes(self):
        node = self.sec._node_of(self.x)
        out = []
        for ref in self.sec._point_processes:
            pp = ref()
            if pp is not None and pp._sec is self.sec and self.sec._node_of(pp._x) == node:
                out.append(pp)
        return out

    @property
    def node_index(self):
        return self.sec._node_of(self.x)

    # voltage -------------------------------------------------------------------------------
    @property
    def v(self):
        return self.sec._get_v(self.sec._node_of(self.x))

    @v.setter
    def v(self, value):
        self.sec._set_v(self.sec._node_of(self.x), float(value))

    @property
    def _ref_v(self):
        return NodeRef(self.sec, self.sec._node_of(self.x))

    # geometry ------------------------------------------------------------------------------
    @property
    def diam(self):
        return self.sec._get_range("diam", self.sec._seg_of(self.x))

    @diam.setter
    def diam(self, value):
        value = _positive(self, "diam", value)
        self.sec._sync_from_engine()
        self.sec._range["diam"][self.sec._seg_of(self.x)] = value
        STATE.geometry_changed()

    @property
    def cm(self):
        return self.sec._get_range("cm", self.sec._seg_of(self.x))

    @cm.setter
    def cm(self, value):
        self.sec._set_range("cm", self.sec._seg_of(self.x),
                            _positive(self, "cm", value, allow_zero=True))

    def area(self):
        from .shape import segment_areas
        if self.x in (0.0, 1.0):
            return 0.0
        return float(segment_areas(self.sec)[0][self.sec._seg_of(self.x)])

    def ri(self):
        """Resistance (MOhm) between this segment's node and its parent node, as NEURON."""
        from .shape import segment_areas
        sec = self.sec
        _, rinv_centres, rinv_end = segment_areas(sec)
        if self.x == 0.0:
            return 1e30
        if self.x == 1.0:
            return 1.0 / rinv_end
        return 1.0 / rinv_centres[sec._seg_of(self.x)]

    def volume(self):
        d = self.diam
        return math.pi * d * d / 4.0 * self.sec.L / self.sec.nseg

    # mechanisms ----------------------------------------------------------------------------
    def __getattr__(self, attr):
        sec = object.__getattribute__(self, "sec")
        if attr in sec._mechs:
            return MechanismView(self, attr)
        if attr in mechs.DENSITY:
            raise AttributeError(f"{self}: mechanism {attr!r} is not inserted in {sec}; "
                                 f"call {sec.name()}.insert({attr!r}) first")
        if attr.startswith("_ref_"):
            key = self._range_key(attr[5:])
            return RangeRef(sec, key, sec._seg_of(self.x))
        key = self._range_key(attr)
        return sec._get_range(key, sec._seg_of(self.x))

    def __setattr__(self, attr, value):
        if attr in ("v", "diam", "cm"):
            getattr(type(self), attr).fset(self, value)
            return
        if attr in ("sec", "x"):
            raise AttributeError(f"{self}.{attr} is read-only")
        key = self._range_key(attr)
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise TypeError(f"{self}.{attr} = {value!r}: must be a number") from None
        self.sec._set_range(key, self.sec._seg_of(self.x), value)

    def _range_key(self, attr):
        sec = self.sec
        found = mechs.suffix_lookup(attr)
        if found is not None:
            mech, base = found
            if mech not in sec._mechs:
                raise AttributeError(f"{self}.{attr}: mechanism {mech!r} is not inserted in "
                                     f"{sec}; call {sec.name()}.insert({mech!r}) first")
            return f"{base}_{mech}"
        owner = mechs.ion_owner(attr)
        if owner is not None and owner in sec._mechs:
            return f"{attr}_{owner}"
        raise AttributeError(f"{self} has no range variable {attr!r} (inserted mechanisms: "
                             f"{sec._mechs}; use seg.<mech>.<name> or seg.<name>_<mech>)")
