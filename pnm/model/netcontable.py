"""The NetCon table: every NetCon's data in per-field arrays, by creation order."""

import weakref
from array import array

import numpy as np


class WeakTargets:
    """The NetCons' target point processes, held weakly: as in NEURON, a NetCon does not keep
    its target alive — a synapse nobody else holds is freed, and its NetCons then have no
    target (None), like NetCon(source, None)."""

    def __init__(self):
        self.refs = []

    def append(self, target):
        self.refs.append(None if target is None else weakref.ref(target))

    def __getitem__(self, p):
        ref = self.refs[p]
        return None if ref is None else ref()

    def __setitem__(self, p, target):
        self.refs[p] = None if target is None else weakref.ref(target)

    def __len__(self):
        return len(self.refs)

    def __iter__(self):
        return (None if ref is None else ref() for ref in self.refs)


_ONE, _ZERO = array("d", [1.0]), array("d", [0.0])


class NetConTable:
    """Every NetCon's data, by position (creation order). A network has millions of NetCons: a
    NetCon object holds only its index, and the engine gathers each field with one numpy take
    or list pass instead of visiting objects. A NetCon that dies leaves None (and live 0)
    behind. Indices keep counting across a process reset (first_index), so a NetCon of a
    model before the reset never touches the new table."""

    def __init__(self, first_index=0):
        self.first_index = first_index
        self.values = {"delay": array("d"), "weight": array("d"), "active": array("d")}
        self.source = []           # the PreSyn, or None
        self.target = WeakTargets()  # the target point process, or None
        self.live = bytearray()    # 1 while the NetCon exists
        self.names = array("q")    # NEURON's object index of each (NetCon[name])
        self.engine_handle = None  # set by the engine that compiled these NetCons
        self.extra_weights = {}    # position -> [weight[1], ...] (targets from .mod files)
        self.record_only = set()   # positions whose NetCon is gone, kept for the recording
        self.source_gone = set()   # positions whose source object was freed (nc.valid() 0)
        self.gone = []             # PreSyns freed since the last settle() (held: ids stay theirs)

    def next_index(self):
        return self.first_index + len(self.live)

    def position(self, index):
        """Position of NetCon `index` in this table, or -1 for a NetCon of an earlier model."""
        p = index - self.first_index
        return p if 0 <= p < len(self.live) else -1

    def add(self, presyn, target, name):
        """A new NetCon's row; its index (next_index() before the call)."""
        live = self.live
        index = self.first_index + len(live)
        self.names.append(name)
        self.source.append(presyn)
        # each value array grows in place by a one-element array (array.append parses its
        # argument with a format string: ~2x the instructions)
        values = self.values
        active = values["active"]
        if target is None:      # no target: inactive
            self.target.refs.append(None)       # (WeakTargets.append, inline)
            active += _ZERO
        else:
            self.target.refs.append(weakref.ref(target))
            active += _ONE
        live.append(1)
        delay = values["delay"]
        delay += _ONE
        weight = values["weight"]
        weight += _ZERO
        return index

    def extra_weight(self, p, k):
        """weight[k] (k >= 1) of the NetCon at position p; 0 until set."""
        extra = self.extra_weights.get(p)
        return extra[k - 1] if extra is not None and k - 1 < len(extra) else 0.0

    def set_extra_weight(self, p, k, value):
        extra = self.extra_weights.setdefault(p, [])
        if len(extra) < k:
            extra.extend([0.0] * (k - len(extra)))
        extra[k - 1] = value

    def forget(self, p):
        """NetCon p is gone. As NEURON keeps the PreSyn of a source that records spikes
        (nc.record(tvec[, idvec, id])) after its last NetCon is deleted (netcvode.cpp,
        NetCon::rmsrc), a row whose source records stays as that source's record-only
        entry: no target, inactive, so the engine goes on detecting and recording its
        spikes (spikerecord() procedures record through a NetCon held in a localobj)."""
        ps = self.source[p]
        self.target[p] = None
        self.extra_weights.pop(p, None)
        if ps is not None and ps.recorders:
            self.values["active"][p] = 0.0
            self.record_only.add(p)
            return
        self.source[p] = None
        self.live[p] = 0

    def values_view(self, name):
        """A numpy view of values[name]; drop it before the next NetCon is created (a live
        view stops the array from growing)."""
        return np.frombuffer(self.values[name], dtype=np.float64)

    def live_positions(self):
        """Positions of the NetCons that exist, in creation order."""
        self.settle()
        return np.flatnonzero(np.frombuffer(self.live, dtype=np.uint8))

    def replace_source(self, old, new):
        """Every NetCon from PreSyn old now comes from new (gid_connect made before pc.cell)."""
        self.settle()
        for i, ps in enumerate(self.source):
            if ps is old:
                self.source[i] = new

    def drop_source(self, ps):
        """PreSyn ps is gone: its NetCons have no source, its record-only rows go (at the
        next settle(): freeing a network's cells one by one is then not a scan of every
        NetCon per cell)."""
        self.gone.append(ps)

    def settle(self):
        """Apply drop_source: one pass over the table for every PreSyn freed since."""
        if not self.gone:
            return
        gone = {id(ps) for ps in self.gone}
        source = self.source
        for p, other in enumerate(source):
            if other is not None and id(other) in gone:
                source[p] = None
                self.source_gone.add(p)
                if p in self.record_only:
                    self.record_only.discard(p)
                    self.live[p] = 0
        self.gone = []

    def has_source(self, ps):
        self.settle()
        return any(p is ps for p in self.source)
