: with a current; BREAKPOINT writes a reversal potential (nocmodl: written back in nrn_cur)
NEURON { SUFFIX curion USEION na WRITE ena NONSPECIFIC_CURRENT i RANGE y }
STATE { s }
ASSIGNED { y ena (mV) i (mA/cm2) v (mV) }
INITIAL { s = 0  ena = 50 }
BREAKPOINT {
    SOLVE st METHOD cnexp
    ena = 50 + 10*s
    i = 0
}
DERIVATIVE st { s' = (1 - s)/5 }
