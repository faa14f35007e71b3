"""Point processes and artificial cells: NEURON's classes as plain objects that hold
parameters until the engine binds them. PointProcess is the base of every one (those from
.mod files, userpoint.py: ExpSyn, IClamp, IntFire1/2/4, NetStim, VecStim, users'...)."""

import weakref

import numpy as np

from . import mechanisms as mechs
from . import secstack
from .hocindex import next_index, release_index
from .refs import PointRef
from .section import Section, Segment, section_exists
from .state import STATE


class PointProcess:
    mech_name = None   # set by subclasses
    # what __init__ gives each instance (written to its __dict__ directly, as __setattr__
    # checks names against the mechanism's variables)
    _handle = _presyns = _host = _index = _id = None

    def __init__(self, loc=None, sec=None):
        mt = mechs.ALL_POINT[self.mech_name]
        own = self.__dict__         # the attributes in one go (no __setattr__ dispatch)
        own["mech_type"] = mt
        own["field_values"] = mt.field_defaults.copy()
        own["_handle"] = None       # a PointHandle while compiled
        own["_presyns"] = None      # spike sources on this object
        own["_host"] = None         # weakref to the section
        own["host_x"] = 0.5
        own["_index"] = next_index(self.mech_name)
        # without a location it is made unlocated, as in NEURON: pp.loc(seg) places it later
        # (until then it takes no part in a simulation and get_segment() is None)
        if mt.kind == "point" and (loc is not None or sec is not None):
            if type(loc) is float and type(sec) is Section and 0.0 <= loc <= 1.0:
                self._place(sec, loc)       # (the checks of loc() passed)
            else:
                self.loc(loc if loc is not None else 0.5, sec=sec)
        own["_id"] = STATE.register_point_process(self)

    # ---- identity ---------------------------------------------------------------------
    def hname(self):
        return f"{self.mech_name}[{self._index}]"

    def __del__(self, release=release_index):
        if self._index is not None:     # (freed: NEURON's numbering restarts when none is left)
            release(self.mech_name)

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
        own = self.__dict__
        own["_host"] = weakref.ref(sec)
        own["host_x"] = sec.x_of_node(sec.node_of(x))    # NEURON: at its node's x
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
            self.__dict__["host_x"] = sec.x_of_node(sec.node_of(self.host_x))

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
        object.__setattr__(self, "_handle", handle)

    def _bound(self):
        handle = self._handle
        if handle is not None and not handle.valid:
            object.__setattr__(self, "_handle", None)
            handle = None
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
        if "_bound_vectors" not in self.__dict__:
            object.__setattr__(self, "_bound_vectors", {})
        self._bound_vectors[name] = vec

    def bound_values(self, name):
        """The values of the Vector bound to `name` (an empty array when none is)."""
        vec = self.__dict__.get("_bound_vectors", {}).get(name)
        return np.zeros(0) if vec is None else np.asarray(vec, dtype=float)

    def presyn_table(self, create=False):
        """The spike sources (PreSyn) on this object: key None for its own net_event, a
        field name for a threshold on that variable. None when there are none yet."""
        if self._presyns is None and create:
            object.__setattr__(self, "_presyns", {})
        return self._presyns

    def own_presyn(self):
        """The PreSyn of this object's net_event, or None."""
        table = self._presyns
        return None if table is None else table.get(None)

    def __getattr__(self, attr):
        if attr == "delay" and "del" in self.mech_type.fields:     # `del` is Python's keyword
            attr = "del"
        if attr.startswith("_ref_"):
            field = attr[5:]
            if field in self.mech_type.fields:
                return PointRef(self, field)
            raise AttributeError(f"{self.hname()}.{attr}: {self.mech_name} has no variable "
                                 f"{field!r} to reference; use one of {list(self.mech_type.fields)}")
        vals = object.__getattribute__(self, "field_values")
        if attr in vals:
            self.check_located()
            handle = self._bound()
            if handle is not None:
                return handle.get(attr)
            return vals[attr]
        from .usermethods import method
        found = method(self, attr)            # a FUNCTION or PROCEDURE of its .mod file
        if found is not None:
            return found
        raise AttributeError(f"{self.hname()} has no variable {attr!r}; use one of "
                             f"{self.mech_name}'s variables {list(self.mech_type.fields)}")

    def __setattr__(self, attr, value):
        if attr == "delay" and "del" in self.mech_type.fields:     # `del` is Python's keyword
            attr = "del"
        values = self.field_values
        if attr in values:
            host = self._host
            if host is not None and not section_exists(host()):    # is_inert(), inline
                raise self.inert_error()
            if type(value) is not float:
                try:
                    value = float(value)
                except (TypeError, ValueError):
                    raise TypeError(f"{self}.{attr} = {value!r}: must be a number") from None
            if self._handle is not None:
                handle = self._bound()
                if handle is not None:
                    handle.set(attr, value)
            values[attr] = value
            return
        if attr.startswith("_"):
            object.__setattr__(self, attr, value)
            return
        raise AttributeError(f"{self.hname()} has no variable {attr!r}; use one of "
                             f"{self.mech_name}'s variables {list(self.mech_type.fields)}")

    def sync_from_engine(self):
        handle = self._bound()
        if handle is not None:
            for f in self.field_values:
                self.field_values[f] = handle.get(f)
