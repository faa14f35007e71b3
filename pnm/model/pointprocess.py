"""Point processes and artificial cells: NEURON's classes as plain objects that hold
parameters until the engine binds them. PointProcess is the base of every one (those from
.mod files, userpoint.py: ExpSyn, IClamp, IntFire1/2/4, NetStim, VecStim, users'...)."""

import weakref

import numpy as np

from . import mechanisms as mechs
from . import secstack
from .hocindex import counter as hoc_counter, next_index, release_index
from .refs import PointRef
from .section import Section, Segment, section_exists
from .state import STATE


class PointProcess:
    """A point process's variables are properties of its class, one per field, made with the
    class (install_point_attributes: `delay` for a field `del`, `_ref_<field>`, the .mod
    file's FUNCTIONs and PROCEDUREs), and its own attributes are slots. No __setattr__: it
    makes CPython 3.11 leave every attribute write of the class unspecialised, and a
    property's setter does the work; an unknown name assigned is Python's AttributeError
    ('ExpSyn' object has no attribute 'x'). __getattr__ only words the error of an unknown
    name read (naming the object and its variables): it leaves the class's reads
    unspecialised, ~1 % of a hoc network's build."""
    __slots__ = ("__weakref__", "mech_type", "field_values", "host_x", "_handle", "_presyns",
                 "_host", "_index", "_id", "_bound_vectors")
    mech_name = None   # set by subclasses

    def __init__(self, loc=None, sec=None):
        # located_maker repeats this body for hoc's `sec new X(x)`: change both together
        self._index = None
        mt = self.mech_type = mechs.ALL_POINT[self.mech_name]
        self.field_values = mt.field_defaults.copy()
        self._handle = None         # a PointHandle while compiled
        self._presyns = None        # spike sources on this object
        self._host = None           # weakref to the section
        self.host_x = 0.5
        self._index = next_index(self.mech_name)
        # without a location it is made unlocated, as in NEURON: pp.loc(seg) places it later
        # (until then it takes no part in a simulation and get_segment() is None)
        if mt.kind == "point" and (loc is not None or sec is not None):
            if type(loc) is float and type(sec) is Section and 0.0 <= loc <= 1.0:
                self._place(sec, loc)       # (the checks of loc() passed)
            else:
                self.loc(loc if loc is not None else 0.5, sec=sec)
        self._id = STATE.register_point_process(self)

    # ---- identity ---------------------------------------------------------------------
    def hname(self):
        return f"{self.mech_name}[{self._index}]"

    def __del__(self, release=release_index):
        try:
            index = self._index
        except AttributeError:          # (__init__ did not start)
            return
        if index is not None:           # (freed: NEURON's numbering restarts when none is left)
            release(self.mech_name)
        presyns = self._presyns
        if presyns:                     # its spike sources go with it (PreSyn holds it weakly)
            for presyn in presyns.values():
                presyn.disconnect()

    def same(self, other):
        return 1.0 if other is self else 0.0

    def hocobjptr(self):
        return float(id(self))

    def baseattr(self, *args):
        raise NotImplementedError(f"{self.hname()}.baseattr: not provided by pnm")

    def dir_names(self):
        """NEURON's public names of this point process (what dir() lists besides dunders)."""
        mt = self.mech_type
        if mt.kind == "point":
            fields = mt.fields
        else:
            fields = tuple(mt.params) if self.mech_name == "NetStim" else tuple(mt.params) + mt.assigned
        methods = ["baseattr", "get_loc", "has_loc", "hname", "hocobjptr", "loc", "same"]
        if mt.kind == "point":
            methods.append("get_segment")
        names = set(fields) | set(methods) | set(type(self).EXTRA_NAMES)
        if "del" in names:          # Python's name of a field `del` (IClamp's), as NEURON
            names = (names - {"del"}) | {"delay"}
        return sorted(names)

    EXTRA_NAMES = ()

    def __dir__(self):
        return sorted(set(n for n in object.__dir__(self) if n.startswith("__")) |
                      set(self.dir_names()))

    def __repr__(self):
        return self.hname()

    @property
    def is_artificial(self):
        return self.mech_type.kind == "artificial"

    # ---- location ---------------------------------------------------------------------
    def loc(self, x, sec=None):
        if self.is_artificial:
            return self
        if type(x) is Segment:
            sec, x = x.sec, x.x
        elif isinstance(x, Segment):
            sec, x = x.sec, x.x
        if sec is None and isinstance(x, (int, float)):
            sec = secstack.cas()           # loc(x): on the accessed section, as in NEURON
        if sec is None:
            raise TypeError(f"{self}.loc({x!r}): give a segment such as soma(0.5), or sec=")
        if not isinstance(sec, Section):
            raise TypeError(f"{self}: location must be on a Section, got {sec!r}")
        x = float(x)
        if not 0.0 <= x <= 1.0:
            raise ValueError(f"{self}.loc({x}): segment x must be in [0, 1]")
        self._place(sec, x)
        return self

    def _place(self, sec, x):
        """Located at x (checked) of sec."""
        self._host = weakref.ref(sec)
        self.host_x = sec.x_of_node(sec.node_of(x))    # NEURON: at its node's x
        sec.add_point_process(self)
        STATE.structure_version += 1     # changed(), inline

    @property
    def host_section(self):
        """The section this point process is in; None when unlocated or the section was
        deleted (the point process is then inert, as in NEURON)."""
        ref = self._host
        sec = None if ref is None else ref()
        return sec if section_exists(sec) else None

    def inert_error(self):
        """The error for using a point process whose section is gone."""
        return ReferenceError(f"{self.hname()}: point process not located in a section (its "
                              "section was deleted); locate it again with "
                              f"{self.hname()}.loc(seg)")

    def get_loc(self):
        """x of the point process's segment; as NEURON, its section is pushed: the caller
        reads h.cas() and calls h.pop_section()."""
        if self.is_artificial:
            raise RuntimeError(f"{self.hname()}.get_loc(): ARTIFICIAL_CELLs are not located in "
                               "a section (NEURON's error too)")
        sec = self.host_section
        if sec is None:
            raise RuntimeError(f"{self.hname()}.get_loc(): point process not located in a "
                               f"section; locate it with {self.hname()}.loc(seg)")
        secstack.level_push(sec)
        return sec.x_of_node(sec.node_of(self.host_x))

    def snap_to_node(self):
        """After its section's nseg changed: at the new node that holds its x (NEURON moves
        a point process with its node; get_segment().x is that node's x)."""
        sec = self.host_section
        if sec is not None:
            self.host_x = sec.x_of_node(sec.node_of(self.host_x))

    def get_segment(self):
        return None if self.host_section is None else self.host_section(self.host_x)

    def has_loc(self):
        return 1.0 if self.host_section is not None else 0.0

    def is_inert(self):
        """Whether this point process lost its section (deleted): it then does nothing."""
        return self._host is not None and self.host_section is None

    def check_located(self):
        if self.is_inert():
            raise self.inert_error()

    # ---- variables --------------------------------------------------------------------
    # ---- engine binding: the engine gives a compiled point process a handle ------------
    def bind(self, handle):
        """Called by the engine: handle (a PointHandle) while compiled, None after."""
        self._handle = handle

    def _bound(self):
        handle = self._handle
        if handle is not None and not handle.valid:
            self._handle = handle = None
        return handle

    def slot_of(self, engine, field):
        """The engine slot of field (a KeyError when not compiled into engine)."""
        handle = self._bound()
        if handle is None or handle.engine is not engine:
            raise KeyError(self)
        return handle.slot(field)

    # ---- Vectors bound to a BBCOREPOINTER (pnm/mod/VecStim.mod's ptr: vs.play(vec)) -----
    def bind_vector(self, name, vec):
        """Bind Vector vec to the instance's BBCOREPOINTER `name` (None unbinds). The object
        holds vec, as NEURON's play() takes a reference; the engine copies its values at each
        finitialize (pnm/engine/boundvectors.py)."""
        try:
            table = self._bound_vectors
        except AttributeError:
            table = self._bound_vectors = {}
        table[name] = vec

    def bound_values(self, name):
        """The values of the Vector bound to `name` (an empty array when none is)."""
        vec = getattr(self, "_bound_vectors", {}).get(name)
        return np.zeros(0) if vec is None else np.asarray(vec, dtype=float)

    def presyn_table(self, create=False):
        """The spike sources (PreSyn) on this object: key None for its own net_event, a
        field name for a threshold on that variable. None when there are none yet."""
        if self._presyns is None and create:
            self._presyns = {}
        return self._presyns

    def own_presyn(self):
        """The PreSyn of this object's net_event, or None."""
        table = self._presyns
        return None if table is None else table.get(None)

    def __getattr__(self, attr):
        """Only for a name the object does not have: pnm's message, naming the object and its
        mechanism's variables. (Assigning such a name is Python's AttributeError: a
        __setattr__ would cost every assignment of the model's.)"""
        if attr.startswith("_ref_"):
            raise AttributeError(f"{self.hname()}.{attr}: {self.mech_name} has no variable "
                                 f"{attr[5:]!r} to reference; use one of "
                                 f"{list(self.mech_type.fields)}")
        if attr in PointProcess.__slots__ or attr.startswith("__"):    # (not set yet)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {attr!r}")
        raise unknown_variable(self, attr)

    def sync_from_engine(self):
        handle = self._bound()
        if handle is not None:
            for f in self.field_values:
                self.field_values[f] = handle.get(f)


