"""NEURON's random generators (Random123, MCellRan4) and the distributions of its GNU libg++
classes (src/gnu: Uniform, Normal, ... Weibull), written for pnm with NEURON's arithmetic step
for step so that every draw is the same double as NEURON's.

A generator has as_long() (a uint32) and as_double() (in (0, 1)); a distribution holds a
generator (replaceable: Random.Random123() swaps the generator under the current distribution)
and draws with pick()."""

import math

import numpy as np

from . import random123 as r123

_MASK32 = 0xFFFFFFFF


# ---- generators ---------------------------------------------------------------------------
class Random123Generator:
    """NrnRandom123: one nrnran123 stream (philox4x32_10)."""

    kind = "Random123"

    def __init__(self, id1, id2, id3=0):
        self.state = r123.new_stream(id1, id2, id3)

    def as_long(self):
        return int(r123.stream_ipick(self.state, np.uint32(r123.globalindex())))

    def as_double(self):
        return float(r123.stream_dblpick(self.state, np.uint32(r123.globalindex())))

    def reset(self):
        self.set_seq(0, 0)

    def set_seq(self, seq, which):
        r123.stream_setseq(self.state, np.uint32(seq), int(which),
                           np.uint32(r123.globalindex()))

    def get_seq(self):
        return r123.stream_getseq(self.state)

    def ids(self):
        return r123.stream_getids(self.state)


class _McellLowIndex:
    """mcell_ran4_init's global low index, used by MCellRan4 generators created with ilow 0."""

    value = 0


MCELL_LOWINDEX = _McellLowIndex()


def ran4_int(high, low):
    """nrnRan4int: a 64-bit hash of (high, low) -> uint32 (the caller then increments high)."""
    n = high & _MASK32
    m = low & _MASK32
    w = n ^ 0xBAA96887
    v = w >> 16
    w &= 0xFFFF
    u = ~((v - w) * (v + w)) & _MASK32
    m ^= ((((u >> 16) | (u << 16)) & _MASK32) ^ 0x4B0F3B58) + w * v
    m &= _MASK32
    w = m ^ 0x1E17D32C
    v = w >> 16
    w &= 0xFFFF
    u = ~((v - w) * (v + w)) & _MASK32
    n ^= ((((u >> 16) | (u << 16)) & _MASK32) ^ 0xE874F0C3) + w * v
    return n & _MASK32


def ran4_double(high, low):
    """nrnRan4dbl: ran4_int / 2^32, in [0, 1)."""
    return float(ran4_int(high, low)) * (1.0 / 4294967296.0)


class MCellRan4Generator:
    """MCellRan4(ihigh, ilow): ran4 hash of (ihigh++, ilow); ilow 0 means the global
    mcell_ran4_init index at each draw. ihigh 0 picks a seed from a process-wide count of
    MCellRan4 generators, as NEURON does."""

    kind = "MCellRan4"
    created = 0          # NEURON's static MCellRan4::cnt_

    def __init__(self, ihigh=0, ilow=0):
        MCellRan4Generator.created = (MCellRan4Generator.created + 1) & _MASK32
        self.ilow = ilow & _MASK32
        self.ihigh = ihigh & _MASK32
        if self.ihigh == 0:
            self.ihigh = MCellRan4Generator.created
            self.ihigh = self.as_long()
        self.orig = self.ihigh

    def effective_lowindex(self):
        return MCELL_LOWINDEX.value if self.ilow == 0 else self.ilow

    def as_long(self):
        value = ran4_int(self.ihigh, self.effective_lowindex())
        self.ihigh = (self.ihigh + 1) & _MASK32
        return value

    def as_double(self):
        value = ran4_double(self.ihigh, self.effective_lowindex())
        self.ihigh = (self.ihigh + 1) & _MASK32
        return value

    def reset(self):
        self.ihigh = self.orig


# ---- distributions (libg++ classes, NEURON's src/gnu) -------------------------------------
class Distribution:
    """A distribution over a replaceable generator."""

    def __init__(self, generator):
        self.generator = generator

    def pick(self):
        raise NotImplementedError


class Uniform(Distribution):
    def __init__(self, low, high, generator):
        super().__init__(generator)
        self.low = low if low < high else high
        self.high = high if low < high else low
        self.delta = self.high - self.low

    def pick(self):
        return self.low + self.delta * self.generator.as_double()


class DiscreteUniform(Distribution):
    """Integers low..high inclusive (low, high are C longs)."""

    def __init__(self, low, high, generator):
        super().__init__(generator)
        self.low = low if low < high else high
        self.high = high if low < high else low
        self.delta = float((self.high - self.low) + 1)

    def pick(self):
        return float(self.low + int(math.floor(self.delta * self.generator.as_double())))


