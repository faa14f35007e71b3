: a density mechanism with a POINTER that a FUNCTION reads
NEURON { SUFFIX ptrf POINTER p RANGE r }
PARAMETER { r = 1 }
ASSIGNED { p }
FUNCTION f() { f = r*100 + p }