_new_instance = object.__new__


def located_maker(cls):
    """A function (x, sec) -> cls(x, sec), x a float in [0, 1] and sec a Section (hoc's `sec
    new ExpSyn(x)`): for a point process class that PointProcess.__init__ makes, its work
    without the class call (type_call and slot_tp_init, ~1.5 k instructions); the class
    itself for any other."""
    if cls.__init__ is not PointProcess.__init__ or \
            mechs.ALL_POINT[cls.mech_name].kind != "point":
        return cls
    name = cls.mech_name
    count = hoc_counter(name)

    def make(x, sec):
        if type(x) is not float or type(sec) is not Section or not 0.0 <= x <= 1.0:
            return cls(x, sec)
        pp = _new_instance(cls)
        pp._index = None
        mt = pp.mech_type = mechs.ALL_POINT[name]
        pp.field_values = mt.field_defaults.copy()
        pp._handle = None
        pp._presyns = None
        pp._host = None
        pp.host_x = 0.5
        pp._index = index = count[0]        # next_index(name), inline
        count[0] = index + 1
        count[1] += 1
        pp._place(sec, x)
        pp._id = STATE.register_point_process(pp)
        return pp
    return make


# ---- the variables of a point process class: one property per name -----------------------
def unknown_variable(pp, attr):
    """The error for a name that is not one of pp's variables."""
    return AttributeError(f"{pp.hname()} has no variable {attr!r}; use one of "
                          f"{pp.mech_name}'s variables {list(pp.mech_type.fields)}")


