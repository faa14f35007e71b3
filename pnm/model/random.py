"""h.Random: NEURON 9's Random class (generators Random123 and MCellRan4, the libg++
distributions, repick, Vector.setrand) and h.mcell_ran4 / h.mcell_ran4_init; every draw is
the same double as NEURON 9's.

As in NEURON 9, `h.Random(seed, size)` is a Random123 stream with ids (seed, size, 0) (size 55
when omitted) picking from normal(0, 1); a distribution method replaces the distribution and
returns its first draw; a generator method replaces the generator under the current
distribution. NEURON 9 no longer has ACG and MLCG (replaced by Random123)."""

import math
import numbers

from . import random123 as r123
from . import rng_gnu as gnu
from .hocindex import next_index, release_index

_UINT32_MAX = 4294967295.0
_SEQ_MAX = 17179869183.0          # 2^34 - 1: Random123 seq() is seq*4 + which

_REMOVED = {
    "ACG": "NEURON 9 removed Random.ACG (it became Random123); use r.Random123(id1, id2, id3)",
    "MLCG": "NEURON 9 removed Random.MLCG; use r.Random123(id1, id2, id3)",
    "Isaac64": "NEURON 9 removed Random.Isaac64; use r.Random123(id1, id2, id3)",
}

_METHODS = ("Random123, Random123_globalindex, MCellRan4, seq, repick, uniform, discunif, normal, "
            "lognormal, negexp, poisson, binomial, erlang, geometric, hypergeo, weibull, play")


def _number(what, name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what}: {name} must be a number, not {value!r}")
    return float(value)


def _in_range(what, name, value, low, high):
    """NEURON's chkarg: a number in [low, high], else an error naming the method and range."""
    x = _number(what, name, value)
    if not low <= x <= high:
        raise ValueError(f"{what}: {name} = {value!r} is out of range; allowed: "
                         f"{low:.15g} <= {name} <= {high:.15g}")
    return x


def c_long(x):
    """C's long(double) on x86-64: truncation toward zero; nan and out-of-range give
    LONG_MIN."""
    if math.isnan(x) or not -9.223372036854775808e18 <= x < 9.223372036854775808e18:
        return -9223372036854775808
    return int(x)


def _uint32(x):
    return c_long(x) & 0xFFFFFFFF


class Random:
    """h.Random([seed[, size]]): seed and size (7..98) become the Random123 ids (seed, size, 0)."""

    def __init__(self, seed=0, size=55):
        seed = _number("Random(seed, size)", "seed", seed)
        size = int(_in_range("Random(seed, size)", "size", size, 7, 98))
        self._index = next_index("Random")
        self._generator = gnu.Random123Generator(_uint32(seed), size, 0)
        self._distribution = gnu.Normal(0.0, 1.0, self._generator)

    def __repr__(self):
        return f"Random[{self._index}]"

    def __del__(self, release=release_index):
        if self.__dict__.get("_index") is not None:     # (freed: NEURON's numbering)
            release("Random")

    def hname(self):
        return repr(self)

    def __getattr__(self, name):
        if name in _REMOVED:
            raise AttributeError(f"{self}.{name}: {_REMOVED[name]}")
        raise AttributeError(f"{self}.{name}: Random has no {name!r}; its methods are "
                             f"{_METHODS}")

    def _what(self, method):
        return f"{self}.{method}"

    def _set_generator(self, generator):
        self._generator = generator
        self._distribution.generator = generator

    @property
    def generator(self):
        """The current generator (Random123Generator or MCellRan4Generator); its stream can be
        read by other pnm code (state, ids(), get_seq())."""
        return self._generator

    # ---- generators -----------------------------------------------------------------------
    def Random123(self, id1=0, id2=0, id3=0):
        what = self._what("Random123(id1, id2, id3)")
        ids = [int(_in_range(what, name, value, 0, _UINT32_MAX))
               for name, value in (("id1", id1), ("id2", id2), ("id3", id3))]
        self._set_generator(gnu.Random123Generator(*ids))
        return 0.0

    def Random123_globalindex(self, gix=None):
        if gix is not None:
            what = self._what("Random123_globalindex(gix)")
            r123.set_globalindex(int(_in_range(what, "gix", gix, 0, _UINT32_MAX)))
        return float(r123.globalindex())

    def MCellRan4(self, seed=0, lowindex=0):
        what = self._what("MCellRan4(seed, lowindex)")
        high = int(_in_range(what, "seed", seed, 0, _UINT32_MAX))
        low = int(_in_range(what, "lowindex", lowindex, 0, _UINT32_MAX))
        generator = gnu.MCellRan4Generator(high, low)
        self._set_generator(generator)
        return float(generator.orig)

    def seq(self, value=None):
        """Random123: the stream position seq*4 + which (get, or set and get); MCellRan4: the
        high index of the next draw."""
        gen = self._generator
        if isinstance(gen, gnu.Random123Generator):
            if value is not None:
                s = _in_range(self._what("seq(position)"), "position", value, 0, _SEQ_MAX)
                seq = int(s / 4.0)
                gen.set_seq(seq, int(s - seq * 4.0))
            seq, which = gen.get_seq()
            return float(seq) * 4.0 + float(which)
        if value is not None:
            gen.ihigh = _uint32(_number(self._what("seq(index)"), "index", value))
        return float(gen.ihigh)

    # ---- distributions --------------------------------------------------------------------
    def repick(self):
        """Another draw from the distribution last chosen."""
        return self._distribution.pick()

    def _choose(self, distribution):
        self._distribution = distribution
        return distribution.pick()

    def uniform(self, low, high):
        what = self._what("uniform(low, high)")
        return self._choose(gnu.Uniform(_number(what, "low", low), _number(what, "high", high),
                                        self._generator))

    def discunif(self, low, high):
        what = self._what("discunif(low, high)")
        low, high = c_long(_number(what, "low", low)), c_long(_number(what, "high", high))
        return self._choose(gnu.DiscreteUniform(low, high, self._generator))

    def normal(self, mean, variance):
        what = self._what("normal(mean, variance)")
        return self._choose(gnu.Normal(_number(what, "mean", mean),
                                       _number(what, "variance", variance), self._generator))

    def lognormal(self, mean, variance):
        what = self._what("lognormal(mean, variance)")
        return self._choose(gnu.LogNormal(_number(what, "mean", mean),
                                          _number(what, "variance", variance), self._generator))

    def negexp(self, mean):
        what = self._what("negexp(mean)")
        return self._choose(gnu.NegativeExpntl(_number(what, "mean", mean), self._generator))

    def poisson(self, mean):
        what = self._what("poisson(mean)")
        return self._choose(gnu.Poisson(_number(what, "mean", mean), self._generator))

    def binomial(self, n, p):
        what = self._what("binomial(n, p)")
        n = _binomial_n(what, n)
        return self._choose(gnu.Binomial(n, _in_range(what, "p", p, 0, 1), self._generator))

    def geometric(self, mean):
        what = self._what("geometric(mean)")
        return self._choose(gnu.Geometric(_in_range(what, "mean", mean, 0, 1), self._generator))

    def hypergeo(self, mean, variance):
        what = self._what("hypergeo(mean, variance)")
        return self._choose(gnu.HyperGeometric(_number(what, "mean", mean),
                                               _number(what, "variance", variance),
                                               self._generator))

    def erlang(self, mean, variance):
        what = self._what("erlang(mean, variance)")
        return self._choose(gnu.Erlang(_number(what, "mean", mean),
                                       _number(what, "variance", variance), self._generator))

    def weibull(self, alpha, beta):
        what = self._what("weibull(alpha, beta)")
        return self._choose(gnu.Weibull(_number(what, "alpha", alpha),
                                        _number(what, "beta", beta), self._generator))

    def play(self, ref):
        """r.play(ref): the variable gets a new draw at finitialize and before every step."""
        from .play import random_play
        random_play(self, ref, str(self))
        return 0.0

    # ---- for Vector.setrand ---------------------------------------------------------------
    def fill(self, values):
        """values[:] = successive draws (NEURON's Vector.setrand)."""
        from .random_fill import fill
        if fill(self._distribution, values):
            return
        for i in range(len(values)):
            values[i] = self._distribution.pick()


