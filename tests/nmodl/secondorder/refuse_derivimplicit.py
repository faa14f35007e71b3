"""h.secondorder = 2 with a mechanism integrated by derivimplicit (capool_di.mod): NEURON
gives that mechanism a Crank-Nicolson half step which pnm does not, so pnm refuses the run
with a clear error (no partial output). argv: the built folder."""
import sys
from pnm import h
h.nrn_load_dll(sys.argv[1])
soma = h.Section(name="soma")
soma.insert("cachan")
soma.insert("capooldi")
h.secondorder = 2
h.finitialize(-65)
h.fadvance()
print("ran")
