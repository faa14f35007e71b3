: a density mechanism whose FUNCTIONs and PROCEDUREs are called from Python and hoc
: (h.rates_kdf, setdata_kdf, seg.kdf.rates); written for pnm's tests
NEURON {
  SUFFIX kdf
  USEION k READ ek WRITE ik
  RANGE gbar, g
  GLOBAL ninf, ntau
}
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 0.01 (S/cm2) q = 2 }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) g (S/cm2) ninf ntau (ms) }
STATE { n }
BREAKPOINT { SOLVE states METHOD cnexp  g = gbar*n^4  ik = g*(v - ek) }
INITIAL { rates(v) n = ninf }
DERIVATIVE states { rates(v) n' = (ninf - n)/ntau }
PROCEDURE rates(v (mV)) {
  ninf = 1/(1 + exp(-(v + 30)/10))
  ntau = q + 5*exp(-(v+40)*(v+40)/400)
}
FUNCTION gk_at(x) { gk_at = gbar * x + n }
FUNCTION plain(x) { plain = 2*x + 1 }
