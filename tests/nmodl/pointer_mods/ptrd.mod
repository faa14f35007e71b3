: a density mechanism with POINTERs: reads pv, writes pw in its state update
NEURON {
    SUFFIX ptrd
    POINTER pv, pw
    RANGE g, seen
    NONSPECIFIC_CURRENT i
}
PARAMETER { g = 0.0001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) pv (mV) pw seen }
STATE { s }
INITIAL { s = pv  seen = pv }
BREAKPOINT {
    SOLVE st METHOD cnexp
    i = g*(v - s)
}
DERIVATIVE st {
    pw = 200 + 2*s
    s' = (pv - s)/5
}
