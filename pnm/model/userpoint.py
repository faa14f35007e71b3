"""POINT_PROCESS and ARTIFICIAL_CELL mechanisms from users' .mod files as NEURON classes:
`h.MySyn(seg)`, `h.MySyn(x, sec=...)`, `h.MyCell()`. An instance is a PointProcess like the
built-ins (fields of the .mod file's PARAMETER/STATE/ASSIGNED/RANGE names, loc, get_segment,
hname `MySyn[0]`); the engine compiles it with the mechanism's generated kernels
(pnm/engine/userpoints.py). An array field `dur[3]` reads and writes as `pp.dur[i]`."""

from . import mechanisms as mechs
from . import pointers
from .nmodlrandom import NMODLRandom, new_streams, random_names
from .pointprocess import PointProcess, install_point_attributes

CLASSES = {}
EXTRAS = {}      # mechanism name -> {attribute: value} added to its class (methods)


class FieldArray:
    """pp.dur of an array field dur[n]: pp.dur[i] reads/writes the field "dur[i]"."""

    def __init__(self, pp, name, size):
        self.pp, self.name, self.size = pp, name, size

    def _field(self, i):
        k = int(i)
        if not 0 <= k < self.size:
            raise IndexError(f"{self.pp.hname()}.{self.name}[{k}]: index out of range "
                             f"(the array has {self.size} elements)")
        return f"{self.name}[{k}]"

    def __getitem__(self, i):
        return getattr(self.pp, self._field(i))

    def __setitem__(self, i, value):
        setattr(self.pp, self._field(i), value)

    def __len__(self):
        return self.size

    def __repr__(self):
        return f"{self.pp.hname()}.{self.name}[{self.size}]"


def _array_property(name, size):
    def get(pp):
        return FieldArray(pp, name, size)
    return property(get, doc=f"the array field {name}[{size}]")


def _array_fields(module):
    sizes = {}
    for field_name, _, _ in module.FIELDS:
        if field_name.endswith("]") and "[" in field_name:
            base = field_name[:field_name.index("[")]
            sizes[base] = sizes.get(base, 0) + 1
    return sizes


def _pointer_properties(names):
    """pp.p reads and writes the variable POINTER p points at; pp._ref_p is the pointer
    (setpointer's first argument), `pp._ref_p = ref` sets it (pointers.py)."""
    attrs = {}
    for name in names:
        def ref(pp, name=name):
            return pointers.PointPointer(pp, name)

        def set_ref(pp, target, name=name):
            pointers.set_pointer(pointers.PointPointer(pp, name), target)

        def get_value(pp, name=name):
            return pointers.PointPointer(pp, name).value

        def set_value(pp, value, name=name):
            pointers.PointPointer(pp, name).set_value(float(value))
        attrs["_ref_" + name] = property(ref, set_ref, doc=f"POINTER {name}")
        attrs[name] = property(get_value, set_value,
                               doc=f"the variable POINTER {name} points at")
    return attrs


def _random_properties(names):
    """pp.r for each RANDOM variable r (NMODLRandom); a new instance gets its streams."""
    if not names:
        return {}

    def __init__(pp, loc=None, sec=None):
        PointProcess.__init__(pp, loc, sec)
        new_streams(pp, names)
    attrs = {"__init__": __init__}
    for name in names:
        attrs[name] = property(lambda pp, name=name: NMODLRandom(pp, name),
                               doc=f"RANDOM {name} (NEURON's NMODLRandom)")
    return attrs


def point_class(name):
    """The class of user point mechanism `name` (one per name, made on first use)."""
    if not mechs.is_user_point(name):
        raise KeyError(name)
    cls = CLASSES.get(name)
    if cls is None or cls.module is not mechs.USER[name]:
        module = mechs.USER[name]
        kind = "artificial cell" if module.KIND == "artificial_cell" else "point process"
        doc = getattr(module, "CLASS_DOC", None) or (
            f"{name}: {kind} from {getattr(module, '__file__', '?')} (translated by "
            "`python -m pnm nrnivmodl`)")
        attrs = {"mech_name": name, "__doc__": doc, "module": module, "__slots__": ()}
        for base, size in _array_fields(module).items():
            attrs[base] = _array_property(base, size)
        attrs.update(_pointer_properties(pointers.pointer_names(name)))
        attrs.update(_random_properties(random_names(module)))
        attrs.update(EXTRAS.get(name, {}))
        cls = type(name, (PointProcess,), attrs)
        install_point_attributes(cls, module, [field for field, kind, _ in module.FIELDS
                                               if kind == "random"])
        CLASSES[name] = cls
    return cls
