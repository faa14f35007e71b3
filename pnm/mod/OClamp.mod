: pnm's on/off single-electrode voltage clamp (NEURON's OClamp, same behaviour): while
: switched_on is nonzero and on <= t <= off, i = (vc - v)/rs; otherwise i = 0.
NEURON {
    POINT_PROCESS OClamp
    ELECTRODE_CURRENT i
    RANGE on, off, rs, vc, i, switched_on
}
UNITS { (nA) = (nanoamp) (mV) = (millivolt) (uS) = (microsiemens) }
PARAMETER {
    rs = 1 (megohm) <1e-9, 1e9>
    on = 0 (ms)
    off = 0 (ms)
    vc (mV)
    switched_on = 0
}
ASSIGNED { v (mV) i (nA) onflag }
INITIAL { onflag = 0 }
BREAKPOINT {
    : recomputed after v advanced, so i reports (vc - v(t))/rs at the step's end
    SOLVE clamp_current METHOD after_cvode
    command()
}
PROCEDURE clamp_current() {
    if (onflag) { i = (vc - v)/rs } else { i = 0 }
}
PROCEDURE command() {
    onflag = 0
    if (switched_on) {
        : the variable step stops at on and off (NEURON's oclmp.mod)
        at_time(on)
        at_time(off)
        if (t >= on && t <= off) { onflag = 1 }
    }
    clamp_current()
}
