"""The catalogue of mechanisms pnm knows: names, parameters and defaults, as NEURON's .mod files
declare them. The engine owns the numerics; this module only describes."""

import math
import os
import weakref
from dataclasses import dataclass, field
from functools import cached_property

from . import toplevel_mod


@dataclass(frozen=True)
class MechanismType:
    name: str
    kind: str                      # "density", "point", "artificial"
    params: dict                   # name -> default (user-settable)
    states: tuple = ()             # state variables (settable, reset by INITIAL)
    assigned: tuple = ()           # computed variables (readable)
    ions: dict = field(default_factory=dict)  # ion variable -> default (density only)
    uses: tuple = ()     # (ion, conc, rev, flags) per USEION: conc/rev 0 unused, 1 read,
                         # 3 written; flags 0200 writes ci, 0400 writes co (NEURON's bits)

    @cached_property
    def fields(self):
        """Every variable's name (params, ions, states, assigned): computed once, as a
        type's parts never change (a mechanism registered again is a new MechanismType)."""
        return tuple(self.params) + tuple(self.ions) + self.states + self.assigned

    @cached_property
    def field_defaults(self):
        """{field: its value before any set}: parameters' defaults, 0 for the rest."""
        return {f: self.params.get(f, 0.0) for f in self.fields}

    @cached_property
    def ion_mechanisms(self):
        """The ion mechanisms ("na_ion", ...) its USEIONs name, in order."""
        return tuple(use[0] + "_ion" for use in self.uses)

    @property
    def is_target(self):
        """Whether a NetCon may deliver events to it (the .mod file has NET_RECEIVE)."""
        return self.name in NET_RECEIVERS


# density mechanisms and point processes come from .mod files: NEURON's built-ins (hh, pas,
# IClamp, ExpSyn, ...) from pnm's own (pnm/mod/, loaded by stdmechs.py) and users' (USER below)
DENSITY = {}

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

NET_RECEIVERS = {"IntFire1", "IntFire2", "IntFire4", "NetStim", "VecStim"}

ALL_POINT = dict(ARTIFICIAL)      # and, once loaded, the point processes from .mod files
SPLIT_KEYS = {}     # split_key's answers, by name (emptied when DENSITY changes)


def density(name):
    try:
        return DENSITY[name]
    except KeyError:
        where = mod_file_declaring(name)
        if where is not None:
            raise ValueError(
                f"insert({name!r}): {where} declares SUFFIX {name} but it was not compiled "
                f"for pnm; run `python -m pnm nrnivmodl {os.path.dirname(where) or '.'}` and "
                "start Python in that directory (or call pnm.load_mechanisms(DIR))") from None
        raise ValueError(
            f"insert({name!r}): unknown mechanism; use one of {sorted(DENSITY)} "
            "(point processes such as ExpSyn are created with h.ExpSyn(seg)); a mechanism "
            "of your own from NAME.mod: run `python -m pnm nrnivmodl DIR` in the directory "
            "that holds the .mod files and start Python there (or call "
            "pnm.load_mechanisms(DIR))") from None


def mod_file_declaring(name, directories=(".", "mod", "mechanisms")):
    """A .mod file (in the working directory or its usual subfolders) whose NEURON block
    names SUFFIX/POINT_PROCESS `name`, or None."""
    import glob
    import re
    pattern = re.compile(r"\b(SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)\s+" + re.escape(name)
                         + r"(?![\w])")
    for directory in directories:
        for path in sorted(glob.glob(os.path.join(directory, "*.mod"))):
            try:
                with open(path, errors="replace") as f:
                    if pattern.search(f.read()):
                        return os.path.normpath(path)
            except OSError:
                continue
    return None


# ---- mechanisms from users' .mod files (generated by pnm.nmodl; see load_mechanisms) ------
USER = {}           # name -> generated kernel module (density and point mechanisms)
USER_GLOBALS = {}   # name -> float64 array of its GLOBALs (h.name_mech reads/writes it)
USER_TABLES = {}    # name -> its TABLE array (rebuilt by the kernels when DEPEND values change)
ION_VALENCE = {"na": 1, "k": 1, "ca": 2}


