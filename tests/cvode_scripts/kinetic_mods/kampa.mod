: a kinetic AMPA synapse (tests/test_cvode.py): transmitter T a STATE raised by NET_RECEIVE and
: cleared by a flux, binding C <-> O at rate Rb*T (a nonlinear scheme), desensitisation
NEURON {
    POINT_PROCESS kampa
    RANGE g, gmax, e
    NONSPECIFIC_CURRENT i
}
UNITS { (nA) = (nanoamp) (mV) = (millivolt) (uS) = (microsiemens) }
PARAMETER { gmax = 0.01 (uS) e = 0 (mV) Rb = 5 Ru = 0.5 Rd = 0.3 Rr = 0.02 Tclear = 1 (ms) }
ASSIGNED { v (mV) i (nA) g (uS) }
STATE { T C O D }
INITIAL { T = 0 C = 1 O = 0 D = 0 }
BREAKPOINT {
    SOLVE bind METHOD sparse
    g = gmax*O
    i = g*(v - e)
}
KINETIC bind {
    ~ T << (-T/Tclear)
    ~ C <-> O (Rb*T, Ru)
    ~ O <-> D (Rd, Rr)
    CONSERVE C + O + D = 1
}
NET_RECEIVE(weight) {
    T = T + weight
}
