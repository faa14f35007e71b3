"""NEURON's section-level API around Section: SectionList, SectionRef, topology(), psection()'s
dict, distance(). Sections come from the section stack (secstack) where NEURON takes
the currently accessed section."""

import weakref

from . import secstack
from .hocindex import next_index, release_index
from .section import Section, section_exists
from .segment import Segment
from .state import STATE


class _HocSections:
    """The sections made by hoc's `create` (not Python sections): HOC_SECTIONS.add(sec),
    `sec in HOC_SECTIONS`. A flag in the section (a WeakSet's add cost a weak reference)."""

    __slots__ = ()

    def add(self, sec):
        sec.from_hoc = True

    def __contains__(self, sec):
        return isinstance(sec, Section) and _FROM_HOC(sec)


HOC_SECTIONS = _HocSections()
_FROM_HOC = Section.from_hoc.__get__     # (the slot, also of a deleted section)


def python_secname(sec):
    """NEURON's nrn_sec2pysecname: `_pysec.<name>` for a Python section, else its name."""
    name = sec.name()
    if sec in HOC_SECTIONS or name.startswith("__nrnsec_"):
        return name
    return "_pysec." + name


def section_by_name(name, caller):
    """push_section("name"): the section whose python_secname is name."""
    for sec in STATE.live_sections():
        if python_secname(sec) == name:
            return sec
    raise ValueError(f"{caller}({name!r}): no section of that name (Python sections are "
                     f"named '_pysec.<name>' here, as in NEURON)")


def section_arg(sec, caller):
    """sec if given, else the currently accessed section."""
    if sec is None:
        return secstack.cas()
    if not isinstance(sec, Section):
        raise TypeError(f"{caller}(sec={sec!r}): sec must be a Section")
    return sec


class SectionList:
    """h.SectionList(): an ordered list of sections. As in NEURON it does not keep its
    sections alive: deleted or garbage-collected ones drop out."""

    def __init__(self, sections=None):
        self.refs = []
        self.hoc_index = next_index("SectionList")
        for sec in sections or ():
            self.append(sec)

    @property
    def sections(self):
        return self.live()

    @sections.setter
    def sections(self, secs):
        self.refs = [weakref.ref(s) for s in secs]

    def live(self):
        secs = []
        for r in self.refs:         # (a loop: a comprehension is a call in CPython 3.11)
            s = r()
            if s is not None and not type(s).IS_DELETED:    # section_exists
                secs.append(s)
        if len(secs) != len(self.refs):
            self.sections = secs
        return secs

    def append(self, sec=None):
        self.refs.append(weakref.ref(secstack.cas() if sec is None else
                                     section_arg(sec, "SectionList.append")))
        return 1.0

    def extend(self, secs):
        self.refs.extend(weakref.ref(s) for s in secs)

    def remove(self, sec=None):
        """Removes every occurrence of sec (or of each section of a SectionList); returns
        how many were removed."""
        drop = list(sec) if isinstance(sec, SectionList) else \
            [section_arg(sec, "SectionList.remove")]
        before = self.live()
        self.sections = kept = [s for s in before if not any(s is d for d in drop)]
        return float(len(before) - len(kept))

    def wholetree(self, sec=None):
        self.extend(section_arg(sec, "SectionList.wholetree").wholetree())
        return 1.0

    def subtree(self, sec=None):
        self.extend(section_arg(sec, "SectionList.subtree").subtree())
        return 1.0

    def children(self, sec=None):
        self.extend(section_arg(sec, "SectionList.children").children())
        return 1.0

    def allroots(self):
        self.extend(s for s in STATE.live_sections() if s.parent_section is None)
        return 1.0

    def unique(self):
        seen, kept = set(), []
        for s in self.live():
            if id(s) not in seen:
                seen.add(id(s))
                kept.append(s)
        removed = len(self.sections) - len(kept)
        self.sections = kept
        return float(removed)

    def contains(self, sec=None):
        sec = section_arg(sec, "SectionList.contains")
        return 1.0 if any(s is sec for s in self.live()) else 0.0

    def printnames(self):
        for s in self.live():
            print(s.name())
        return 1.0

    def __iter__(self):
        return iter(list(self.live()))

    def __len__(self):
        return len(self.live())

    def size(self):
        return len(self.live())

    def __contains__(self, sec):
        return any(s is sec for s in self.live())

    def hname(self):
        return f"SectionList[{self.hoc_index}]"

    __repr__ = hname

    def __del__(self, release=release_index):
        if getattr(self, "hoc_index", None) is not None:     # (freed: NEURON's numbering)
            release("SectionList")


