"""The simulation's global state (t, dt, celsius, ...) and the registry of live model objects.

Model objects are held weakly, as NEURON holds Python-created sections, point processes and
NetCons: an object nobody references is gone from the simulation. (NetCons keep their own
tables, in model/netcon.py.)"""

import itertools
import weakref


def _gone(entry):
    """A registered object died: forget it (and, for model objects, the model changed)."""
    entry.table.pop(entry.oid, None)
    if entry.state is not None:
        entry.state.structure_version += 1


class _Entry(weakref.ref):
    """A weak reference that knows where it is registered: one small object per model object
    (its table and state are attributes of a subclass per table, not of each entry)."""

    __slots__ = ("oid",)
    table = None
    state = None

    def __new__(cls, obj, oid):
        return super().__new__(cls, obj, _gone)

    def __init__(self, obj, oid):
        super().__init__(obj, _gone)
        self.oid = oid


def _entry_type(table, state):
    return type("_Entry", (_Entry,), {"__slots__": (), "table": table, "state": state})


class ModelState:
    def __init__(self):
        self.t = 0.0
        self.dt = 0.025
        self.celsius = 6.3
        self.v_init = -65.0
        self.tstop = 5.0
        self.secondorder = 0
        self._ids = itertools.count()
        self.sections = {}        # id -> weakref(Section), creation order
        self.point_processes = {}  # id -> weakref(PointProcess)
        self.records = {}          # id -> weakref(Vector) that record something
        self._entry = {id(t): _entry_type(t, None if t is self.records else self)
                       for t in (self.sections, self.point_processes, self.records)}
        self.structure_version = 0  # bumped by anything that changes the compiled model
        self.geometry_version = 0   # bumped by L, diam, Ra, 3-D point changes
        self.recorders_version = 0  # bumped when a spike recorder is added or replaced
        self.engine = None          # the compiled engine, or None
        self.shape_defined = False

    def next_id(self):
        return next(self._ids)

    def changed(self):
        self.structure_version += 1

    def geometry_changed(self):
        self.geometry_version += 1

    def _register(self, table, obj):
        oid = self.next_id()
        table[oid] = self._entry[id(table)](obj, oid)
        self.changed()
        return oid

    def register_section(self, sec):
        return self._register(self.sections, sec)

    def register_point_process(self, pp):
        return self._register(self.point_processes, pp)

    def register_record(self, vec):
        oid = self.next_id()
        self.records[oid] = self._entry[id(self.records)](vec, oid)
        return oid

    @staticmethod
    def _live(table):
        refs = list(table.values() if isinstance(table, dict) else table)
        return [obj for obj in map(_Entry.__call__, filter(None, refs)) if obj is not None]

    def live_sections(self):
        return [s for s in self._live(self.sections) if not s._deleted]

    def live_point_processes(self):
        return self._live(self.point_processes)

    def live_records(self):
        return self._live(self.records)


STATE = ModelState()
