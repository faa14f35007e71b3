: a BREAKPOINT SOLVE of a PROCEDURE without METHOD after_cvode: NEURON's nocmodl marks the
: mechanism "cannot be used with CVODE", pnm's variable step refuses it (tests/test_cvode.py)
NEURON { SUFFIX procsolve RANGE x }
ASSIGNED { x }
BREAKPOINT { SOLVE tick }
PROCEDURE tick() { x = x + 1 }
