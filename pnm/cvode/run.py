"""The run system's side of the variable step: which integrator belongs to the compiled
engine, and finitialize / fadvance through it (runsystem.py calls these when
h.cvode.active() is true)."""

from ..model import cvode as cvode_settings
from .driver import GlobalCvode

_CURRENT = [None]      # the GlobalCvode of the present engine


def active():
    return cvode_settings.variable_step_active()


def release():
    """Back to the fixed step: the mechanisms' at_time calls take their fixed-step meaning."""
    if _CURRENT[0] is not None:
        _CURRENT[0].release()
        _CURRENT[0] = None


def finitialize(eng):
    """NetCvode::re_init(0) after the engine's finitialize."""
    release()
    _CURRENT[0] = GlobalCvode(eng, cvode_settings.settings())
    _CURRENT[0].finitialize()


def _integrator(eng):
    cv = _CURRENT[0]
    if cv is None or cv.eng is not eng:
        release()
        cv = _CURRENT[0] = GlobalCvode(eng, cvode_settings.settings())
        cv.init(eng.t)
    return cv


def add_event(eng, te, action):
    """CVode.event under the variable step: a HocEvent in the integrator's queue."""
    _integrator(eng).add_event(te, action)


def fadvance(eng, should_stop):
    """One variable step (NetCvode::solve(-1)). An integrator made for another engine (the
    model changed) or none yet (active(1) after finitialize): re-initialised at the present t,
    as NEURON's re_init. Returns (NEURON's dt afterwards: the last step size, 1e-8 after a
    re-initialisation; the spikes produced, as engine.advance returns them; whether a
    CVode.event without action stopped the run)."""
    cv = _integrator(eng)
    spikes, stopped = cv.fadvance(should_stop)
    return cv.dt(), spikes, stopped


def run_to(eng, ts, should_stop, after_fadvance, keep_going):
    """continuerun's fadvance loop under the variable step to ts (GlobalCvode.run_to): True
    when done, False when the caller's own loop must go on."""
    return _integrator(eng).run_to(ts, should_stop, after_fadvance, keep_going)


def solve_to(eng, tout, should_stop):
    """ParallelContext.psolve(tout) on one rank under the variable step (NetCvode::solve):
    (dt afterwards, spikes, whether the run stopped)."""
    cv = _integrator(eng)
    spikes, stopped = cv.solve_to(tout, should_stop)
    return cv.dt(), spikes, stopped
