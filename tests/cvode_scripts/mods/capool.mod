: a calcium pool whose STATE is the ion's cai (NEURON's ode_map points y at the ion's cai),
: solved by derivimplicit; for the variable-step comparison (tests/test_cvode.py)
NEURON {
    SUFFIX capool
    USEION ca READ ica WRITE cai
    RANGE depth, tau
}
UNITS { (mM) = (milli/liter) (um) = (micron) (mA) = (milliamp) FARADAY = (faraday) (coulomb) }
PARAMETER { depth = 0.2 (um) tau = 20 (ms) cainf = 5e-5 (mM) }
ASSIGNED { ica (mA/cm2) }
STATE { cai (mM) <1e-6> }
INITIAL { cai = cainf }
BREAKPOINT { SOLVE pool METHOD derivimplicit }
DERIVATIVE pool {
    cai' = -(10000)*ica/(2*FARADAY*depth) + (cainf - cai)/tau
}
