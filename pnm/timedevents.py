"""CVode.event(t[, action]) under NEURON's fixed-step method (the only one pnm runs):

- t is moved as NEURON's cvode.event moves it: when t/dt is within 1e-6 of a whole number
  above 1, t - dt/4 (so that t's rounding drift cannot put the event a step late); the
  moved time is returned;
- an event earlier than the present t is dropped, and finitialize empties the queue after
  the type-3 FInitializeHandlers (events scheduled before it, or in a type-3 handler, never
  happen): schedule them in a type 0/1/2 handler, as NEURON's documentation says;
- the action, a Python callable or a hoc statement, runs after the step during which t is
  reached, with h.t at that step's end (an event due at 0 scheduled in a type-0/1 handler runs
  inside finitialize, before the type-2 handlers); an action setting h.stoprun stops run()
  and continuerun() after that step. Without an action the event changes nothing (NEURON's
  tstop bit, which the next fadvance clears).
The engine makes the calls (engine/timedcalls.py)."""

import math

from .model import cvode
from .model.state import STATE
from .util import LazyModule

variable_step = LazyModule("pnm.cvode.run")     # numba's: imported at the first use


class CVode(cvode.CVode):
    """h.CVode(): the settings of model/cvode.py and event()."""

    def event(self, te, action=None, ppobj=None, reinit=0):
        if ppobj is not None:
            raise NotImplementedError(
                f"{self.hname()}.event(t, action, point_process): the form that runs the "
                "action inside the step for a point process's local time is not provided by "
                "pnm; drop the point process argument (the action then runs after the step)")
        if action is not None and not (isinstance(action, str) or callable(action)):
            raise TypeError(f"{self.hname()}.event(t, action): the action is a Python callable "
                            f"or a hoc statement (a string), not {type(action).__name__}")
        te = float(te)
        eng = STATE.engine
        if cvode.variable_step_active():      # a HocEvent in the variable step's queue, at te
            if eng is not None and te >= eng.t:
                variable_step.add_event(eng, te, None if action is None else
                                        _call(eng, action))
            return te
        dt = STATE.dt
        steps = te / dt
        if steps > 1 and abs(math.floor(steps + 1e-6) - steps) < 1e-6:
            te -= dt / 4.0
        if eng is None or te < eng.t:
            return te           # NEURON drops it (before finitialize it is cleared anyway)
        eng.timed_calls.add(te, _call(eng, action))
        return te


def cvode_event(te):
    """stdrun's cvode.event(tstop) under the variable step: the event that stops the run."""
    if STATE.engine is not None and te >= STATE.engine.t:
        variable_step.add_event(STATE.engine, te, None)


def _call(eng, action):
    def run():
        STATE.t = eng.t
        if action is None:
            return
        if callable(action):
            action()
        else:
            from .hoclang import run_command
            run_command(action, "<CVode.event>")
    return run


def clear(eng):
    """finitialize: the queue starts empty (after the type-3 handlers)."""
    if eng is not None:
        eng.timed_calls.clear()


def fire_at_initialization(eng):
    """The events due at t = 0, scheduled by type-0/1 handlers: run inside finitialize."""
    eng.timed_calls.fire_due(eng.t)
