"""h.CVode() / h.cvode: active(1) switches to NEURON's global variable time step (pnm/cvode/,
read through `settings()`), active(0) back to its fixed-step backward Euler; the tolerances and integrator settings scripts set are
kept (shared by every CVode object, as in NEURON); record() records like Vector.record; what
needs the variable-step integrator or engine support pnm lacks raises an error naming it."""

import itertools
import sys
import weakref

from .refs import Ref, TimeRef, check_in_section_data
from .state import STATE

_INDEX = itertools.count()
_TIME_VECTORS = weakref.WeakSet()

# one set of settings for the process, as NEURON's (one NetCvode behind every CVode object)
_DEFAULTS = {"active": False, "atol": 1e-3, "rtol": 0.0, "cache_efficient": True,
             "maxstep": 1e9, "minstep": 0.0, "maxorder": 5, "stiff": 2, "condition_order": 1,
             "queue_mode": 0, "use_long_double": False, "jacobian": 0,
             "dae_init_dteps": 1e-9, "fast_imem": False}
_SETTINGS = dict(_DEFAULTS)


def reset_settings():
    """NEURON's start-up settings (pnm.reset)."""
    _SETTINGS.clear()
    _SETTINGS.update(_DEFAULTS)


def settings():
    """The process's CVode settings (active, atol, rtol, maxorder, ...): the run system reads
    them at finitialize and fadvance."""
    return _SETTINGS


def variable_step_active() -> bool:
    """Whether the variable step is on (h.cvode.active())."""
    return bool(settings()["active"])


def _variable_step_error(call):
    return NotImplementedError(
        f"{call}: pnm does not provide variable time step integration (CVODE/IDA); it runs "
        "NEURON's fixed-step method (cvode.active(0)). Remove the call or set a fixed h.dt")


_SELF_QUEUE = (
    "pnm: cvode.queue_mode(0, 1): pnm keeps artificial cells' self events (net_send flag 1) in "
    "its one event queue. NEURON's separate self-event queue delivers them later (at the "
    "cell's next input, another of its self events, or the next spike exchange interval), "
    "which orders equal-time events differently and records spikes out of time order; spike "
    "times agree where no tie decides them. For an exact comparison run NEURON with "
    "cvode.queue_mode(0, 0).\n")
_SAID = set()


def self_queue_on():
    """Whether cvode.queue_mode(0, 1) asked for NEURON's self-event queue."""
    return bool(_SETTINGS["queue_mode"] & 2)


def turn_off_self_queue():
    """NEURON's set_mindelay turns the self queue off when some NetCon has delay 0."""
    _SETTINGS["queue_mode"] &= ~2


def self_queue_notice():
    """pnm's notice (once per process, stderr) that the self queue is not emulated."""
    _say_once(_SELF_QUEUE)


def _say_once(text):
    """A notice on stderr, once per process."""
    if text not in _SAID:
        _SAID.add(text)
        sys.stderr.write(text)
        sys.stderr.flush()