def ion_valence(ion):
    return ION_VALENCE.get(ion, 1)


def user_table(name):
    return USER_TABLES[name]


def register_user(module):
    """Add a generated mechanism module to the catalogue (insert, seg.mech.field,
    seg.field_mech, h.global_mech), and the ion mechanisms its USEIONs name. Built-in names
    cannot be replaced."""
    import numpy as np
    name = module.MECHANISM
    if name == "nothing":       # SUFFIX nothing: functions and variables at hoc's top level
        toplevel_mod.add(module)
        return
    if (name in DENSITY or name in ALL_POINT) and name not in USER:
        raise ValueError(f"{module.__file__}: mechanism {name!r} clashes with pnm's built-in")
    kinds = {}
    for field_name, kind, default in module.FIELDS:
        kinds.setdefault(kind, {})[field_name] = default
    params = dict(kinds.get("parameter", {}))
    states = tuple(kinds.get("state", {}))
    # WATCH bookkeeping rows ("_watch0.active"), geometry, x', RANDOM and remembered parts
    # of the state updates ("_memo0", pnm.nmodl.memo) are the engine's
    assigned = tuple(f for f, k, _ in module.FIELDS
                     if k not in ("parameter", "state", "geometry", "random", "watch", "derivative",
                                  "memo"))
    uses = []
    for ion, read, write, valence in module.IONS:
        register_ion(ion, valence, module.__file__)
        names = ION_FIELDS[ion]
        conc = 3 if {names[1], names[2]} & set(write) else (
            1 if {names[1], names[2]} & set(read) else 0)
        rev = 3 if names[0] in write else (1 if names[0] in read else 0)
        flags = (0o200 if names[1] in write else 0) + (0o400 if names[2] in write else 0)
        uses.append((ion, conc, rev, flags))
    SPLIT_KEYS.clear()      # the catalogue changes: split_key's answers may too
    if module.KIND == "density":
        DENSITY[name] = MechanismType(name, "density", params=params, states=states,
                                      assigned=assigned, uses=tuple(uses))
    else:
        kind = "point" if module.KIND == "point_process" else "artificial"
        ALL_POINT[name] = MechanismType(name, kind, params=params, states=states,
                                        assigned=assigned, uses=tuple(uses))
        if hasattr(module, "net_receive"):
            NET_RECEIVERS.add(name)
    USER[name] = module
    USER_GLOBALS[name] = np.array([value for _, value in module.GLOBALS], dtype=float)
    USER_TABLES[name] = np.zeros(module.TABLE_SHAPE)


# ---- NEURON's ion mechanisms (eion.cpp): na_ion, k_ion, ca_ion, any ion a USEION names -------
ION_DEFAULTS = {"na": (50.0, 10.0, 140.0), "k": (-77.0, 54.4, 2.5),   # e, ci, co at allocation
                "ca": (12.5 * math.log(2.0 / 5e-5), 5e-5, 2.0)}
ION_FIELDS = {}     # ion -> (e, ci, co, i, didv) names: ("ena", "nai", "nao", "ina", "dina_dv_")
ION_GLOBALS = {}    # ion -> float64 [ci0, co0, valence]: h.nai0_na_ion, h.nao0_na_ion (live)


