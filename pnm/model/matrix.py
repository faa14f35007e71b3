"""NEURON's Matrix (full storage) in the subset programs use: new Matrix(nrow, ncol),
m.x[i][j], getval/setval, rows, columns and diagonals, mulv, mulm, add, muls, transpose,
inverse, solv, det, zero, ident, resize, c, to_vector/from_vector, printf. Values live in a
numpy array (m.as_numpy() is that array, m.x too)."""

import sys

import numpy as np

from .file import format_double
from .hocindex import next_index, release_index
from .vector import Vector


def _vector_into(values, vout):
    if vout is None:
        return Vector(values)
    vout.resize(len(values))
    vout.as_numpy()[:] = values
    return vout


class Matrix:
    """h.Matrix(nrow, ncol[, type]): type 1 (full) is what pnm stores; sparse (2) and band
    (3) matrices give the same results in NEURON, so they are stored full too."""

    def __init__(self, nrow=1, ncol=1, storage=1):
        if int(storage) not in (1, 2, 3):
            raise ValueError(f"Matrix({nrow}, {ncol}, {storage}): the type is 1 (full), "
                             "2 (sparse) or 3 (band)")
        self._values = np.zeros((self._size(nrow, "nrow"), self._size(ncol, "ncol")))
        self._index = next_index("Matrix")

    @staticmethod
    def _size(n, what):
        if int(n) < 1:
            raise ValueError(f"Matrix: {what} = {n} must be at least 1")
        return int(n)

    def hname(self):
        return f"Matrix[{self._index}]"

    __repr__ = __str__ = hname

    def __del__(self, release=release_index):
        if getattr(self, "_index", None) is not None:     # (freed: NEURON's numbering)
            release("Matrix")

    # ---- elements --------------------------------------------------------------------------
    @property
    def x(self):
        """m.x[i][j]: the elements (a numpy view, so assignment writes the matrix)."""
        return self._values

    @property
    def _ref_x(self):
        """m._ref_x[i][j]: NEURON's pointer to element (i, j), followed by the elements after
        it in row order (as NEURON lays them out: FUNCTION_TABLE's 2-D data)."""
        return _RefRows(self._values)

    def as_numpy(self):
        return self._values

    def nrow(self):
        return int(self._values.shape[0])

    def ncol(self):
        return int(self._values.shape[1])

    def _ij(self, i, j):
        i, j = int(i), int(j)
        n, m = self._values.shape
        if not (0 <= i < n and 0 <= j < m):
            raise IndexError(f"{self}: index [{i}][{j}] out of range ({n} x {m})")
        return i, j

    def getval(self, i, j):
        return float(self._values[self._ij(i, j)])

    def setval(self, i, j, value):
        self._values[self._ij(i, j)] = float(value)
        return float(value)

    def getrow(self, i, vout=None):
        return _vector_into(self._values[self._ij(i, 0)[0]], vout)

    def getcol(self, j, vout=None):
        return _vector_into(self._values[:, self._ij(0, j)[1]], vout)

    def getdiag(self, k, vout=None):
        """Diagonal k (k > 0 above the main one): a Vector of nrow elements, as NEURON."""
        n, m = self._values.shape
        k = int(k)
        out = np.zeros(n)
        for i in range(n):
            if 0 <= i + k < m:
                out[i] = self._values[i, i + k]
        return _vector_into(out, vout)

    def _line(self, value, length, what):
        if isinstance(value, Vector):
            arr = value.as_numpy()
            if len(arr) != length:
                raise ValueError(f"{self}.{what}: the Vector has {len(arr)} elements, "
                                 f"{length} are needed")
            return arr
        return float(value)

    def setrow(self, i, value):
        self._values[self._ij(i, 0)[0]] = self._line(value, self._values.shape[1], "setrow")
        return self

    def setcol(self, j, value):
        self._values[:, self._ij(0, j)[1]] = self._line(value, self._values.shape[0],
                                                        "setcol")
        return self

    def setdiag(self, k, value):
        n, m = self._values.shape
        k = int(k)
        line = self._line(value, n, "setdiag")
        for i in range(n):
            if 0 <= i + k < m:
                self._values[i, i + k] = line if isinstance(line, float) else line[i]
        return self

    # ---- whole-matrix operations ------------------------------------------------------------
    def _into(self, values, mout):
        if mout is None:
            out = Matrix(*values.shape)
        else:
            out = mout
        out._values = np.array(values, dtype=float)
        return out

    def mulv(self, vin, vout=None):
        return _vector_into(self._values @ self._vector(vin, self._values.shape[1], "mulv"),
                            vout)

    def _vector(self, vec, length, what):
        arr = vec.as_numpy()
        if len(arr) != length:
            raise ValueError(f"{self}.{what}({vec}): the Vector has {len(arr)} elements, the "
                             f"matrix needs {length}")
        return arr

    def mulm(self, other, mout=None):
        if self._values.shape[1] != other._values.shape[0]:
            raise ValueError(f"{self}.mulm({other}): {self._values.shape} times "
                             f"{other._values.shape} do not fit")
        return self._into(self._values @ other._values, mout)

    def add(self, other, mout=None):
        """self + other into mout, or into self when no mout is given (as NEURON)."""
        if self._values.shape != other._values.shape:
            raise ValueError(f"{self}.add({other}): the shapes differ")
        if mout is None:
            self._values += other._values
            return self
        return self._into(self._values + other._values, mout)

    def muls(self, factor, mout=None):
        if mout is None:
            self._values *= float(factor)
            return self
        return self._into(self._values * float(factor), mout)

    def transpose(self, mout=None):
        return self._into(self._values.T, mout)

    def inverse(self, mout=None):
        return self._into(np.linalg.inv(self._square("inverse")), mout)

    def _square(self, what):
        n, m = self._values.shape
        if n != m:
            raise ValueError(f"{self}.{what}(): the matrix is {n} x {m}, not square")
        return self._values

    def solv(self, vin, *rest):
        """solv(b[, vout][, use_lu]): the x with m x = b."""
        vout = next((a for a in rest if isinstance(a, Vector)), None)
        b = self._vector(vin, self._values.shape[0], "solv")
        return _vector_into(np.linalg.solve(self._square("solv"), b), vout)

    def det(self, exponent=None):
        """det(&e) -> a mantissa with 1 <= |m| < 10, e the power of ten of the determinant
        (from Python: e = h.ref(0); m.det(e))."""
        if exponent is None:
            raise TypeError(f"{self}.det(&e): give the variable that receives the power of "
                            "ten (hoc: m.det(&e); Python: e = h.ref(0); m.det(e))")
        d = float(np.linalg.det(self._square("det")))
        e = 0
        while d != 0 and abs(d) >= 10:
            d /= 10
            e += 1
        while d != 0 and abs(d) < 1:
            d *= 10
            e -= 1
        exponent[0] = float(e)
        return d

    def zero(self):
        self._values[:] = 0.0
        return self

    def ident(self):
        self._values[:] = 0.0
        np.fill_diagonal(self._values, 1.0)
        return self

    def resize(self, nrow, ncol):
        old = self._values
        self._values = np.zeros((self._size(nrow, "nrow"), self._size(ncol, "ncol")))
        n, m = min(old.shape[0], int(nrow)), min(old.shape[1], int(ncol))
        self._values[:n, :m] = old[:n, :m]
        return self

    def c(self):
        return self._into(self._values, None)

    def to_vector(self, vout=None):
        """The elements column by column (NEURON's order)."""
        return _vector_into(self._values.flatten(order="F"), vout)

    def from_vector(self, vec):
        n, m = self._values.shape
        self._values[:] = self._vector(vec, n * m, "from_vector").reshape((n, m), order="F")
        return self

    def printf(self, fmt=" %-8g", row_end="\n"):
        """Each element with fmt (default " %-8g"), each row ended by row_end."""
        out = []
        for row in self._values:
            out.append("".join(format_double(str(fmt), v, f"{self}.printf") for v in row))
            out.append(str(row_end))
        sys.stdout.write("".join(out))
        return 0.0