class CVode:
    """h.CVode(): NEURON's integrator control object."""

    def __init__(self, *ignored):
        # NEURON's constructor ignores its arguments (cvodeobj.cpp cons): new CVode(0) is the
        # one integrator as it is, not switched off (ModelDB 64229's bulb.hoc)
        self._hoc_index = next(_INDEX)

    def hname(self):
        return f"CVode[{self._hoc_index}]"

    __repr__ = hname

    # ---- the integration method ---------------------------------------------------------
    def active(self, on=None):
        """NEURON's global variable time step (pnm/cvode/): on from the next finitialize or
        fadvance; what it does not cover yet is refused there, naming it."""
        if on is not None:
            _SETTINGS["active"] = int(on) != 0
        return _SETTINGS["active"]

    def use_local_dt(self, on=None):
        if on is not None and int(on) != 0:
            raise _variable_step_error(f"{self.hname()}.use_local_dt({on})")
        return False

    def use_daspk(self, on=None):
        if on is not None and int(on) != 0:
            raise _variable_step_error(f"{self.hname()}.use_daspk({on})")
        return False

    def current_method(self):
        """NEURON's code: 0 for the fixed-step method, 1 for the global variable step
        (without local dt or daspk)."""
        return 1 if _SETTINGS["active"] else 0

    def order(self):
        return 0

    def re_init(self):
        """Nothing to re-initialise for the fixed-step method."""
        return 0.0

    # ---- settings kept for scripts (they do not change a fixed-step run) -------------------
    def _setting(self, name, value, convert):
        if value is not None:
            _SETTINGS[name] = convert(value)
        return _SETTINGS[name]

    def atol(self, value=None):
        if value is not None and float(value) <= 0:
            raise ValueError(f"{self.hname()}.atol({value}): the tolerance must be positive")
        return self._setting("atol", value, float)

    def rtol(self, value=None):
        return self._setting("rtol", value, float)

    def cache_efficient(self, on=None):
        return self._setting("cache_efficient", on, lambda v: bool(int(v)))

    def maxstep(self, value=None):
        return self._setting("maxstep", value, float)

    def minstep(self, value=None):
        return self._setting("minstep", value, float)

    def maxorder(self, value=None):
        return self._setting("maxorder", value, int)

    def stiff(self, value=None):
        return self._setting("stiff", value, int)

    def condition_order(self, value=None):
        return self._setting("condition_order", value, int)

    def queue_mode(self, bin_queue=None, self_queue=None):
        """cvode.queue_mode([use_bin_queue[, use_self_queue]]): NEURON's event queue options;
        returns use_bin_queue + 2 * use_self_queue. pnm has one exact-time queue: the bin
        queue (events delivered on dt boundaries: other spike times) is refused; the self
        queue is accepted, and pc.set_maxstep treats it as NEURON does (turned off when a
        NetCon has delay 0, else a notice of what it changes in NEURON: _SELF_QUEUE)."""
        bits = []
        for k, value in enumerate((bin_queue, self_queue)):
            if value is None:
                bits.append(None)
                continue
            if float(value) not in (0.0, 1.0):
                raise ValueError(f"{self.hname()}.queue_mode(...): argument {k + 1} is "
                                 f"{float(value):g}; it must be 0 or 1")
            bits.append(int(value))
        mode = _SETTINGS["queue_mode"]
        use_bin, use_self = mode & 1, mode >> 1
        if bits[0] == 1:
            raise NotImplementedError(
                f"{self.hname()}.queue_mode(1{', ...' if bits[1] is not None else ''}): pnm "
                "does not provide NEURON's fixed-step bin queue, which delivers events at dt "
                "boundaries instead of their exact times (other spike times). Remove the call, "
                "or use queue_mode(0[, 1]); compare with NEURON run the same way")
        if bits[0] is not None:
            use_bin = bits[0]
        if bits[1] is not None:
            use_self = bits[1]
        _SETTINGS["queue_mode"] = use_bin + 2 * use_self
        return _SETTINGS["queue_mode"]

    def use_long_double(self, on=None):
        return self._setting("use_long_double", on, lambda v: bool(int(v)))

    def jacobian(self, value=None):
        return self._setting("jacobian", value, int)

    def dae_init_dteps(self, value=None, *args):
        return self._setting("dae_init_dteps", value, float)

    def structure_change_count(self):
        return STATE.structure_version

    def free_event_queues(self):
        return 0.0

    def poolshrink(self, *args):
        return 0.0

    # ---- engine features ----------------------------------------------------------------
    def use_fast_imem(self, on=None):
        """NEURON's use_fast_imem: with 1, every node's i_membrane_ (nA) is computed at
        finitialize and after every step (pnm/engine/fastimem.py); returns the setting as
        it was. A change takes effect at the next h.finitialize() (it recompiles)."""
        was = _SETTINGS["fast_imem"]
        if on is not None:
            value = float(on)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{self.hname()}.use_fast_imem({on}): the argument must be "
                                 "0 or 1 (NEURON: Arg out of range in user function)")
            _SETTINGS["fast_imem"] = value != 0.0
            if _SETTINGS["fast_imem"] != was:
                STATE.changed()
        return was

    def record(self, ref, yvec, tvec, at_tvec_times=0):
        """Record ref into yvec and t into tvec at every step (fixed step: as
        yvec.record(ref) with tvec.record(h._ref_t))."""
        if int(at_tvec_times) != 0:
            raise NotImplementedError(
                f"{self.hname()}.record(ref, yvec, tvec, 1): recording at given times needs "
                "the variable-step integrator; record every step and interpolate "
                "(yvec.interpolate)")
        if not isinstance(ref, Ref):
            raise TypeError(f"{self.hname()}.record({ref!r}, ...): give a reference such as "
                            "soma(0.5)._ref_v (a number was given, or an object)")
        check_in_section_data(ref, f"{self.hname()}.record")
        if yvec is tvec:
            raise ValueError(f"{self.hname()}.record: yvec and tvec must be different Vectors")
        yvec.record(ref)
        if tvec not in _TIME_VECTORS:       # one t recording per tvec
            tvec.record(TimeRef())
            _TIME_VECTORS.add(tvec)
        return 0.0

    def record_remove(self, *args):
        raise NotImplementedError(f"{self.hname()}.record_remove(): not provided; drop every "
                                  "reference to the recording Vector to stop its recording")


def _not_provided(name):
    def method(self, *args, **kwargs):
        raise NotImplementedError(f"{self.hname()}.{name}(...): not provided by pnm (it needs "
                                  "the variable-step integrator or NEURON's event queue "
                                  "internals)")
    method.__name__ = name
    return method


for _name in ("solve", "statistics", "extra_scatter_gather", "states", "dstates",
              "error_weights", "acor", "f", "fixed_step", "netconlist", "debug_event",
              "spike_stat", "store_events", "print_event_queue", "state_magnitudes",
              "simgraph_remove", "use_mxb"):
    setattr(CVode, _name, _not_provided(_name))
del _name
