"""Bulk draws for Vector.setrand: NEURON's distributions (rng_gnu) as one numba kernel over a
Random123 stream or an MCellRan4 index, the same arithmetic as the per-draw classes, so a
million draws cost milliseconds instead of seconds."""

import math

import numpy as np

from . import random123 as r123     # first: it installs pnm's compile lock (and numba's import)
from numba import njit              # noqa: E402
from . import rng_gnu as gnu

(UNIFORM, DISCUNIF, NORMAL, LOGNORMAL, NEGEXP, POISSON, BINOMIAL, ERLANG, GEOMETRIC, HYPERGEO,
 WEIBULL) = range(11)

_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT32_MCELL = 1.0 / 4294967296.0


@njit(cache=True)
def _ran4_int(high, low):
    n = np.uint64(high)
    m = np.uint64(low)
    w = n ^ np.uint64(0xBAA96887)
    v = w >> np.uint64(16)
    w &= np.uint64(0xFFFF)
    u = ~((v - w) * (v + w)) & _MASK32
    m ^= ((((u >> np.uint64(16)) | (u << np.uint64(16))) & _MASK32) ^ np.uint64(0x4B0F3B58)) + w * v
    m &= _MASK32
    w = m ^ np.uint64(0x1E17D32C)
    v = w >> np.uint64(16)
    w &= np.uint64(0xFFFF)
    u = ~((v - w) * (v + w)) & _MASK32
    n ^= ((((u >> np.uint64(16)) | (u << np.uint64(16))) & _MASK32) ^ np.uint64(0xE874F0C3)) + w * v
    return n & _MASK32


@njit(cache=True)
def _next_uniform(stream, mcell, gix):
    """One as_double() of the generator: the Random123 stream when mcell is None (numba
    compiles that case apart), else MCellRan4 with mcell = [ihigh, low]."""
    if mcell is None:
        return r123.stream_dblpick(stream, gix)
    value = np.float64(_ran4_int(mcell[0], mcell[1])) * _SHIFT32_MCELL
    mcell[0] = (mcell[0] + np.uint64(1)) & _MASK32
    return value


@njit(cache=True, error_model="numpy")
def _fill_normal(stream, mcell, gix, mean, stddev, cache, lognormal, out):
    """libg++ Normal (polar pairs, the second kept for the next draw; cache = [have, value]);
    LogNormal is pow(e, normal)."""
    have, cached = cache[0] != 0.0, cache[1]
    for i in range(out.shape[0]):
        if have:
            have = False
            x = cached * stddev + mean
        else:
            while True:
                v1 = 2 * _next_uniform(stream, mcell, gix) - 1
                v2 = 2 * _next_uniform(stream, mcell, gix) - 1
                w = v1 * v1 + v2 * v2
                if w <= 1:
                    break
            y = np.sqrt((-2 * np.log(w)) / w)
            have, cached = True, v2 * y
            x = v1 * y * stddev + mean
        out[i] = math.e ** x if lognormal else x
    cache[0] = 1.0 if have else 0.0
    cache[1] = cached


@njit(cache=True, error_model="numpy")
def _fill_counting(code, stream, mcell, gix, p0, p1, out):
    """The distributions that count uniform draws: poisson (p0 = exp(-mean)), binomial
    (p0 = n, p1 = p), geometric (p0 = mean)."""
    for i in range(out.shape[0]):
        if code == POISSON:
            count = 0
            product = 1.0
            while product >= p0:
                count += 1
                product *= _next_uniform(stream, mcell, gix)
            out[i] = count - 1
        elif code == BINOMIAL:
            count = 0
            for _ in range(int(p0)):
                if _next_uniform(stream, mcell, gix) < p1:
                    count += 1
            out[i] = count
        else:
            count = 1
            while _next_uniform(stream, mcell, gix) < p0:
                count += 1
            out[i] = count


