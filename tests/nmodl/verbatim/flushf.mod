: ModelDB 2730, flushf.mod, unchanged below this line.
: Adds the function flushf() to hoc. This is used for the
: cell-creation progress meter.

NEURON {
	SUFFIX nothing
}

PROCEDURE flushf() {
  VERBATIM
    fflush(NULL);
  ENDVERBATIM
}
