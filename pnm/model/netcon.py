"""NetCon and its source (PreSyn): threshold detection on a variable or the net_event of a
point process, delivered to a target after a delay with a weight. As in NEURON, NetCons that
watch the same source share one PreSyn, and so one threshold."""

import itertools
import math
from array import array

import numpy as np

from .pointprocess import PointProcess
from .refs import Ref, NodeRef, RangeRef, PointRef
from .section import Section
from .state import STATE


class PreSyn:
    """The spike source behind NetCons: a watched variable with a threshold, or a point
    process that calls net_event. Holds the spike recorders and, under MPI, the gid."""

    _created = itertools.count()

    def __init__(self, ref=None, pp=None):
        self.ref, self.pp = ref, pp
        self.serial = next(PreSyn._created)   # creation order: orders equal-time events
        self.threshold = 10.0
        self.gid = -1
        self.recorders = []     # (tvec, idvec or None, id)

    def describe(self):
        return self.pp.hname() if self.pp is not None else self.ref.describe()

    @staticmethod
    def of(source):
        """The PreSyn of a source (created on first use)."""
        if isinstance(source, PointProcess):
            ps = source.__dict__.get("_presyn")
            if ps is None:
                ps = PreSyn(pp=source)
                object.__setattr__(source, "_presyn", ps)
            return ps
        if isinstance(source, (NodeRef, RangeRef)):
            table = source.sec.__dict__.setdefault("_presyns", {})
            key = source.key()
            ps = table.get(key)
            if ps is None:
                ps = PreSyn(ref=source)
                table[key] = ps
            return ps
        if isinstance(source, PointRef):
            table = source.pp.__dict__.setdefault("_presyns", {})
            ps = table.get(source.field)
            if ps is None:
                ps = PreSyn(ref=source)
                table[source.field] = ps
            return ps
        raise TypeError(f"NetCon source {source!r} must be a reference such as "
                        "soma(0.5)._ref_v (with sec=soma), a point process / artificial cell, "
                        "or None")


class _Weight:
    """nc.weight: indexable like NEURON's weight vector."""

    def __init__(self, nc):
        self._nc = nc

    def __getitem__(self, i):
        self._check(i)
        return self._nc._get("weight")

    def __setitem__(self, i, value):
        self._check(i)
        self._nc._set("weight", _number(self._nc, "weight", value))

    def __len__(self):
        return 1

    def _check(self, i):
        if i not in (0, -1):
            raise IndexError(f"{self._nc}.weight[{i}]: the target "
                             f"{self._nc._target_name()} takes one weight; use weight[0]")

    def __repr__(self):
        return f"[{self[0]}]"