class _RefRows:
    """m._ref_x[i]: its row, which [j] turns into the pointer to element (i, j)."""

    def __init__(self, values):
        self.values = values

    def __getitem__(self, i):
        i = int(i)
        if not 0 <= i < self.values.shape[0]:
            raise IndexError(f"Matrix._ref_x[{i}]: row out of range (nrow {self.values.shape[0]})")
        return _RefRow(self.values, i)


class _RefRow:
    def __init__(self, values, i):
        self.values, self.i = values, i

    def __getitem__(self, j):
        j = int(j)
        ncol = self.values.shape[1]
        if not 0 <= j < ncol:
            raise IndexError(f"Matrix._ref_x[{self.i}][{j}]: column out of range (ncol {ncol})")
        return MatrixElementPointer(self.values, self.i * ncol + j)


class MatrixElementPointer:
    """A pointer into a Matrix's elements in row order: p[k] is the k-th element after it;
    `array` and `offset` are what functions taking an array by its first element read."""

    def __init__(self, values, offset):
        self.values, self.offset = values, offset

    @property
    def array(self):
        return self.values.reshape(-1)          # the elements in row order

    def __getitem__(self, k):
        return float(self.array[self.offset + int(k)])

    def __setitem__(self, k, value):
        self.values[divmod(self.offset + int(k), self.values.shape[1])] = float(value)
