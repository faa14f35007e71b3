: a high-threshold calcium current (written for pnm's tests of secondorder = 2)
NEURON {
  SUFFIX cachan
  USEION ca READ eca WRITE ica
  RANGE gbar
}
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 0.002 (S/cm2) }
ASSIGNED { v (mV) eca (mV) ica (mA/cm2) minf mtau (ms) }
STATE { m }
BREAKPOINT {
  SOLVE states METHOD cnexp
  ica = gbar*m*m*(v - eca)
}
INITIAL { rates(v) m = minf }
DERIVATIVE states { rates(v) m' = (minf - m)/mtau }
PROCEDURE rates(v (mV)) {
  minf = 1/(1 + exp(-(v + 20)/6))
  mtau = 1 + 3*exp(-(v + 30)*(v + 30)/200)
}
