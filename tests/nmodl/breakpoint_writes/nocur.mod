: a BREAKPOINT with no current: nocmodl runs its statements after SOLVE in nrn_state
NEURON { SUFFIX nocur RANGE y }
STATE { s }
ASSIGNED { y }
INITIAL { s = 0 }
BREAKPOINT {
    SOLVE st METHOD cnexp
    y = 2*s
}
DERIVATIVE st { s' = (1 - s)/5 }
