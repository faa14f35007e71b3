: a calcium current with one gating STATE (the SaveState and MechanismType tests' own)
NEURON {
    SUFFIX cachan
    USEION ca READ eca WRITE ica
    RANGE gbar
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { gbar = 0.002 (S/cm2) }
ASSIGNED { v (mV) eca (mV) ica (mA/cm2) minf tau (ms) }
STATE { m }
INITIAL { rates(v) m = minf }
BREAKPOINT {
    SOLVE states METHOD cnexp
    ica = gbar*m*m*(v - eca)
}
DERIVATIVE states { rates(v) m' = (minf - m)/tau }
PROCEDURE rates(v (mV)) {
    minf = 1/(1 + exp(-(v + 30)/5))
    tau = 2
}
