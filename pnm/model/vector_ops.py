"""Python's arithmetic operators and slices on h.Vector, as NEURON 9 has them.

NEURON (neuron/__init__.py, nrnpy_vec_math) evaluates `a + x` as `a.c().add(x)`: a new Vector,
never in place (`a += b` rebinds a to a new Vector too), with the method's own errors (sizes
that differ, division by 0). The other operand must be a number or a hoc object; anything else
(a list, a string, a numpy array) is left to Python, so `a + np.array(...)` is numpy's ndarray.
The reversed forms: `x - a` is `a.c().mul(-1).add(x)` and `x / a` is `a.c().pow(-1).mul(x)`.
`-a`, `+a` and `abs(a)` are `a.c().mul(-1)`, `a.c()` and `a.c().abs()`. There is no `**`, `//`
or `%`. `a[i:j:k]` is a new Vector of those elements; `a[i:j] = iterable` needs exactly as many
values as the slice has (NEURON's hocobj_slice_getitem / hocobj_slice_setitem)."""

import numbers


def _operand(x):
    """Whether NEURON passes x on to the Vector method: a number or a hoc object."""
    return isinstance(x, numbers.Number) or (hasattr(x, "hname") and not isinstance(x, type))


class VectorOperators:
    """Mixin of pnm's Vector: expects c, add, sub, mul, div, pow, abs, size and as_numpy."""

    def __add__(self, other):
        return self.c().add(other) if _operand(other) else NotImplemented

    def __radd__(self, other):
        return self.c().add(other) if _operand(other) else NotImplemented

    def __sub__(self, other):
        return self.c().sub(other) if _operand(other) else NotImplemented

    def __rsub__(self, other):
        return self.c().mul(-1).add(other) if _operand(other) else NotImplemented

    def __mul__(self, other):
        return self.c().mul(other) if _operand(other) else NotImplemented

    def __rmul__(self, other):
        return self.c().mul(other) if _operand(other) else NotImplemented

    def __truediv__(self, other):
        return self.c().div(other) if _operand(other) else NotImplemented

    def __rtruediv__(self, other):
        return self.c().pow(-1).mul(other) if _operand(other) else NotImplemented

    def __neg__(self):
        return self.c().mul(-1)

    def __pos__(self):
        return self.c()

    def __abs__(self):
        return self.c().abs()

    # ---- slices ---------------------------------------------------------------------------
    def slice_get(self, key, vector_class):
        """vec[i:j:k]: a new Vector (NEURON's type), never a view."""
        key.indices(0)              # ValueError: slice step cannot be zero
        return vector_class(self.as_numpy()[key].copy())

    def slice_set(self, key, value):
        """vec[i:j:k] = iterable: element by element, as NEURON, which has written the first
        values when it finds the iterable too short."""
        indices = range(*key.indices(self.size()))
        try:
            values = iter(value)
        except TypeError:
            raise TypeError("can only assign an iterable") from None
        data = self.as_numpy()
        for i in indices:
            try:
                data[i] = float(next(values))
            except StopIteration:
                raise IndexError("iterable object must have the same length as slice "
                                 "(it's too short)") from None
        for _ in values:
            raise IndexError("iterable object must have the same length as slice "
                             "(it's too long)")
