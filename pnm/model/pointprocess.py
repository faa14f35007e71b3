"""Point processes (ExpSyn, Exp2Syn, IClamp) and artificial cells (IntFire1/2/4, NetStim,
VecStim): NEURON's classes as plain objects that hold parameters until the engine binds them."""

import itertools
import weakref

import numpy as np

from . import mechanisms as mechs
from .refs import PointRef
from .section import Section, Segment
from .state import STATE

_counters = {}


class PointProcess:
    _mech_name = None   # set by subclasses

    def __init__(self, loc=None, sec=None):
        mt = mechs.ALL_POINT[self._mech_name]
        object.__setattr__(self, "_type", mt)
        object.__setattr__(self, "_vals", {f: mt.params.get(f, 0.0) for f in mt.fields})
        object.__setattr__(self, "_binding", None)
        object.__setattr__(self, "_sec", None)
        object.__setattr__(self, "_x", 0.5)
        counter = _counters.setdefault(self._mech_name, itertools.count())
        object.__setattr__(self, "_index", next(counter))
        if mt.kind == "point":
            if loc is None and sec is None:
                raise TypeError(f"{self._mech_name}(): give a location, e.g. "
                                f"h.{self._mech_name}(soma(0.5)) or h.{self._mech_name}(0.5, sec=soma)")
            self.loc(loc if loc is not None else 0.5, sec=sec)
        object.__setattr__(self, "_id", STATE.register_point_process(self))

    # ---- identity ---------------------------------------------------------------------
    def hname(self):
        return f"{self._mech_name}[{self._index}]"

    def __repr__(self):
        return self.hname()

    @property
    def is_artificial(self):
        return self._type.kind == "artificial"

    # ---- location ---------------------------------------------------------------------
    def loc(self, x, sec=None):
        if self.is_artificial:
            return self
        if isinstance(x, Segment):
            sec, x = x.sec, x.x
        if sec is None:
            raise TypeError(f"{self}.loc({x!r}): give a segment such as soma(0.5), or sec=")
        if not isinstance(sec, Section):
            raise TypeError(f"{self}: location must be on a Section, got {sec!r}")
        x = float(x)
        if not 0.0 <= x <= 1.0:
            raise ValueError(f"{self}.loc({x}): segment x must be in [0, 1]")
        object.__setattr__(self, "_sec", sec)
        object.__setattr__(self, "_x", x)
        sec._point_processes.append(weakref.ref(self))
        STATE.changed()
        return self

    def get_loc(self):
        if self._sec is None:
            return -1.0
        return (self._sec._node_of(self._x) - 0.5) / self._sec._nseg \
            if 0 < self._x < 1 else self._x

    def get_segment(self):
        return None if self._sec is None else self._sec(self._x)

    def has_loc(self):
        return self._sec is not None

    # ---- variables --------------------------------------------------------------------
    def _engine(self):
        b = self._binding
        if b is None or STATE.engine is not b["engine"]:
            return None
        return b["engine"]

    def __getattr__(self, attr):
        if attr.startswith("_ref_"):
            field = attr[5:]
            if field in self._type.fields:
                return PointRef(self, field)
            raise AttributeError(f"{self.hname()}.{attr}: {self._mech_name} has no variable "
                                 f"{field!r} to reference; use one of {list(self._type.fields)}")
        vals = object.__getattribute__(self, "_vals")
        if attr in vals:
            eng = self._engine()
            if eng is not None:
                return eng.get_point(self, attr)
            return vals[attr]
        raise AttributeError(f"{self.hname()} has no variable {attr!r}; use one of "
                             f"{self._mech_name}'s variables {list(self._type.fields)}")

    def __setattr__(self, attr, value):
        if attr in self._vals:
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise TypeError(f"{self}.{attr} = {value!r}: must be a number") from None
            eng = self._engine()
            if eng is not None:
                eng.set_point(self, attr, value)
            self._vals[attr] = value
            return
        if attr.startswith("_"):
            object.__setattr__(self, attr, value)
            return
        raise AttributeError(f"{self.hname()} has no variable {attr!r}; use one of "
                             f"{self._mech_name}'s variables {list(self._type.fields)}")

    def _sync_from_engine(self):
        eng = self._engine()
        if eng is not None:
            for f in self._vals:
                self._vals[f] = eng.get_point(self, f)


def _make(name, doc, extra=None):
    ns = {"_mech_name": name, "__doc__": doc}
    if extra:
        ns.update(extra)
    return type(name, (PointProcess,), ns)


ExpSyn = _make("ExpSyn", "Synapse with exponential decay: g' = -g/tau, i = g*(v - e).")
Exp2Syn = _make("Exp2Syn", "Synapse with rise tau1 and decay tau2, peak normalised to weight.")
IClamp = _make("IClamp", "Current clamp: amp (nA) for del <= t < del + dur.")
IntFire1 = _make("IntFire1", "Leaky integrate-and-fire artificial cell (NEURON's IntFire1).")
IntFire2 = _make("IntFire2", "Integrate-and-fire cell with synaptic current (NEURON's IntFire2).")
IntFire4 = _make("IntFire4", "Integrate-and-fire cell with exc/inh synaptic currents.")


class NetStim(PointProcess):
    """Spike generator (NEURON's NetStim). With noise > 0 intervals are drawn from pnm's own
    counter-based generator (splitmix64 of the stream ids and a draw counter, uniform in (0,1],
    then -log(u)): reproducible per instance and independent of the number of ranks, but not
    NEURON's Random123 numbers. Streams default to (instance index, 0, 0) and restart at
    finitialize; set them with noiseFromRandom123(id1, id2, id3) or seed(x)."""

    _mech_name = "NetStim"

    def __init__(self, loc=None, sec=None):
        super().__init__(loc, sec)
        object.__setattr__(self, "_stream", (self._index, 0, 0))

    def noiseFromRandom123(self, id1, id2=0, id3=0):
        object.__setattr__(self, "_stream", (int(id1), int(id2), int(id3)))
        STATE.changed()

    def seed(self, x):
        object.__setattr__(self, "_stream", (int(x), 0, 0))
        STATE.changed()


class VecStim(PointProcess):
    """Delivers events at the times of a Vector (vecevent.mod's VecStim): vs.play(vec)."""

    _mech_name = "VecStim"

    def __init__(self, loc=None, sec=None):
        super().__init__(loc, sec)
        object.__setattr__(self, "_play", None)

    def play(self, vec=None):
        if vec is None:
            object.__setattr__(self, "_play", None)
        else:
            times = np.asarray(vec, dtype=float)
            if times.ndim != 1 or np.any(np.isnan(times)):
                raise ValueError(f"{self}.play(vec): vec must be a 1-D Vector of times")
            object.__setattr__(self, "_play", vec)
        STATE.changed()
        return self

    def _times(self):
        if self._play is None:
            return np.zeros(0)
        return np.asarray(self._play, dtype=float).copy()


POINT_CLASSES = {cls._mech_name: cls for cls in
                 (ExpSyn, Exp2Syn, IClamp, IntFire1, IntFire2, IntFire4, NetStim, VecStim)}
