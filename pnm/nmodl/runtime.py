"""Functions every generated mechanism module imports: NEURON's ion formulas (nernst, ghk with
the CODATA 2018 constants of NEURON's nrnunits.h / eion.cpp), the event buffer, and the hook for
RANDOM variables (Random123 streams; wired to pnm's Random123 when the engine provides it).

Event buffer (docs/nmodl_frontend.md): float64[capacity, 4] rows (time, kind, target, flag)
and int64[1] count; kinds below.
"""
import math

import numpy as np
from numba import njit

EV_SELF = 0.0        # net_send(delay, flag): self-event to `target` at `time` with `flag`
EV_SPIKE = 1.0       # net_event(tt): `target` fires at `time` (NetCons from it get events)
EV_MOVE = 2.0        # net_move(tt): move target's last pending self-event to `time`
EV_WATCH = 3.0       # a WATCH condition became true: deliver `flag` to target at `time`

ELECTRON_CHARGE = 1.602176634e-19     # coulomb, exact (CODATA 2018)
AVOGADRO = 6.02214076e+23             # exact
BOLTZMANN = 1.380649e-23              # joule/K, exact
FARADAY = ELECTRON_CHARGE * AVOGADRO  # as nrnunits.h: the same double product
GAS_CONSTANT = BOLTZMANN * AVOGADRO


@njit(cache=True)
def push_event(events, n_events, time, kind, target, flag):
    k = n_events[0]
    if k >= events.shape[0]:
        raise RuntimeError("pnm mechanism event buffer full: the engine must drain it or "
                           "give a larger buffer")
    events[k, 0] = time
    events[k, 1] = kind
    events[k, 2] = target
    events[k, 3] = flag
    n_events[0] = k + 1


@njit(cache=True)
def ktf_(celsius):
    return 1000. * GAS_CONSTANT * (celsius + 273.15) / FARADAY


@njit(cache=True)
def nernst_(celsius, ci, co, z):
    """NEURON's nrn_nernst (eion.cpp), in mV."""
    if z == 0:
        return 0.
    if ci <= 0.:
        return 1e6
    elif co <= 0.:
        return -1e6
    return ktf_(celsius) / z * math.log(co / ci)


@njit(cache=True)
def _efun(x):
    if abs(x) < 1e-4:
        return 1. - x / 2.
    return x / (math.exp(x) - 1)


@njit(cache=True)
def ghk_(celsius, v, ci, co, z):
    """NEURON's nrn_ghk (eion.cpp): mA/cm2 per (cm/s permeability)."""
    temp = z * v / ktf_(celsius)
    eco = co * _efun(temp)
    eci = ci * _efun(-temp)
    return (.001) * z * FARADAY * (eci - eco)


@njit(cache=True)
def random123_negexp(stream):
    """stream = float64[4] view (id1, id2, id3, draws) of an instance's RANDOM variable.
    Placeholder until pnm's Random123 is merged: refuses rather than give other numbers."""
    raise RuntimeError("RANDOM streams (random_negexp) need pnm's Random123, which is not "
                       "wired into pnm.nmodl.runtime yet")


@njit(cache=True)
def random123_uniform(stream):
    raise RuntimeError("RANDOM streams (random_uniform) need pnm's Random123, which is not "
                       "wired into pnm.nmodl.runtime yet")


@njit(cache=True)
def random123_normal(stream):
    raise RuntimeError("RANDOM streams (random_normal) need pnm's Random123, which is not "
                       "wired into pnm.nmodl.runtime yet")


@njit(cache=True)
def random123_setseq(stream, seq):
    stream[3] = seq


@njit(cache=True)
def runge_t_drift(t, dt, n):
    """NEURON's thread time after n instances of a METHOD runge mechanism stepped: scopmath's
    runge moves t by += h/2, += h/2, -= h per instance, which does not always give t back
    (0.05 becomes 0.049999999999999996); NEURON keeps the result, so spike times carry it."""
    for _ in range(n):
        t += dt / 2.0
        t += dt / 2.0
        t -= dt
    return t


def uses_runge(module):
    """Whether a generated mechanism module has a METHOD runge solve (its solver's signature
    line, see pnm/nmodl/solvers.py)."""
    with open(module.__file__) as f:
        return "    tt += h / 2.0\n" in f.read()


def new_event_buffer(capacity=1024):
    return np.zeros((capacity, 4)), np.zeros(1, dtype=np.int64)
