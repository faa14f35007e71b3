: A second SUFFIX nothing file in the same folder (nocmodl allows any number of them).
NEURON { SUFFIX nothing }
PARAMETER { tau = 5 (ms) }
FUNCTION decay(x) { decay = x * exp(-t / tau) }
