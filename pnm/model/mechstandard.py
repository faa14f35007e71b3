"""h.MechanismStandard(name[, vartype]): storage for the values of one mechanism's variables,
copied from and to sections, segments, point processes or another standard (NEURON's
src/nrniv/nrnmenu.cpp; docs/progref/programming/mechstan.rst).

vartype 1 (default) holds the PARAMETERs, 2 the ASSIGNED, 3 the STATEs, 0 all three, -1 names
the GLOBALs only. Density mechanisms' names carry the suffix (`gnabar_hh`), point processes'
do not (`tau`). A new standard holds the defaults (0 for ASSIGNED and STATE variables)."""

from . import mechanisms as mechs
from . import secstack
from .hocindex import next_index, release_index
from .segment import Segment

# NEURON 9.0.2's variables of its built-in artificial cells, by vartype (1, 2, 3, -1), in
# NEURON's order (MechanismStandard(name, vartype).name(ref, i) read from nrniv); the other
# mechanisms come from .mod files, whose generated modules know their variables
_BUILTIN = {
    "NetStim": (("interval", "number", "start", "noise"), (), (), ()),
    "IntFire1": (("tau", "refrac"), ("m",), (), ()),
    "IntFire2": (("taus", "taum", "ib"), ("i", "m"), (), ()),
    "IntFire4": (("taue", "taui1", "taui2", "taum"),
                 ("e", "i1", "i2", "m", "nself", "nexcite", "ninhibit", "ae", "ai1", "ai2"),
                 (), ("ib", "eps", "taueps")),
}


def _variables(mech):
    """(parameters, assigned, states, globals) of mech, NEURON's names without suffix."""
    if mech in _BUILTIN:
        return _BUILTIN[mech]
    module = mechs.USER.get(mech)
    if module is not None:
        kinds = {name: kind for name, kind, _ in module.FIELDS}
        ranges = list(module.RANGE_NAMES)
        return (tuple(n for n in ranges if kinds[n] == "parameter"),
                tuple(n for n in ranges if kinds[n] == "assigned"),
                tuple(n for n in ranges if kinds[n] == "state"), tuple(module.GLOBAL_NAMES))
    mt = mechs.DENSITY.get(mech) or mechs.ALL_POINT.get(mech)
    if mt is None:
        raise RuntimeError(f"MechanismStandard({mech!r}): {mech} is not a Mechanism or Point "
                           "Process (NEURON's error too)")
    return tuple(mt.params), tuple(mt.assigned), tuple(mt.states), ()


def _ion_variables(mech):
    """An ion mechanism's variables by vartype, as NEURON's MechanismStandard lists them
    (`k_ion`: 1 ko; 2 ik, dik_dv_; 0 ek, ki, ko, ik, dik_dv_; -1 ki0, ko0)."""
    ion = mech[:-len("_ion")]
    conc_in, conc_out, current = f"{ion}i", f"{ion}o", f"i{ion}"
    return {1: (conc_out,), 2: (current, f"di{ion}_dv_"), 3: (),
            0: (f"e{ion}", conc_in, conc_out, current, f"di{ion}_dv_"),
            -1: (f"{conc_in}0", f"{conc_out}0")}


def _default(mech, field):
    mt = mechs.DENSITY.get(mech) or mechs.ALL_POINT.get(mech)
    return float(mt.params.get(field, 0.0))


def assign_text(ref, text):
    """Put text into a hoc strdef (Box) or a Python h.ref('')."""
    if hasattr(ref, "v"):
        ref.v = text
    else:
        ref[0] = text