def register_ion(ion, valence=None, where="pnm"):
    """The ion mechanism <ion>_ion (a density mechanism of five range variables); a VALENCE
    that differs from the ion's known one is an error, as in NEURON."""
    import numpy as np
    known = ION_VALENCE.get(ion)
    if valence is not None and known is not None and float(valence) != float(known):
        raise ValueError(f"{where}: USEION {ion} VALENCE {valence:g} conflicts with the "
                         f"valence {known:g} {ion} already has")
    if ion in ION_FIELDS:
        return ion + "_ion"
    ION_VALENCE[ion] = valence if valence is not None else (known if known is not None else 1)
    names = (f"e{ion}", f"{ion}i", f"{ion}o", f"i{ion}", f"di{ion}_dv_")
    e, ci, co = ION_DEFAULTS.get(ion, (0.0, 1.0, 1.0))
    ION_FIELDS[ion] = names
    ION_GLOBALS[ion] = np.array([ci, co, float(ION_VALENCE[ion])])
    SPLIT_KEYS.clear()
    DENSITY[ion + "_ion"] = MechanismType(ion + "_ion", "ion", params={
        names[0]: e, names[1]: ci, names[2]: co, names[3]: 0.0, names[4]: 0.0})
    return ion + "_ion"


def is_ion(name):
    return name.endswith("_ion") and name[:-4] in ION_FIELDS


def ions_of(name):
    """The ion mechanisms inserting density mechanism `name` brings along (NEURON inserts
    them with it)."""
    return DENSITY[name].ion_mechanisms


def add_to(names, table, name):
    """Insert density mechanism `name` into a section's list of mechanism `names` (in order),
    with the ion mechanisms it uses before it as NEURON does (table: the section's range
    arrays)."""
    add_ions(names, table, ions_of(name))
    names.append(name)


def add_ions(names, table, ions):
    """Insert the ion mechanisms `ions` a mechanism uses (before the others) where missing;
    also for a point process from a .mod file that USEIONs (Section.add_point_process)."""
    for ion in ions:
        if ion not in names:
            names.insert(0, ion)


def ion_global(attr):
    """'cai0_ca_ion' -> (ION_GLOBALS['ca'], 0); 'cao0_ca_ion' -> (..., 1); else None."""
    for ion, names in ION_FIELDS.items():
        for k, var in enumerate(names[1:3]):
            if attr == f"{var}0_{ion}_ion":
                return ION_GLOBALS[ion], k
    return None


ION_STYLE = weakref.WeakKeyDictionary()     # section -> {ion: style} set by h.ion_style


def ion_style(sec, name, *style):
    """h.ion_style("ca_ion", c_style, e_style, einit, eadvance, cinit) for section sec: set
    the style NEURON's eion.cpp uses (returns the previous one, -1 where sec has no such
    ion); h.ion_style("ca_ion") returns it. A section's style is otherwise promoted from its
    mechanisms (promote)."""
    if not is_ion(name):
        raise ValueError(f"ion_style({name!r}): {name} is not an ion (ions: "
                         f"{sorted(ion + '_ion' for ion in ION_FIELDS)})")
    ion = name[:-4]
    old = section_style(sec, ion)
    if style:
        if len(style) != 5:
            raise TypeError(f"ion_style({name!r}, ...): give c_style, e_style, einit, "
                            "eadvance, cinit (5 numbers) or none")
        c, e, einit, eadvance, cinit = (int(x) for x in style)
        if not (0 <= c <= 3 and 0 <= e <= 3 and all(x in (0, 1) for x in (einit, eadvance, cinit))):
            raise ValueError(f"ion_style({name!r}, {', '.join(map(str, style))}): c_style and "
                             "e_style are 0..3, einit, eadvance and cinit 0 or 1")
        if old >= 0:
            ION_STYLE.setdefault(sec, {})[ion] = (old & 0o600) + c + 0o10 * e + \
                0o40 * einit + 0o100 * eadvance + 0o4 * cinit
            from .state import STATE
            STATE.changed()
    return float(old)


def section_style(sec, ion):
    """NEURON's style bits of an ion in a section (-1: the section has no such ion): set by
    h.ion_style, else promoted over the section's mechanisms in insertion order."""
    names = sec.mechanism_names
    if ion + "_ion" not in names:
        return -1
    style = ION_STYLE.get(sec, {}).get(ion)
    if style is not None:
        return style
    style = 0
    for mech in names + sec.point_mechanism_names():
        for used, conc, rev, flags in _catalogued(mech).uses:
            if used == ion:
                style = promote(style, conc, rev) | flags
    return style


