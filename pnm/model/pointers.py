"""POINTER variables of mechanisms from .mod files: what each instance's pointer points at.

NEURON sets them with hoc's `setpointer syn.vgap, sec.v(x)` (or `setpointer
sec.ptr_mech(x), sec.cai(x)`), Python's `h.setpointer(sec(x)._ref_v, "vgap", syn)` (the
object may be a density mechanism at a segment, `sec(x).mech`) and `syn._ref_vgap = ref`.
A pointer holds a reference (refs.py) to a simulation variable: a voltage, a range or point
process variable, t. At each build the engine resolves it to the variable's slot in S
(usermechs/userpoints: the POINTER columns of a mechanism's ion_index), so the kernels read
and write the variable itself, as NEURON's do through the pointer.

As in NEURON: a pointer follows the instance, not its value; a density mechanism's pointers
are lost when its section's nseg changes (NEURON reallocates the mechanism); an instance whose
pointer is unset cannot be simulated (NEURON reads an invalid address and crashes): the build
says which instance and pointer. Pointers reach variables of this MPI rank only; a value on
another rank needs ParallelContext.source_var/target_var (transfer.py)."""

import weakref

from . import mechanisms as mechs
from .refs import PointRef, RangeRef, Ref

POINT_TARGETS = weakref.WeakKeyDictionary()    # point process -> {name: Ref}
DENSITY_TARGETS = weakref.WeakKeyDictionary()  # section -> {(mech, name): (nseg, [Ref|None])}


_POINTER_NAMES = {}     # mech -> (its module, its POINTER names): asked at each seg.x_mech


def pointer_names(mech):
    """The POINTER variables of mechanism `mech` (empty for mechanisms without, built-ins)."""
    module = mechs.USER.get(mech)
    known = _POINTER_NAMES.get(mech)
    if known is not None and known[0] is module:
        return known[1]
    names = tuple(f for f, kind, _d in getattr(module, "FIELDS", ()) if kind == "pointer")
    _POINTER_NAMES[mech] = (module, names)
    return names


class PointerVar(Ref):
    """The POINTER variable `name` of one mechanism instance (NEURON's `_ref_name` of a
    POINTER): setpointer's first argument; as a reference, the variable it points at."""

    def target(self):
        raise NotImplementedError

    def unset_error(self):
        return ValueError(f"{self.describe()}: POINTER {self.name} of {self.mech} "
                          f"({self.mod_file()}) is not set; set it with {self.how()} "
                          "(NEURON would read an invalid address)")

    def mod_file(self):
        return getattr(mechs.USER.get(self.mech), "MOD_FILE", self.mech + ".mod")

    def pointed(self):
        target = self.target()
        if target is None:
            raise self.unset_error()
        return target

    @property
    def value(self):
        return self.pointed().value

    def set_value(self, value):
        self.pointed().set_value(value)

    def resolve(self, engine):
        return self.pointed().resolve(engine)

    def key(self):
        return self.pointed().key()

    def __repr__(self):
        target = self.target()
        return f"<POINTER {self.describe()} -> {target.describe() if target else 'unset'}>"


class PointPointer(PointerVar):
    def __init__(self, pp, name):
        self.pp, self.name, self.mech = pp, name, pp.mech_name

    def describe(self):
        return f"{self.pp.hname()}.{self.name}"

    def how(self):
        return (f"h.setpointer(sec(x)._ref_v, {self.name!r}, {self.pp.hname()}) or hoc's "
                f"`setpointer {self.pp.hname()}.{self.name}, sec.v(x)`")

    def target(self):
        return POINT_TARGETS.get(self.pp, {}).get(self.name)

    def point_at(self, ref):
        POINT_TARGETS.setdefault(self.pp, {})[self.name] = ref


