: a mechanism with no current whose BREAKPOINT writes an ion reversal potential
NEURON {
    SUFFIX wrerev
    USEION na WRITE ena
    RANGE base
}
PARAMETER { base = 40 (mV) }
ASSIGNED { ena (mV) }
BREAKPOINT {
    ena = base + t
}
