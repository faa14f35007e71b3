"""Handles: what the engine gives each compiled model object, and the only way model objects
reach engine state. A Section holds a SectionHandle, a point process a PointHandle, the NetCon
table a NetConHandle; each stays valid until the engine is released (a rebuild or a reset).

Model side (pnm/model) calls only these public methods; the engine never writes model
attributes, it calls the model objects' public bind()/unbind() and reads their description."""

import numpy as np

from . import layout as L


class SectionSlots:
    """Where a bound section's range variables live in S: slots[key] is the array of S
    indices of field key ("gnabar_hh", "cm") over the section's segments. Stored compactly:
    one instance-number array per mechanism, not one slot array per field."""

    __slots__ = ("bases", "inst", "cm_base", "nodes")

    def __init__(self, bases, cm_base, nodes):
        self.bases = bases      # "field_mech" -> (mech, offset of the field in S), shared
        self.inst = {}          # mechanism -> instance number of each segment
        self.cm_base = cm_base  # cm is a node field: S index = cm_base + centre node
        self.nodes = nodes

    @property
    def cm(self):
        return self.cm_base + self.nodes[1:-1]

    def __contains__(self, key):
        return key == "cm" or (key in self.bases and self.bases[key][0] in self.inst)

    def __getitem__(self, key):
        if key == "cm":
            return self.cm
        mech, base = self.bases[key]
        return base + self.inst[mech]

    def items(self):
        yield "cm", self.cm
        for key, (mech, base) in self.bases.items():
            if mech in self.inst:
                yield key, base + self.inst[mech]


class SectionHandle:
    """A compiled section: its global node numbers (one per entry of Section.node_v) and the
    S slots of its range variables."""

    __slots__ = ("engine", "nodes", "slots")

    def __init__(self, engine, nodes, slots):
        self.engine, self.nodes, self.slots = engine, nodes, slots

    @property
    def valid(self):
        return self.engine.live

    def node_slot(self, node):
        return self.engine.foff[L.F_V] + self.nodes[node]

    def range_slot(self, key, iseg):
        return self.slots[key][iseg]

    def get_v(self, node):
        return float(self.engine.S[self.node_slot(node)])

    def set_v(self, node, value):
        self.engine.S[self.node_slot(node)] = value

    def compiled(self, key):
        """Whether range variable key lives in the engine (else the section's table holds it)."""
        return key in self.slots

    def get_range(self, key, iseg):
        return float(self.engine.S[self.slots[key][iseg]])

    def set_range(self, key, iseg, value):
        if key in self.slots:
            self.engine.S[self.slots[key][iseg]] = value

    def put_range(self, key, values):
        """The section changed a whole field (sec.cm = ...): copy it in."""
        if key in self.slots:
            self.engine.S[self.slots[key]] = values

    def voltages(self):
        """The voltages of the section's nodes, in Section.node_v's order."""
        return self.engine.floats(L.F_V)[self.nodes]

    def range_items(self):
        """(key, values over the segments) of every range variable the engine holds."""
        S = self.engine.S
        for key, slots in self.slots.items():
            yield key, S[slots]


class PointHandle:
    """A compiled point process: its instance number and where each field of its mechanism
    starts in S (shared by all instances of the mechanism)."""

    __slots__ = ("engine", "index", "bases")

    def __init__(self, engine, index, bases):
        self.engine, self.index, self.bases = engine, index, bases

    @property
    def valid(self):
        return self.engine.live

    def slot(self, field):
        return self.bases[field] + self.index

    def get(self, field):
        return float(self.engine.S[self.bases[field] + self.index])

    def set(self, field, value):
        self.engine.S[self.bases[field] + self.index] = value


class NetConHandle:
    """The compiled NetCons, by position in the NetCon table."""

    FIELD = {"delay": L.F_NC_DELAY, "weight": L.F_NC_WEIGHT, "active": L.F_NC_ACTIVE}

    def __init__(self, engine, positions, table_size):
        self.engine = engine
        # engine index of each NetCon by its table position (an array, not an int per object)
        self.engine_index = np.full(table_size, -1, dtype=np.int64)
        self.engine_index[positions] = np.arange(len(positions))

    def compiled(self, p):
        """Whether the NetCon at table position p existed at the last build."""
        return self.engine.live and p < len(self.engine_index) and self.engine_index[p] >= 0

    def user_weights(self, p):
        """The weight table of a NetCon whose target comes from a .mod file, else None."""
        table = self.engine.user_weights
        if table is None or not table.holds(self.engine_index[p]):
            return None
        return table

    def get(self, p, name):
        table = self.user_weights(p) if name == "weight" else None
        if table is not None:
            return table.get(self.engine_index[p], 0)
        return float(self.engine.floats(self.FIELD[name])[self.engine_index[p]])

    def set(self, p, name, value):
        table = self.user_weights(p) if name == "weight" else None
        if table is not None:
            table.set(self.engine_index[p], 0, value)
        self.engine.floats(self.FIELD[name])[self.engine_index[p]] = value

    def get_weight(self, p, k):
        """weight[k] (k >= 1) of a NetCon to a target from a .mod file."""
        return self.user_weights(p).get(self.engine_index[p], k)

    def set_weight(self, p, k, value):
        self.user_weights(p).set(self.engine_index[p], k, value)

    def set_threshold(self, presyn, value):
        if self.engine.live:
            self.engine.set_threshold(presyn, value)

    def event(self, p, t):
        self.engine.netcon_event(int(self.engine_index[p]), t)