class DensityPointer(PointerVar):
    def __init__(self, sec, x, mech, name):
        self.section_ref, self.x, self.mech, self.name = weakref.ref(sec), x, mech, name

    def live_section(self):
        sec = self.section_ref()
        if sec is None or type(sec).IS_DELETED:
            raise ReferenceError(f"POINTER {self.name}_{self.mech}: its section was deleted")
        return sec

    def describe(self):
        return f"{self.live_section()}({self.x:g}).{self.mech}.{self.name}"

    def how(self):
        sec = self.live_section()
        return (f"h.setpointer(ref, {self.name!r}, {sec}({self.x:g}).{self.mech}) or hoc's "
                f"`setpointer {sec}.{self.name}_{self.mech}({self.x:g}), sec.v(x)`")

    def target(self):
        sec = self.live_section()
        return density_targets(sec, self.mech, self.name)[sec.seg_index(self.x)]

    def point_at(self, ref):
        sec = self.live_section()
        targets = density_targets(sec, self.mech, self.name)
        targets[sec.seg_index(self.x)] = ref
        DENSITY_TARGETS.setdefault(sec, {})[(self.mech, self.name)] = (sec.nseg, targets)


def density_targets(sec, mech, name):
    """The targets of POINTER `name` of density mechanism `mech` over sec's segments (None:
    unset). After an nseg change all are unset, as NEURON's reallocated mechanism."""
    nseg, targets = DENSITY_TARGETS.get(sec, {}).get((mech, name), (None, None))
    if nseg != sec.nseg:
        return [None] * sec.nseg
    return list(targets)


def point_target(pp, name):
    return POINT_TARGETS.get(pp, {}).get(name)


def pointer_var(ref):
    """setpointer's first argument as a PointerVar: syn._ref_vgap, seg.mech._ref_p, or what
    hoc's `syn.vgap` / `sec.p_mech(x)` give (a PointRef / RangeRef to a POINTER)."""
    if isinstance(ref, PointerVar):
        return ref
    if isinstance(ref, PointRef) and ref.field in pointer_names(ref.pp.mech_name):
        return PointPointer(ref.pp, ref.field)
    if isinstance(ref, RangeRef):
        found = mechs.split_key(ref.field)
        if found is not None and found[1] in pointer_names(found[0]):
            return DensityPointer(ref.live_section(), ref.x, found[0], found[1])
    raise TypeError(f"setpointer {ref!r}, ...: the first argument must be a POINTER variable "
                    "of a mechanism from a .mod file (hoc: `setpointer syn.vgap, sec.v(x)` or "
                    "`setpointer sec.p_mech(x), ...`; Python: h.setpointer(ref, 'vgap', syn))")


def set_pointer(var, target):
    """Point POINTER `var` at the variable `target` refers to (the engine picks it up at the
    next build: finitialize)."""
    var = pointer_var(var)
    if isinstance(target, PointerVar):
        target = target.pointed()
    if not isinstance(target, Ref):
        what = "a hoc variable" if type(target).__name__ == "HocPointer" else repr(target)
        raise TypeError(f"setpointer {var.describe()}, {what}: the second argument must "
                        "refer to a simulation variable (sec(x)._ref_v, seg._ref_cai, "
                        "syn._ref_g, h._ref_t; hoc: sec.v(x), sec.cai(x), syn.g, t); pnm's "
                        "POINTERs cannot point at hoc or Python variables")
    var.point_at(target)
    from .state import STATE
    STATE.changed()


def setpointer(ref, name, obj):
    """h.setpointer(ref, "name", obj): obj a point process or a density mechanism at a
    segment (sec(x).mech)."""
    name = str(name)
    mech = obj.mech_name if hasattr(obj, "mech_name") else obj.name()
    if name not in pointer_names(mech):
        raise ValueError(f"h.setpointer(..., {name!r}, {obj!r}): {mech} has no POINTER "
                         f"{name!r} (its POINTERs: {list(pointer_names(mech))})")
    if hasattr(obj, "mech_name"):
        var = PointPointer(obj, name)
    else:
        seg = obj.segment()
        var = DensityPointer(seg.sec, seg.x, mech, name)
    set_pointer(var, ref)
