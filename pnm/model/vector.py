"""h.Vector: a growable float64 array with NEURON's methods, convertible to and from numpy,
and the recording of variables (Vector.record) and spikes (NetCon.record, spike_record)."""

import numpy as np

from .refs import Ref
from .state import STATE
from .vector_methods import VectorMethods
from .vector_ops import VectorOperators


class _X:
    """vec.x[i] (and hoc's vec.x(i)), as in hoc."""

    def __init__(self, vec):
        self._vec = vec

    def __getitem__(self, i):
        return self._vec[i]

    def __setitem__(self, i, value):
        self._vec[i] = value

    def __call__(self, i):
        """hoc's vec.x(i), the same element as vec.x[i]."""
        return self._vec[int(i)]

    def as_numpy(self):
        """The elements themselves (hoc's &vec.x[i] reads them from i on)."""
        return self._vec.as_numpy()


class ElementPointer:
    """vec._ref_x[i]: NEURON's pointer to element i, for the functions that take an array
    by its first element (FUNCTION_TABLE's table_f(vec._ref_x[0], n, min, max))."""

    def __init__(self, vec, offset):
        self.vec, self.offset = vec, offset

    @property
    def array(self):
        return self.vec.as_numpy()

    def __getitem__(self, i):
        return self.vec[self.offset + int(i)]

    def __setitem__(self, i, value):
        self.vec[self.offset + int(i)] = value


class _RefX(_X):
    def __getitem__(self, i):
        return ElementPointer(self._vec, int(i))


class Vector(VectorOperators, VectorMethods):
    """h.Vector(), h.Vector(n[, fill]), h.Vector(iterable or numpy array)."""

    def __init__(self, arg=None, fill=0.0):
        if arg is None:
            data = np.zeros(0)
        elif isinstance(arg, (int, np.integer)) or (isinstance(arg, float) and arg.is_integer()):
            if arg < 0:
                raise ValueError(f"Vector({arg}): size cannot be negative")
            data = np.full(int(arg), float(fill))
        else:
            data = np.array(list(arg) if not hasattr(arg, "__array__") else arg, dtype=float)
            if data.ndim != 1:
                raise ValueError("Vector(data): data must be one-dimensional")
        self._buf = data.copy()
        self._n = len(data)
        self.record_source = None     # Ref being recorded
        self.sampler = None           # Sampler of record(ref, Dt or tvec)
        self.label_ = ""

    @property
    def recorded_ref(self):
        """The Ref this Vector records, or None (also once the recorded section is gone)."""
        ref = self.record_source
        return ref if ref is not None and ref.alive else None

    # ---- storage ------------------------------------------------------------------------
    @property
    def _data(self):
        return self._buf[:self._n]

    def _reserve(self, n):
        if n > len(self._buf):
            new = np.empty(max(n, 2 * len(self._buf), 16))
            new[:self._n] = self._buf[:self._n]
            self._buf = new

    def append_array(self, values):
        values = np.asarray(values, dtype=float).ravel()
        k = len(values)
        self._reserve(self._n + k)
        self._buf[self._n:self._n + k] = values
        self._n += k

    # ---- python protocol ------------------------------------------------------------------
    def __len__(self):
        return self._n

    def __iter__(self):
        return iter(self._data.tolist())

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.slice_get(i, Vector)
        n = self._n
        if i < -n or i >= n:
            raise IndexError(f"Vector index {i} out of range (size {n})")
        return float(self._buf[i % n])

    def __setitem__(self, i, value):
        if isinstance(i, slice):
            self.slice_set(i, value)
            return
        n = self._n
        if i < -n or i >= n:
            raise IndexError(f"Vector index {i} out of range (size {n})")
        self._buf[i % n] = value

    def __array__(self, dtype=None, copy=None):
        a = self._data
        return a.astype(dtype) if dtype is not None else a.copy()

    def __repr__(self):
        return self.hname()

    @property
    def x(self):
        return _X(self)

    @property
    def _ref_x(self):
        return _RefX(self)

    # ---- NEURON methods -------------------------------------------------------------------
    def size(self):
        return self._n

    def to_python(self, target=None):
        values = self._data.tolist()
        if target is None:
            return values
        target[:] = values if isinstance(target, list) else np.asarray(values)
        return target

    def from_python(self, values):
        data = np.asarray(values, dtype=float).ravel()
        self._buf, self._n = data.copy(), len(data)
        return self

    def as_numpy(self):
        return self._data

    def append(self, *values):
        for v in values:
            if isinstance(v, Vector):
                self.append_array(v._data)
            elif np.ndim(v) > 0:
                self.append_array(v)
            else:
                self.append_array([float(v)])
        return self

    def resize(self, n):
        n = int(n)
        if n < 0:
            raise ValueError(f"{self}.resize({n}): size cannot be negative")
        self._reserve(n)
        if n > self._n:
            self._buf[self._n:n] = 0.0
        self._n = n
        return self

    def buffer_size(self, n=None):
        if n is not None:
            self._reserve(int(n))
        return len(self._buf)

    def clear(self):
        self._n = 0
        return self

    def setrand(self, rand, start=None, end=None):
        """vec.setrand(r[, start, end]): elements start..end (inclusive) = draws of r."""
        from .random import setrand
        setrand(self._data, rand, start, end, owner=f"{self}.setrand")
        return self

    # ---- recording ------------------------------------------------------------------------
    def record(self, ref, *args, sec=None):
        """vec.record(seg._ref_v) or vec.record(h._ref_t): one sample at finitialize and
        one after every step; vec.record(ref, Dt) every Dt, vec.record(ref, tvec) at tvec's
        times (vector_sampling.py)."""
        if not isinstance(ref, Ref):
            raise TypeError(f"{self}.record({ref!r}): give a reference such as soma(0.5)._ref_v, "
                            "h._ref_t or syn._ref_i")
        self.sampler = None
        if args:
            from .refs import TimeRef
            from .vector_sampling import Sampler
            if len(args) > 1:
                raise NotImplementedError(f"{self}.record(ref, tvec, discrete): pnm provides "
                                          "record(ref), record(ref, Dt) and record(ref, tvec)")
            arg, is_time = args[0], isinstance(ref, TimeRef)
            if isinstance(arg, Vector):
                self.sampler = Sampler(self, tvec=arg, is_time=is_time)
            else:
                dt_sample = float(arg)
                if not dt_sample > 0:
                    raise ValueError(f"{self}.record(ref, {arg!r}): Dt must be positive")
                self.sampler = Sampler(self, dt_sample=dt_sample, is_time=is_time)
        self.record_source = ref
        STATE.register_record(self)
        eng = STATE.engine
        if eng is not None:
            eng.records_changed()
        return self
