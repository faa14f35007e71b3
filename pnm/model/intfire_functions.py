"""The FUNCTIONs of NEURON's integrate-and-fire cells, callable from Python and hoc as in
NEURON: IntFire1.M(), IntFire2.M() and I(), IntFire4.M(), E() and I(). Each is the analytic
state at the current time t, written term by term as in intfire1/2/4.mod (same operations in
the same order, so the same doubles); the cell's variables are read where the engine holds
them."""
from math import exp

from .state import STATE


def intfire1_M(cell):
    """IntFire1.M(): m decayed from t0 to t while excitable; 2 for 0.5 ms after a spike,
    then -1 until the refractory period ends."""
    t, t0 = STATE.t, cell.t0
    refractory = cell.refractory
    if refractory == 0:
        return cell.m * exp(-(t - t0) / cell.tau)
    if refractory == 1:
        return 2.0 if t - t0 < .5 else -1.0
    return 0.0          # a FUNCTION that assigns nothing returns 0 in NEURON


def _intfire2_parts(cell):
    f = cell.taus / (cell.taus - cell.taum)
    x = (cell.i - cell.ib) * exp(-(STATE.t - cell.t0) / cell.taus)
    return f, x


def intfire2_M(cell):
    """IntFire2.M(): the membrane state at t."""
    f, x = _intfire2_parts(cell)
    ib, i, m = cell.ib, cell.i, cell.m
    return ib + f * x + (m - (ib + (i - ib) * f)) * exp(-(STATE.t - cell.t0) / cell.taum)


def intfire2_I(cell):
    """IntFire2.I(): the synaptic current at t."""
    _f, x = _intfire2_parts(cell)
    return x + cell.ib


def _intfire4_newstates(cell):
    """intfire4.mod's newstates(t - t0): (enew, i1new, i2new, mnew)."""
    d = STATE.t - cell.t0
    ee = exp(-cell.ke * d)
    ei1 = exp(-cell.ki1 * d)
    ei2 = exp(-cell.ki2 * d)
    em = exp(-cell.km * d)
    e, i1, i2, m = cell.e, cell.i1, cell.i2, cell.m
    enew = e * ee
    i1new = i1 * ei1
    i2new = i2 * ei2 + cell.bi1 * i1 * (ei2 - ei1)
    mnew = (m * em + cell.be * e * (em - ee) + (cell.bi2 * i2 + cell.a * i1) * (em - ei2)
            - cell.b * i1 * (em - ei1))
    return enew, i1new, i2new, mnew


def intfire4_M(cell):
    """IntFire4.M(): the membrane state at t."""
    return _intfire4_newstates(cell)[3]


def intfire4_E(cell):
    """IntFire4.E(): the excitatory current at t (ae*e)."""
    return cell.ae * _intfire4_newstates(cell)[0]


def intfire4_I(cell):
    """IntFire4.I(): the inhibitory current at t (ai2*i2)."""
    return cell.ai2 * _intfire4_newstates(cell)[2]


# the functions above take the cell first: in a class they are its methods as they stand
METHODS = {
    "IntFire1": {"M": intfire1_M},
    "IntFire2": {"M": intfire2_M, "I": intfire2_I},
    "IntFire4": {"M": intfire4_M, "E": intfire4_E, "I": intfire4_I},
}
