"""h.PtrVector(n): n references to doubles (NEURON's OcPtrVector), for scatter/gather of many
variables at once. An element not yet set points to one shared dummy value, as in NEURON."""

import itertools

from .refs import Ref

_INDEX = itertools.count()
_DUMMY = [0.0]          # what unset elements read and write (shared, as NEURON's `dummy`)


class _Dummy:
    alive = True

    @property
    def value(self):
        return _DUMMY[0]

    def set_value(self, x):
        _DUMMY[0] = float(x)


class PtrVector:
    def __init__(self, n):
        n = int(n)
        if n < 1:
            raise ValueError(f"PtrVector({n}): the size must be at least 1")
        self._hoc_index = next(_INDEX)
        self._refs = [_Dummy()] * n
        self._label = ""

    def hname(self):
        return f"PtrVector[{self._hoc_index}]"

    __repr__ = hname

    def size(self):
        return len(self._refs)

    def resize(self, n):
        n = int(n)
        if n < 1:
            raise ValueError(f"{self.hname()}.resize({n}): the size must be at least 1")
        self._refs = (self._refs + [_Dummy()] * n)[:n]
        return len(self._refs)

    def _index(self, what, i):
        k = int(i)
        if not 0 <= k < len(self._refs):
            raise IndexError(f"{self.hname()}.{what}({i}): index outside 0..{len(self._refs) - 1}")
        return k

    def pset(self, i, ref):
        if not isinstance(ref, Ref):
            raise TypeError(f"{self.hname()}.pset({i}, {ref!r}): give a reference such as "
                            "seg._ref_v or stim._ref_amp")
        k = self._index("pset", i)
        self._refs[k] = ref
        return float(ref.value)

    def getval(self, i):
        return float(self._refs[self._index("getval", i)].value)

    def setval(self, i, x):
        k = self._index("setval", i)
        self._refs[k].set_value(float(x))
        return float(self._refs[k].value)

    def _same_size(self, what, vec):
        if len(vec) != len(self._refs):
            raise ValueError(f"{self.hname()}.{what}({vec!r}): the Vector has {len(vec)} "
                             f"elements, the PtrVector {len(self._refs)}; give them one size")

    def scatter(self, vec):
        self._same_size("scatter", vec)
        for ref, x in zip(self._refs, vec):
            ref.set_value(float(x))
        return 0.0

    def gather(self, vec):
        self._same_size("gather", vec)
        for k, ref in enumerate(self._refs):
            vec[k] = ref.value
        return 0.0

    def label(self, text=None):
        if text is not None:
            self._label = str(text)
        return self._label