def _binomial_n(what, n):
    """binomial's n: NEURON takes int(n) of n in [0, 1e99] (C int: beyond 2^31 it is
    INT_MIN, so no trials); pnm refuses what NEURON would silently turn into no trials."""
    x = _in_range(what, "n", n, 0, 1e99)
    if x >= 2147483648.0:
        raise ValueError(f"{what}: n = {n!r} is too large; allowed: 0 <= n < 2^31")
    return int(x)


def setrand(values, rand, start=None, end=None, owner="Vector.setrand"):
    """Vector.setrand(r[, start, end]): values[start..end] (inclusive) = draws of r."""
    if not isinstance(rand, Random):
        raise TypeError(f"{owner}(r): r must be an h.Random, not {rand!r}")
    top = len(values) - 1
    if start is None and end is None:
        first, last = 0, top
    else:
        if start is None or end is None:
            raise TypeError(f"{owner}(r, start, end): give both start and end (or neither)")
        first = int(_in_range(f"{owner}(r, start, end)", "start", start, 0, top))
        last = int(_in_range(f"{owner}(r, start, end)", "end", end, first, top))
    if last >= first:
        rand.fill(values[first:last + 1])


def mcell_ran4(index_ref):
    """h.mcell_ran4(ref): a uniform draw in [0, 1) of the ran4 hash of (ref[0], global low
    index); ref[0] is then incremented (NEURON passes it by pointer; use h.ref(seed))."""
    if not (hasattr(index_ref, "__getitem__") and hasattr(index_ref, "__setitem__")):
        raise TypeError(f"h.mcell_ran4({index_ref!r}): give a reference holding the index, "
                        "e.g. idx = h.ref(1); h.mcell_ran4(idx)")
    high = _uint32(_number("h.mcell_ran4(ref)", "ref[0]", index_ref[0]))
    value = gnu.ran4_double(high, gnu.MCELL_LOWINDEX.value)
    index_ref[0] = float((high + 1) & 0xFFFFFFFF)
    return value


def mcell_ran4_init(low=None):
    """h.mcell_ran4_init([low]): returns the previous global low index, sets it if given."""
    previous = float(gnu.MCELL_LOWINDEX.value)
    if low is not None:
        gnu.MCELL_LOWINDEX.value = int(_in_range("h.mcell_ran4_init(low)", "low", low, 0,
                                                 _UINT32_MAX))
    return previous
