: VERBATIM idioms with no C meaning to translate, as old ModelDB files have them: a block of
: comments only (at the top level and in BREAKPOINT), `return;` ending
: INITIAL and `return 0;` ending a PROCEDURE. Everything else is plain NMODL.
VERBATIM
/* written for NEURON 4 */
ENDVERBATIM
NEURON {
    SUFFIX leakv
    NONSPECIFIC_CURRENT i
    RANGE g, e, w
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) }
PARAMETER { g = 0.0002 (S/cm2)  e = -70 (mV) tau = 5 (ms) }
ASSIGNED { v (mV) i (mA/cm2) winf }
STATE { w }
INITIAL {
    rates(v)
    w = winf
    VERBATIM
    return;
    ENDVERBATIM
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    VERBATIM
    /* the current */
    ENDVERBATIM
    i = g * w * (v - e)
}
DERIVATIVE states {
    rates(v)
    w' = (winf - w) / tau
}
PROCEDURE rates(v (mV)) {
    winf = 1 / (1 + exp(-(v + 60) / 8))
    VERBATIM
    return 0;
    ENDVERBATIM
}
