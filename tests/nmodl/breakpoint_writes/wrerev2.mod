: like wrerev.mod but with a (zero) current, so BREAKPOINT runs in nrn_cur
NEURON {
    SUFFIX wrerev2
    USEION na WRITE ena
    NONSPECIFIC_CURRENT i
    RANGE base
}
PARAMETER { base = 40 (mV) }
ASSIGNED { ena (mV) i (mA/cm2) }
BREAKPOINT {
    ena = base + t
    i = 0
}
