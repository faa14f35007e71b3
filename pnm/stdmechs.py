"""NEURON's built-in membrane mechanisms and point processes, written as .mod files of pnm's
own (pnm/mod/, the equations of NEURON's): hh, pas, IClamp, AlphaSynapse, ExpSyn, Exp2Syn,
SEClamp, VClamp, OClamp, APCount. They take the road users' mechanisms take: at `import pnm`
they are translated by pnm.nmodl into the user cache (once per machine and pnm version) and
loaded into the catalogue, in NEURON's type order (which is the order mechanisms compute
currents and states in), before any user mechanism. The engine knows nothing about them.
APCount.record(vec) is the one method they add (below)."""

import glob
import os
import weakref
import tempfile

from .model import mechanisms as mechs
from .model.state import STATE
from .model.userpoint import EXTRAS

# NEURON's mechanism types 4..17 (pas 4, IClamp 7, ..., APCount 14, hh 17; its ions are 15, 16)
NAMES = ("pas", "IClamp", "AlphaSynapse", "ExpSyn", "Exp2Syn", "SEClamp", "VClamp", "OClamp",
         "APCount", "hh")
MOD_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mod")


def cache_dir():
    """Where the translations live: $PNM_MECH_CACHE, else $XDG_CACHE_HOME/pnm (~/.cache/pnm),
    in a folder per translator version."""
    from .nmodl.compile import PNM_NMODL_VERSION
    root = os.environ.get("PNM_MECH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "pnm", "mechanisms")
    return os.path.join(root, PNM_NMODL_VERSION.replace("+", "_"))


def _translated(directory):
    """Translate the .mod files whose current translation is missing; False if the folder
    cannot be written."""
    from .nmodl.compile import cache_key, translate
    try:
        os.makedirs(directory, exist_ok=True)
        for path in sorted(glob.glob(os.path.join(MOD_DIR, "*.mod"))):
            with open(path) as f:
                key = cache_key(f.read())
            name = os.path.basename(path)[:-4]
            if not os.path.exists(os.path.join(directory, f"{name}_{key}.py")):
                translate([path], directory, builtin=True)
        return True
    except OSError:
        return False


LOADED_FROM = []      # the folder the built-ins were loaded from (once loaded)


def loaded_dir():
    return LOADED_FROM[0] if LOADED_FROM else None


def ensure_loaded():
    """Load the built-in mechanisms (translating them first if needed). Idempotent."""
    if all(name in mechs.USER for name in NAMES):
        return
    directory = cache_dir()
    if not _translated(directory):
        directory = os.path.join(tempfile.gettempdir(), f"pnm-mechanisms-{os.getuid()}",
                                 os.path.basename(directory))
        if not _translated(directory):
            raise RuntimeError(f"pnm cannot write its mechanism translations ({NAMES}) to "
                               f"{cache_dir()} or {directory}; set PNM_MECH_CACHE to a "
                               "writable folder")
    mechs.load_mechanisms(directory, order=NAMES)
    LOADED_FROM[:] = [directory]


class CrossingTimes:
    """What APCount.record(vec) records: the APCount's `crossing` field each step (the time
    of a crossing in the step that had one, -1 otherwise), keeping only crossings, into vec.
    The engine treats it as a recording Vector: resize(0) at finitialize, then
    append_array(samples), as in NEURON, where INITIAL empties the Vector."""

    def __init__(self, apc, vec):
        self.vec = vec
        self.record_source = apc._ref_crossing
        self.apcount = weakref.ref(apc)
        self.stopped = False

    @property
    def recorded_ref(self):
        """None once stopped, or when the APCount is gone or has no location (its section
        was deleted: it is no longer part of the simulation)."""
        ref, apc = self.record_source, self.apcount()
        if self.stopped or not ref.alive or apc is None or apc.get_segment() is None:
            return None
        return ref

    def resize(self, n):
        if n == 0:
            self.vec.resize(0)

    def append_array(self, values):
        crossed = values[values >= 0]
        if len(crossed):
            self.vec.append_array(crossed)


def apcount_record(self, vec=None):
    """apc.record(vec): from the next finitialize on, vec holds the time of every counted
    crossing; apc.record() stops recording."""
    from .model.vector import Vector
    if vec is not None and not isinstance(vec, Vector):
        raise TypeError(f"{self.hname()}.record({vec!r}): give an h.Vector")
    old = self.__dict__.get("_crossing_recorder")
    if old is not None:
        old.stopped = True
    recorder = CrossingTimes(self, vec) if vec is not None else None
    object.__setattr__(self, "_crossing_recorder", recorder)   # alive as long as the APCount
    if recorder is not None:
        STATE.register_record(recorder)
    eng = STATE.engine
    if eng is not None:
        eng.records_changed()
    return 1.0          # a mod file PROCEDURE called from hoc returns 1


EXTRAS["APCount"] = {"record": apcount_record}
