: a calcium pool fed by ica (written for pnm's tests of secondorder = 2)
NEURON {
  SUFFIX capool
  USEION ca READ ica WRITE cai
  RANGE tau, depth
}
UNITS { (mM) = (milli/liter) (mA) = (milliamp) (um) = (micron) FARADAY = (faraday) (coulomb) }
PARAMETER { tau = 20 (ms) depth = 0.1 (um) cainf = 5e-5 (mM) }
ASSIGNED { ica (mA/cm2) }
STATE { cai (mM) }
INITIAL { cai = cainf }
BREAKPOINT { SOLVE state METHOD cnexp }
DERIVATIVE state {
  cai' = -ica*(1e4)/(2*FARADAY*depth) - (cai - cainf)/tau
}
