COMMENT
PARAMETER defaults with more than 6 significant digits: nocmodl writes them into the C source
with %g, so NEURON runs 0.0123457 and -23.3271; a CONSTANT keeps its text; a STATE's START
value is a PARAMETER x0 of nocmodl's (%g too).
ENDCOMMENT
NEURON {
    SUFFIX digits
    NONSPECIFIC_CURRENT i
    RANGE gbar, e
    GLOBAL k
}
PARAMETER {
    gbar = 0.0123456789 (S/cm2)
    e = -71.2345678 (mV)
    k = -23.32708 (mV)
    rate = 0.333333333 (/ms)
}
CONSTANT { c = 1.23456789 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { x START 0.123456789 }
BREAKPOINT {
    SOLVE s METHOD cnexp
    i = gbar*x*(v - e)
}
DERIVATIVE s {
    x' = rate*(c/(1 + exp((v + 40)/k)) - x)
}
FUNCTION getc() { getc = c }
