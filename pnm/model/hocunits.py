"""h.units(): the units NEURON attaches to its names. Built-in names carry the units of
NEURON's own .mod files and C declarations (the table below, read from NEURON 9.0.2's
h.units for every name pnm provides); user mechanisms carry what their .mod file declares
(pnm.nmodl writes it into the generated module's UNITS)."""

from . import mechanisms as mechs

# NEURON 9.0.2's h.units(name) for the built-in names that have units (others answer "")
BUILTIN = {
    "v": "mV", "L": "um", "diam": "um", "cm": "uF/cm2", "Ra": "ohm-cm", "t": "ms",
    "dt": "ms", "celsius": "degC", "i_membrane": "mA/cm2", "i_cap": "mA/cm2",
    "tstop": "ms", "v_init": "mV", "realtime": "s", "screen_update_invl": "s",
    "ena": "mV", "ek": "mV", "ina": "mA/cm2", "ik": "mA/cm2", "nai": "mM", "nao": "mM",
    "ki": "mM", "ko": "mM",
    "gnabar_hh": "S/cm2", "gkbar_hh": "S/cm2", "gl_hh": "S/cm2", "el_hh": "mV",
    "gna_hh": "S/cm2", "gk_hh": "S/cm2", "il_hh": "mA/cm2", "mtau_hh": "ms",
    "htau_hh": "ms", "ntau_hh": "ms",
    "e_pas": "mV", "g_pas": "S/cm2", "i_pas": "mA/cm2",
    "ExpSyn.tau": "ms", "ExpSyn.e": "mV", "ExpSyn.g": "uS", "ExpSyn.i": "nA",
    "Exp2Syn.tau1": "ms", "Exp2Syn.tau2": "ms", "Exp2Syn.e": "mV", "Exp2Syn.A": "uS",
    "Exp2Syn.B": "uS", "Exp2Syn.g": "uS", "Exp2Syn.i": "nA",
    "IClamp.del": "ms", "IClamp.dur": "ms", "IClamp.amp": "nA", "IClamp.i": "nA",
    "IntFire1.tau": "ms", "IntFire1.refrac": "ms", "IntFire2.taum": "ms",
    "IntFire2.taus": "ms", "IntFire4.taue": "ms", "IntFire4.taui1": "ms",
    "IntFire4.taui2": "ms", "IntFire4.taum": "ms", "IntFire4.ae": "1/ms",
    "IntFire4.ai1": "1/ms", "IntFire4.ai2": "1/ms",
    "NetStim.interval": "ms", "NetStim.start": "ms",
}
# names NEURON knows without units, beyond h's own attributes and mechanism fields
_NO_UNITS = {"nseg", "rallbranch", "secondorder", "stoprun", "steps_per_ms", "running_",
             "i_membrane_", "area", "ri", "usetable_hh", "minf_hh", "hinf_hh", "ninf_hh"}
# hoc-level names of the built-in point processes that NEURON does not make public
_PRIVATE = {"IClamp.delay", "Exp2Syn.factor", "IntFire1.t0", "IntFire1.refractory",
            "IntFire2.t0", "IntFire4.t0", "IntFire4.ke", "IntFire4.ki1", "IntFire4.ki2",
            "IntFire4.km", "IntFire4.be", "IntFire4.bi1", "IntFire4.bi2", "IntFire4.a",
            "IntFire4.b", "NetStim.event", "NetStim.on", "NetStim.ispike", "VecStim.index",
            "VecStim.etime"}
_assigned = {}        # h.units(name, "units") sets a name's units for the rest of the run


def user_units(name):
    """Units of a name of a user (.mod) mechanism: "field_mech", "global_mech" or
    "Mech.field"; None if name belongs to none."""
    if "." in name:
        mech, field = name.split(".", 1)
        module = mechs.USER.get(mech)
        table = getattr(module, "UNITS", None) if module is not None else None
        return None if table is None or field not in table else table[field]
    for mech, module in mechs.USER.items():
        suffix = "_" + mech
        if name.endswith(suffix):
            table = getattr(module, "UNITS", {})
            field = name[:-len(suffix)]
            if field in table:
                return table[field]
    return None


def lookup(name):
    """The units string of name, "" for a known name without units, None if unknown."""
    if name in _assigned:
        return _assigned[name]
    if name in BUILTIN:
        return BUILTIN[name]
    if name in _PRIVATE:        # (the built-ins' .mod files have them, hoc does not)
        return None
    found = user_units(name)
    if found is not None:
        return found
    if name in _NO_UNITS:
        return ""
    if "." in name:
        mech, field = name.split(".", 1)
        mt = mechs.ALL_POINT.get(mech)
        return "" if mt is not None and field in mt.fields else None
    if name in mechs.DENSITY or name in mechs.ALL_POINT:
        return ""
    found = mechs.suffix_lookup(name)
    if found is None or _is_ion_variable(found[1]):     # NEURON has no ena_hh, ina_hh
        return None
    return ""


def _is_ion_variable(base):
    return any(base in (f"e{ion}", f"i{ion}", f"{ion}i", f"{ion}o") for ion in mechs.ION_VALENCE)


def assign(name, units):
    """h.units(name, "units"): set (NEURON keeps it for the symbol)."""
    _assigned[name] = str(units)
    return _assigned[name]
