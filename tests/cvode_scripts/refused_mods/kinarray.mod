: a KINETIC scheme over a STATE array (SOLVE ... METHOD sparse): the variable step refuses it
: so far (tests/test_cvode.py)
NEURON { SUFFIX kinarray NONSPECIFIC_CURRENT i RANGE gbar }
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { s[3] }
INITIAL { s[0] = 1 s[1] = 0 s[2] = 0 }
BREAKPOINT {
    SOLVE scheme METHOD sparse
    i = gbar*s[2]*(v + 70)
}
KINETIC scheme {
    ~ s[0] <-> s[1] (0.1, 0.05)
    ~ s[1] <-> s[2] (0.2, 0.02)
}