def _number(nc, name, value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{nc}.{name} = {value!r}: must be a number") from None
    if math.isnan(value):
        raise ValueError(f"{nc}.{name} = nan: must be a number")
    return value


# Every NetCon's data, by NetCon index (its creation number). A network has millions of
# NetCons: a NetCon object holds only its index, and the engine gathers each field with one
# numpy take or list pass instead of visiting objects. A NetCon that dies leaves None (and
# LIVE 0) behind.
VALUES = {"delay": array("d"), "weight": array("d"), "active": array("d")}  # active: 1.0/0.0
SOURCE = []           # the PreSyn, or None
TARGET = []           # the target point process, or None
LIVE = bytearray()    # 1 while the NetCon exists


def values_view(name):
    """A numpy view of VALUES[name]; drop it before the next NetCon is created (a live view
    stops the array from growing)."""
    return np.frombuffer(VALUES[name], dtype=np.float64)


def live_indices():
    """Indices of the NetCons that exist, in creation order."""
    return np.flatnonzero(np.frombuffer(LIVE, dtype=np.uint8))


def replace_source(old, new):
    """Every NetCon from PreSyn old now comes from new (gid_connect made before pc.cell)."""
    for i, ps in enumerate(SOURCE):
        if ps is old:
            SOURCE[i] = new


def has_source(ps):
    return any(p is ps for p in SOURCE)


class NetCon:
    """h.NetCon(source, target[, threshold, delay, weight], sec=section)."""

    # one slot: everything else lives in the tables above, by _index
    __slots__ = ("_index", "__weakref__")

    def __init__(self, source, target, threshold=None, delay=None, weight=None, sec=None):
        if target is not None:
            if not isinstance(target, PointProcess):
                raise TypeError(f"NetCon(..., {target!r}): the target must be a point process "
                                "with NET_RECEIVE (ExpSyn, Exp2Syn, IntFire1, ...) or None")
            if not target._type.is_target:
                raise TypeError(f"NetCon(..., {target.hname()}): {target._mech_name} has no "
                                "NET_RECEIVE block, so it cannot receive events; "
                                "target a synapse such as ExpSyn or an artificial cell")
        if isinstance(source, Ref) and sec is not None and not isinstance(sec, Section):
            raise TypeError(f"NetCon(..., sec={sec!r}): sec must be a Section")
        presyn = None if source is None else PreSyn.of(source)
        self._index = len(LIVE)
        SOURCE.append(presyn)
        TARGET.append(target)
        LIVE.append(1)
        VALUES["delay"].append(1.0)
        VALUES["weight"].append(0.0)
        VALUES["active"].append(1.0 if target is not None else 0.0)  # no target: inactive
        STATE.changed()
        if threshold is not None:
            self.threshold = threshold
        if delay is not None:
            self.delay = delay
        if weight is not None:
            self.weight[0] = weight

    def __del__(self):
        # as NEURON: a NetCon nobody references is gone from the simulation
        try:
            i = self._index
            SOURCE[i] = TARGET[i] = None
            LIVE[i] = 0
            STATE.changed()
        except (AttributeError, TypeError):
            pass    # __init__ raised before registering it, or the interpreter is exiting

    @property
    def _presyn(self):
        return SOURCE[self._index]

    @_presyn.setter
    def _presyn(self, ps):
        SOURCE[self._index] = ps

    @property
    def _target(self):
        return TARGET[self._index]

    def __repr__(self):
        return f"NetCon[{self._index}]"

    def _target_name(self):
        return self._target.hname() if self._target is not None else "None"

    # engine-bound variables -----------------------------------------------------------------
    def _engine(self):
        """The engine this NetCon is compiled into, if it is the current one."""
        eng = STATE.engine
        if eng is None or not eng.has_netcon(self):
            return None
        return eng

    def _get(self, name):
        eng = self._engine()
        if eng is not None:
            return eng.get_netcon(self, name)
        return VALUES[name][self._index]

    def _set(self, name, value):
        eng = self._engine()
        if eng is not None:
            eng.set_netcon(self, name, value)
        VALUES[name][self._index] = value

    @property
    def weight(self):
        return _Weight(self)

    @weight.setter
    def weight(self, value):
        self._set("weight", _number(self, "weight", value))

    @property
    def delay(self):
        return self._get("delay")

    @delay.setter
    def delay(self, value):
        value = _number(self, "delay", value)
        if value < 0:
            raise ValueError(f"{self}.delay = {value}: a delay cannot be negative; give a delay >= 0 (ms)")
        self._set("delay", value)

    @property
    def threshold(self):
        return self._presyn.threshold if self._presyn is not None else 10.0

    @threshold.setter
    def threshold(self, value):
        value = _number(self, "threshold", value)
        if self._presyn is not None:
            self._presyn.threshold = value
            eng = STATE.engine
            if eng is not None:
                eng.set_threshold(self._presyn, value)

    def active(self, flag=None):
        """nc.active([flag]): as NEURON, returns the value before the call; a NetCon without
        a target is never active and ignores flag."""
        old = self._get("active") != 0.0
        if flag is None or self._target is None:
            return old
        self._set("active", 1.0 if flag else 0.0)
        return old

    # topology queries ---------------------------------------------------------------------
    def syn(self):
        return self._target

    def pre(self):
        return None if self._presyn is None else self._presyn.pp

    def preseg(self):
        ps = self._presyn
        if ps is None or ps.ref is None or not isinstance(ps.ref, NodeRef):
            return None
        r = ps.ref
        n = r.sec._nseg
        x = 0.0 if r.node == 0 else 1.0 if r.node == n + 1 else (r.node - 0.5) / n
        return r.sec(x)

    def postseg(self):
        return None if self._target is None else self._target.get_segment()

    def precell(self):
        seg = self.preseg()
        if seg is not None:
            return seg.sec.cell()
        return self.pre()

    def postcell(self):
        seg = self.postseg()
        return None if seg is None else seg.sec.cell()

    def srcgid(self):
        return -1 if self._presyn is None else self._presyn.gid

    def valid(self):
        """As NEURON: true when the NetCon has a target (a source is not required)."""
        return self._target is not None

    # recording and events ------------------------------------------------------------------
    def record(self, tvec=None, idvec=None, rid=None):
        """nc.record(tvec[, idvec[, id]]): append the source's spike times (and ids)."""
        if self._presyn is None:
            raise ValueError(f"{self}.record(): this NetCon has no source to record")
        ps = self._presyn
        STATE.recorders_version += 1
        if tvec is None:
            ps.recorders.clear()
            return
        from .vector import Vector
        if not isinstance(tvec, Vector) or (idvec is not None and not isinstance(idvec, Vector)):
            raise TypeError(f"{self}.record(tvec[, idvec]): give h.Vector objects")
        if rid is None:
            rid = ps.gid if ps.gid >= 0 else self._index
        ps.recorders = [(tvec, idvec, float(rid))]
        STATE.register_record(tvec)

    def event(self, t, flag=None):
        eng = STATE.engine
        if eng is None:
            raise RuntimeError(f"{self}.event({t}): call h.finitialize() first; "
                               "events are placed on the queue of an initialized run")
        eng.netcon_event(self, float(t))
