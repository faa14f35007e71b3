"""h.MechanismType(0) (density mechanisms) and h.MechanismType(1) (point processes): NEURON's
list of the mechanisms a program may use, in NEURON's type order, with a selection to insert,
make, remove or walk (docs/progref/modelspec/programmatic/mechtype.rst).

The order is NEURON 9's: its built-in types (the ones pnm does not simulate, such as
extracellular or PatternStim, are listed too so that indices agree), then the .mod files'
mechanisms in the order nrnivmodl registers them (file names sorted), an ion a mechanism brings
(ca_ion, ...) just before the first mechanism that uses it. pnm's VecStim (pnm/mod/) is built
in but is a .mod file of the user's in NEURON 9, so it is not listed among the built-ins."""

import re

from . import stdmechs
from .model import mechanisms as mechs
from .model import secstack
from .model.mechstandard import assign_text
from .model.hocindex import next_index, release_index
from .model.userpoint import point_class

# NEURON 9.0.2's built-in types: (internal type, name, point process?), as nrniv lists them
BUILTIN = (
    (2, "morphology", False), (3, "capacitance", False), (4, "pas", False),
    (5, "extracellular", False), (6, "fastpas", False), (7, "IClamp", True),
    (8, "AlphaSynapse", True), (9, "ExpSyn", True), (10, "Exp2Syn", True),
    (11, "SEClamp", True), (12, "VClamp", True), (13, "OClamp", True), (14, "APCount", True),
    (15, "na_ion", False), (16, "k_ion", False), (17, "hh", False), (18, "NetStim", True),
    (19, "IntFire1", True), (20, "IntFire2", True), (21, "IntFire4", True),
    (22, "PointProcessMark", True), (23, "PatternStim", True))
FIRST_USER_TYPE = 24
# (NET_RECEIVE, net_event, ARTIFICIAL_CELL) of the built-in point processes
BUILTIN_FLAGS = {"ExpSyn": (True, False, False), "Exp2Syn": (True, False, False),
                 "NetStim": (True, True, True), "IntFire1": (True, True, True),
                 "IntFire2": (True, True, True), "IntFire4": (True, True, True),
                 "PatternStim": (True, False, True)}
# always present in a section (inserting them changes nothing)
ALWAYS_THERE = ("morphology", "capacitance")
# how the translator writes a net_event() call (pnm.nmodl.netrecv)
_NET_EVENT = re.compile(r"push_event\(events, n_events, .*, 1\.0, float\(i\), 0\.0\)")


def all_types():
    """[(internal type, name, point process?)] of every mechanism, NEURON's order."""
    out = list(BUILTIN)
    listed = {name for _, name, _ in out}
    for name, module in mechs.USER.items():
        if name in stdmechs.NAMES:          # pnm's own .mod files of NEURON's built-ins
            continue
        for ion, *_ in module.IONS:
            if ion + "_ion" not in listed:
                out.append((FIRST_USER_TYPE + len(out) - len(BUILTIN), ion + "_ion", False))
                listed.add(ion + "_ion")
        out.append((FIRST_USER_TYPE + len(out) - len(BUILTIN), name, module.KIND != "density"))
        listed.add(name)
    return out


def point_type_number(name):
    """1 + the place of point process `name` in MechanismType(1)'s list (NEURON's
    StringFunctions.is_point_process / is_artificial answer), 0 if it is none."""
    points = [n for _, n, point in all_types() if point]
    return points.index(name) + 1 if name in points else 0


def _flags(name):
    """(NET_RECEIVE, net_event, ARTIFICIAL_CELL) of point process name."""
    if name in BUILTIN_FLAGS or name not in mechs.USER:
        return BUILTIN_FLAGS.get(name, (False, False, False))
    module = mechs.USER[name]
    # a lazy front (pnm.nmodl.lazyfront) names the file that holds the generated code
    with open(getattr(module, "KERNELS_FILE", module.__file__)) as f:
        has_event = _NET_EVENT.search(f.read()) is not None
    return "net_receive" in dir(module), has_event, module.KIND not in ("density",
                                                                          "point_process")


