"""What NEURON says about the names of mechanisms from .mod files: h.units of every range
variable and GLOBAL, and MechanismStandard's names and defaults for each vartype.
argv: backend (neuron|pnm), build directory, mechanisms (comma list). Prints lines that must be
identical under both."""
import sys

backend, build, mechs = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
if backend == "neuron":
    from neuron import h
    h.nrn_load_dll(build + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    from pnm.model.mechanisms import load_mechanisms
    load_mechanisms(build)
ref = h.ref("")
for mech in mechs:
    for vartype in (-1, 0, 1, 2, 3):
        ms = h.MechanismStandard(mech, vartype)
        names = []
        for j in range(int(ms.count())):
            ms.name(ref, j)
            names.append(ref[0])
        values = [ms.get(n) for n in names] if vartype != -1 else None
        print(mech, vartype, names, values)
        print(mech, vartype, "units", [h.units(n) for n in names])