class Normal(Distribution):
    """Polar method (Law & Kelton); draws two normals per accepted pair and keeps the second
    for the next pick."""

    def __init__(self, mean, variance, generator):
        super().__init__(generator)
        self.mean = mean
        self.variance = variance
        self.stddev = _c_sqrt(variance)
        self.cached = None

    def standard_pair(self):
        while True:
            v1 = 2 * self.generator.as_double() - 1
            v2 = 2 * self.generator.as_double() - 1
            w = v1 * v1 + v2 * v2
            if w <= 1:
                y = _c_sqrt(_c_div(-2 * _c_log(w), w))
                return v1 * y, v2 * y

    def pick(self):
        if self.cached is not None:
            x, self.cached = self.cached, None
            return x * self.stddev + self.mean
        x1, self.cached = self.standard_pair()
        return x1 * self.stddev + self.mean


class LogNormal(Normal):
    """exp of a normal whose mean and variance make the lognormal's mean and variance the
    given ones; NEURON computes pow(e, x)."""

    def __init__(self, mean, variance, generator):
        super().__init__(mean, variance, generator)
        m2 = mean * mean
        self.mean = _c_log(_c_div(m2, _c_sqrt(variance + m2)))
        self.stddev = _c_sqrt(_c_log(_c_div(variance + m2, m2)))

    def pick(self):
        return _c_pow(math.e, super().pick())


class NegativeExpntl(Distribution):
    def __init__(self, mean, generator):
        super().__init__(generator)
        self.mean = mean

    def pick(self):
        return -self.mean * _c_log(self.generator.as_double())


class Poisson(Distribution):
    """Count of uniforms multiplied before the product falls below exp(-mean)."""

    def __init__(self, mean, generator):
        super().__init__(generator)
        self.mean = mean

    def pick(self):
        bound = c_exp(-1.0 * self.mean)
        count = 0
        product = 1.0
        while product >= bound:
            count += 1
            product *= self.generator.as_double()
        return float(count - 1)


class Binomial(Distribution):
    def __init__(self, n, p, generator):
        super().__init__(generator)
        self.n = n
        self.p = p

    def pick(self):
        successes = 0
        for _ in range(self.n):
            if self.generator.as_double() < self.p:
                successes += 1
        return float(successes)


class Erlang(Distribution):
    """Sum of k exponentials, k = round(mean^2 / variance) (at least 1)."""

    def __init__(self, mean, variance, generator):
        super().__init__(generator)
        self.mean = mean
        self.variance = variance
        k = _c_int(_c_div(mean * mean, variance) + 0.5)
        self.k = k if k > 0 else 1
        self.a = _c_div(self.k, mean)

    def pick(self):
        prod = 1.0
        for _ in range(self.k):
            prod *= self.generator.as_double()
        return _c_div(-_c_log(prod), self.a)


class Geometric(Distribution):
    """Number of uniforms drawn up to and including the first one >= mean."""

    def __init__(self, mean, generator):
        super().__init__(generator)
        self.mean = mean

    def pick(self):
        samples = 1
        while self.generator.as_double() < self.mean:
            samples += 1
        return float(samples)


class HyperGeometric(Distribution):
    """libg++'s 'hypergeometric': a balanced mixture of two exponentials."""

    def __init__(self, mean, variance, generator):
        super().__init__(generator)
        self.mean = mean
        self.variance = variance
        z = _c_div(variance, mean * mean)
        self.p = 0.5 * (1.0 - _c_sqrt(_c_div(z - 1.0, z + 1.0)))

    def pick(self):
        d = (1.0 - self.p) if self.generator.as_double() > self.p else self.p
        return _c_div(-self.mean * _c_log(self.generator.as_double()), 2.0 * d)


class Weibull(Distribution):
    def __init__(self, alpha, beta, generator):
        super().__init__(generator)
        self.alpha = alpha
        self.beta = beta
        self.inv_alpha = _c_div(1.0, alpha)

    def pick(self):
        return _c_pow(self.beta * (-_c_log(1 - self.generator.as_double())), self.inv_alpha)


# ---- C double arithmetic (inf/nan instead of Python exceptions) ---------------------------
def _c_div(a, b):
    a, b = float(a), float(b)
    if b == 0.0:
        if a == 0.0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _c_log(x):
    if x > 0.0:
        return math.log(x)
    with np.errstate(all="ignore"):
        return float(np.log(np.float64(x)))


def _c_sqrt(x):
    return math.sqrt(x) if x >= 0.0 else math.nan


def c_exp(x):
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _c_pow(x, y):
    try:
        return math.pow(x, y)
    except (OverflowError, ValueError):
        with np.errstate(all="ignore"):
            return float(np.power(np.float64(x), np.float64(y)))


def _c_int(x):
    """C's int(double) for the values a distribution can meet (nan and out of range: INT_MIN,
    what x86 gives)."""
    if math.isnan(x) or not -2147483648.0 < x < 2147483648.0:
        return -2147483648
    return int(x)
