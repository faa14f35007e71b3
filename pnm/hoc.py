"""`h` (also `n`): NEURON's top-level namespace with pnm objects behind NEURON's names, and
the standard run system (finitialize, fadvance, continuerun, run, stdinit)."""

import gc
import math
import os
import sys
import time

from .model import mechanisms as mechs
from .model.netcon import NetCon
from .model.pointprocess import POINT_CLASSES
from .model.refs import TimeRef
from .model.section import Section
from .model.shape import define_shape
from .model.state import STATE
from .model.vector import Vector

_MISSING = object()


def interp_missing():
    from .hoclang.runtime import MISSING
    return MISSING


_STANDARD_FILES = {"stdrun.hoc", "nrngui.hoc", "stdlib.hoc", "netparmpi.hoc", "stdgui.hoc",
                   "noload.hoc"}


class MechanismType:
    """h.hh, h.pas: what sec.insert accepts."""

    def __init__(self, name):
        self._mech_name = name

    def __repr__(self):
        return self._mech_name


class ref:
    """h.ref(x): a mutable number passed where NEURON takes a pointer (spike_statistics)."""

    def __init__(self, value=0.0):
        self._value = value

    def __getitem__(self, i):
        return self._value

    def __setitem__(self, i, value):
        self._value = value

    def __repr__(self):
        return f"ref({self._value!r})"


def _engine_for_run(what):
    from .engine.engine import Engine  # noqa: F401
    eng = STATE.engine
    if eng is None:
        raise RuntimeError(f"h.{what}(): call h.finitialize() (or h.stdinit()) first")
    if eng.structure_version != STATE.structure_version:
        raise RuntimeError(
            f"h.{what}(): the model changed after h.finitialize() (a section, mechanism, point "
            "process, NetCon or recording was added or removed); call h.finitialize() again")
    return eng


