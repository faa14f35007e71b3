: pnm's action potential counter (NEURON's APCount, same behaviour): n counts upward
: crossings of thresh by v, checked after each step (and at INITIAL); time is the last one.
: A crossing re-arms once v is below thresh again at a later time.
: APCount.record(vec) is pnm's Python method: it collects `crossing` (the time of a crossing
: in the step that had one, -1 otherwise) into vec, cleared at finitialize.
NEURON {
    POINT_PROCESS APCount
    RANGE n, thresh, time, firing
}
UNITS { (mV) = (millivolt) }
PARAMETER {
    n
    thresh = -20 (mV)
    time (ms)
}
ASSIGNED { v (mV) firing crossing (ms) }
INITIAL {
    n = 0
    firing = 0
    check()
}
BREAKPOINT {
    SOLVE check METHOD after_cvode
}
PROCEDURE check() {
    crossing = -1
    if (v >= thresh && firing == 0) {
        firing = 1
        time = t
        n = n + 1
        crossing = t
    }
    if (firing != 0 && v < thresh && t > time) {
        firing = 0
    }
}
