: a KINETIC chain over a STATE array (tests/test_cvode.py): FROM loops, a COMPARTMENT per element,
: a <tolerance> on the array, a second-order reaction with an element, a << source
NEURON { SUFFIX kinarr NONSPECIFIC_CURRENT i RANGE gbar }
DEFINE N 4
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 0.002 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) vol[N] kf (/ms) }
STATE { s[N] <1e-4> q }
INITIAL { FROM k = 0 TO N - 1 { vol[k] = 1 + k } s[0] = 1 q = 0 }
BREAKPOINT {
    SOLVE scheme METHOD sparse
    i = gbar*s[N - 1]*(v + 70)
}
KINETIC scheme {
    COMPARTMENT k, vol[k] {s}
    kf = 0.1*exp((v + 65)/20)
    FROM k = 0 TO N - 2 {
        ~ s[k] <-> s[k + 1] (kf, 0.05)
    }
    ~ q + s[1] <-> s[2] (0.3, 0.01)
    ~ q << (0.01)
}
