"""NEURON's Vector statistics (min, max, sum, mean, var, stdev, ..., dot, mag, meansqerr) and
element-wise arithmetic (add, sub, mul, div, abs, sqrt, log, pow, sin, scale, apply, reduce), as
a mixin of h.Vector. Sums run left to right and math goes through the C library element by
element, as NEURON's loops do, so that results agree to the last bit."""

import math

import numpy as np


# NEURON's Vector.apply(name) calls a hoc function by name; pnm has the built-in ones
_HOC_MATH = {"sin": math.sin, "cos": math.cos, "tan": math.tan, "exp": math.exp,
             "log": math.log, "log10": math.log10, "sqrt": math.sqrt, "fabs": abs,
             "abs": abs, "tanh": math.tanh, "atan": math.atan, "floor": math.floor,
             "ceil": math.ceil, "int": lambda x: float(math.trunc(x))}


def libm(func, x):
    """func(x) with C's answers where Python's math raises: log(0) = -inf, log(-1) = nan,
    sin(inf) = nan, overflow = inf."""
    try:
        return func(x)
    except ValueError:
        if x == 0 and func in (math.log, math.log10):
            return -math.inf
        return math.nan
    except OverflowError:
        return math.inf


def sequential_sum(a):
    """std::accumulate: left-to-right, as NEURON (numpy's sum is pairwise and can differ in
    the last bit)."""
    return float(np.cumsum(a)[-1]) if len(a) else 0.0


def _variance(a):
    m = sequential_sum(a) / len(a)
    return sequential_sum((a - m) * (a - m)) / (len(a) - 1)


def _values(arg, where):
    """A Vector argument's elements (a numpy array)."""
    if hasattr(arg, "as_numpy"):
        return arg.as_numpy()
    if isinstance(arg, (str, bytes)) or np.ndim(arg) != 1:
        raise TypeError(f"{where}: expected a Vector, got {arg!r}")
    return np.asarray(arg, dtype=float)


def _is_vector(arg):
    return hasattr(arg, "as_numpy") and hasattr(arg, "hname")


