: the same gap junction half with vgap a POINTER (the older style of ParallelContext gaps)
NEURON {
    POINT_PROCESS GapP
    RANGE g, i
    POINTER vgap
    NONSPECIFIC_CURRENT i
}
PARAMETER { g = 0.001 (uS) }
ASSIGNED {
    v (mV)
    vgap (mV)
    i (nA)
}
BREAKPOINT { i = g*(v - vgap) }
