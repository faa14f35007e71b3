: a gap junction half whose other side's voltage arrives by ParallelContext.target_var
NEURON {
    POINT_PROCESS GapA
    RANGE g, i, vgap
    NONSPECIFIC_CURRENT i
}
PARAMETER { g = 0.001 (uS) }
ASSIGNED {
    v (mV)
    vgap (mV)
    i (nA)
}
BREAKPOINT { i = g*(v - vgap) }
