"""i_membrane_ at x of a section (seg.i_membrane_, seg._ref_i_membrane_, hoc's
i_membrane_(x) and &i_membrane_(x)): a reference to the value the engine computes while
cvode.use_fast_imem(1) is on (pnm/engine/fastimem.py)."""

import weakref

from .cvode import settings
from .refs import SectionLocation
from .state import STATE


class MembraneCurrentRef(SectionLocation):
    """i_membrane_ at x of a section: its node's total membrane current (nA), computed while
    cvode.use_fast_imem(1) is on (pnm/engine/fastimem.py); the node is v's at x."""

    in_section_data = False     # NetCon and CVode.record refuse it, as NEURON does

    def __init__(self, sec, x):
        self.section_ref = weakref.ref(sec)
        self.x = 1.0 if x == 1.0 else 0.0 if x == 0.0 else sec.x_of_node(sec.node_of(x))

    def describe(self):
        return f"{self.sec}({self.x:g}).i_membrane_"

    @property
    def value(self):
        """0 until a finitialize with use_fast_imem on computed it (NEURON's fresh storage)."""
        self.live_section()
        if not settings()["fast_imem"]:
            raise AttributeError(f"{self.describe()}: i_membrane_ does not exist: "
                                 "cvode.use_fast_imem(1) has not been executed (NEURON's "
                                 "error too); call h.cvode.use_fast_imem(1) first")
        eng = STATE.engine
        if eng is None or not eng.live:
            return 0.0
        try:
            return float(eng.S[self.resolve(eng)])
        except (KeyError, ValueError):  # not in that engine, or it was built without
            return 0.0

    def set_value(self, value):
        raise TypeError(f"{self.describe()} = {value!r}: i_membrane_ is computed by the "
                        "simulation and cannot be assigned (NEURON's hoc error too)")

    def resolve(self, engine):
        sec = self.live_section()
        return engine.membrane_current_slot(sec.slot_of_node(engine, sec.node_of(self.x)))

    def key(self):
        sec = self.live_section()
        return ("i_membrane_", id(sec), sec.node_of(self.x))