def _catalogued(name):
    return DENSITY[name] if name in DENSITY else ALL_POINT[name]


def promote(style, conc, rev):
    """NEURON's nrn_promote: an ion's style bits after a mechanism that uses its concentration
    (conc) and reversal potential (rev) as 0 unused, 1 read, 3 written. Bits: 03 conc style,
    04 cinit, 030 e style, 040 einit, 0100 eadvance."""
    old_conc, old_rev = max(style & 3, conc), max((style & 0o30) >> 3, rev)
    if old_conc > 0 and old_rev < 2:
        old_rev = 2
    style = (style & ~0o177) + old_conc + 0o10 * old_rev
    if old_conc == 3:
        style += 0o4
        if old_rev == 2:
            style += 0o100
    if old_conc > 0 and old_rev == 2:
        style += 0o40
    return style


for _ion in ("na", "k", "ca"):
    register_ion(_ion)


MANIFEST = "manifest.txt"      # in pnm_mechanisms/: the translations the last nrnivmodl made


def load_mechanisms(path):
    """Load the mechanisms `python -m pnm nrnivmodl` translated: path is the directory where
    it ran (holding pnm_mechanisms/) or pnm_mechanisms/ itself. Exactly the translations its
    last run listed in pnm_mechanisms/manifest.txt load, as NEURON's x86_64/ holds exactly the
    .mod files nrnivmodl last built (older translations in the folder are a cache, not part of
    the set). Returns their names."""
    directory = os.path.abspath(path)
    if os.path.isdir(os.path.join(directory, "pnm_mechanisms")):
        directory = os.path.join(directory, "pnm_mechanisms")
    manifest = os.path.join(directory, MANIFEST)
    if not os.path.exists(manifest):
        raise FileNotFoundError(
            f"load_mechanisms({path!r}): {directory} has no {MANIFEST} (no translations, or "
            "ones an older pnm made); run `python -m pnm nrnivmodl` in the folder of the "
            ".mod files")
    with open(manifest) as f:
        names = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    files = [os.path.join(directory, name) for name in names]
    missing = [file for file in files if not os.path.exists(file)]
    if missing:
        raise FileNotFoundError(
            f"load_mechanisms({path!r}): {manifest} lists {', '.join(missing)}, which is gone "
            "(a cleaned cache, or one this machine does not see: set PNM_MECH_CACHE to a "
            "folder every rank reads); run `python -m pnm nrnivmodl` there again")
    stale = [file for file in files if not made_by_this_translator(file)]
    if stale:
        raise StaleTranslations(
            f"load_mechanisms({path!r}): {manifest} lists {', '.join(stale)}, translated by "
            "another version of pnm (its generated code may not run with this one); run "
            "`python -m pnm nrnivmodl` there again")
    return load_files(files)


class StaleTranslations(RuntimeError):
    """A pnm_mechanisms folder whose translations another pnm version made."""


def made_by_this_translator(file):
    """Whether a generated module's first line names this pnm's translator version."""
    from ..nmodl.compile import PNM_NMODL_VERSION
    with open(file) as f:
        return f"pnm.nmodl {PNM_NMODL_VERSION} " in f.readline()


def write_manifest(directory, files):
    """Record the translations one nrnivmodl run made (what load_mechanisms loads): absolute
    paths (the shared translation store), or names in directory."""
    from ..util import atomic_write
    with atomic_write(os.path.join(directory, MANIFEST), "w") as f:
        f.write("# written by `python -m pnm nrnivmodl`: the translations pnm loads here\n")
        for file in files:
            inside = os.path.dirname(os.path.abspath(file)) == os.path.abspath(directory)
            f.write((os.path.basename(file) if inside else os.path.abspath(file)) + "\n")


