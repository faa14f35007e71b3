: a gate solved by euler and one by runge under the fixed step: nocmodl writes the same CVODE
: functions for them as for cnexp; for the variable-step comparison (tests/test_cvode.py)
NEURON {
    SUFFIX eugate
    NONSPECIFIC_CURRENT i
    RANGE gbar
}
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { n }
INITIAL { n = 0.3 }
BREAKPOINT {
    SOLVE states METHOD euler
    i = gbar*n*(v + 80)
}
DERIVATIVE states {
    n' = (1/(1 + exp(-(v + 30)/8)) - n)/3
}