class MechanismStandard:
    """h.MechanismStandard("hh"), h.MechanismStandard("ExpSyn", 0)."""

    hoc_strdef_args = True       # hoc passes strdefs as they are: name(s, i) writes into s

    def __init__(self, name, vartype=1):
        if not isinstance(name, str):
            raise TypeError(f"MechanismStandard({name!r}): give the mechanism's name as a string "
                            "(e.g. 'hh'; for h.hh use h.hh.name), as NEURON")
        if vartype not in (-1, 0, 1, 2, 3):
            raise RuntimeError(f"MechanismStandard({name!r}, {vartype!r}): vartype must be 1 "
                             "(PARAMETER), 2 (ASSIGNED), 3 (STATE), 0 (all three) or -1 (GLOBAL)")
        from .. import stdmechs
        if name in stdmechs.NAMES:            # AlphaSynapse, SEClamp, ...: loaded at first use
            stdmechs.ensure_loaded()
        self.mech_name, self.vartype = name, int(vartype)
        self.is_point = name in mechs.ALL_POINT
        if mechs.is_ion(name):
            chosen = _ion_variables(name)[self.vartype]
            self.fields = list(chosen)
            # NEURON names an ion's range variables without suffix, its globals with one
            self.names = [f if self.vartype != -1 else f"{f}_{name}" for f in chosen]
            self.keys = [f"{f}_{name}" for f in chosen]
            params = chosen if self.vartype == 1 else ()
        else:
            params, assigned, states, globals_ = _variables(name)
            chosen = {1: params, 2: assigned, 3: states, 0: params + assigned + states,
                      -1: globals_}[self.vartype]
            self.fields = list(chosen)
            if self.vartype == -1 or not self.is_point:
                self.names = [f"{f}_{name}" for f in chosen]
            else:
                self.names = list(chosen)
            self.keys = list(self.names)
        self.values = {n: _default(name, f) if f in params else 0.0
                       for n, f in zip(self.names, chosen)}
        self.callback = None
        self.hoc_index = next_index("MechanismStandard")

    def hname(self):
        return f"MechanismStandard[{self.hoc_index}]"

    __repr__ = hname

    def __del__(self, release=release_index):
        if getattr(self, "hoc_index", None) is not None:     # (freed: NEURON's numbering)
            release("MechanismStandard")

    # ---- names and values -------------------------------------------------------------------
    def count(self):
        return len(self.names)

    def is_array(self, i):
        self._index(i)
        return False

    def name(self, ref=None, i=None):
        """name(ref): ref gets the mechanism's name; name(ref, i): the i-th variable's name,
        returns its array size (1)."""
        if i is None:
            if ref is not None:
                assign_text(ref, self.mech_name)
            return 0
        assign_text(ref, self.names[self._index(i)])
        return 1

    def _index(self, i):
        if not 0 <= int(i) < len(self.names):
            raise RuntimeError(f"{self}.name(ref, {i}): index out of range 0..{len(self.names) - 1}")
        return int(i)

    def _key(self, name, index, method):
        name = getattr(name, "v", name)          # a hoc strdef
        if self.vartype == -1:
            raise RuntimeError(f"{self}.{method}({name!r}): MechanismStandard method not "
                               "implemented for GLOBAL type (NEURON's error too)")
        if name not in self.values:
            raise RuntimeError(f"{self}.{method}({name!r}): {name} not in this property "
                               f"(variables: {self.names})")
        if index not in (None, 0):
            raise IndexError(f"{self}.{method}({name!r}, {index}): {name} is not an array")
        return name

    def get(self, name, index=None):
        return self.values[self._key(name, index, "get")]

    def set(self, name, value, index=None):
        self.values[self._key(name, index, "set")] = float(value)
        return 0.0

    # ---- copying in and out -----------------------------------------------------------------
    def _in(self, source=None, sec=None):
        """Copy values into the standard from a section's first segment (no x), the segment
        at x, a point process or another standard; a source of another type: nothing."""
        for name, value in self._read(source, sec):
            self.values[name] = value
        return 0.0

    def out(self, target=None, sec=None):
        """Copy the standard's values to a section (every segment), the segment at x, a
        point process or another standard; a target of another type: nothing (as NEURON)."""
        if isinstance(target, MechanismStandard):
            if target.mech_name == self.mech_name:
                for name, value in self.values.items():
                    if name in target.values:
                        target.values[name] = value
            return 0.0
        if self.is_point:
            if getattr(target, "mech_name", None) == self.mech_name:
                for name, field in zip(self.names, self.fields):
                    setattr(target, field,
                            self.values[name])
            return 0.0
        section, segments = self._segments(target, sec, every=True)
        if self.mech_name in section.mechanism_names:
            for iseg in segments:
                for name, key in zip(self.names, self.keys):
                    section.set_range_value(key, iseg, self.values[name])
        return 0.0

    def _read(self, source, sec):
        if isinstance(source, MechanismStandard):
            same = source.mech_name == self.mech_name
            return [(n, v) for n, v in source.values.items() if same and n in self.values]
        if self.is_point:
            if getattr(source, "mech_name", None) != self.mech_name:
                return []
            return [(name, float(getattr(source, f)))
                    for name, f in zip(self.names, self.fields)]
        section, segments = self._segments(source, sec, every=False)
        if self.mech_name not in section.mechanism_names:
            return []
        section.sync_from_engine()
        return [(name, section.range_value(key, segments[0]))
                for name, key in zip(self.names, self.keys)]

    def _segments(self, where, sec, every):
        """(section, segment indices): a Segment, x on sec (or the accessed section), or the
        whole section (every) / its first segment."""
        if isinstance(where, Segment):
            return where.sec, [where.sec.seg_index(where.x)]
        if where is not None and not isinstance(where, (int, float)):
            raise TypeError(f"{self}: expected x, a segment, a point process or a "
                            f"MechanismStandard, not {where!r}")
        section = sec if sec is not None else secstack.cas()
        if where is None:
            return section, list(range(section.nseg)) if every else [0]
        return section, [section.seg_index(float(where))]

    # ---- the GUI side: pnm has no display -------------------------------------------------
    def action(self, callback):
        """The callback runs when a panel changes a value; pnm shows no panels."""
        self.callback = callback
        return 0.0

    def panel(self, label=None):
        from ..graphics import notice
        notice.no_display_once()
        return 0.0

    def save(self, name):
        raise NotImplementedError(f"{self}.save({name!r}): session files are not provided by "
                                  "pnm (no GUI); keep the values with get()/set()")


setattr(MechanismStandard, "in", MechanismStandard._in)     # hoc's ms.in(...)
