"""SUNDIALS' serial N_Vector operations (nvector_serial.c), with their special cases: the
rounding of c*(x + y) differs from a*x + b*y, so which formula runs decides the last bits of
every step size."""

import math

from numba import njit


@njit(cache=True, error_model="numpy")
def linear_sum(a, x, b, y, z):
    """N_VLinearSum: z = a*x + b*y by the case nvector_serial.c picks."""
    n = z.shape[0]
    if a == 1.0 and b == 1.0:
        for i in range(n):
            z[i] = x[i] + y[i]
    elif a == 1.0 and b == -1.0:
        for i in range(n):
            z[i] = x[i] - y[i]
    elif a == -1.0 and b == 1.0:
        for i in range(n):
            z[i] = y[i] - x[i]
    elif a == 1.0:
        for i in range(n):
            z[i] = b * y[i] + x[i]
    elif b == 1.0:
        for i in range(n):
            z[i] = a * x[i] + y[i]
    elif a == -1.0:
        for i in range(n):
            z[i] = b * y[i] - x[i]
    elif b == -1.0:
        for i in range(n):
            z[i] = a * x[i] - y[i]
    elif a == b:
        for i in range(n):
            z[i] = a * (x[i] + y[i])
    elif a == -b:
        for i in range(n):
            z[i] = a * (x[i] - y[i])
    else:
        for i in range(n):
            z[i] = a * x[i] + b * y[i]


@njit(cache=True, error_model="numpy")
def scale(c, x, z):
    """N_VScale: z = c*x."""
    for i in range(z.shape[0]):
        z[i] = c * x[i]


@njit(cache=True, error_model="numpy")
def wrms_norm(x, w):
    """N_VWrmsNorm: sqrt(sum((x*w)^2) / n), summed in index order."""
    n = x.shape[0]
    total = 0.0
    for i in range(n):
        p = x[i] * w[i]
        total += p * p
    return rsqrt(total / n)


@njit(cache=True, error_model="numpy")
def max_norm(x):
    m = 0.0
    for i in range(x.shape[0]):
        if abs(x[i]) > m:
            m = abs(x[i])
    return m


@njit(cache=True, error_model="numpy")
def rsqrt(x):
    """sundialsmath's RSqrt: 0 for x <= 0."""
    if x <= 0.0:
        return 0.0
    return math.sqrt(x)


@njit(cache=True, error_model="numpy")
def rpower_r(base, exponent):
    """RPowerR: 0 for base <= 0, else pow."""
    if base <= 0.0:
        return 0.0
    return base ** exponent


@njit(cache=True, error_model="numpy")
def rpower_i(base, exponent):
    """RPowerI: repeated multiplication, then 1/prod for a negative exponent."""
    prod = 1.0
    for _ in range(abs(exponent)):
        prod *= base
    if exponent < 0:
        prod = 1.0 / prod
    return prod
