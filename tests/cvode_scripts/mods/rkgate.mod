: a gate solved by runge under the fixed step (see eugate.mod)
NEURON {
    SUFFIX rkgate
    NONSPECIFIC_CURRENT i
    RANGE gbar
}
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 0.0005 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { q }
INITIAL { q = 0.6 }
BREAKPOINT {
    SOLVE states METHOD runge
    i = gbar*q*(v - 10)
}
DERIVATIVE states {
    q' = 0.5*(1/(1 + exp((v + 50)/6)) - q)
}
