: two SOLVEs in BREAKPOINT (a DERIVATIVE and a KINETIC block): NEURON refuses it under CVODE
: ("cannot be used with CVODE"), pnm too (tests/test_cvode.py)
NEURON { SUFFIX twosolves NONSPECIFIC_CURRENT i RANGE gbar }
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { a c o }
INITIAL { a = 0 c = 1 o = 0 }
BREAKPOINT {
    SOLVE gate METHOD cnexp
    SOLVE scheme METHOD sparse
    i = gbar*a*o*(v + 70)
}
DERIVATIVE gate { a' = (1 - a)/5 }
KINETIC scheme { ~ c <-> o (0.1, 0.05) }
