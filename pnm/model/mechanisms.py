"""The catalogue of mechanisms pnm knows: names, parameters and defaults, as NEURON's .mod files
declare them. The engine owns the numerics; this module only describes."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MechanismType:
    name: str
    kind: str                      # "density", "point", "artificial"
    params: dict                   # name -> default (user-settable)
    states: tuple = ()             # state variables (settable, reset by INITIAL)
    assigned: tuple = ()           # computed variables (readable)
    ions: dict = field(default_factory=dict)  # ion variable -> default (density only)

    @property
    def fields(self):
        return tuple(self.params) + tuple(self.ions) + self.states + self.assigned

    @property
    def is_target(self):
        """Whether a NetCon may deliver events to it (the .mod file has NET_RECEIVE)."""
        return self.name in NET_RECEIVERS


DENSITY = {
    "hh": MechanismType(
        "hh", "density",
        params={"gnabar": 0.12, "gkbar": 0.036, "gl": 0.0003, "el": -54.3},
        ions={"ena": 50.0, "ek": -77.0},
        states=("m", "h", "n"),
        assigned=("gna", "gk", "ina", "ik", "il", "minf", "hinf", "ninf", "mtau", "htau", "ntau"),
    ),
    "pas": MechanismType("pas", "density", params={"g": 0.001, "e": -70.0}, assigned=("i",)),
}

POINT = {
    "ExpSyn": MechanismType("ExpSyn", "point", params={"tau": 0.1, "e": 0.0}, states=("g",),
                            assigned=("i",)),
    "Exp2Syn": MechanismType("Exp2Syn", "point", params={"tau1": 0.1, "tau2": 10.0, "e": 0.0},
                             states=("A", "B"), assigned=("g", "i", "factor")),
    "IClamp": MechanismType("IClamp", "point", params={"delay": 0.0, "dur": 0.0, "amp": 0.0},
                            assigned=("i",)),
}

ARTIFICIAL = {
    "IntFire1": MechanismType("IntFire1", "artificial", params={"tau": 10.0, "refrac": 5.0},
                              assigned=("m", "t0", "refractory")),
    "IntFire2": MechanismType("IntFire2", "artificial",
                              params={"taum": 10.0, "taus": 20.0, "ib": 0.0},
                              assigned=("m", "i", "t0")),
    "IntFire4": MechanismType("IntFire4", "artificial",
                              params={"taue": 5.0, "taui1": 10.0, "taui2": 20.0, "taum": 50.0},
                              assigned=("e", "i1", "i2", "m", "t0", "nself", "nexcite",
                                        "ninhibit", "ke", "ki1", "ki2", "km", "ae", "ai1", "ai2",
                                        "be", "bi1", "bi2", "a", "b")),
    "NetStim": MechanismType("NetStim", "artificial",
                             params={"interval": 10.0, "number": 10.0, "start": 50.0, "noise": 0.0},
                             assigned=("event", "on", "ispike")),
    "VecStim": MechanismType("VecStim", "artificial", params={}, assigned=("index", "etime")),
}

NET_RECEIVERS = {"ExpSyn", "Exp2Syn", "IntFire1", "IntFire2", "IntFire4", "NetStim", "VecStim"}

ALL_POINT = {**POINT, **ARTIFICIAL}


def density(name):
    try:
        return DENSITY[name]
    except KeyError:
        raise ValueError(
            f"insert({name!r}): unknown mechanism; use one of {sorted(DENSITY)} "
            "(point processes such as ExpSyn are created with h.ExpSyn(seg))") from None


def suffix_lookup(attr):
    """'gnabar_hh' -> ('hh', 'gnabar'); None if attr is not of that form."""
    if "_" not in attr:
        return None
    base, _, suffix = attr.rpartition("_")
    mech = DENSITY.get(suffix)
    if mech is not None and base in mech.fields:
        return suffix, base
    return None


def ion_owner(attr):
    """'ena' -> 'hh' (the density mechanism that carries this ion variable)."""
    for mech in DENSITY.values():
        if attr in mech.ions:
            return mech.name
    return None
