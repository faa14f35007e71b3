"""`h` (also `n`): NEURON's top-level namespace, assembled on top of the layers: model classes
under NEURON's names, the simulation globals (t, dt, celsius, v_init, tstop), the standard run
system (runsystem.py), ParallelContext and ParallelNetManager, and a few hoc built-ins."""

import math
import os
import sys

from . import finit, hocfuncs, morphology, runsystem, stdmechs
from .model import mechanisms as mechs
from .model import hocindex, hocunits, secstack, toplevel_mod
from .model import sectionapi, usermethods
from .model.netcon import NetCon
from .model.userpoint import point_class
from .model.refs import TimeRef
from .model.section import Section
from .model.shape import define_shape
from .model.state import STATE
from .model.vector import Vector
from .hoclang.builtins import STRING_REFS, StringFunctions

GLOBALS = ("celsius", "v_init", "tstop")
_MISSING = object()


class HocNameError(AttributeError, LookupError):
    """An unknown hoc name (h.<name>): an AttributeError for Python, and NEURON's LookupError."""


def hoc_global(name):
    """The hoc interpreter's top-level `name` (procs, templates, variables), or _MISSING."""
    from .hoclang import existing
    from .hoclang.runtime import MISSING
    interp = existing()
    if interp is None or name.startswith("__"):
        return _MISSING
    value = interp.lookup_global(name)
    return _MISSING if value is MISSING else value


def _hoc_variable_pointer(name):
    """h._ref_<name> of a hoc top-level number or array of numbers, or None."""
    from .hoclang import existing
    from .hoclang.runtime import top_level_pointer
    interp = existing()
    return None if interp is None else top_level_pointer(interp.top, name)


# hoc's built-in functions that work from Python as h.<name>(...) as in NEURON (sprint writes
# into an h.ref; those reading the calling procedure's arguments do not: numarg, argtype)
PYTHON_CALLABLE_BUILTINS = ("xopen", "load_proc", "load_func", "load_template", "printf",
                            "sprint", "object_id", "ismembrane", "erf", "erfc", "execute",
                            "execute1", "strcmp", "name_declared", "fprint", "wopen")


def hoc_builtin(name):
    """h.xopen, h.printf, h.ismembrane(..., sec=s), h.float_epsilon, h.hoc_ac_: hoc's built-in
    functions and variables, or _MISSING."""
    if name not in PYTHON_CALLABLE_BUILTINS and name not in ("float_epsilon", "hoc_ac_"):
        return _MISSING
    from .hoclang import get_interpreter
    interp = get_interpreter()
    if name in ("float_epsilon", "hoc_ac_"):
        return interp.top[name]
    function = interp.builtins[name]

    if name == "sprint":
        return _sprint_into_ref(function)

    def call(*args, sec=None):
        if sec is None:
            return function(*args)
        with secstack.pushed(sec):
            return function(*args)
    call.__name__ = call.__qualname__ = name
    return call


def _sprint_into_ref(hoc_sprint):
    """h.sprint(h.ref(""), fmt, ...): the formatted text into the ref, as NEURON."""
    def sprint(target, fmt, *args):
        if isinstance(target, ref):
            from .hoclang.builtins import hoc_format
            target[0] = hoc_format(fmt, args)
            return 1.0
        return hoc_sprint(target, fmt, *args)
    sprint.__name__ = sprint.__qualname__ = "sprint"
    return sprint


def _is_h_name(h, name):
    """Whether h.<name> exists (NEURON: any symbol has units, "" unless declared)."""
    try:
        getattr(h, name)
    except (AttributeError, LookupError):
        return False
    return True


class MechanismType:
    """h.hh, h.pas: what sec.insert accepts; NEURON 9's DensityMechanism methods insert(secs)
    and uninsert(secs) (a Section or any iterable of Sections, e.g. a SectionList)."""

    def __init__(self, name):
        self.mech_name = name

    def __repr__(self):
        return f"neuron.DensityMechanism('{self.mech_name}')"

    def _sections(self, secs):
        from .model.section import Section
        return [secs] if isinstance(secs, Section) else list(secs)

    def insert(self, secs):
        for sec in self._sections(secs):
            sec.insert(self.mech_name)

    def uninsert(self, secs):
        for sec in self._sections(secs):
            sec.uninsert(self.mech_name)


class ref:
    """h.ref(x): a mutable number passed where NEURON takes a pointer (spike_statistics)."""

    def __init__(self, value=0.0):
        self.value = value

    def __getitem__(self, i):
        return self.value

    def __setitem__(self, i, value):
        self.value = value

    def __repr__(self):
        return f"ref({self.value!r})"



