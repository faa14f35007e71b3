: derivimplicit states whose x' is not linear in x: x in a denominator and in a function's
: arguments (nocmodl's difference quotient in _ode_matsol), a product (its symbolic
: derivative); for the variable-step comparison (tests/test_cvode.py)
NEURON {
    SUFFIX nlgate
    NONSPECIFIC_CURRENT i
    RANGE gbar, e
}
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 0.002 (S/cm2) e = -70 (mV) }
ASSIGNED { v (mV) i (mA/cm2) inf }
STATE { a b c }
INITIAL { a = 0.1 b = 0.5 c = 0.2 }
BREAKPOINT {
    SOLVE states METHOD derivimplicit
    i = gbar*a*b*c*(v - e)
}
DERIVATIVE states {
    LOCAL k
    k = exp(-(v + 40)/10)
    inf = 1/(1 + k)
    a' = (inf - a)/(1 + a*a)
    b' = 0.1*(1 - b) - 0.05*b*(1 + exp(b - 1))
    c' = 0.2*(a - c)*c + 0.01*(1 - c) - 0.01*c*c
}
