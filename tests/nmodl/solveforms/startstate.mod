: STATE declarations with START (the state's initial value before INITIAL, nocmodl's x0) and
: a LINEAR block with SOLVEFOR solved from a PROCEDURE and from INITIAL; ~ equations with a
: leading minus written over two lines (NEURON's vclmp1.mod style)
NEURON {
    SUFFIX startst
    NONSPECIFIC_CURRENT i
    RANGE g, e, tau, a, b, u, w
}
PARAMETER {
    g = 0.002 (S/cm2)
    e = -60 (mV)
    tau = 3 (ms)
}
ASSIGNED { v (mV) i (mA/cm2) }
STATE {
    a START 3.5
    b FROM 0 TO 1 START 0.25
    c
    u
    w
}
INITIAL {
    c = a + 1
    SOLVE pair
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    settle()
    i = g*(a + b + 0.1*c + 0.01*u - 0.001*w)*(v - e)
}
DERIVATIVE states {
    a' = -a/tau
    b' = (1 - b)/tau
    c' = -c/(2*tau)
}
PROCEDURE settle() {
    SOLVE pair
}
LINEAR pair SOLVEFOR u, w {
    ~ -u + 2*w
      = a - b
    ~ u + w = 3*c
}