def load_files(files, order=None):
    """Import and register generated mechanism modules (paths); returns their names in
    registration order: nrnivmodl's mod_func.cpp order, .mod file names sorted (the order
    mechanisms initialise, compute currents and advance states in), or `order` (mechanism
    names: pnm's built-ins take NEURON's type order)."""
    import importlib.util
    import sys
    modules = []
    for file in files:
        module_name = "pnm_mech_" + os.path.basename(file)[:-3]
        spec = importlib.util.spec_from_file_location(module_name, file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module      # numba's cache finds its functions by module
        spec.loader.exec_module(module)
        modules.append(module)
    modules.sort(key=lambda m: getattr(m, "MOD_FILE", m.MECHANISM + ".mod"))
    if order is not None:
        modules.sort(key=lambda m: order.index(m.MECHANISM))
    for module in modules:
        register_user(module)
    return [module.MECHANISM for module in modules]


def split_key(attr):
    """'gbar_Ca_HVA' -> ('Ca_HVA', 'gbar'), 'cai_ca_ion' -> ('ca_ion', 'cai'): the density
    mechanism and field a "field_mech" name means (mechanism names may hold '_'); None if
    it names none."""
    try:
        return SPLIT_KEYS[attr]
    except KeyError:
        pass
    found = SPLIT_KEYS[attr] = _split_key(attr)
    return found


def _split_key(attr):
    at = attr.find("_")
    while at > 0:
        mech = DENSITY.get(attr[at + 1:])
        if mech is not None and attr[:at] in mech.fields:
            return attr[at + 1:], attr[:at]
        at = attr.find("_", at + 1)
    return None


def user_global(attr):
    """'gmax_kv' -> (the GLOBALs array of kv, index of gmax) for a GLOBAL of a mechanism
    loaded from a .mod file, 'cai0_ca_ion' -> (the ion's globals, 0); None otherwise."""
    at = attr.find("_")
    while at > 0:
        module = USER.get(attr[at + 1:])
        names = [name for name, _ in module.GLOBALS] if module is not None else ()
        if attr[:at] in names:
            return USER_GLOBALS[attr[at + 1:]], names.index(attr[:at])
        at = attr.find("_", at + 1)
    return ion_global(attr)


def autoload(directory="."):
    """Load ./pnm_mechanisms at `import pnm` when it holds translations, as NEURON loads the
    x86_64/ that nrnivmodl built in the working directory. Returns the names loaded. A folder
    that cannot load (an older pnm's, or its manifest names files that are gone) is reported
    on stderr and not loaded, so that `python -m pnm nrnivmodl` can remake it; a model that
    then inserts one of its mechanisms is told to run nrnivmodl."""
    import glob
    import sys
    found = os.path.join(directory, "pnm_mechanisms")
    if not (os.path.exists(os.path.join(found, MANIFEST))
            or glob.glob(os.path.join(found, "*_" + "?" * 24 + ".py"))):
        return []
    try:
        return load_mechanisms(directory)
    except (FileNotFoundError, StaleTranslations) as exc:
        print(f"pnm: warning: ./pnm_mechanisms not loaded: {exc}", file=sys.stderr)
        return []


def is_user_point(name):
    """Whether name is a POINT_PROCESS or ARTIFICIAL_CELL loaded from a .mod file."""
    return name in USER and USER[name].KIND != "density"


def weight_count(name):
    """The length of a NetCon's weight vector for target mechanism name (NET_RECEIVE's
    arguments; 1 for the built-ins and no target)."""
    module = USER.get(name)
    if module is None:
        return 1
    return max(1, len(getattr(module, "NET_RECEIVE_ARGS", ())))


def suffix_lookup(attr):
    """'gnabar_hh' -> ('hh', 'gnabar'); None if attr is not of that form."""
    return split_key(attr)


def ion_owner(attr, inserted=None):
    """'ena' -> 'na_ion' when a section (its `inserted` mechanism names) has the ion."""
    for ion, names in ION_FIELDS.items():
        if attr not in names:
            continue
        if inserted is None or ion + "_ion" in inserted:
            return ion + "_ion"
    for mech in DENSITY.values():
        if attr in mech.ions:
            return mech.name
    return None
