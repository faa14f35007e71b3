: a two-state KINETIC scheme (SOLVE ... METHOD sparse): the variable step refuses it so far
: (tests/test_cvode.py)
NEURON { SUFFIX kin2 NONSPECIFIC_CURRENT i RANGE gbar }
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { c o }
INITIAL { c = 1 o = 0 }
BREAKPOINT {
    SOLVE scheme METHOD sparse
    i = gbar*o*(v + 70)
}
KINETIC scheme {
    ~ c <-> o (0.1, 0.05)
}
