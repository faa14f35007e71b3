"""References to simulation variables (NEURON's `_ref_v`, `h._ref_t`, `syn._ref_i`): what
Vector.record and NetCon sources point at. The engine turns each into a slot of its state."""


class Ref:
    """Base: a reference that reads its current value and resolves to an engine slot."""

    def resolve(self, engine):
        raise NotImplementedError

    @property
    def value(self):
        raise NotImplementedError

    def __getitem__(self, i):
        if i != 0:
            raise IndexError(f"{self!r}[{i}]: a reference to a scalar has only index 0")
        return self.value

    def __repr__(self):
        return f"<pointer to {self.describe()}>"


class NodeRef(Ref):
    """The membrane potential of one node of a section."""

    def __init__(self, sec, node):
        self.sec, self.node = sec, node

    @property
    def x(self):
        return self.sec.x_of_node(self.node)

    def describe(self):
        return f"{self.sec}({self.x:g}).v"

    @property
    def value(self):
        return self.sec.node_voltage(self.node)

    def resolve(self, engine):
        return self.sec.slot_of_node(engine, self.node)

    def key(self):
        return ("v", id(self.sec), self.node)


class RangeRef(Ref):
    """A density-mechanism variable of one segment, e.g. seg.hh._ref_m."""

    def __init__(self, sec, key, iseg):
        self.sec, self.field, self.iseg = sec, key, iseg

    def describe(self):
        return f"{self.sec}[{self.iseg}].{self.field}"

    @property
    def value(self):
        return self.sec.range_value(self.field, self.iseg)

    def resolve(self, engine):
        return self.sec.slot_of_range(engine, self.field, self.iseg)

    def key(self):
        return ("range", id(self.sec), self.field, self.iseg)


class PointRef(Ref):
    """A variable of a point process or artificial cell, e.g. syn._ref_g."""

    def __init__(self, pp, field):
        self.pp, self.field = pp, field

    def describe(self):
        return f"{self.pp}.{self.field}"

    @property
    def value(self):
        return getattr(self.pp, self.field)

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
