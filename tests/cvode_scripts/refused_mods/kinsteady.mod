: a KINETIC scheme started at its steady state (SOLVE ... STEADYSTATE sparse in INITIAL): the
: variable step refuses it so far (tests/test_cvode.py)
NEURON { SUFFIX kinsteady NONSPECIFIC_CURRENT i RANGE gbar }
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { c o }
INITIAL { SOLVE scheme STEADYSTATE sparse }
BREAKPOINT {
    SOLVE scheme METHOD sparse
    i = gbar*o*(v + 70)
}
KINETIC scheme {
    ~ c <-> o (0.1, 0.05)
    CONSERVE c + o = 1
}
