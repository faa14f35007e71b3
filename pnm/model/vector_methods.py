"""NEURON's Vector methods (the set scripts use), as a mixin of h.Vector: element access,
search (where, indwhere, indvwhere), statistics, arithmetic, copies, histograms and signal
processing, text and binary I/O with h.File, numpy interop and pickling. Semantics, argument
forms and printed formats follow NEURON 9 (src/ivoc/ivocvect.cpp), including its quirks, which
are noted where they look like mistakes."""

import math
import sys

import numpy as np

from .hocindex import next_index, release_index
from .vector_signal import VectorSignalMethods, checked_arg
from .vector_io import VectorIOMethods
from .vector_stats import VectorStatsMethods

HOC_EPSILON = 1e-11     # hoc's float_epsilon: where/eq/contains compare within it

def _equal(x, y):
    return x - y < HOC_EPSILON and y - x < HOC_EPSILON


def _selector(who, op, value, value2):
    """The element test of where/indwhere/indvwhere: NEURON's comparators within
    hoc_epsilon."""
    e = HOC_EPSILON
    tests = {
        "==": lambda a: (a - value < e) & (value - a < e),
        "!=": lambda a: ~((a - value < e) & (value - a < e)),
        ">": lambda a: a > value + e,
        "<": lambda a: a < value - e,
        ">=": lambda a: a >= value - e,
        "<=": lambda a: a <= value + e,
        "()": lambda a: (a > value + e) & (a < value2 - e),
        "[]": lambda a: (a >= value - e) & (a <= value2 + e),
        "[)": lambda a: (a >= value - e) & (a < value2 - e),
        "(]": lambda a: (a > value + e) & (a <= value2 + e),
    }
    if op not in tests:
        raise ValueError(f"{who}({op!r}, ...): invalid comparator; use one of "
                         + ", ".join(repr(k) for k in tests))
    if len(op) == 2 and op[0] in "([" and value2 is None:
        raise TypeError(f"{who}({op!r}, low, high): the range comparator needs two "
                        "values")
    return tests[op]


def _values(arg, where):
    """A Vector argument's elements (a numpy array)."""
    if hasattr(arg, "as_numpy"):
        return arg.as_numpy()
    if isinstance(arg, (str, bytes)) or np.ndim(arg) != 1:
        raise TypeError(f"{where}: expected a Vector, got {arg!r}")
    return np.asarray(arg, dtype=float)


def _is_vector(arg):
    return hasattr(arg, "as_numpy") and hasattr(arg, "hname")


def _unpickle_vector(cls, data, label):
    vec = cls(np.frombuffer(data, dtype=np.float64))
    vec.label_ = label
    return vec


