"""MechanismStandard of ion mechanisms in a fresh model with hh: the variable names by vartype
as NEURON lists them (no suffix, but for GLOBALs). NEURON's lists change with an ion's style
history (another model gives other lists), so only this case is compared."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
s = h.Section(name="s")
s.insert("hh")
for vartype in (1, 2, 3, 0, -1):
    for mech in ("k_ion", "na_ion", "hh", "pas"):
        standard = h.MechanismStandard(mech, vartype)
        label = h.ref("")
        names = []
        for i in range(int(standard.count())):
            standard.name(label, i)
            names.append(label[0])
        print(vartype, mech, names)
