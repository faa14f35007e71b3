"""NEURON's units (neuron.units): multiply a number by a unit to say what it is. pnm's internal
units are NEURON's: ms, mV, um, nA, uS, ..., so each unit is a plain scale factor."""

ms = 1.0
s = 1000.0
sec = s
us = 1e-3
mV = 1.0
V = 1000.0
uV = 1e-3
um = 1.0
µm = um
mm = 1000.0
cm = 1e4
nA = 1.0
pA = 1e-3
uA = 1000.0
mA = 1e6
uS = 1.0
nS = 1e-3
mS = 1000.0
S = 1e6
degC = 1.0
mM = 1.0
uM = 1e-3
nM = 1e-6
M = 1000.0

minute = 60 * s
hour = 60 * minute
day = 24 * hour
nm = 1e-3
m = 1e6

# Python folds the identifier µm (micro sign U+00B5) to μm (Greek mu U+03BC); provide both
# spellings for getattr(units, "...") as neuron.units does
for _name, _value in (("m", um), ("M", uM), ("V", uV), ("s", us)):
    globals()["\u00b5" + _name] = _value
    globals()["\u03bc" + _name] = _value
del _name, _value
