"""Segment (sec(x)) and MechanismView (seg.hh): a location on a section and the range
variables there, with NEURON's names. They hold no data: everything lives in the Section."""

import math

from . import mechanisms as mechs
from . import pointers, usermethods
from .membranecurrent import MembraneCurrentRef
from .refs import NodeRef, RangeRef
from .shape import diam_change, settle
from .state import STATE


def check_x(owner, x):
    try:
        x = float(x)
    except (TypeError, ValueError):
        raise TypeError(f"{owner}({x!r}): segment x must be a number in [0, 1], "
                        "e.g. soma(0.5)") from None
    if not (0.0 <= x <= 1.0):
        raise ValueError(f"{owner}({x!r}): segment x must be in [0, 1]")
    return x


def positive_number(owner, name, value, allow_zero=False):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{owner}.{name} = {value!r}: must be a number") from None
    if math.isnan(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{owner}.{name} = {value!r}: must be a positive number")
    return value



class RangeVar:
    """One range variable of a mechanism in a segment, as `for var in mech` yields it."""

    __slots__ = ("_mechanism", "_name")

    def __init__(self, mechanism, name):
        self._mechanism, self._name = mechanism, name

    def name(self):
        return self._name

    def mech(self):
        return self._mechanism


class MechanismView:
    """seg.hh: the hh variables of one segment."""

    __slots__ = ("_seg", "_mech")

    def __init__(self, seg, mech):
        object.__setattr__(self, "_seg", seg)
        object.__setattr__(self, "_mech", mech)

    def name(self):
        return self._mech

    def segment(self):
        return self._seg

    def __iter__(self):
        """Its range variables, as NEURON's RangeVar objects (name(), mech())."""
        if self._mech.endswith("_ion"):
            ion = self._mech[:-4]
            names = [f"e{ion}", f"{ion}i", f"{ion}o", f"i{ion}", f"di{ion}_dv_"]
        else:
            from .psection import range_names
            names = [f"{f}_{self._mech}" for f in range_names(self._mech)]
        for name in names:
            yield RangeVar(self, name)

    def __repr__(self):
        return f"{self._mech}"

    def _key(self, attr):
        mt = mechs.DENSITY[self._mech]
        if attr.startswith("_ref_") and attr[5:] in mt.fields:
            return None
        if attr not in mt.fields:
            module = mechs.USER.get(self._mech)     # NEURON's range variables, its order
            names = list(module.RANGE_NAMES) if module is not None else list(mt.fields)
            raise AttributeError(f"{self._seg}.{self._mech} has no variable {attr!r}; "
                                 f"use one of {names}")
        return f"{attr}_{self._mech}"

    def is_ion(self):
        return self._mech.endswith("_ion")

    def __dir__(self):
        names = [v.name()[:-len(self._mech) - 1] if not self._mech.endswith("_ion")
                 else v.name() for v in self]
        module = mechs.USER.get(self._mech)
        if module is not None:
            names += [n[:-1] for n in dir(module) if n.endswith("_") and
                      usermethods.segment_method(self._seg, self._mech, n[:-1]) is not None]
        return sorted(set(names) | {"is_ion", "name", "segment"})

    def __getattr__(self, attr):
        if not attr.startswith("_"):      # seg.kd.rates(v): a FUNCTION/PROCEDURE of the .mod
            function = usermethods.segment_method(self._seg, self._mech, attr)
            if function is not None:
                return function
        if attr.startswith("_ref_"):
            base = attr[5:]
            self._key(base)
            seg = self._seg
            if base in pointers.pointer_names(self._mech):
                return pointers.DensityPointer(seg.sec, seg.x, self._mech, base)
            return RangeRef(seg.sec, f"{base}_{self._mech}", seg.x)
        key = self._key(attr)
        seg = self._seg
        if attr in pointers.pointer_names(self._mech):    # the variable pointed at
            return pointers.DensityPointer(seg.sec, seg.x, self._mech, attr).value
        return seg.sec.range_value(key, seg.sec.seg_index(seg.x))

    def __setattr__(self, attr, value):
        if attr.startswith("_ref_") and attr[5:] in pointers.pointer_names(self._mech):
            pointers.set_pointer(getattr(self, attr), value)     # seg.mech._ref_p = ref
            return
        if attr in pointers.pointer_names(self._mech):           # through the pointer
            getattr(self, "_ref_" + attr).set_value(float(value))
            return
        key = self._key(attr)
        seg = self._seg
        seg.sec.set_range_value(key, seg.sec.seg_index(seg.x), float(value))


class Segment:
    """sec(x): a location on a section; its range variables are those of the segment at x."""

    __slots__ = ("sec", "x")

    def _pointer(self, name):
        """(mechanism, POINTER) that `<pointer>_<suffix>` names in this section, or None."""
        for mech in self.sec.mechanism_names:
            suffix = "_" + mech
            if name.endswith(suffix) and name[:-len(suffix)] in pointers.pointer_names(mech):
                return mech, name[:-len(suffix)]
        return None

    def _set_pointer(self, attr, value):
        """seg._ref_<pointer>_<suffix> = ref: a density mechanism's POINTER (as
        seg.<suffix>._ref_<pointer> = ref); False when attr names no such POINTER."""
        found = self._pointer(attr[5:])
        if found is None:
            return False
        setattr(MechanismView(self, found[0]), "_ref_" + found[1], value)
        return True

    def __init__(self, sec, x):
        object.__setattr__(self, "sec", sec)
        object.__setattr__(self, "x", x)

    def __repr__(self):
        return f"{self.sec}({self.x:g})"

    def __eq__(self, other):
        return isinstance(other, Segment) and other.sec is self.sec and \
            other.sec.seg_index(other.x) == self.sec.seg_index(self.x)

    def __hash__(self):
        return hash((id(self.sec), self.sec.seg_index(self.x)))

    def __iter__(self):
        """The node's mechanisms and ions in NEURON's order: its property list from the head
        (the newest insert first, the ions it uses just before it)."""
        from .proplist import node_properties
        for name in node_properties(self.sec):
            if name not in ("morphology", "capacitance"):
                yield MechanismView(self, name)

    def point_processes(self):
        return self.sec.point_processes_at(self.sec.node_of(self.x))

    @property
    def node_index(self):
        return self.sec.node_of(self.x)

    # voltage -------------------------------------------------------------------------------
    @property
    def v(self):
        sec, x = self.sec.node_place(self.x)
        return sec.node_voltage(sec.node_of(x))

    @v.setter
    def v(self, value):
        sec, x = self.sec.node_place(self.x)
        sec.set_node_voltage(sec.node_of(x), float(value))

    @property
    def _ref_v(self):
        return NodeRef(self.sec, self.x)

    # geometry ------------------------------------------------------------------------------
    @property
    def diam(self):
        settle(self.sec)          # the points' diameters after a diam assignment (shape.py)
        return self.sec.range_value("diam", self.sec.seg_index(self.x))

    @diam.setter
    def diam(self, value):
        value = positive_number(self, "diam", value)
        sec = self.sec
        sec.sync_from_engine()
        sec.range_table["diam"][sec.seg_index(self.x)] = value
        if sec.pt3d_points is not None and len(sec.pt3d_points) > 1:
            diam_change(sec)       # the 3-D points follow, as in NEURON (shape.py)
        STATE.geometry_changed()

    @property
    def cm(self):
        return self.sec.range_value("cm", self.sec.seg_index(self.x))

    @cm.setter
    def cm(self, value):
        self.sec.set_range_value("cm", self.sec.seg_index(self.x),
                            positive_number(self, "cm", value, allow_zero=True))

    def area(self):
        from .shape import segment_areas
        if self.x in (0.0, 1.0):
            return 0.0
        sec = self.sec
        return float(segment_areas(sec)[0][sec.node_position(sec.seg_index(self.x))])

    def ri(self):
        """Resistance (MOhm) between this segment's node and its parent node, as NEURON."""
        from .shape import segment_areas
        sec = self.sec
        _, rinv_centres, rinv_end = segment_areas(sec)
        if self.x == sec.orientation():      # the connection end: the parent's node
            parent = sec.parent_section
            return 1e30 if parent is None else parent(sec.parent_x).ri()
        if self.x == 1.0 - sec.orientation():
            return float(1.0 / rinv_end)
        return float(1.0 / rinv_centres[sec.node_position(sec.seg_index(self.x))])

    def volume(self):
        d = self.diam
        return math.pi * d * d / 4.0 * self.sec.L / self.sec.nseg

    # mechanisms ----------------------------------------------------------------------------
    def __getattr__(self, attr):
        sec = object.__getattribute__(self, "sec")
        if attr in ("i_membrane_", "_ref_i_membrane_"):    # cvode.use_fast_imem(1)
            ref = MembraneCurrentRef(sec, self.x)
            value = ref.value           # NEURON's error when use_fast_imem is off
            return ref if attr[0] == "_" else value
        if attr in sec.mechanism_names:
            return MechanismView(self, attr)
        if attr in mechs.DENSITY:
            raise AttributeError(f"{self}: mechanism {attr!r} is not inserted in {sec}; "
                                 f"call {sec.name()}.insert({attr!r}) first")
        ref = attr.startswith("_ref_")
        found = self._pointer(attr[5:] if ref else attr) if sec.mechanism_names else None
        if found is not None:       # seg.p_t2 / seg._ref_p_t2: a POINTER, as seg.t2.p
            return getattr(MechanismView(self, found[0]), ("_ref_" if ref else "") + found[1])
        if ref:
            key = self._range_key(attr[5:])
            return RangeRef(sec, key, self.x)
        key = self._range_key(attr)
        return sec.range_value(key, sec.seg_index(self.x))

    def __setattr__(self, attr, value):
        if attr == "i_membrane_":
            MembraneCurrentRef(self.sec, self.x).set_value(value)
            return
        if attr.startswith("_ref_") and self._set_pointer(attr, value):
            return
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
        self.sec.set_range_value(key, self.sec.seg_index(self.x), value)

    def _range_key(self, attr):
        sec = self.sec
        key, missing = sec.lookup_range_key(attr)
        if key is not None:
            return key
        if missing is not None:
            raise AttributeError(f"{self}.{attr}: mechanism {missing!r} is not inserted in "
                                 f"{sec}; call {sec.name()}.insert({missing!r}) first")
        raise AttributeError(f"{self} has no range variable {attr!r} (inserted mechanisms: "
                             f"{sec.mechanism_names}; use seg.<mech>.<name> or seg.<name>_<mech>)")
