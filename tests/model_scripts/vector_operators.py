"""Python operators and slices on h.Vector, as NEURON 9 has them (neuron/__init__.py's
nrnpy_vec_math, nrnpy_hoc.cpp's slice get/set); run as `python vector_operators.py
neuron|pnm`. Prints what must be identical under NEURON 9 and pnm. Errors print only that
there was one where NEURON raises hoc's RuntimeError and pnm the method's own exception."""
import sys

if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
import numpy as np


def show(expr, env):
    try:
        r = eval(expr, env)
    except Exception as e:
        if "unsupported operand" in str(e):
            print(expr, "TypeError unsupported operand")
        elif isinstance(e, (ValueError, IndexError)) and "slice" in str(e):
            print(expr, type(e).__name__, e)
        else:                   # a Vector method's error: hoc's (NEURON) or pnm's own
            print(expr, "error")
        return
    if isinstance(r, (float, int, bool)):
        print(expr, "=>", type(r).__name__, r)
    elif isinstance(r, np.ndarray):
        print(expr, "=> ndarray", r.tolist())
    else:
        print(expr, "=>", r.hname(), r.hname().split("[")[0], list(r),
              r is env["a"], r is env["b"])


a = h.Vector([1, 2, 3])
b = h.Vector([1, 1, 1])
c = h.Vector([1, 2])
z = h.Vector([0, 1, 4])
env = dict(a=a, b=b, c=c, z=z, h=h, np=np)
for e in ["a + b", "a - b", "a * 2", "2 * a", "a / 2", "a - 1", "-a", "+a", "abs(-a)", "a * b",
          "a / b", "b - a", "1 - a", "2 / a", "3 / h.Vector([7, 9, 11])", "a * 2.5", "0.1 * a",
          "a + True", "a + np.float64(2)", "np.float64(2) * a", "a + np.array([1, 2, 3])",
          "np.array([1, 2, 3]) + a", "h.Vector() + h.Vector()", "a / z", "-z",
          "a + c", "c + a", "a - c", "a * c", "a / c", "a / 0", "2 / z", "a + h.Vector()",
          "a + h.List()", "a + 'x'", "a + None", "a + [1, 2, 3]", "a ** 2", "a // 2", "a % 2",
          "a @ b", "sum([a, b, b])",
          "a[1:3]", "a[1:3].size()", "a[::-1]", "a[-2:]", "a[::2]", "a[5:9]", "a[1:1]",
          "a[:]", "a[1:3:0]", "a[-1]", "a[0]"]:
    show(e, env)
print("unchanged", list(a), list(b), list(c), list(z))

x = h.Vector([1, 2, 3])
y = x
x += b
print("+= is a new Vector", x is y, list(x), list(y), x.hname())
x = h.Vector([1, 2, 3])
y = x
x *= 2
x -= 1
x /= 4
print("*= -= /=", x is y, list(x), list(y))
s = a[0:2]
s[0] = 99
print("a slice is a copy", list(a), list(s))
v = h.Vector([1, 2, 3, 4])
v[1:3] = [7, 8]
print("set slice", list(v))
v[::2] = h.Vector([5, 6])
print("set slice from a Vector", list(v))
v[3:1:-1] = np.array([10.0, 20.0])
print("set reversed slice", list(v))
for bad in (3, [1, 2, 3], [1]):
    w = h.Vector([5, 6, 7, 8])
    try:
        w[0:2] = bad
        print("set slice", bad, "no error", list(w))
    except (TypeError, IndexError) as e:
        print("set slice", bad, type(e).__name__, e, list(w))
print("last", h.Vector().hname())
