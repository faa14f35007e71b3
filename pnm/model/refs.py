"""References to simulation variables (NEURON's `_ref_v`, `h._ref_t`, `syn._ref_i`): what
Vector.record and NetCon sources point at. The engine turns each into a slot of its state.

A reference into a section holds the section weakly and its location x (not a node number):
as in NEURON, a recording follows its x when nseg changes, and stops when the section is
deleted (`alive` is then False)."""

import weakref


class Ref:
    """Base: a reference that reads its current value and resolves to an engine slot."""

    alive = True
    # whether NEURON finds the variable in its section's data, as NetCon and CVode.record need
    # ("pointer not associated with currently accessed section" otherwise: i_membrane_)
    in_section_data = True

    def resolve(self, engine):
        raise NotImplementedError

    @property
    def value(self):
        raise NotImplementedError

    def set_value(self, value):
        """Assign the variable (Vector.play, Random.play): as `seg.x = value` would."""
        raise TypeError(f"{self!r}: this variable cannot be assigned")

    def __getitem__(self, i):
        if i != 0:
            raise IndexError(f"{self!r}[{i}]: a reference to a scalar has only index 0")
        return self.value

    def __repr__(self):
        return f"<pointer to {self.describe()}>"


def check_in_section_data(ref, owner):
    """NEURON's error for a NetCon source or CVode.record variable it does not find in the
    section's data (i_membrane_), with what to do instead."""
    if not ref.in_section_data:
        raise ValueError(f"{owner}({ref.describe()}): pointer not associated with currently "
                         "accessed section (NEURON's error too: it takes no i_membrane_ "
                         "there); record it with Vector.record and watch the Vector instead")


class SectionLocation(Ref):
    """Base of references into a section at x (held weakly)."""

    def __init__(self, sec, x):
        self.section_ref, self.x = weakref.ref(sec), x

    @property
    def sec(self):
        """The section, or None once it is deleted."""
        sec = self.section_ref()
        return None if sec is None or type(sec).IS_DELETED else sec

    @property
    def alive(self):
        return self.sec is not None

    def live_section(self):
        sec = self.section_ref()
        if sec is None or type(sec).IS_DELETED:
            raise ReferenceError(f"{self!r}: its section was deleted")
        return sec

    @property
    def node(self):
        return self.live_section().node_of(self.x)

    @property
    def iseg(self):
        return self.live_section().seg_index(self.x)


class NodeRef(SectionLocation):
    """The membrane potential at x of a section."""

    def __init__(self, sec, x):
        self.section_ref = weakref.ref(sec)             # SectionLocation's, without the call
        # the x of x's node (an end is its own node: the usual &v(1) needs no lookup)
        self.x = 1.0 if x == 1.0 else 0.0 if x == 0.0 else sec.x_of_node(sec.node_of(x))

    def describe(self):
        return f"{self.sec}({self.x:g}).v"

    @property
    def value(self):
        return self.live_section().node_voltage(self.node)

    def set_value(self, value):
        self.live_section().set_node_voltage(self.node, float(value))

    def resolve(self, engine):
        return self.live_section().slot_of_node(engine, self.node)

    def key(self):
        sec = self.live_section()
        return ("v", id(sec), sec.node_of(self.x))


def end_node_ref(sec, x):
    """NodeRef(sec, x) for x 0 or 1 (hoc's &v(1) of a NetCon source) without the class call."""
    ref = _new_instance(NodeRef)
    ref.section_ref = weakref.ref(sec)
    ref.x = x
    return ref


_new_instance = object.__new__


class RangeRef(SectionLocation):
    """A density-mechanism variable at x of a section, e.g. seg.hh._ref_m."""

    def __init__(self, sec, key, x):
        super().__init__(sec, x)
        self.field = key

    def describe(self):
        return f"{self.sec}({self.x:g}).{self.field}"

    @property
    def value(self):
        return self.live_section().range_value(self.field, self.iseg)

    def set_value(self, value):
        self.live_section().set_range_value(self.field, self.iseg, float(value))

    def resolve(self, engine):
        return self.live_section().slot_of_range(engine, self.field, self.iseg)

    def key(self):
        return ("range", id(self.live_section()), self.field, self.iseg)


class PointRef(Ref):
    """A variable of a point process or artificial cell, e.g. syn._ref_g."""

    def __init__(self, pp, field):
        self.pp, self.field = pp, field

    def describe(self):
        return f"{self.pp}.{self.field}"

    @property
    def value(self):
        return getattr(self.pp, self.field)

    def set_value(self, value):
        setattr(self.pp, self.field, float(value))

    def resolve(self, engine):
        return self.pp.slot_of(engine, self.field)

    def key(self):
        return ("pp", id(self.pp), self.field)


class TimeRef(Ref):
    """h._ref_t"""

    def describe(self):
        return "t"

    @property
    def value(self):
        from .state import STATE
        return STATE.t

    def resolve(self, engine):
        return engine.slot_of_time()

    def key(self):
        return ("t",)