def _field_property(field):
    """pp.<field> (pp.delay for IClamp's `del`): its value, the engine's while compiled; set:
    a number, also given to the engine. A point process whose section was deleted is inert:
    either is a ReferenceError."""
    def get(pp):
        values = pp.field_values
        if field not in values:
            raise unknown_variable(pp, field)
        host = pp._host
        if host is not None and not section_exists(host()):     # is_inert(), inline
            raise pp.inert_error()
        if pp._handle is not None:
            handle = pp._bound()
            if handle is not None:
                return handle.get(field)
        return values[field]

    def set(pp, value):
        values = pp.field_values
        if field not in values:
            raise unknown_variable(pp, field)
        host = pp._host
        if host is not None and not section_exists(host()):     # is_inert(), inline
            raise pp.inert_error()
        if type(value) is not float:
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise TypeError(f"{pp}.{field} = {value!r}: must be a number") from None
        if pp._handle is not None:
            handle = pp._bound()
            if handle is not None:
                handle.set(field, value)
        values[field] = value
    get.__name__ = set.__name__ = field
    return property(get, set, doc=f"the variable {field}")


def _ref_property(field):
    """pp._ref_<field>: a reference to the variable (Vector.record, NetCon sources, ...)."""
    def ref(pp):
        return PointRef(pp, field)
    ref.__name__ = "_ref_" + field
    return property(ref)


def _method_property(name):
    """pp.<name> for a FUNCTION or PROCEDURE of the .mod file: the callable
    (usermethods.method); another kernel of that name is no variable."""
    def get(pp):
        from .usermethods import method
        found = method(pp, name)
        if found is None:
            raise unknown_variable(pp, name)
        return found
    get.__name__ = name
    return property(get)


def install_point_attributes(cls, module, extra_fields=()):
    """Give point process class cls (of mechanism module `module`) a property for each of its
    variables (the fields of its MechanismType and extra_fields), `delay` for a field `del`
    (a keyword of Python), `_ref_<field>`, and each FUNCTION or PROCEDURE of the module, each
    name the class does not have already."""
    fields = mechs.ALL_POINT[cls.mech_name].fields
    names = {}
    if "del" in fields:
        names["delay"] = _field_property("del")
    for field in tuple(fields) + tuple(extra_fields):
        names.setdefault(field, _field_property(field))
    for field in fields:
        names.setdefault("_ref_" + field, _ref_property(field))
    # the kernels a FUNCTION or PROCEDURE <name> may be (`<name>_`; a lazy front lists its
    # kernels without loading them); usermethods.method tells which are
    for kernel in dir(module):
        if kernel.endswith("_") and len(kernel) > 1 and not kernel.startswith("__"):
            names.setdefault(kernel[:-1], _method_property(kernel[:-1]))
    for name, prop in names.items():
        if not hasattr(cls, name):
            setattr(cls, name, prop)
