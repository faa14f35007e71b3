"""h.Impedance(): NEURON's input and transfer impedance of the linearized cable at the
present state (src/nrniv/impedanc.cpp's method, written anew here): the tree matrix without
capacitance (membrane di/dv with the states held, and the axial terms), plus j*omega*cm on the
diagonal (omega = 2*pi*freq*1e-6, so that omega*cm is in S/cm2), LU-decomposed along the tree;
1 nA injected at loc(x) gives transfer(x) = |v(x)| in MOhm, and input(x) = v(x)/i(x) for a
current injected at x itself. compute(freq, 1) (the gating states' dynamics included) is not
provided: a clear error says so."""

import cmath
import itertools

import numpy as np

from . import secstack
from .refs import NodeRef
from .state import STATE
from .transfer import transfers

_INDEX = itertools.count()


def _section(sec):
    return sec if sec is not None else secstack.cas()


class Impedance:
    def __init__(self):
        self._hoc_index = next(_INDEX)
        self._loc = None            # NodeRef where the current is injected
        self._transfer = self._input = None
        self._deltafac = 0.001

    def hname(self):
        return f"Impedance[{self._hoc_index}]"

    __repr__ = hname

    def loc(self, x, sec=None):
        """The location of the current injection (x of sec, or of the accessed section)."""
        x = float(x)
        if not 0.0 <= x <= 1.0:
            raise ValueError(f"{self.hname()}.loc({x:g}): x must be in 0..1")
        self._loc = NodeRef(_section(sec), x)
        return 0.0

    def deltafac(self, value=None):
        if value is not None:
            self._deltafac = float(value)
        return self._deltafac

    def compute(self, freq, nonlinear=0, maxiter=500):
        if nonlinear:
            raise NotImplementedError(
                f"{self.hname()}.compute({freq:g}, 1): the impedance with the gating states' "
                "dynamics (NEURON's NonLinImp) is not provided by pnm; compute(freq) gives the "
                "impedance with the states held at their present values")
        if transfers().targets:
            raise NotImplementedError(
                f"{self.hname()}.compute({freq:g}): the model has gap junctions "
                "(pc.target_var); pnm's Impedance does not include their coupling (NEURON "
                "does, by its pargap_jacobi iteration), so it would differ from NEURON's")
        if self._loc is None:
            raise RuntimeError(f"{self.hname()}.compute: the stimulus location is not "
                               "specified; call loc(x, sec=...) first")
        eng = STATE.engine
        if eng is None or eng.structure_version != STATE.structure_version:
            raise RuntimeError(f"{self.hname()}.compute: call h.finitialize() first (the "
                               "impedance is of the model at its present state)")
        d_real, a, b, area, cm, parent = eng.conductance_matrix()
        omega = 1e-6 * 2 * 3.14159265358979323846 * float(freq)
        d = d_real + 1j * omega * cm
        n = len(d)
        if np.any(parent >= np.arange(n)):
            raise AssertionError("Impedance: the engine's nodes are not in tree order")
        istim = eng.node_index(self._loc)
        pivot = np.zeros(n, dtype=complex)
        for i in range(n - 1, -1, -1):          # LU along the tree, leaves first
            ip = parent[i]
            if ip >= 0:
                pivot[i] = a[i] / d[i]
                d[ip] -= pivot[i] * b[i]
        transfer = np.zeros(n, dtype=complex)
        transfer[istim] = 1e2 / area[istim]     # 1 nA
        for i in range(istim, -1, -1):
            ip = parent[i]
            if ip >= 0:
                transfer[ip] -= transfer[i] * pivot[i]
        inp = np.zeros(n, dtype=complex)
        for i in range(n):
            ip = parent[i]
            if ip < 0:
                transfer[i] /= d[i]
                inp[i] = 1.0 / d[i]
            else:
                transfer[i] -= b[i] * transfer[ip]
                transfer[i] /= d[i]
                inp[i] = (1.0 + inp[ip] * pivot[i] * b[i]) / d[i]
        nonroot = parent >= 0
        inp[nonroot] *= 1e2 / area[nonroot]         # after the recursion, which uses 1/d's
        self._transfer, self._input, self._engine = transfer, inp, eng
        return 0.0

    def _at(self, what, x, sec):
        if self._transfer is None:
            raise RuntimeError(f"{self.hname()}.{what}: call compute(freq) first")
        return self._engine.node_index(NodeRef(_section(sec), float(x)))

    def transfer(self, x, sec=None):
        return float(abs(self._transfer[self._at("transfer", x, sec)]))

    def input(self, x, sec=None):
        return float(abs(self._input[self._at("input", x, sec)]))

    def transfer_phase(self, x, sec=None):
        return float(cmath.phase(self._transfer[self._at("transfer_phase", x, sec)]))

    def input_phase(self, x, sec=None):
        return float(cmath.phase(self._input[self._at("input_phase", x, sec)]))

    def ratio(self, x, sec=None):
        i = self._at("ratio", x, sec)
        return float(abs(self._transfer[i] / self._input[i]))