class VectorMethods(VectorStatsMethods, VectorSignalMethods, VectorIOMethods):
    """Mixin of pnm's Vector: expects as_numpy, from_python, resize, size, append and label_
    from the class it is mixed into."""

    def __new__(cls, *args, **kwargs):
        obj = super().__new__(cls)
        obj.hoc_index = next_index("Vector")    # NEURON's object index, in creation order
        return obj

    # ---- identity, labels, pickling, numpy ----------------------------------------------
    def hname(self):
        return f"Vector[{self.hoc_index}]"

    def __del__(self, release=release_index):
        if getattr(self, "hoc_index", None) is not None:     # (freed: NEURON's numbering)
            release("Vector")

    def label(self, text=None):
        if text is not None:
            self.label_ = str(text)
        return self.label_

    def __reduce__(self):
        """A Vector pickles its elements and label (a recording's source is not pickled, as
        in NEURON)."""
        return (_unpickle_vector, (type(self), self.as_numpy().tobytes(), self.label_))

    @property
    def __array_interface__(self):
        """np.asarray(vec): a read-only view, as NEURON's. The buffer viewed is kept alive
        even if the Vector grows into a new one."""
        view = self.as_numpy()
        exported = self.__dict__.setdefault("_exported_buffers", [])
        base = view.base if view.base is not None else view
        if not any(b is base for b in exported):
            exported.append(base)
        iface = dict(view.__array_interface__)
        iface["data"] = (iface["data"][0], True)
        return iface

    def __buffer__(self, flags):           # Python >= 3.12: memoryview(vec)
        return memoryview(self.as_numpy())

    # ---- element access ---------------------------------------------------------------
    def get(self, i):
        n = self.size()
        return float(self.as_numpy()[checked_arg(self, "get", i, 0, n - 1)])

    def set(self, i, value):
        n = self.size()
        self.as_numpy()[checked_arg(self, "set", i, 0, n - 1)] = value
        return self

    def index_span(self, method, args):
        """(start, end) inclusive from optional (start, end) arguments, checked as NEURON's
        chkarg does."""
        top = self.size() - 1
        if not args:
            return 0, top
        if len(args) != 2:
            raise TypeError(f"{self.hname()}.{method}(..., start, end): give both start and end")
        start = checked_arg(self, method, args[0], 0, top)
        return start, checked_arg(self, method, args[1], start, top)

    def c(self, *span):
        return self._sub_vector("c", span)

    def at(self, *span):
        return self._sub_vector("at", span)

    def cl(self, *span):
        out = self._sub_vector("cl", span)
        out.label_ = self.label_
        return out

    def _sub_vector(self, method, span):
        a = self.as_numpy()
        start, end = 0, len(a)
        if len(span) >= 1:
            start = checked_arg(self, method, span[0], 0, len(a) - 1)
        if len(span) >= 2:
            end = checked_arg(self, method, span[1], start, len(a) - 1) + 1
        return type(self)(a[start:end].copy())

    def ind(self, indices):
        a = self.as_numpy()
        idx = _values(indices, f"{self.hname()}.ind").astype(np.int64)
        return type(self)(a[idx[(idx >= 0) & (idx < len(a))]].copy())

    def index(self, *args):
        if len(args) == 2:
            data, index = _values(args[0], "Vector.index").copy(), args[1]
        else:
            data, index = self.as_numpy().copy(), args[0]
        idx = _values(index, f"{self.hname()}.index").astype(np.int64)
        ok = (idx >= 0) & (idx < len(data))
        out = np.zeros(len(idx))
        out[ok] = data[idx[ok]]
        self.from_python(out)
        return self

    def fill(self, value, *span):
        a = self.as_numpy()
        start, end = 0, len(a)
        if span:
            start = checked_arg(self, "fill", span[0], 0, len(a) - 1)
            end = checked_arg(self, "fill", span[1], start, len(a) - 1) + 1
        a[start:end] = value
        return self

    def indgen(self, *args):
        n = self.size()
        start, step = 0.0, 1.0
        if len(args) >= 3:
            start, end = float(args[0]), float(args[1])
            step = checked_arg(self, "indgen", args[2], min(start - end, end - start),
                               max(start - end, end - start), integer=False)
            xn = math.floor((end - start) / step + 1e-9) + 1.0
            if xn < 0:
                raise ValueError(f"{self.hname()}.indgen({start:g}, {end:g}, {step:g}): empty set")
            n = int(xn)
            self.resize(n)
        elif len(args) == 2:
            start, step = float(args[0]), float(args[1])
        elif len(args) == 1:
            step = float(args[0])
        self.as_numpy()[:] = np.arange(n, dtype=float) * step + start
        return self

    # ---- size changes ---------------------------------------------------------------------
    def insrt(self, index, *values):
        a = self.as_numpy()
        at = checked_arg(self, "insrt", index, 0, len(a))
        tail = a[at:].copy()
        self.resize(at)
        for v in values:
            if _is_vector(v) and v is self:
                raise ValueError(f"{self.hname()}.insrt: argument needs to be copied first")
            self.append(v)
        self.append(tail)
        return self

    def remove(self, start, end=None):
        a = self.as_numpy()
        start = checked_arg(self, "remove", start, 0, len(a) - 1)
        end = start if end is None else checked_arg(self, "remove", end, start, len(a) - 1)
        self.from_python(np.concatenate([a[:start], a[end + 1:]]))
        return self

    def copy(self, src, *args):
        """NEURON's copy forms: (src), (src, dest_start), (src, src_start, src_end),
        (src, dest_start, src_start, src_end[, dest_inc, src_inc]), (src, src_indices),
        (src, src_indices, dest_indices)."""
        x = _values(src, f"{self.hname()}.copy")
        if args and _is_vector(args[0]):
            return self._copy_indexed(x, args)
        top = len(x) - 1
        dest_start, src_start, src_end, dest_inc, src_inc = 0, 0, top, 1, 1
        if len(args) == 1:
            dest_start = int(args[0])
        elif len(args) == 2:
            src_start = checked_arg(self, "copy", args[0], 0, top)
            src_end = checked_arg(self, "copy", args[1], -1, top)
        elif len(args) >= 3:
            dest_start = int(args[0])
            src_start = checked_arg(self, "copy", args[1], 0, top)
            src_end = checked_arg(self, "copy", args[2], -1, top)
            if len(args) >= 4:
                dest_inc = checked_arg(self, "copy", args[3], 1, 2 ** 53)
                src_inc = checked_arg(self, "copy", args[4], 1, 2 ** 53)
        if src_end == -1:
            src_end = top
        elif src_end < src_start:
            raise ValueError(f"{self.hname()}.copy: src_end arg smaller than src_start")
        size = (src_end - src_start) // src_inc * dest_inc + dest_start + 1
        if self.size() < size or (self.size() > size and not args):
            self.resize(size)
        values = x[src_start:src_end + 1:src_inc].copy()
        self.as_numpy()[dest_start:dest_start + len(values) * dest_inc:dest_inc] = values
        return self

    def _copy_indexed(self, x, args):
        y = self.as_numpy()
        src_idx = (_values(args[0], "Vector.copy") + HOC_EPSILON).astype(np.int64)
        if len(args) >= 2:
            dest_idx = (_values(args[1], "Vector.copy") + HOC_EPSILON).astype(np.int64)
            m = min(len(src_idx), len(dest_idx))
            for ix, iy in zip(src_idx[:m], dest_idx[:m]):
                if 0 <= ix < len(x) and 0 <= iy < len(y):
                    y[iy] = x[ix]
        else:
            nx = min(len(x), len(y))
            for i in src_idx:
                if 0 <= i < nx:
                    y[i] = x[i]
        return self

    # ---- search ----------------------------------------------------------------------------
    def _source_and_rest(self, args):
        if args and _is_vector(args[0]):
            return args[0].as_numpy().copy(), args[1:]
        return self.as_numpy().copy(), args

    def where(self, *args):
        x, (op, value, *rest) = self._source_and_rest(args)
        keep = _selector(f"{self.hname()}.where", op, float(value),
                         float(rest[0]) if rest else None)
        self.from_python(x[keep(x)])
        return self

    def indvwhere(self, *args):
        x, (op, value, *rest) = self._source_and_rest(args)
        keep = _selector(f"{self.hname()}.indvwhere", op, float(value),
                         float(rest[0]) if rest else None)
        self.from_python(np.flatnonzero(keep(x)).astype(float))
        return self

    def indwhere(self, op, value, value2=None):
        keep = _selector(f"{self.hname()}.indwhere", op, float(value),
                         None if value2 is None else float(value2))
        hits = np.flatnonzero(keep(self.as_numpy()))
        return int(hits[0]) if len(hits) else -1

    def contains(self, value):
        a = self.as_numpy()
        return bool(np.any((a - value < HOC_EPSILON) & (value - a < HOC_EPSILON)))

    def eq(self, other):
        a, b = self.as_numpy(), _values(other, f"{self.hname()}.eq")
        if len(a) != len(b):
            return 0.0
        return float(all(_equal(x, y) for x, y in zip(a.tolist(), b.tolist())))

    # ---- order -----------------------------------------------------------------------------
    def sort(self):
        a = self.as_numpy()
        a[:] = np.sort(a)
        return self

    def reverse(self):
        a = self.as_numpy()
        a[:] = a[::-1].copy()
        return self

    def sortindex(self, dest=None):
        order = np.argsort(self.as_numpy(), kind="stable").astype(float)
        if dest is None:
            return type(self)(order)
        dest.from_python(order)
        return dest

    def rotate(self, r, wrap=None):
        a = self.as_numpy()
        n = len(a)
        r = int(r)
        reverse = False
        if r > n:
            r = r % n
        if r < 0:
            r = n - (abs(r) % n)
            reverse = True
        if r > 0:
            rc = n - r
            hold = np.zeros(n)
            if wrap is None:
                hold[r:] = a[:rc]
                hold[:r] = a[rc:]
            elif not reverse:
                hold[r:] = a[:rc]
            else:
                hold[:r] = a[rc:]
            a[:] = hold
        return self

    # ---- output to the terminal -------------------------------------------------------------
    def printf(self, *args):
        """printf([File,] [format,] [start, end]): "%g\\t" five to a line on the terminal,
        "%g\\n" to a File (then one more newline); a given format prints as is."""
        from .file import File, format_double
        target = None
        fmt = "%g\t"
        extra_newline = True
        if args and isinstance(args[0], File):
            target, args = args[0], args[1:]
            fmt = "%g\n"
        if args and isinstance(args[0], str):
            fmt, args, extra_newline = args[0], args[1:], False
        start, end = self.index_span("printf", args)
        who = f"{self.hname()}.printf"
        values = self.as_numpy()[start:end + 1].tolist()
        if target is not None:
            target.write_text("".join(format_double(fmt, v, who) for v in values) + "\n")
        else:
            parts = []
            for i, v in enumerate(values):
                parts.append(format_double(fmt, v, who))
                if extra_newline and (i + 1) % 5 == 0:
                    parts.append("\n")
            if extra_newline:
                parts.append("\n")
            sys.stdout.write("".join(parts))
        return end - start + 1

    # ---- drawing into a Graph (kept for Graph.render; nothing shown without a display) ----
    def _abscissa(self, method, arg, n):
        if _is_vector(arg):
            return arg.as_numpy()[:n].tolist()
        return [i * float(arg) for i in range(n)]

    def _draw(self, method, graph, args):
        if len(args) > 3:
            raise TypeError(f"{self.hname()}.{method}: too many arguments")
        y = self.as_numpy().tolist()
        xs = self._abscissa(method, args[0], len(y)) if len(args) in (1, 3) else \
            list(map(float, range(len(y))))
        color, brush = (args[-2], args[-1]) if len(args) >= 2 else (None, None)
        graph.add_polyline(xs, y[:len(xs)], color, brush, self.label_ or None)
        return self

    def plot(self, graph, *args):
        """plot(g[, x or dx][, color, brush])"""
        return self._draw("plot", graph, args)

    def line(self, graph, *args):
        return self._draw("line", graph, args)

    def mark(self, graph, x, style="+", size=12, color=None, brush=None):
        y = self.as_numpy().tolist()
        xs = self._abscissa("mark", x, len(y))
        for xi, yi in zip(xs, y):
            graph.mark(xi, yi, style, size, color, brush)
        return self

    def ploterr(self, graph, x, err, size=4, color=None, brush=None):
        y = self.as_numpy().tolist()
        xs, e = x.as_numpy().tolist(), err.as_numpy().tolist()
        for xi, yi, ei in zip(xs, y, e):
            graph.add_polyline([xi, xi], [yi - ei, yi + ei], color, brush)
            graph.mark(xi, yi - ei, "-", size, color, brush)
            graph.mark(xi, yi + ei, "-", size, color, brush)
        return self

    # ---- playing into a variable (model/play.py) -----------------------------------------
    def play(self, *args):
        """vec.play(ref, tvec) or vec.play(ref, dt): each element is assigned to the variable
        at its time during the run (NEURON's step play); continuous play is not provided."""
        from .play import vector_play
        vector_play(self, args, self.hname())
        return self

    def play_remove(self):
        """NEURON: removes the vector from both the record and the play lists."""
        from .play import remove_vector
        from .state import STATE
        remove_vector(self)
        if self.record_source is not None:
            self.record_source, self.sampler = None, None
            if STATE.engine is not None:
                STATE.engine.records_changed()
        return self

    # ---- not provided -------------------------------------------------------------------

    def fit(self, *args):
        raise NotImplementedError(f"{self.hname()}.fit(...): NEURON's simplex fit is not "
                                  "provided; use scipy.optimize.curve_fit")

    def medfltr(self, *args):
        raise NotImplementedError(f"{self.hname()}.medfltr(...): not provided (NEURON 9's "
                                  "window reads outside the Vector for most elements); use "
                                  "scipy.signal.medfilt")

    def from_double(self, *args):
        raise NotImplementedError(f"{self.hname()}.from_double(n, pointer): pnm has no hoc "
                                  "double arrays; use vec.from_python(values)")