class HocNamespace:
    """NEURON's h / n object."""

    PI = math.pi
    E = math.e
    FARADAY = 96485.3321233100184
    R = 8.3144626181532395
    Section = Section
    Vector = Vector
    NetCon = NetCon
    ref = ref

    def __init__(self):
        object.__setattr__(self, "steps_per_ms", 40.0)
        object.__setattr__(self, "nstep_steprun", 1)
        object.__setattr__(self, "stoprun", 0)
        object.__setattr__(self, "realtime", 0.0)
        object.__setattr__(self, "_loaded", set())
        for name, cls in POINT_CLASSES.items():
            object.__setattr__(self, name, cls)
        for name in mechs.DENSITY:
            object.__setattr__(self, name, MechanismType(name))

    # ---- globals bound to the simulation state ------------------------------------------
    @property
    def t(self):
        eng = STATE.engine
        return eng.t if eng is not None else STATE.t

    @t.setter
    def t(self, value):
        STATE.t = float(value)
        if STATE.engine is not None:
            STATE.engine.t = float(value)

    @property
    def dt(self):
        return STATE.dt

    @dt.setter
    def dt(self, value):
        value = float(value)
        if not value > 0 or math.isnan(value):
            raise ValueError(f"h.dt = {value}: the time step must be positive")
        STATE.dt = value
        if STATE.engine is not None:
            STATE.engine.set_dt(value)

    @property
    def _ref_t(self):
        return TimeRef()

    # ---- hoc interpreter wiring (pnm.hoclang) -------------------------------------------
    def __call__(self, code):
        """h("hoc statements"): run hoc at top level (no echo of values, as NEURON)."""
        from .hoclang import get_interpreter
        return get_interpreter().execute(str(code), "<h(...)>", echo=False)

    def _hoc_global(self, name):
        from .hoclang import existing
        interp = existing()
        if interp is None or name.startswith("__"):
            return _MISSING
        value = interp.lookup_global(name)
        return _MISSING if value is interp_missing() else value

    # ---- end hoc interpreter wiring ---------------------------------------------------------
    def __getattr__(self, name):
        found = self._hoc_global(name)          # hoc interpreter wiring
        if found is not _MISSING:
            return found
        if name in ("celsius", "v_init", "tstop", "secondorder"):
            return getattr(STATE, name)
        if name == "ParallelContext":
            from .parallel.context import ParallelContext
            return ParallelContext
        if name == "ParallelNetManager":
            from .manager import ParallelNetManager
            return ParallelNetManager
        raise AttributeError(f"h.{name}: pnm does not provide {name!r} (NEURON names pnm has: "
                             "Section, Vector, NetCon, ExpSyn, Exp2Syn, IClamp, IntFire1, "
                             "IntFire2, IntFire4, NetStim, VecStim, ParallelContext, "
                             "ParallelNetManager, finitialize, fadvance, continuerun, run, ...)")

    def __setattr__(self, name, value):
        if name in ("celsius", "v_init", "tstop"):
            value = float(value)
            if math.isnan(value):
                raise ValueError(f"h.{name} = nan: must be a number")
            setattr(STATE, name, value)
            return
        if name == "secondorder":
            if int(value) != 0:
                raise NotImplementedError("h.secondorder: pnm implements NEURON's default "
                                          "backward Euler (secondorder = 0) only")
            return
        from .hoclang import existing           # hoc interpreter wiring
        if existing() is not None and existing().assign_global(name, value):
            return
        object.__setattr__(self, name, value)     # properties (t, dt) run their setters

    # ---- standard library -----------------------------------------------------------------
    def load_file(self, *args):
        name = args[-1] if args else ""
        base = os.path.basename(str(name))
        if base in _STANDARD_FILES:
            self._loaded.add(base)
            return 1.0
        from .hoclang import get_interpreter      # hoc interpreter wiring: user files
        return get_interpreter().load_file(*args)

    def nrnmpi_init(self):
        from .parallel import mpi
        mpi.world()
        return 0.0

    def startsw(self):
        return time.perf_counter()

    def cos(self, x):
        return math.cos(x)

    def sin(self, x):
        return math.sin(x)

    def exp(self, x):
        return math.exp(x)

    def sqrt(self, x):
        return math.sqrt(x)

    def log(self, x):
        return math.log(x)

    def atan2(self, y, x):
        return math.atan2(y, x)

    def fabs(self, x):
        return abs(x)

    def quit(self, *args):
        sys.stdout.flush()
        sys.exit(0)

    def define_shape(self):
        define_shape()

    def allsec(self):
        return list(STATE.live_sections())

    def topology(self):
        for sec in STATE.live_sections():
            parent = "" if sec._parent is None else f" connected to {sec._parent}({sec._parentx:g})"
            print(f"|{'-' * sec.nseg}| {sec}({sec._childx:g}-1){parent}")
        print()
        return 1.0

    def area(self, x, sec=None):
        return sec(x).area()

    # ---- run control ----------------------------------------------------------------------
    def finitialize(self, v=None):
        from .engine.engine import Engine
        eng = STATE.engine
        if eng is None or eng.structure_version != STATE.structure_version:
            if eng is not None:
                eng.sync_all()
                eng.release()
                STATE.engine = eng = None
                # cells are often cycles (cell.soma <-> soma.cell): collect the ones nobody
                # references so that they leave the simulation, as in NEURON
                gc.collect()
            from .parallel import registry
            eng = Engine(extra_presyns=registry.extra_presyns())
            STATE.engine = eng
        setv = v is not None
        vinit = float(v) if setv else 0.0
        if setv and math.isnan(vinit):
            raise ValueError("h.finitialize(nan): the initial voltage must be a number")
        from .parallel import registry
        spikes = eng.finitialize(vinit, setv, canonical=registry.canonical_order())
        STATE.t = 0.0
        registry.after_init(eng, spikes)
        return 1.0

    def fadvance(self):
        eng = _engine_for_run("fadvance")
        spikes = eng.advance(float("inf"), max_steps=1)
        self._after_steps(eng, spikes)
        return 0.0

    def _after_steps(self, eng, spikes):
        STATE.t = eng.t
        from .parallel import registry
        registry.after_steps(eng, spikes)

    def continuerun(self, tstop):
        eng = _engine_for_run("continuerun")
        ts = float(tstop) - STATE.dt / 2
        self.stoprun = 0
        t0 = time.perf_counter()
        if self.nstep_steprun == 1:
            self._after_steps(eng, eng.advance(ts))
        else:
            while eng.t < ts:
                self._after_steps(eng, eng.advance(float("inf"), max_steps=self.nstep_steprun))
        self.realtime = time.perf_counter() - t0
        return 0.0

    def setdt(self):
        Dt = 1.0 / self.steps_per_ms
        n = int(Dt / STATE.dt)
        if n == 0:
            n = 1
        self.nstep_steprun = n
        if abs(STATE.dt * n * self.steps_per_ms - 1) > 1e-6:
            print("Changed dt")
            self.dt = Dt / n

    def init(self):
        self.finitialize(STATE.v_init)

    def stdinit(self):
        self.setdt()
        self.init()
        return 0.0

    def run(self, tstop=None):
        if tstop is not None:
            STATE.tstop = float(tstop)
        self.stdinit()
        self.continuerun(STATE.tstop)
        return 0.0


h = HocNamespace()
