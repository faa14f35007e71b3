"""NEURON's built-in membrane mechanisms and point processes, written as .mod files of pnm's
own (pnm/mod/, the equations of NEURON's): hh, pas, IClamp, AlphaSynapse, ExpSyn, Exp2Syn,
SEClamp, VClamp, OClamp, APCount, NetStim, IntFire1, IntFire2, IntFire4 and VecStim (which
NEURON ships as vecevent.mod, a file users compile; here the last built-in). They take the road
users' mechanisms take: at `import pnm` they are translated by pnm.nmodl into the user cache (once per machine and pnm version) and
loaded into the catalogue, in NEURON's type order (which is the order mechanisms compute
currents and states in), before any user mechanism. The engine knows nothing about them.
APCount.record(vec), NetStim's noiseFromRandom/noiseFromRandom123 and VecStim.play(vec) are
the methods they add (below)."""

import glob
import os
import weakref
import tempfile

from .model import mechanisms as mechs
from .model.nmodlrandom import noise_from_random, noise_from_random123
from .model.state import STATE
from .model.userpoint import EXTRAS

# NEURON's mechanism types 4..21 (pas 4, IClamp 7, ..., APCount 14, hh 17, NetStim 18,
# IntFire4 21; its ions are 15, 16), then VecStim, a .mod file users compile in NEURON
NAMES = ("pas", "IClamp", "AlphaSynapse", "ExpSyn", "Exp2Syn", "SEClamp", "VClamp", "OClamp",
         "APCount", "hh", "NetStim", "IntFire1", "IntFire2", "IntFire4", "VecStim")
MOD_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mod")


def cache_dir():
    """Where the translations live (pnm.nmodl.compile.translation_store)."""
    from .nmodl.compile import translation_store
    return translation_store()


def _translated(directory):
    """The translations of pnm/mod/*.mod in directory, translating those missing; None if the
    folder cannot be written. Exactly these load: other files in the folder (another pnm's
    translations, sharing the cache) are not pnm's current built-ins."""
    from .nmodl.compile import cache_key, translate
    files = []
    try:
        os.makedirs(directory, exist_ok=True)
        for path in sorted(glob.glob(os.path.join(MOD_DIR, "*.mod"))):
            with open(path) as f:
                key = cache_key(f.read(), path)
            name = os.path.basename(path)[:-4]
            file = os.path.join(directory, f"{name}_{key}.py")
            if not os.path.exists(file):
                translate([path], directory, builtin=True)
            files.append(file)
        return files
    except OSError:
        return None


LOADED_FROM = []      # the folder the built-ins were loaded from (once loaded)


def is_builtin_translation(path):
    """Whether path is pnm's own generated code for a built-in (its translation or its hook
    module): pnm's, not the user's model. The folder is shared with users' translations, which
    are theirs; a user's mechanism cannot take a built-in's name."""
    if not LOADED_FROM:
        return False
    folder, name = os.path.split(os.path.abspath(path))
    store = os.path.abspath(LOADED_FROM[0])
    if folder == store:
        return any(name.startswith(f"{n}_") for n in NAMES)
    if folder == os.path.join(store, "__pnm_hooks__"):
        return any(name.startswith(f"hooks_{n}_") for n in NAMES)
    return False


def ensure_loaded():
    """Load the built-in mechanisms (translating them first if needed). Idempotent."""
    if all(name in mechs.USER for name in NAMES):
        return
    directory = cache_dir()
    files = _translated(directory)
    if files is None:
        directory = os.path.join(tempfile.gettempdir(), f"pnm-mechanisms-{os.getuid()}",
                                 os.path.basename(directory))
        files = _translated(directory)
        if files is None:
            raise RuntimeError(f"pnm cannot write its mechanism translations ({NAMES}) to "
                               f"{cache_dir()} or {directory}; set PNM_MECH_CACHE to a "
                               "writable folder")
    mechs.load_files(files, order=NAMES)
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
    old = getattr(self, "_crossing_recorder", None)
    if old is not None:
        old.stopped = True
    recorder = CrossingTimes(self, vec) if vec is not None else None
    self._crossing_recorder = recorder          # alive as long as the APCount
    if recorder is not None:
        STATE.register_record(recorder)
    eng = STATE.engine
    if eng is not None:
        eng.records_changed()
    return 1.0          # a mod file PROCEDURE called from hoc returns 1


EXTRAS["APCount"] = {"record": apcount_record, "__slots__": ("_crossing_recorder",)}
# NetStim's procedures whose NEURON bodies are C (VERBATIM): Python methods on its ranvar
EXTRAS["NetStim"] = {"noiseFromRandom": noise_from_random,
                     "noiseFromRandom123": noise_from_random123,
                     "EXTRA_NAMES": ("erand", "init_sequence", "invl", "next_invl",
                                     "noiseFromRandom", "noiseFromRandom123", "ranvar", "seed")}


def vecstim_play(self, vec=None):
    """vs.play(vec): from the next finitialize on, events at vec's times (vecevent.mod's play:
    the VecStim holds vec, so vec changed later is what the next finitialize reads);
    vs.play(): no events."""
    from .model.vector import Vector
    if vec is not None and not isinstance(vec, Vector):
        raise TypeError(f"{self.hname()}.play({vec!r}): give an h.Vector of event times, or "
                        "no argument to stop")
    self.bind_vector("ptr", vec)
    return 1.0          # a mod file PROCEDURE called from hoc returns 1


def vecstim_send_error(self, t):
    """What the engine says when this VecStim's net_send went back in time (NEURON aborts
    there with 'net_send td-t = ... SelfEvent target=VecStim[0]')."""
    times = self.bound_values("ptr")
    i = int(self.index) - 1
    if not 0 <= i < len(times):
        return None
    prev = f"its event at t = {float(times[i - 1])!r}" if i > 0 else "finitialize (t = 0)"
    return (f"{self.hname()}: element {i} of the Vector it plays is {float(times[i])!r}, earlier "
            f"than {prev}; VecStim needs times >= 0 in non-decreasing order (NEURON aborts here "
            "with 'net_send td-t < 0'). Sort the Vector (vec.sort()) and drop negative times "
            "before vs.play(vec), then call h.finitialize() again")


EXTRAS["VecStim"] = {"play": vecstim_play, "net_send_error": vecstim_send_error,
                     "EXTRA_NAMES": ("element", "play")}     # dir(vs), as NEURON lists