def _point_type_number(name):
    from .mechtype import point_type_number
    return point_type_number(name)


HOC_CONSTANTS = frozenset(("PI", "E", "GAMMA", "DEG", "PHI", "FARADAY", "R"))


STRING_REFS.append(ref)
StringFunctions.point_type_number = staticmethod(_point_type_number)


class HocNamespace:
    """NEURON's h / n object."""

    # hoc's named constants (src/oc/hoc_init.cpp): variables a program may assign
    PI = math.pi
    E = math.e
    GAMMA = 0.57721566490153286060
    DEG = 57.29577951308232087680
    PHI = 1.61803398874989484820
    FARADAY = 96485.3321233100184
    R = 8.3144626181532395
    Section = Section
    Vector = Vector
    NetCon = NetCon
    ref = ref
    SectionList = sectionapi.SectionList
    SectionRef = sectionapi.SectionRef

    # the standard run system
    finitialize = staticmethod(runsystem.finitialize)
    fadvance = staticmethod(runsystem.fadvance)
    continuerun = staticmethod(runsystem.continuerun)
    setdt = staticmethod(runsystem.setdt)
    init = staticmethod(runsystem.init)
    stdinit = staticmethod(runsystem.stdinit)
    run = staticmethod(runsystem.run)
    advance = staticmethod(runsystem.advance)
    step = staticmethod(runsystem.step)
    steprun = staticmethod(runsystem.steprun)
    set_v_init = staticmethod(runsystem.set_v_init)
    stoppedrun = staticmethod(runsystem.stoppedrun)
    tstop_changed = staticmethod(runsystem.tstop_changed)
    set_ra = staticmethod(runsystem.set_ra)
    cvode_active = staticmethod(runsystem.cvode_active)
    cvode_local = staticmethod(runsystem.cvode_local)
    fcurrent = staticmethod(runsystem.fcurrent)

    def __init__(self):
        object.__setattr__(self, "loaded_files", set())
        for name in mechs.DENSITY:
            object.__setattr__(self, name, MechanismType(name))
        object.__setattr__(self, "distance", sectionapi.Distance())

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
        runsystem.set_dt(value)

    @property
    def _ref_t(self):
        return TimeRef()

    def __call__(self, code):
        """h("hoc statements"): run hoc at top level; as NEURON, the value of an expression
        statement is printed (h("1+1") prints 2)."""
        from .hoclang import get_interpreter
        return get_interpreter().execute(str(code), "<h(...)>", echo=True)

    def __getattr__(self, name):
        found = hoc_global(name)
        if found is not _MISSING:
            return found
        if name in stdmechs.NAMES:              # SEClamp, APCount...: pnm's own .mod files
            stdmechs.ensure_loaded()
        if mechs.is_user_point(name):           # h.MySyn(seg), h.MyCell(): from .mod files
            return point_class(name)
        if name in mechs.USER:                  # h.kv for sec.insert(h.kv)
            return MechanismType(name)
        user_global = mechs.user_global(name)   # h.gmax_kv: a GLOBAL of a .mod mechanism
        if user_global is not None:
            values, index = user_global
            return float(values[index])
        found = toplevel_mod.lookup(name)       # h.f(x), h.a of SUFFIX nothing files
        if found is not None:
            return found
        from .model.functables import lookup      # h.table_tau1_k3st, h.tau1_k3st
        function = lookup(name)
        if function is not None:
            return function
        if name in GLOBALS or name == "secondorder":
            return getattr(STATE, name)
        if name in runsystem.RUN_VARIABLES:
            return getattr(runsystem.RUN, name)
        if name == "ParallelContext":
            from .parallel.context import ParallelContext
            return ParallelContext
        if name == "ParallelNetManager":
            from .manager import ParallelNetManager
            return ParallelNetManager
        if name in ("LoadBalance", "ParallelComputeTool"):     # loadbal.hoc, parcom.hoc
            from .parallel import loadbal
            return getattr(loadbal, name)
        if name in morphology.CLASS_NAMES:      # import3d.hoc: Import3d_SWC_read, Import3d_GUI
            from .morphology.classes import CLASSES
            return CLASSES[name]
        if name in ("Random", "mcell_ran4", "mcell_ran4_init"):     # numba loads on first use
            from .model import random
            return getattr(random, name)
        if name in hocfuncs.NAMES:             # stopsw, nernst, section_exists, system, ...
            return hocfuncs.NAMES[name]
        if name in ("FInitializeHandler", "frecord_init"):
            return getattr(finit, name)
        if name == "MechanismType":
            from .mechtype import MechanismType as mechanism_list
            return mechanism_list
        if name == "SaveState":
            from .model.savestate import SaveState
            return SaveState
        if name == "Impedance":
            from .model.impedance import Impedance
            return Impedance
        if name == "PatternStim":
            from .model.patternstim import PatternStim
            return PatternStim
        if name == "PtrVector":
            from .model.ptrvector import PtrVector
            return PtrVector
        if name in ("Timer", "doEvents", "doNotify"):
            from . import timer
            return {"Timer": timer.Timer, "doEvents": timer.do_events,
                    "doNotify": timer.do_notify}[name]
        from .hoc_gui import hoc_name      # Graph, PlotShape, xpanel..., File, CVode, cvode
        provided = hoc_name(name)
        if provided is not None:
            return provided
        builtin = hoc_builtin(name)        # xopen, load_proc, printf, erf, ismembrane, ...
        if builtin is not _MISSING:
            return builtin
        function = usermethods.h_function(name)    # rates_kd(v), setdata_kd(x) of a .mod
        if function is not None:
            return function
        if name.startswith("_ref_"):               # h._ref_x, h._ref_a[i]: a hoc variable's
            pointer = _hoc_variable_pointer(name[5:])
            if pointer is not None:
                return pointer
        raise AttributeError(f"h.{name}: pnm does not provide {name!r} (NEURON names pnm has: "
                             "Section, Vector, NetCon, ExpSyn, Exp2Syn, IClamp, IntFire1, "
                             "IntFire2, IntFire4, NetStim, VecStim, ParallelContext, "
                             "ParallelNetManager, finitialize, fadvance, continuerun, run, ...)")

    def __setattr__(self, name, value):
        user_global = mechs.user_global(name)   # h.gmax_kv = x: in place, the engine reads it
        if user_global is not None:
            values, index = user_global
            values[index] = float(value)
            return
        if toplevel_mod.assign(name, value):
            return
        if name in GLOBALS:
            value = float(value)
            if math.isnan(value):
                raise ValueError(f"h.{name} = nan: must be a number")
            setattr(STATE, name, value)
            return
        if name in HOC_CONSTANTS:      # h.FARADAY = 96520 (old programs use the old values)
            object.__setattr__(self, name, float(value))
            return
        if name == "secondorder":      # an int in NEURON: 0, 1 or 2 (Crank-Nicolson)
            STATE.secondorder = int(value)
            return
        if name in runsystem.RUN_VARIABLES:
            setattr(runsystem.RUN, name, value)
            return
        from .hoclang import existing
        if existing() is not None and existing().assign_global(name, value):
            return
        if isinstance(getattr(type(self), name, None), property):
            object.__setattr__(self, name, value)     # properties (t, dt) run their setters
            return
        raise HocNameError(f"h.{name} = {value!r}: {name!r} is not a defined hoc variable "
                           "name (NEURON's LookupError); declare it in hoc first, e.g. "
                           f"h('{name} = 0'), or keep it in a Python variable")

    # ---- standard library -----------------------------------------------------------------
    def nrn_load_dll(self, path):
        """Load mechanisms `python -m pnm nrnivmodl` translated: path is the directory it ran
        in, its pnm_mechanisms/, or a file inside either (NEURON's libnrnmech.so path)."""
        directory = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        mechs.load_mechanisms(directory)
        return 1.0

    def load_file(self, *args):
        name = args[-1] if args else ""
        base = os.path.basename(str(name))
        if base in hocindex.STANDARD_FILES and base != "import3d.hoc":   # (that one: hoc nil)
            self.loaded_files.add(base)
            hocindex.standard_file_loaded(base)
            return 1.0
        from .hoclang import get_interpreter      # user files: pnm's hoc interpreter
        return get_interpreter().load_file(*args)

    def nrnmpi_init(self):
        """Start MPI; the first call prints NEURON's `numprocs=N` on rank 0."""
        from .parallel import mpi
        world = mpi.world()
        if not STATE.mpi_announced:
            STATE.mpi_announced = True
            if world.rank == 0:
                print(f"numprocs={world.size}", flush=True)
        return 0.0

    # ---- sections: the section stack and section functions ---------------------------------
    def delete_section(self, sec=None):
        sectionapi.section_arg(sec, "delete_section").delete()
        return 1.0

    def push_section(self, sec):
        if isinstance(sec, (int, float)):      # this_section() / parent_section()
            sec = hocfuncs.section_of_handle(sec)
        elif sec is not None and not isinstance(sec, Section):
            sec = sectionapi.section_by_name(str(sec), "push_section")   # a name (or strdef)
        secstack.level_push(sectionapi.section_arg(sec, "push_section"))
        return 1.0

    def pop_section(self):
        secstack.level_pop()
        return 1.0

    def cas(self):
        return secstack.cas()

    def secname(self, sec=None):
        return sectionapi.python_secname(sectionapi.section_arg(sec, "secname"))

    def ion_style(self, name, *style, sec=None):
        """h.ion_style("ca_ion", c_style, e_style, einit, eadvance, cinit): NEURON's ion style
        for the currently accessed section (or sec); returns the previous style (-1: the
        section has no such ion)."""
        return mechs.ion_style(sectionapi.section_arg(sec, "ion_style"), str(name), *style)

    def setpointer(self, ref, name, obj):
        """h.setpointer(sec(x)._ref_v, "vgap", syn): POINTER vgap of syn (a point process
        or a density mechanism at a segment, sec(x).mech) points at the variable ref."""
        from .model.pointers import setpointer
        setpointer(ref, name, obj)
        return 1.0

    def psection(self, sec=None):
        """hoc's psection(): prints the section in hoc syntax and returns 1, as NEURON's
        h.psection (sec.psection() is the dict)."""
        import sys
        from .model.hocpsection import psection_text
        sys.stdout.write(psection_text(sectionapi.section_arg(sec, "psection")))
        return 1.0

    def units(self, name, units=None):
        """h.units("name") -> its units ("" if it has none); h.units("name", "units") sets
        them; h.units(1 or 0) -> "on" / "off". Point process fields as "ExpSyn.i"."""
        if isinstance(name, (int, float)) and not isinstance(name, bool) or name is True:
            return "on" if name else "off"
        if not isinstance(name, str):
            raise TypeError(f"h.units({name!r}): give the name as a string, e.g. "
                            "h.units('gnabar_hh') or h.units('ExpSyn.i') (as NEURON from Python)")
        found = hocunits.lookup(name)
        if found is None and "." not in name and _is_h_name(self, name):
            found = ""
        if found is None:
            raise RuntimeError(f"h.units({name!r}): cannot find the symbol for {name!r} "
                               "(NEURON's error too); point process fields are named "
                               "'ExpSyn.i', range variables 'gnabar_hh'")
        return hocunits.assign(name, units) if units is not None else found

    def lambda_f(self, freq, sec=None):
        from .hoclang.sections import lambda_f
        with secstack.pushed(sectionapi.section_arg(sec, "lambda_f")):
            return lambda_f(freq)

    def n3d(self, sec=None):
        return float(sectionapi.section_arg(sec, "n3d").n3d())

    def x3d(self, i, sec=None):
        return sectionapi.section_arg(sec, "x3d").x3d(i)

    def y3d(self, i, sec=None):
        return sectionapi.section_arg(sec, "y3d").y3d(i)

    def z3d(self, i, sec=None):
        return sectionapi.section_arg(sec, "z3d").z3d(i)

    def diam3d(self, i, sec=None):
        return sectionapi.section_arg(sec, "diam3d").diam3d(i)

    def arc3d(self, i, sec=None):
        return sectionapi.section_arg(sec, "arc3d").arc3d(i)

    def pt3dadd(self, x, y, z, d, sec=None):
        sectionapi.section_arg(sec, "pt3dadd").pt3dadd(x, y, z, d)
        return 1.0

    def pt3dchange(self, i, *args, sec=None):
        sectionapi.section_arg(sec, "pt3dchange").pt3dchange(i, *args)
        return 0.0

    def pt3dclear(self, *args, sec=None):
        sectionapi.section_arg(sec, "pt3dclear").pt3dclear(*args)
        return float(args[0]) if args else 0.0      # NEURON returns the size it reserved

    def startsw(self):
        return hocfuncs.startsw()

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
        return 1.0

    def allsec(self):
        return list(STATE.live_sections())

    def topology(self):
        print("\n".join(sectionapi.topology_lines()))
        return 1.0

    def area(self, x, sec=None):
        return sectionapi.section_arg(sec, "area")(x).area()

    def ri(self, x, sec=None):
        return sectionapi.section_arg(sec, "ri")(x).ri()


h = HocNamespace()
