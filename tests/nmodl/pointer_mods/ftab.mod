: the test's own FUNCTION_TABLEs: a 1-D table and a 2-D table (tests/test_nmodl_pointers.py)
NEURON {
    SUFFIX ftab
    RANGE gbar, r1, r2, k
    NONSPECIFIC_CURRENT i
}
PARAMETER { gbar = 0.001 (S/cm2)  k = 2 }
ASSIGNED { v (mV) i (mA/cm2) r1 r2 }
STATE { m }
FUNCTION_TABLE minf(v(mV))
FUNCTION_TABLE mtau(v(mV), k) (ms)
INITIAL { m = minf(v) }
BREAKPOINT { SOLVE st METHOD cnexp  i = gbar*m*(v + 80)  r1 = minf(v)  r2 = mtau(v, k) }
DERIVATIVE st { m' = (minf(v) - m)/mtau(v, k) }
