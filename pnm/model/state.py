"""The simulation's global state (t, dt, celsius, ...) and the registry of live model objects.

Model objects are held weakly, as NEURON holds Python-created sections, point processes and
NetCons: an object nobody references is gone from the simulation. (NetCons keep their own
tables, in model/netcon.py.)"""

import itertools
import weakref

from .netcontable import NetConTable


def _gone(entry):
    """A registered object died: forget it (and, for model objects, the model changed)."""
    entry.table.pop(entry.oid, None)
    state = entry.state
    # an object of a model from before STATE.reset() dies: the current model is unchanged
    if state is not None and (entry.table is state.sections or entry.table is state.point_processes):
        state.structure_version += 1
        if entry.table is state.sections:
            state.sections_lost += 1


class _Entry(weakref.ref):
    """A weak reference that knows where it is registered: one small object per model object
    (its table and state are attributes of a subclass per table, not of each entry)."""

    __slots__ = ("oid",)
    table = None
    state = None
    # made by weakref.ref's own (C) constructor, as entry_type(obj, _gone), then given its
    # oid: no Python-level __new__ per model object


def _entry_type(table, state):
    return type("_Entry", (_Entry,), {"__slots__": (), "table": table, "state": state})


class ModelState:
    """Everything a process keeps between calls: the simulation globals, the live model
    objects, the NetCon table, the compiled engine, and the slots the upper layers keep
    here (parallel: the shared ParallelContext state and the live contexts; the facade: the
    ParallelNetManagers). reset() returns the process to a fresh start."""

    def __init__(self):
        self._ids = itertools.count()
        self.mpi_announced = False      # h.nrnmpi_init printed numprocs (once a process)
        self._init_state()

    def reset(self):
        """Forget the model and every layer's state (tests, and a second, different model
        in one process). Objects of the old model stay usable as Python objects but are no
        longer part of the simulation."""
        eng = self.engine
        if eng is not None:
            eng.release()
        self._init_state(self.netcons.next_index())

    def _init_state(self, first_netcon=0):
        self.netcons = NetConTable(first_netcon)
        self.parallel = None        # the parallel layer's shared state (parallel/context.py)
        self.contexts = []          # live ParallelContext objects (normally one)
        self.managers = []          # ParallelNetManagers, in creation order (manager.py)
        self.splits = None          # split cells' joins on this rank (parallel/splitcell.py)
        self.transfer = None        # source_var / target_var declarations (model/transfer.py)
        self.t = 0.0
        self.dt = 0.025
        self.celsius = 6.3
        self.v_init = -65.0
        self.tstop = 5.0
        self.secondorder = 0
        self.sections = {}        # id -> weakref(Section), creation order
        self.point_processes = {}  # id -> weakref(PointProcess)
        self.records = {}          # id -> weakref(Vector) that record something
        self._entry = {id(t): _entry_type(t, None if t is self.records else self)
                       for t in (self.sections, self.point_processes, self.records)}
        self._section_entry = self._entry[id(self.sections)]
        self.random_streams_created = 0  # NetStim default stream ids (1, rank, k)
        self.structure_version = 0  # bumped by anything that changes the compiled model
        self.sections_lost = 0      # sections deleted or garbage-collected so far
        self.sources_checked = 0    # sections_lost when NetCon sources were last checked
        self.geometry_version = 0   # bumped by L, diam, Ra, 3-D point changes
        self.recorders_version = 0  # bumped when a spike recorder is added or replaced
        self.engine = None          # the compiled engine, or None
        self.shape_defined = False
        self.pt3dconst = 0          # 1: 3-D points authoritative (L, diam leave them alone)

    def next_id(self):
        return next(self._ids)

    def next_random_stream_ids(self):
        """NEURON's ids (1, rank, k) for the k-th random stream created without ids in this
        model (NMODL RANDOM variables: NetStim's); rank is this process's MPI rank."""
        self.random_streams_created = (self.random_streams_created + 1) & 0xFFFFFFFF
        from ..parallel.mpi import world
        return 1, world().rank & 0xFFFFFFFF, self.random_streams_created

    def changed(self):
        self.structure_version += 1

    def geometry_changed(self):
        self.geometry_version += 1

    def _register(self, table, obj):
        oid = next(self._ids)
        table[oid] = entry = self._entry[id(table)](obj, _gone)
        entry.oid = oid
        self.structure_version += 1             # changed(), inline: once per model object
        return oid

    def register_section(self, sec):
        oid = next(self._ids)
        self.sections[oid] = entry = self._section_entry(sec, _gone)
        entry.oid = oid
        self.structure_version += 1
        return oid

    def forget_section(self, oid):
        """A section was deleted (Section.delete): it is no longer part of the model."""
        if self.sections.pop(oid, None) is not None:
            self.changed()
            self.sections_lost += 1

    def register_point_process(self, pp):
        return self._register(self.point_processes, pp)

    def register_record(self, vec):
        oid = self.next_id()
        self.records[oid] = entry = self._entry[id(self.records)](vec, _gone)
        entry.oid = oid
        return oid

    @staticmethod
    def _live(table):
        refs = list(table.values() if isinstance(table, dict) else table)
        return [obj for obj in map(_Entry.__call__, filter(None, refs)) if obj is not None]

    def live_sections(self):
        return [s for s in self._live(self.sections)]

    def live_point_processes(self):
        return self._live(self.point_processes)

    def live_records(self):
        return self._live(self.records)


STATE = ModelState()
