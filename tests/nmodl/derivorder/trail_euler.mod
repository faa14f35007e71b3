: Statements after the first x' = ... in a euler DERIVATIVE block: one reads the state just
: solved (cnexp: new value, euler: old), a later x' reads what it computed.
NEURON { SUFFIX trail_euler NONSPECIFIC_CURRENT i RANGE g, snap }
PARAMETER { g = 0.002 (S/cm2) tau = 4 (ms) }
STATE { a b }
ASSIGNED { v (mV) i (mA/cm2) snap ainf }
INITIAL { ainf = 1 / (1 + exp(-(v + 50) / 5)) a = ainf b = 0 snap = 0 }
BREAKPOINT {
    SOLVE states METHOD euler
    i = g * a * b * (v + 80)
}
DERIVATIVE states {
    ainf = 1 / (1 + exp(-(v + 50) / 5))
    a' = (ainf - a) / tau
    snap = a * 2
    b' = (snap - b) / (2 * tau)
    snap = snap + b
}
