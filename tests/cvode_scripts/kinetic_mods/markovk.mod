: a Markov potassium channel C1 <-> C2 <-> O <-> I as a KINETIC scheme with voltage-dependent
: rates, a CONSERVE (ignored under CVODE) and a rate written as an unparenthesised sum (nocmodl
: pastes its text before the species: f_flux = a2 + 0.001*C2) (tests/test_cvode.py)
NEURON {
    SUFFIX markovk
    USEION k READ ek WRITE ik
    RANGE gbar, g
}
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 0.02 (S/cm2) }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) g (S/cm2) a1 (/ms) b1 (/ms) a2 (/ms) b2 (/ms) }
STATE { C1 C2 O I }
INITIAL { rates(v) C1 = 1 C2 = 0 O = 0 I = 0 }
BREAKPOINT {
    SOLVE scheme METHOD sparse
    g = gbar*O
    ik = g*(v - ek)
}
KINETIC scheme {
    rates(v)
    ~ C1 <-> C2 (a1, b1)
    ~ C2 <-> O (a2 + 0.001, b2)
    ~ O <-> I (0.05, 0.005)
    CONSERVE C1 + C2 + O + I = 1
}
PROCEDURE rates(v (mV)) {
    a1 = 0.2*exp((v + 40)/20)
    b1 = 0.1*exp(-(v + 40)/25)
    a2 = 0.4*exp((v + 30)/15)
    b2 = 0.05*exp(-(v + 30)/30)
}