class VectorStatsMethods:
    """Mixin: needs as_numpy, from_python, size, hname and index_span (start, end from optional
    arguments)."""

    # ---- statistics ----------------------------------------------------------------------
    def min(self, *span):
        if self.size() == 0:
            return 0.0
        start, end = self.index_span("min", span)
        return float(self.as_numpy()[start:end + 1].min())

    def max(self, *span):
        if self.size() == 0:
            return 0.0
        start, end = self.index_span("max", span)
        return float(self.as_numpy()[start:end + 1].max())

    def min_ind(self, *span):
        if self.size() == 0:
            return -1.0
        start, end = self.index_span("min_ind", span)
        return start + int(np.argmin(self.as_numpy()[start:end + 1]))

    def max_ind(self, *span):
        if self.size() == 0:
            return -1.0
        start, end = self.index_span("max_ind", span)
        return start + int(np.argmax(self.as_numpy()[start:end + 1]))

    def sum(self, *span):
        start, end = self.index_span("sum", span)
        return sequential_sum(self.as_numpy()[start:end + 1])

    def sumsq(self, *span):
        start, end = self.index_span("sumsq", span)
        a = self.as_numpy()[start:end + 1]
        return sequential_sum(a * a)

    def mean(self, *span):
        if span:
            start, end = self.index_span("mean", span)
            if end - start < 1:
                raise ValueError(f"{self.hname()}.mean(start, end): end - start must be > 0")
            # NEURON 9 computes sum / end - start + 1 here (operator precedence); kept so that
            # results match NEURON's
            return sequential_sum(self.as_numpy()[start:end + 1]) / end - start + 1
        if self.size() < 1:
            raise ValueError(f"{self.hname()}.mean(): Vector must have size > 0")
        return sequential_sum(self.as_numpy()) / self.size()

    def _spread_data(self, method, span):
        if span:
            start, end = self.index_span(method, span)
            if end - start < 1:
                raise ValueError(f"{self.hname()}.{method}(start, end): end - start must be > 1")
            return self.as_numpy()[start:end + 1]
        if self.size() < 2:
            raise ValueError(f"{self.hname()}.{method}(): Vector must have size > 1")
        return self.as_numpy()

    def var(self, *span):
        return _variance(self._spread_data("var", span))

    def stdev(self, *span):
        return math.sqrt(_variance(self._spread_data("stdev", span)))

    def stderr(self, *span):
        a = self._spread_data("stderr", span)
        return math.sqrt(_variance(a)) / math.sqrt(float(len(a)))

    def median(self):
        a = np.sort(self.as_numpy())
        n = len(a)
        if n == 0:
            raise ValueError(f"{self.hname()}.median(): Vector must have size > 0")
        return float((a[n // 2 - 1] + a[n // 2]) / 2.0) if n % 2 == 0 else float(a[n // 2])

    def meansqerr(self, other, weights=None):
        x = self.as_numpy()
        y = _values(other, f"{self.hname()}.meansqerr")
        n = len(x)
        if n > len(y) or n == 0:
            raise ValueError(f"{self.hname()}.meansqerr: Vector argument too small")
        d = x - y[:n]
        sq = d * d
        if weights is not None:
            w = _values(weights, f"{self.hname()}.meansqerr")
            if n > len(w):
                raise ValueError(f"{self.hname()}.meansqerr: second Vector size too small")
            sq = sq * w[:n]
        return sequential_sum(sq) / n

    def dot(self, other):
        a = self.as_numpy()
        b = _values(other, f"{self.hname()}.dot")[:len(a)]
        if len(b) < len(a):
            raise ValueError(f"{self.hname()}.dot: the argument has fewer elements ({len(b)}) "
                             f"than the Vector ({len(a)})")
        return sequential_sum(a * b)

    def mag(self):
        a = self.as_numpy()
        return math.sqrt(sequential_sum(a * a))

    # ---- arithmetic ----------------------------------------------------------------------
    def _elementwise(self, method, arg, op):
        a = self.as_numpy()
        if _is_vector(arg):
            b = arg.as_numpy()
            if len(a) != len(b):
                raise ValueError(f"{self.hname()}.{method}(): Vector argument to .{method}() "
                                 f"wrong size ({len(b)}, not {len(a)})")
            with np.errstate(all="ignore"):     # x/0 is inf (or nan), silently, as in NEURON
                a[:] = op(a, b)
        else:
            a[:] = op(a, float(arg))
        return self

    def add(self, arg):
        return self._elementwise("add", arg, np.add)

    def sub(self, arg):
        return self._elementwise("sub", arg, np.subtract)

    def mul(self, arg):
        return self._elementwise("mul", arg, np.multiply)

    def div(self, arg):
        if not _is_vector(arg) and float(arg) == 0.0:
            raise ZeroDivisionError(f"{self.hname()}.div(0): division by zero")
        return self._elementwise("div", arg, np.divide)

    def _unary(self, src, func):
        x = self.as_numpy() if src is None else _values(src, f"{self.hname()}")
        with np.errstate(all="ignore"):
            self.from_python(func(x.copy()))
        return self

    def _unary_libm(self, src, func):
        """Element by element through the C library (as NEURON), not numpy's own kernels,
        so that the last bit agrees."""
        return self._unary(src, lambda x: np.array([libm(func, v) for v in x.tolist()]))

    def abs(self, src=None):
        return self._unary(src, np.abs)

    def sqrt(self, src=None):
        return self._unary(src, np.sqrt)

    def log(self, src=None):
        return self._unary_libm(src, math.log)

    def log10(self, src=None):
        return self._unary_libm(src, math.log10)

    def floor(self, src=None):
        return self._unary(src, np.floor)

    def tanh(self, src=None):
        return self._unary_libm(src, math.tanh)

    def sin(self, freq, phase, dx=1.0):
        """sin(2 pi freq t + phase) with t = i * dx in ms (freq in Hz)."""
        period = 2 * math.pi / 1000 * freq * dx
        a = self.as_numpy()
        a[:] = [libm(math.sin, period * i + phase) for i in range(len(a))]
        return self

    def pow(self, *args):
        src = args[0] if len(args) == 2 else None
        p = float(args[-1])
        x = (self.as_numpy() if src is None else _values(src, f"{self.hname()}.pow")).copy()
        if p == -1:
            mine = self.as_numpy()
            if np.any(mine[:min(len(mine), len(x))] == 0):
                # NEURON tests the destination, not the source, for zeros
                raise ZeroDivisionError(f"{self.hname()}.pow(-1): an element is 0")
            out = 1.0 / x
        elif p == 0:
            out = np.ones(len(x))
        elif p == 0.5:
            out = np.sqrt(x)
        elif p == 1:
            out = x
        elif p == 2:
            out = x * x
        else:
            with np.errstate(all="ignore"):
                out = np.power(x, p)
        self.from_python(out)
        return self

    def scale(self, low, high):
        a = self.as_numpy()
        lo, hi = float(a.min()), float(a.max())
        r = hi - lo
        if r > 0:
            sf = (high - low) / r
            a[:] = (a - lo) * sf + low
            return sf
        return 0.0

    def apply(self, func, *span):
        if len(span) > 2:
            raise TypeError(f"{self.hname()}.apply: too many parameters")
        start, end = self.index_span("apply", span)
        if isinstance(func, str):
            if func not in _HOC_MATH:
                raise NotImplementedError(
                    f"{self.hname()}.apply({func!r}): pnm calls a Python function or one of "
                    f"hoc's built-in functions {sorted(_HOC_MATH)}; pass a Python callable")
            func = _HOC_MATH[func]
        elif not callable(func):
            raise TypeError(f"{self.hname()}.apply: first argument must be a HOC function name "
                            "or a Python callable")
        a = self.as_numpy()
        for i in range(start, end + 1):
            a[i] = func(float(a[i]))
        return self

    def reduce(self, func, base=0.0, *span):
        if isinstance(func, str):
            if func not in _HOC_MATH:
                raise NotImplementedError(f"{self.hname()}.reduce({func!r}): give a Python "
                                          f"callable or one of {sorted(_HOC_MATH)}")
            func = _HOC_MATH[func]
        start, end = self.index_span("reduce", span)
        total = float(base)
        for value in self.as_numpy()[start:end + 1].tolist():
            total += func(value)
        return total
