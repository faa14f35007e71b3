COMMENT
A two-state gate advanced by cnexp in BREAKPOINT and started in INITIAL from the steady state
of a KINETIC scheme that BREAKPOINT never solves (SOLVE ... STEADYSTATE sparse of another
block), with a sink `~ b -> (k)` and a source `~ b << (p)` on a buffer state b: under the
fixed step and under CVODE.
ENDCOMMENT
NEURON {
    SUFFIX ssinit
    USEION k READ ek WRITE ik
    RANGE gbar, kb, pb, b
}
PARAMETER {
    gbar = 0.01 (S/cm2)
    kb = 0.2 (/ms)
    pb = 0.05 (/ms)
}
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) a (/ms) bt (/ms) }
STATE { c o b }
INITIAL {
    rates(v)
    SOLVE start STEADYSTATE sparse
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar*o*(v - ek)
}
DERIVATIVE states {
    rates(v)
    o' = a*c - bt*o
    c' = bt*o - a*c
    b' = pb - kb*b
}
KINETIC start {
    ~ c <-> o (a, bt)
    CONSERVE c + o = 1
    ~ b << (pb)
    ~ b -> (kb)
}
PROCEDURE rates(v (mV)) {
    a = 0.1*exp((v + 40)/20)
    bt = 0.1*exp(-(v + 40)/20)
}
