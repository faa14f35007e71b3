: calcium accumulation from ica with decay (STATE cai written: ca_ion's concentration)
NEURON {
    SUFFIX cadecay
    USEION ca READ ica WRITE cai
    RANGE tau
}
UNITS { (mM) = (milli/liter) (mA) = (milliamp) }
PARAMETER { tau = 20 (ms) }
ASSIGNED { ica (mA/cm2) }
STATE { cai (mM) }
INITIAL { cai = 5e-5 }
BREAKPOINT { SOLVE states METHOD cnexp }
DERIVATIVE states { cai' = -ica*10 - (cai - 5e-5)/tau }
