: two BREAKPOINT blocks (nocmodl runs their bodies in file order) and an INCLUDE whose file
: shows an INCLUDE inside COMMENT (not followed, as nocmodl)
NEURON {
    SUFFIX twobp
    NONSPECIFIC_CURRENT i
    RANGE a0, a, e
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) }
PARAMETER { a0 = 0.0003 (S/cm2) e = -60 (mV) }
ASSIGNED { v (mV) i (mA/cm2) a (S/cm2) celsius (degC) }
INCLUDE "twobp.inc"
BREAKPOINT {
    scale()
}
BREAKPOINT {
    i = a * (v - e)
}