class MechanismType:
    """h.MechanismType(0): density mechanisms; h.MechanismType(1): point processes."""

    hoc_strdef_args = True       # selected(s) writes into the hoc strdef s
    hoc_objref_out = ("make",)   # make(objvar) assigns hoc's object variable

    def __init__(self, kind):
        if kind not in (0, 1):
            raise RuntimeError(f"MechanismType({kind!r}): the argument is 0 (density "
                               "mechanisms) or 1 (point processes); NEURON's 'Arg out of range'")
        self.point = bool(kind)
        self.types = [t for t in all_types() if t[2] == self.point]
        self.index = 0
        self.command = None
        self.walk = []
        self.hoc_index = next_index("MechanismType")

    def hname(self):
        return f"MechanismType[{self.hoc_index}]"

    __repr__ = hname

    def __del__(self, release=release_index):
        if getattr(self, "hoc_index", None) is not None:     # (freed: NEURON's numbering)
            release("MechanismType")

    def _checked(self, i, method):
        k = int(i)
        if not 0 <= k < len(self.types):
            raise RuntimeError(f"{self}.{method}({i!r}): index out of range 0.."
                               f"{len(self.types) - 1} (NEURON's 'Arg out of range')")
        return k

    @property
    def _name(self):
        return self.types[self.index][1]

    # ---- the list and the selection -------------------------------------------------------
    def count(self):                 # NEURON 9: an int, as selected()
        return len(self.types)

    def select(self, what):
        """select("name") (an unknown name leaves the selection as it is, as in NEURON) or
        select(i)."""
        what = getattr(what, "v", what)
        if isinstance(what, str):
            for k, (_, name, _) in enumerate(self.types):
                if name == what:
                    self.index = k
            return 0.0
        self.index = self._checked(what, "select")
        return 0.0

    def selected(self, ref=None):
        if ref is not None:
            assign_text(ref, self._name)
        return self.index

    def internal_type(self):
        return float(self.types[self.index][0])

    def is_ion(self):
        return self._name.endswith("_ion")

    def is_netcon_target(self, i):
        k = self._checked(i, "is_netcon_target")
        return self.point and _flags(self.types[k][1])[0]

    def has_net_event(self, i):
        k = self._checked(i, "has_net_event")
        return self.point and _flags(self.types[k][1])[1]

    def is_artificial(self, i):
        k = self._checked(i, "is_artificial")
        return self.point and _flags(self.types[k][1])[2]

    # ---- acting on the model ----------------------------------------------------------------
    def make(self, ref=None, sec=None):
        """Density: insert the selection into sec (or the currently accessed section).
        Point process: ref (h.ref(None), or a hoc object variable) gets a new, unlocated
        point process of the selected type."""
        name = self._name
        if not self.point:
            if name not in ALWAYS_THERE:
                (sec if sec is not None else secstack.cas()).insert(name)
            return 0.0
        if ref is None:
            raise RuntimeError(f"{self}.make(): point processes are made into an object "
                               "reference: mt.make(ref) with ref = h.ref(None) (hoc: "
                               "mt.make(objvar)); NEURON's 'make not enough arguments'")
        if name in stdmechs.NAMES:
            stdmechs.ensure_loaded()
        cls = point_class(name) if mechs.is_user_point(name) else None
        if cls is None:
            raise RuntimeError(f"{self}.make(ref): pnm does not provide the point process "
                               f"{name!r} (NEURON built-in pnm does not simulate)")
        ref[0] = cls()
        return 0.0

    def remove(self, sec=None):
        """Density: uninsert the selection from sec (or the accessed section); nothing if it
        is not there."""
        if not self.point:
            (sec if sec is not None else secstack.cas()).uninsert(self._name)
        return 0.0

    def pp_begin(self, sec=None):
        """The first point process of the selected type located on sec (or the accessed
        section), nodes from the 0 end to the 1 end, the newest first at a node; None if
        there is none."""
        if not self.point:
            raise RuntimeError(f"{self}.pp_begin(): Not a MechanismType(1) (point processes "
                               "only)")
        section = sec if sec is not None else secstack.cas()
        name = self._name
        self.walk = []
        for node in range(section.nseg + 2):
            here = [pp for pp in section.point_processes_at(node) if pp.mech_name == name]
            self.walk.extend(reversed(here))
        return self.pp_next()

    def pp_next(self):
        return self.walk.pop(0) if self.walk else None

    # ---- the GUI side: pnm has no display -------------------------------------------------
    def action(self, command):
        """The statement or callable a menu selection runs; pnm shows no menus."""
        self.command = command
        return 0.0

    def menu(self):
        """NEURON puts a menu into the open xpanel; without a display it does nothing, and
        neither does pnm (a notice says once that there is no display)."""
        from .graphics import notice
        notice.no_display_once()
        return 0.0