class SectionRef:
    """h.SectionRef(sec=...): a handle on a section and its neighbours."""

    def __init__(self, sec=None):
        object.__setattr__(self, "sec", section_arg(sec, "SectionRef"))

    def __setattr__(self, name, value):
        raise AttributeError(f"SectionRef.{name}: read-only")

    @property
    def parent(self):
        parent = self.sec.parent_section
        if parent is None:
            raise RuntimeError(f"SectionRef(sec={self.sec}).parent: {self.sec} has no parent "
                               "(check has_parent() first)")
        return parent

    trueparent = parent

    @property
    def root(self):
        return self.sec.root()

    @property
    def child(self):
        return list(self.sec.child_sections)

    def nchild(self):
        return len(self.sec.child_sections)

    def has_parent(self):
        return self.sec.parent_section is not None

    def has_trueparent(self):
        return self.has_parent()

    def exists(self):
        return section_exists(self.sec)

    def is_cas(self):
        return 1.0 if secstack.cas() is self.sec else 0.0


def topology_lines():
    """NEURON's h.topology() text: a blank line, one line per section (a root: |---|,
    a child: `--| indented to where it connects, children in decreasing x), a blank line."""
    lines = [""]

    def draw(sec, offset, is_root):
        n = sec.nseg
        body = ("|" + "-" * n) if is_root else ("`" + "-" * (n - 1))
        i = int(sec.orientation())
        lines.append(" " * offset + body + f"|       {sec.name()}({i}-{1 - i})")
        for child in reversed(sec.child_sections):
            node = sec.node_rank(child.parent_x)
            draw(child, offset + node + (1 if is_root else 0), False)

    for sec in STATE.live_sections():
        if sec.parent_section is None:
            draw(sec, 0, True)
    lines.append("")
    return lines


class Distance:
    """h.distance: distance(seg0, seg1); distance(0, seg) or distance() (the accessed
    section's 0 end) sets the origin, distance(seg) measures from it (NEURON's forms)."""

    def __init__(self):
        self.origin = None

    def __call__(self, *args, sec=None):
        if not args:               # distance(): the origin at the accessed section's 0 end
            self.origin = section_arg(sec, "distance")(0.0)
            return 0.0
        segs = [a for a in args if isinstance(a, Segment)]
        nums = [a for a in args if not isinstance(a, Segment)]
        if len(segs) == 2:
            return path_distance(segs[0], segs[1])
        if nums and nums[0] == 0 and len(args) >= 1 and (segs or len(nums) == 2):
            self.origin = segs[0] if segs else section_arg(sec, "distance")(nums[1])
            return 0.0
        seg = segs[0] if segs else section_arg(sec, "distance")(nums[-1])
        if self.origin is None or not section_exists(self.origin.sec):
            self.origin = seg.sec.root()(0.0)
        return path_distance(self.origin, seg)


def path_distance(a, b):
    """Path length (um) along the tree between the nodes of two segments, as NEURON's
    topol_distance: the section later in NEURON's section order moves to its parent's node
    until both are in one section."""
    order = section_ranks()
    sec1, x1, sec2, x2 = a.sec, a.x, b.sec, b.x
    d = 0.0
    while sec1 is not sec2:
        if sec1 is None or (sec2 is not None and order[id(sec2)] > order[id(sec1)]):
            d += sec2.node_distance(x2)
            sec2, x2 = sec2.parent_section, sec2.parent_x
        else:
            d += sec1.node_distance(x1)
            sec1, x1 = sec1.parent_section, sec1.parent_x
    if sec1 is None:
        return 1e20
    if sec1.node_rank(x1) != sec1.node_rank(x2):
        d1, d2 = sec1.node_distance(x1), sec1.node_distance(x2)
        d += d2 - d1 if d1 < d2 else d1 - d2
    return d


_RANKS = [None, {}]


def section_ranks():
    """id(section) -> its place in NEURON's section order (kept while the tree is unchanged)."""
    if _RANKS[0] != STATE.structure_version:
        _RANKS[1] = {id(s): i for i, s in enumerate(section_order())}
        _RANKS[0] = STATE.structure_version
    return _RANKS[1]


def section_order():
    """NEURON's section order (secorder): roots in creation order, then level by level."""
    order = [s for s in STATE.live_sections() if s.parent_section is None]
    i = 0
    while i < len(order):
        order.extend(order[i].child_sections)
        i += 1
    return order