@njit(cache=True, error_model="numpy")
def _fill_others(code, stream, mcell, gix, p0, p1, out):
    for i in range(out.shape[0]):
        if code == UNIFORM:
            out[i] = p0 + p1 * _next_uniform(stream, mcell, gix)
        elif code == DISCUNIF:
            out[i] = p0 + np.floor(p1 * _next_uniform(stream, mcell, gix))
        elif code == NEGEXP:
            out[i] = -p0 * np.log(_next_uniform(stream, mcell, gix))
        elif code == ERLANG:
            prod = 1.0
            for _ in range(int(p0)):
                prod *= _next_uniform(stream, mcell, gix)
            out[i] = -np.log(prod) / p1
        elif code == HYPERGEO:
            d = (1.0 - p1) if _next_uniform(stream, mcell, gix) > p1 else p1
            out[i] = -p0 * np.log(_next_uniform(stream, mcell, gix)) / (2.0 * d)
        else:   # WEIBULL
            out[i] = (p1 * (-np.log(1 - _next_uniform(stream, mcell, gix)))) ** p0


@njit(cache=True)
def fill_kernel(code, stream, mcell, gix, params, cache, out):
    """out[:] = draws of distribution `code` (params as _describe makes them) from the
    Random123 stream (mcell None) or the MCellRan4 index pair mcell."""
    if code == NORMAL or code == LOGNORMAL:
        _fill_normal(stream, mcell, gix, params[0], params[1], cache, code == LOGNORMAL, out)
    elif code == POISSON or code == BINOMIAL or code == GEOMETRIC:
        _fill_counting(code, stream, mcell, gix, params[0], params[1], out)
    else:
        _fill_others(code, stream, mcell, gix, params[0], params[1], out)


def _describe(dist):
    """(code, params) of a distribution object, or None when the kernel does not cover it."""
    table = {
        gnu.Uniform: lambda d: (UNIFORM, (d.low, d.delta)),
        gnu.DiscreteUniform: lambda d: (DISCUNIF, (float(d.low), d.delta)),
        gnu.Normal: lambda d: (NORMAL, (d.mean, d.stddev)),
        gnu.LogNormal: lambda d: (LOGNORMAL, (d.mean, d.stddev)),
        gnu.NegativeExpntl: lambda d: (NEGEXP, (d.mean, 0.0)),
        gnu.Poisson: lambda d: (POISSON, (gnu.c_exp(-1.0 * d.mean), 0.0)),
        gnu.Binomial: lambda d: (BINOMIAL, (float(d.n), d.p)),
        gnu.Erlang: lambda d: (ERLANG, (float(d.k), d.a)),
        gnu.Geometric: lambda d: (GEOMETRIC, (d.mean, 0.0)),
        gnu.HyperGeometric: lambda d: (HYPERGEO, (d.mean, d.p)),
        gnu.Weibull: lambda d: (WEIBULL, (d.inv_alpha, d.beta)),
    }
    make = table.get(type(dist))
    if make is None:
        return None
    code, params = make(dist)
    return code, np.array(params, dtype=np.float64)


def fill(dist, out):
    """out[:] = successive dist.pick() values; False when dist has no kernel (the caller then
    loops over pick())."""
    described = _describe(dist)
    gen = dist.generator
    if described is None or not isinstance(gen, (gnu.Random123Generator,
                                                 gnu.MCellRan4Generator)):
        return False
    code, params = described
    cache = np.zeros(2)
    if isinstance(dist, gnu.Normal) and dist.cached is not None:
        cache[:] = 1.0, dist.cached
    gix = np.uint32(r123.globalindex())
    if isinstance(gen, gnu.Random123Generator):
        fill_kernel(code, gen.state, None, gix, params, cache, out)
    else:
        mcell = np.array([gen.ihigh, gen.effective_lowindex()], dtype=np.uint64)
        fill_kernel(code, np.zeros(r123.STREAM_WORDS, np.uint32), mcell, gix, params, cache,
                    out)
        gen.ihigh = int(mcell[0])
    if isinstance(dist, gnu.Normal):
        dist.cached = float(cache[1]) if cache[0] != 0.0 else None
    return True
