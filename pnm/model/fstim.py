"""NEURON's fstim() and fstimi(): the current pulses of nrnoc/fstim.cpp, which old programs
(Migliore's 1999 CA1 models, ModelDB 2796, 2937) inject instead of IClamps.

    fstim(n)                              n stimuli, all off (frees the earlier ones)
    fstim(i, loc, delay, duration, amp)   stimulus i: amp nA into the accessed section at
                                          loc, from delay for duration ms
    fstimi(i)                             stimulus i's current (nA) at t

Each stimulus is an IClamp with the same pulse: on the fixed step fstim.cpp adds
1e2 * amp / area to the node's right-hand side while t (the step's midpoint) lies between
delay and delay + duration, as IClamp's BREAKPOINT adds its i. So an fstim stimulus shows up
as an IClamp object (IClamp[k], List("IClamp")); NEURON's does not. Under the variable step
fstim also stops the integrator at both edges (at_time), which NEURON 9's IClamp no longer
does: pnm refuses fstim there rather than give another trajectory."""

from . import cvode as cvode_settings
from . import secstack
from .state import STATE
from .userpoint import point_class

_STIMULI = []       # per stimulus index: its IClamp, or None while it has no section


def fstim(i, *args):
    """fstim(n) or fstim(i, loc, delay, duration, amp) (module docstring); 0."""
    i = _index_arg("fstim", i, 10000)
    if not args:
        for old in _STIMULI:
            _switch_off(old)
        _STIMULI[:] = [None] * i
        return 0.0
    if len(args) != 4:
        raise TypeError("fstim(i, loc, delay, duration, amp): give all five arguments "
                        "(or fstim(n) to allocate n stimuli)")
    if i >= len(_STIMULI):
        raise IndexError(f"fstim({i}, ...): index out of range; fstim({len(_STIMULI)}) "
                         f"allocated stimuli 0..{len(_STIMULI) - 1}")
    loc, delay, duration, amp = (float(a) for a in args)
    for name, value, top in (("loc", loc, 1.0), ("delay", delay, 1e21),
                             ("duration", duration, 1e21)):
        if not 0.0 <= value <= top:
            raise ValueError(f"fstim({i}, ...): {name} = {value:g} must be in [0, {top:g}]")
    if cvode_settings.variable_step_active():
        raise NotImplementedError(
            f"fstim({i}, ...) under the variable step (cvode.active(1)): NEURON stops the "
            "integrator at the pulse's edges (at_time), pnm's fstim does not; use an IClamp "
            "(NEURON 9's does not stop there either) or the fixed step")
    sec = secstack.cas()
    clamp = point_class("IClamp")(sec(loc))
    clamp.delay, clamp.dur, clamp.amp = delay, duration, amp
    _switch_off(_STIMULI[i])
    _STIMULI[i] = clamp
    return 0.0


def fstimi(i):
    """Stimulus i's current at t: amp while its pulse is on, else 0."""
    clamp = _STIMULI[_index_arg("fstimi", i, len(_STIMULI) - 1)]
    if clamp is None:
        return 0.0
    t, delay = STATE.t, float(clamp.delay)        # fstim.cpp's stimulus(): edges less 1e-9
    if t < delay - 1e-9 or t > delay + float(clamp.dur) - 1e-9:
        return 0.0
    return float(clamp.amp)


def _switch_off(clamp):
    """A freed stimulus injects nothing more: its IClamp's amp is 0 (an engine built while it
    lived still holds the IClamp until the model is compiled again)."""
    if clamp is not None:
        clamp.amp = 0.0


def _index_arg(what, i, top):
    k = int(i)
    if not 0 <= k <= top:
        raise IndexError(f"{what}({i:g}): the index must be in [0, {top}]")
    return k
