"""Section: cable geometry, range variables and inserted mechanisms, with NEURON's
names and node layout (nseg centre nodes, a zero-area node at the 1 end, and one at the 0 end of
a root section)."""

import sys
import weakref

import numpy as np

from . import mechanisms as mechs
from . import rangeattrs, secstack
from .rangetable import PLAIN_DEFAULTS, RangeTable, range_default, resized_node_v  # noqa: F401
from .segment import Segment, check_x, positive_number
from .proplist import nseg_changed
from .sectiontree import SectionTree
from .shape import Pt3dMethods
from .state import STATE


NSEG_MAX = 32767          # NEURON's limit on nseg
_ndarray = np.ndarray


class SectionSlots(Pt3dMethods, SectionTree):
    """A Section's storage (its slots)."""

    __slots__ = ("_name", "_cell", "stored_L", "_Ra", "_nseg", "range_table", "_node_v",
                 "mechanism_names", "_parent_ref", "parent_x", "_childx", "child_sections",
                 "pt3d_points", "pt3d_arcs", "_handle", "_point_processes", "_presyns",
                 "prop_order", "from_hoc", "_id", "__weakref__")


class Section(SectionSlots):
    """A cable section. `h.Section(name="soma", cell=self)` or `h.Section("soma", self)`.
    `sec.<rangevar> = x` sets every segment, as NEURON; a name that is neither the
    section's nor a range variable is Python's AttributeError, as NEURON's.

    Neither __getattr__ nor __setattr__: CPython 3.11 specialises no attribute read (write)
    of a class that has one, the model's own uses of a section's slots included. Range
    variables are properties (rangeattrs.py)."""

    __slots__ = ()
    IS_DELETED = False      # DeletedSection: True (read it on the type: type(sec).IS_DELETED)

    def __new__(cls, name=None, cell=None, *args, **kwargs):
        self = object.__new__(cls)
        if cls is not Section:      # a Python subclass: its __init__ gives Section's its own
            name = cell = None      # name and cell (Section.__init__)
        elif cell is not None and name is not None:   # NEURON: str(cell) once; the cell weakly
            name = f"{cell}.{name}"
        self._name = name if name is not None else f"__nrnsec_{id(self):x}"
        self._cell = None if cell is None else weakref.ref(cell)
        self.stored_L = 100.0
        self._Ra = 35.4
        self._nseg = 1
        self.range_table = table = RangeTable(PLAIN_DEFAULTS)   # uniform values: floats
        table.nseg = 1
        self._node_v = -65.0     # node_v while every node has the same voltage
        self.mechanism_names = []        # inserted density mechanism names, in order
        self._parent_ref = None          # weak, as NEURON: a parent nobody holds is deleted
        self.parent_x = 1.0
        self._childx = 0.0
        self.child_sections = ()         # NEURON's order (add_child): a list from the first
        self.pt3d_points = self.pt3d_arcs = None  # float32 (n, 4): x, y, z, diam; float64 arcs
        self._point_processes = ()       # weakrefs, for seg.point_processes(): a list once used
        self._handle = self._presyns = None   # engine handle (bind); spike sources (presyn_table)
        self.prop_order = None           # the first node's property list, once nseg changed it
        self.from_hoc = False            # made by hoc's `create` (HOC_SECTIONS.add)
        self._id = STATE.register_section(self)
        secstack.default_if_none(self)
        return self

    def __init__(self, name=None, cell=None):
        """Section.__new__ made the section; a subclass's name and cell are set here."""
        if type(self) is not Section:
            if cell is not None and name is not None:
                name = f"{cell}.{name}"
            self._name = f"__nrnsec_{id(self):x}" if name is None else name
            self._cell = None if cell is None else weakref.ref(cell)

    # sec.gnabar_hh, sec.ena, sec._ref_v: properties rangeattrs.install puts on this class

    def __dir__(self):
        return [name for name in object.__dir__(self) if name not in rangeattrs.INSTALLED]

    def lookup_range_key(self, name):
        """(key, None) for a range variable ("gnabar_hh", "ena"); (None, mechanism) when that is
        not inserted; (None, None) for no range variable. Callers word their own errors."""
        found = mechs.suffix_lookup(name)
        if found is not None:
            mech, base = found
            return (f"{base}_{mech}", None) if mech in self.mechanism_names else (None, mech)
        owner = mechs.ion_owner(name, self.mechanism_names)
        if owner is not None and (owner in self.mechanism_names or mechs.is_ion(owner)):
            return f"{name}_{owner}", None
        return None, None

    def range_key(self, name):
        """The range_table key of a range variable name, or an error naming section and name."""
        key, missing = self.lookup_range_key(name)
        if key is not None:
            return key
        if missing is not None:
            raise AttributeError(f"{self.name()}.{name}: mechanism {missing!r} is not inserted "
                                 f"in {self.name()}; call {self.name()}.insert({missing!r}) first")
        raise AttributeError(f"{self.name()}.{name}: a Section has no attribute or range "
                           f"variable {name!r} (inserted mechanisms: {self.mechanism_names})")

    def set_range_all(self, name, value):
        """sec.<name> = value: every segment's range variable name (vectorised)."""
        found = mechs.SPLIT_KEYS.get(name)      # the usual case: "g_pas", already looked up
        if found is not None and found[0] in self.mechanism_names and type(value) is float:
            key = name
        else:
            key = self.range_key(name)
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise TypeError(f"{self.name()}.{name} = {value!r}: must be a number") from None
        handle = self._handle
        if handle is not None:
            self._set_range_all(key, value)
        else:       # not compiled: the table alone (_set_range_all without the handle)
            self.range_table.fill(key, value)

    # ---- identity -------------------------------------------------------------------------
    def name(self):
        return self._name

    hname = name

    def is_pysec(self):
        """True for a section made in Python, False for one of hoc's `create` (NEURON's)."""
        return not self.from_hoc

    def __repr__(self):
        return self.name()

    __str__ = __repr__

    def cell(self):
        return None if self._cell is None else self._cell()

    @property
    def parent_section(self):
        """The parent section, or None for a root (also when the parent was freed)."""
        ref = self._parent_ref
        return None if ref is None else ref()

    @parent_section.setter
    def parent_section(self, parent):
        self._parent_ref = None if parent is None else weakref.ref(parent)

    def delete(self):
        """h.delete_section(sec=...): the section leaves the model (as NEURON): its children
        become roots, its point processes become inert, recordings from it stop; the Python
        object remains and says "<deleted section>"; any other use is a ReferenceError."""
        self.unbind_structure()
        if self.parent_section is not None:
            self.parent_section.child_sections.remove(self)
        for child in self.child_sections:
            child.parent_section = None
        for presyn in (self._presyns or {}).values():     # NetCons watching it lose their source
            presyn.disconnect()
        STATE.forget_section(self._id)
        secstack.forget(self)
        object.__setattr__(self, "__class__", DeletedSection)

    # ---- geometry -------------------------------------------------------------------------
    @property
    def L(self):
        if self.pt3d_points is not None and len(self.pt3d_points) > 1:
            from .shape import section_arcs
            return float(section_arcs(self)[-1])
        return self.stored_L

    @L.setter
    def L(self, value):
        if type(value) is not float or not value > 0.0:     # the usual case needs no check
            value = positive_number(self, "L", value)
        if STATE.pt3dconst:     # NEURON's can_change_morph: L assignments are ignored
            return
        if self.pt3d_points is not None and len(self.pt3d_points) > 1:
            # NEURON scales the 3-D points so that the arc length becomes L
            from .shape import scale_to_length
            scale_to_length(self, value)
        self.stored_L = value
        STATE.geometry_version += 1    # geometry_changed(), inline

    @property
    def Ra(self):
        return self._Ra

    @Ra.setter
    def Ra(self, value):
        if type(value) is not float or not value > 0.0:
            value = positive_number(self, "Ra", value)
        self._Ra = value
        STATE.geometry_version += 1    # geometry_changed(), inline

    @property
    def nseg(self):
        return self._nseg

    @nseg.setter
    def nseg(self, value):
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise TypeError(f"{self}.nseg = {value!r}: nseg must be an integer in range 1 to "
                            f"{NSEG_MAX}") from None
        if n != value or not 1 <= n <= NSEG_MAX:
            raise ValueError(f"{self}.nseg = {value!r}: nseg must be an integer in range 1 to "
                             f"{NSEG_MAX} (NEURON's limit)")
        old = self._nseg
        if n == old:
            return
        if self._handle is not None:
            self.unbind_structure()
        nseg_changed(self, old, n)
        # each new segment takes the value of the old segment that contains its centre
        self.range_table.resize(old, n)
        self._node_v = resized_node_v(self._node_v, old, n)
        self._nseg = n
        for ref in self._point_processes:          # they move with their nodes (NEURON)
            pp = ref()
            if pp is not None and pp.host_section is self:
                pp.snap_to_node()
        if self.pt3d_points is not None and len(self.pt3d_points) > 1:
            from .shape import diam_from_3d
            diam_from_3d(self)
        STATE.structure_version += 1     # changed(), inline

    @property
    def diam(self):
        return self(0.5).diam

    @diam.setter
    def diam(self, value):
        if type(value) is not float or not value > 0.0:
            value = positive_number(self, "diam", value)
        if self.pt3d_points is not None and len(self.pt3d_points) > 0:
            from .shape import set_diam_3d
            set_diam_3d(self, value)
        self._set_range_all("diam", value)
        STATE.geometry_version += 1    # geometry_changed(), inline

    @property
    def cm(self):
        return self(0.5).cm

    @cm.setter
    def cm(self, value):
        if type(value) is not float or not value >= 0.0:
            value = positive_number(self, "cm", value, allow_zero=True)
        self._set_range_all("cm", value)

    @property
    def v(self):
        return self.node_voltage(self.node_of(0.5))

    @v.setter
    def v(self, value):
        """sec.v = x: every node of the section, both ends included (as NEURON)."""
        value = float(value)
        self._node_v = value
        handle = self._bound()
        if handle is not None:
            for node in range(self._nseg + 2):
                handle.set_v(node, value)
        parent = self.parent_section
        if parent is not None:
            parent.node_v[parent.node_of(self.parent_x)] = value

    @property
    def node_v(self):
        """The node voltages (0 end, nseg centres, 1 end) as an array, made when first needed
        (until then one float: every node of a new section is at the same voltage)."""
        node_v = self._node_v
        if type(node_v) is not _ndarray:
            node_v = np.empty(self._nseg + 2)
            node_v.fill(self._node_v)
            self._node_v = node_v
        return node_v

    def _set_range_all(self, key, value):
        if self._handle is None:        # not compiled (the build): the table alone
            self.range_table.fill(key, value)
            return
        handle = self._bound()
        if handle is not None and handle.compiled(key):
            self.sync_from_engine()
        self.range_table.fill(key, value)
        if handle is not None:
            handle.put_range(key, self.range_table[key])

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
        if parentx is None:
            parentx = 1.0
        elif type(parentx) is not float or not 0.0 <= parentx <= 1.0:   # name it on error only
            parentx = check_x(f"{self}.connect parentx", parentx)
        childx = 0.0 if childx is None else float(childx)
        if childx not in (0.0, 1.0):
            raise ValueError(f"{self}.connect(..., childx={childx}): childx must be 0 or 1")
        anc = parent
        while anc is not None:
            if anc is self:
                raise ValueError(f"{self}.connect({parent}): would make a loop in the tree "
                                 f"({parent} is in the subtree of {self}); connect the "
                                 "child to the parent, child.connect(parent), not the reverse")
            ref = anc._parent_ref                   # anc.parent_section, inline
            anc = None if ref is None else ref()
        old = self.parent_section
        if old is not None:
            # NEURON's connectsec_impl says so on stderr (the old orientation and position)
            sys.stderr.write(f"Notice: {self.hname()}({self._childx:g}) had previously been "
                             f"connected to parent {old.hname()}({self.parent_x:g})\n")
            old.child_sections.remove(self)
        self._parent_ref = weakref.ref(parent)      # parent_section = parent
        self.parent_x = parentx
        self._childx = childx
        parent.add_child(self)
        STATE.structure_version += 1     # changed(), inline
        return self

    def disconnect(self):
        if self.parent_section is not None:
            self.parent_section.child_sections.remove(self)
            self.parent_section = None
            STATE.changed()

    def parentseg(self):
        return None if self.parent_section is None else self.parent_section(self.parent_x)

    trueparentseg = parentseg

    def orientation(self):
        return self._childx

    # ---- mechanisms -----------------------------------------------------------------------
    def insert(self, mech):
        name = mech if type(mech) is str else getattr(mech, "mech_name", mech)
        if not isinstance(name, str):
            raise TypeError(f"{self}.insert({mech!r}): give a mechanism name such as 'hh' or h.hh")
        if name not in mechs.DENSITY:
            try:
                mechs.density(name)                 # an unknown name raises here
            except ValueError as err:
                raise ValueError(f"{self.name()}.{err}") from None
        names = self.mechanism_names
        if name not in names:
            if self._handle is not None:
                self.unbind_structure()
            mechs.add_to(names, self.range_table, name)   # arrays: on first use
            STATE.structure_version += 1     # changed(), inline
        return self

    def uninsert(self, mech):
        name = getattr(mech, "mech_name", mech)
        if name in self.mechanism_names:
            self.unbind_structure()
            self.mechanism_names.remove(name)
            for f in mechs.DENSITY[name].fields:
                self.range_table.pop(f"{f}_{name}", None)
            STATE.changed()
        return self

    def psection(self):
        """NEURON 9's dict: point_processes, density_mechs, ions, morphology, nseg, Ra, cm, ..."""
        from .psection import psection
        return psection(self)

    def push(self):
        """sec.push(): make this the currently accessed section until h.pop_section()."""
        from . import secstack
        secstack.push(self)
        return self

    def has_membrane(self, name):
        return name in self.mechanism_names

    # ---- segments -------------------------------------------------------------------------
    def __call__(self, x):
        if type(x) is not float or not 0.0 <= x <= 1.0:     # the usual case needs no check
            x = check_x(self, x)
        return Segment(self, x)

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

    # ---- engine binding: the engine gives a compiled section a handle (engine/binding.py) ---
    def bind(self, handle):
        """Called by the engine: handle (a SectionHandle) while compiled, None after."""
        self._handle = handle

    def _bound(self):
        handle = self._handle
        if handle is not None and not handle.valid:
            self._handle = handle = None
        return handle

    def unbind_structure(self):
        """Before a change of this section's structure (nseg, mechanisms): keep the
        engine's values here and stop using the compiled section; the next finitialize
        rebuilds it."""
        if self._handle is not None:
            self.sync_from_engine()
            self._handle = None

    def sync_from_engine(self):
        """Copy the engine's values of this section (voltages, range variables) back here."""
        handle = self._bound()
        if handle is None:
            return
        v = handle.voltages()
        if self.parent_section is None:
            self.node_v[:] = v
        elif self._childx:              # the 1 end is the parent's node
            self.node_v[:-1] = v[:-1]
        else:
            self.node_v[1:] = v[1:]
        table = self.range_table
        for key, values in handle.range_items():
            if key in table:
                table[key][:] = values
            elif np.any(values != range_default(key)):   # keep defaults array-free
                table[key] = values

    def node_place(self, x):
        """(section, x) of the node at x: a child's connection end is its parent's node (the
        engine takes the parent's entry for it), so v read or written there is the parent's,
        as in NEURON."""
        sec = self
        while sec.parent_section is not None and x == sec._childx:
            sec, x = sec.parent_section, sec.parent_x
        return sec, x

    def node_of(self, x):
        """Index into self.node_v of the node at x (0 end, centre, or 1 end)."""
        if x == 0.0:
            return 0
        if x == 1.0:
            return self._nseg + 1
        n = self._nseg
        i = int(x * n)          # min(int(x * n), n - 1) + 1 without min() (~750 instructions)
        return i + 1 if i < n else n

    def seg_index(self, x):
        n = self._nseg
        i = int(x * n)          # min(int(x * n), n - 1)
        return i if i < n else n - 1

    def range_value(self, key, iseg):
        handle = self._bound()
        if handle is not None and handle.compiled(key):
            return handle.get_range(key, iseg)
        return self.range_table.value(key, iseg)

    def set_range_value(self, key, iseg, value):
        handle = self._bound()
        if handle is not None:
            handle.set_range(key, iseg, value)
        self.range_table.set_value(key, iseg, value)

    def node_voltage(self, node):
        handle = self._bound()
        if handle is not None:
            return handle.get_v(node)
        node_v = self._node_v
        return node_v if type(node_v) is float else float(node_v[node])

    def set_node_voltage(self, node, value):
        handle = self._bound()
        if handle is not None:
            handle.set_v(node, value)
        self.node_v[node] = value

    def add_point_process(self, pp):
        """A point process located on this section (for seg.point_processes()); the ion
        mechanisms a point process from a .mod file USEIONs come with it (NEURON's need_memb)."""
        if self._point_processes:
            self._point_processes.append(weakref.ref(pp))
        else:
            self._point_processes = [weakref.ref(pp)]
        ions = pp.mech_type.ion_mechanisms
        if ions and any(ion not in self.mechanism_names for ion in ions):
            self.unbind_structure()
            mechs.add_ions(self.mechanism_names, self.range_table, ions)

    def point_mechanism_names(self):
        """The mechanism names of the live point processes located on this section (their
        USEIONs promote the section's ion styles as NEURON's need_memb does)."""
        names = []
        for ref in self._point_processes:
            pp = ref()
            if pp is not None and pp.host_section is self and pp.mech_name not in names:
                names.append(pp.mech_name)
        return names

    def point_processes_at(self, node):
        """The live point processes located at node (an index into node_v)."""
        out = []
        for ref in self._point_processes:
            pp = ref()
            if pp is not None and pp.host_section is self and self.node_of(pp.host_x) == node:
                out.append(pp)
        return out

    def presyn_table(self, create=False):
        """The spike sources (PreSyn) watching this section's variables, by reference key;
        None when there are none yet."""
        if self._presyns is None and create:
            self._presyns = {}
        return self._presyns

    def x_of_node(self, node):
        """The x of node (an index into node_v): 0, a segment centre, or 1."""
        n = self._nseg
        return 0.0 if node == 0 else 1.0 if node == n + 1 else (node - 0.5) / n

    def slot_of_node(self, engine, node):
        """The engine slot of node's voltage (a KeyError when not compiled into engine)."""
        handle = self._bound()
        if handle is None or handle.engine is not engine:
            raise KeyError(self)
        return handle.node_slot(node)

    def slot_of_range(self, engine, key, iseg):
        handle = self._bound()
        if handle is None or handle.engine is not engine:
            raise KeyError(self)
        return handle.range_slot(key, iseg)



rangeattrs.install(Section)
mechs.on_catalogue_change(lambda: rangeattrs.install(Section))


class DeletedSection(Section):
    """What a Section becomes when deleted (Section.delete): NEURON's "<deleted section>"."""

    __slots__ = ()
    IS_DELETED = True

    def __getattribute__(self, name):
        if name.startswith("__") and name != "__call__":
            return object.__getattribute__(self, name)
        if name == "_deleted":       # hoc's SectionList of before the model's one
            return True
        if name in ("sync_from_engine", "bind"):     # the old engine letting go of it
            return lambda *args: None
        raise ReferenceError("can't access a deleted section")

    def __setattr__(self, *args):
        raise ReferenceError("can't access a deleted section")

    __call__ = __iter__ = __len__ = __setattr__     # (each with its own arguments)

    def __repr__(self):
        return "<deleted section>"

    __str__ = __repr__


def section_exists(sec):
    """Whether sec is a live Section (not None, not deleted)."""
    return sec is not None and not type(sec).IS_DELETED
