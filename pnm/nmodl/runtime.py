"""Functions every generated mechanism module imports: NEURON's ion formulas (nernst, ghk with
the CODATA 2018 constants of NEURON's nrnunits.h / eion.cpp), the event buffer, and the hook for
RANDOM variables (NEURON's nrnran123 streams, with pnm's Random123).

Event buffer (docs/nmodl_frontend.md): float64[capacity, 4] rows (time, kind, target, flag)
and int64[1] count; kinds below.
"""
import math
import re
import sys

import numpy as np
from .. import compilelock

compilelock.install()        # before this module's numba kernels are defined

from numba import njit, objmode

from ..model.random123 import philox4x32_10

EV_SELF = 0.0        # net_send(delay, flag): self-event to `target` at `time` with `flag`
EV_SPIKE = 1.0       # net_event(tt): `target` fires at `time` (NetCons from it get events)
EV_MOVE = 2.0        # net_move(tt): move target's last pending self-event to `time`
EV_WATCH = 3.0       # a WATCH condition became true: deliver `flag` to target at `time`

ELECTRON_CHARGE = 1.602176634e-19     # coulomb, exact (CODATA 2018)
MASK32 = np.uint64(0xFFFFFFFF)
AVOGADRO = 6.02214076e+23             # exact
BOLTZMANN = 1.380649e-23              # joule/K, exact
FARADAY = ELECTRON_CHARGE * AVOGADRO  # as nrnunits.h: the same double product
GAS_CONSTANT = BOLTZMANN * AVOGADRO


@njit(cache=True)
def push_event(events, n_events, time, kind, target, flag):
    k = n_events[0]
    if k >= events.shape[0]:
        raise RuntimeError("pnm mechanism event buffer full: the engine must drain it or "
                           "give a larger buffer")
    events[k, 0] = time
    events[k, 1] = kind
    events[k, 2] = target
    events[k, 3] = flag
    n_events[0] = k + 1


AT_FIXED, AT_INIT, AT_STEP = 0.0, 1.0, 2.0     # glob[k + 1] of at_time_: who integrates
AT_EPS = 100.0 * 2.220446049250313e-16       # NetCvode::eps_ (100 * UNIT_ROUNDOFF)


@njit(cache=True)
def at_time_(glob, k, te, t, dt):
    """NEURON's at_time(te) (cvodestb.cpp, Cvode::at_time). Fixed step: 1 in the step that
    reaches te. Variable step, while the integrator initialises at t0 = t (glob[k + 1] ==
    AT_INIT): te is kept in glob[k] when t0 < te < glob[k] (the next stop time), and 1 when
    te equals t0 within NetCvode::eps; while it steps, 0."""
    mode = glob[k + 1]
    if mode == AT_FIXED:
        return 1.0 if t - dt < te - 1e-11 <= t else 0.0
    if mode == AT_INIT:
        if t < te < glob[k]:
            glob[k] = te
        e = AT_EPS * abs(t)
        return 1.0 if te - t < e and t - te < e else 0.0
    return 0.0


@njit(cache=True)
def ktf_(celsius):
    return 1000. * GAS_CONSTANT * (celsius + 273.15) / FARADAY


@njit(cache=True)
def nernst_(celsius, ci, co, z):
    """NEURON's nrn_nernst (eion.cpp), in mV."""
    if z == 0:
        return 0.
    if ci <= 0.:
        return 1e6
    elif co <= 0.:
        return -1e6
    return ktf_(celsius) / z * math.log(co / ci)


@njit(cache=True)
def _efun(x):
    if abs(x) < 1e-4:
        return 1. - x / 2.
    return x / (math.exp(x) - 1)


@njit(cache=True)
def ghk_(celsius, v, ci, co, z):
    """NEURON's nrn_ghk (eion.cpp): mA/cm2 per (cm/s permeability)."""
    temp = z * v / ktf_(celsius)
    eco = co * _efun(temp)
    eci = ci * _efun(-temp)
    return (.001) * z * FARADAY * (eci - eco)


@njit(cache=True, error_model="numpy")
def random123_refill(stream, gix):
    """The stream's block of four words, philox4x32_10 of its counter (sequence, id3, id1,
    id2) with key (gix, 0), computed as NEURON's nrnran123 does: at setseq and when the
    position passes a block's last word (the ids and key then in force)."""
    seq = np.uint64(stream[3]) >> np.uint64(2)
    block = philox4x32_10(seq, np.uint64(stream[2]), np.uint64(stream[0]),
                          np.uint64(stream[1]), np.uint64(gix), np.uint64(0))
    for j in range(4):
        stream[4 + j] = np.float64(block[j])


@njit(cache=True, error_model="numpy")
def random123_pick(stream, gix):
    """nrnran123_ipick on stream = float64[8] view of an instance's RANDOM variable: (id1,
    id2, id3, position = 4 * sequence + which, the block's four words). The sequence wraps
    at 2^32 carrying into id3, as the counter's incr."""
    position = np.uint64(stream[3])
    which = position & np.uint64(3)
    value = stream[4 + np.int64(which)]
    if which == np.uint64(3):
        seq = (position >> np.uint64(2)) + np.uint64(1)
        if seq > MASK32:
            seq = np.uint64(0)
            stream[2] = np.float64((np.uint64(stream[2]) + np.uint64(1)) & MASK32)
        stream[3] = np.float64(seq << np.uint64(2))
        random123_refill(stream, gix)
    else:
        stream[3] = np.float64(position + np.uint64(1))
    return value


@njit(cache=True, error_model="numpy")
def random123_uniform(stream, gix):
    """random_uniform(r): nrnran123_dblpick, (u + 1) / (2^32 + 1), in (0, 1)."""
    return (random123_pick(stream, gix) + 1.0) * (1.0 / 4294967297.0)


@njit(cache=True, error_model="numpy")
def random123_uniform2(stream, gix, a, b):
    """random_uniform(r, a, b)."""
    return a + random123_uniform(stream, gix) * (b - a)


@njit(cache=True, error_model="numpy")
def random123_negexp(stream, gix):
    """random_negexp(r): -log(dblpick), mean 1."""
    return -math.log(random123_uniform(stream, gix))


@njit(cache=True, error_model="numpy")
def random123_negexp1(stream, gix, mean):
    """random_negexp(r, mean)."""
    return -math.log(random123_uniform(stream, gix)) * mean


@njit(cache=True, error_model="numpy")
def random123_normal(stream, gix):
    """random_normal(r): nrnran123_normal's polar method, one value per accepted pair."""
    while True:
        u1 = 2.0 * random123_uniform(stream, gix) - 1.0
        u2 = 2.0 * random123_uniform(stream, gix) - 1.0
        w = u1 * u1 + u2 * u2
        if not w > 1.0:
            break
    return u1 * math.sqrt((-2.0 * math.log(w)) / w)


@njit(cache=True, error_model="numpy")
def random123_normal2(stream, gix, mu, sigma):
    """random_normal(r, mu, sigma)."""
    return mu + random123_normal(stream, gix) * sigma


@njit(cache=True, error_model="numpy")
def random123_setseq(stream, gix, seq4which):
    """random_setseq(r, x): nrnran123_setseq(s, double): x = 4 * sequence + which (34 bits;
    negative or above 2^40 - 1 is 0); the block is computed anew."""
    if seq4which < 0.0 or seq4which > 1099511627775.0:
        seq4which = 0.0
    stream[3] = np.float64(np.uint64(seq4which) & np.uint64(0x3FFFFFFFF))
    random123_refill(stream, gix)
    return 0.0


@njit(cache=True, error_model="numpy")
def random123_setids(stream, id1, id2, id3):
    """random_setids(r, id1, id2, id3): the ids (uint32); the position and the block stay
    (the next block is the first with the new ids), as nrnran123_setids."""
    stream[0] = np.float64(np.uint32(np.int64(id1)))
    stream[1] = np.float64(np.uint32(np.int64(id2)))
    stream[2] = np.float64(np.uint32(np.int64(id3)))
    return 0.0


@njit(cache=True)
def runge_t_drift(t, dt, n):
    """NEURON's thread time after n instances of a METHOD runge mechanism stepped: scopmath's
    runge moves t by += h/2, += h/2, -= h per instance, which does not always give t back
    (0.05 becomes 0.049999999999999996); NEURON keeps the result, so spike times carry it."""
    for _ in range(n):
        t += dt / 2.0
        t += dt / 2.0
        t -= dt
    return t


def uses_runge(module):
    """Whether a generated mechanism module has a METHOD runge solve (its solver's signature
    line, see pnm/nmodl/solvers.py)."""
    # a lazy front (pnm.nmodl.lazyfront) names the file that holds the generated code
    with open(getattr(module, "KERNELS_FILE", module.__file__)) as f:
        return "    tt += h / 2.0\n" in f.read()


@njit(cache=True)
def node_runs(node_index):
    """The runs of instances at consecutive nodes: int64[n_runs, 3] rows (first node, first
    instance, length), in instance order (the kernels current_runs and state_runs loop over
    them; the engine computes them once per model)."""
    n = node_index.shape[0]
    out = np.zeros((n, 3), dtype=np.int64)
    r = 0
    i = 0
    while i < n:
        k = 1
        while i + k < n and node_index[i + k] == node_index[i] + k:
            k += 1
        out[r, 0] = node_index[i]
        out[r, 1] = i
        out[r, 2] = k
        r += 1
        i += k
    return out[:r].copy()


def new_event_buffer(capacity=1024):
    return np.zeros((capacity, 4)), np.zeros(1, dtype=np.int64)


# ---- FUNCTION_TABLE: NEURON's hoc_func_table (src/oc/functabl.cpp) ---------------------------
# A FUNCTION_TABLE's values live in its mechanism's table array (flat, after the TABLEs'
# rows): a header at a fixed place [specified, constant value, offset of the values, then per
# argument: size, min, max, offset of its values (-1: evenly spaced from min to max)], the
# values where the header says (pnm.model.functables writes them from h.table_<f>_<mech>).
FT_HEAD = 3
FT_ARG = 4


@njit(cache=True, error_model="numpy")
def ft_arg(flat, a, x):
    """(index, fraction) of x along the argument whose header starts at a: clamped at both
    ends (fraction 0 there), as NEURON's arg_index."""
    n = int(flat[a])
    vec = int(flat[a + 3])
    if vec >= 0:
        if x <= flat[vec]:
            return 0, 0.0
        if x >= flat[vec + n - 1]:
            return n - 1, 0.0
        t0, t1 = 0, n - 1
        while t0 < t1 - 1:
            j = (t0 + t1) // 2
            if flat[vec + j] <= x:
                t0 = j
            else:
                t1 = j
        return t0, (x - flat[vec + t0]) / (flat[vec + t0 + 1] - flat[vec + t0])
    lo, hi = flat[a + 1], flat[a + 2]
    if x <= lo:
        return 0, 0.0
    if x >= hi:
        return n - 1, 0.0
    d = (hi - lo) / float(n - 1)
    x1 = (x - lo) / d
    j = int(x1)
    return j, x1 - float(j)


@njit(cache=True, error_model="numpy")
def ft_inter(frac, flat, j):
    if frac > 0.0:
        return (1.0 - frac) * flat[j] + frac * flat[j + 1]
    return flat[j]


@njit(cache=True, error_model="numpy")
def function_table(tab, head, args):
    """The FUNCTION_TABLE whose header is at flat position head, at args (a tuple): linear
    interpolation in 1 and 2 dimensions, the value at the lower index beyond (NEURON's)."""
    flat = tab.reshape(-1)
    if flat[head] == 0.0:
        raise RuntimeError("FUNCTION_TABLE: table not specified (NEURON: 'table not "
                           "specified in hoc_func_table'); give it with "
                           "h.table_<function>_<mechanism>(...) first")
    if flat[head + 1] != 0.0 and flat[head + FT_HEAD] == 1.0:
        return flat[head + 1]
    data = int(flat[head + 2])
    j, f0, f1 = 0, 0.0, 0.0
    for i in range(len(args)):
        a = head + FT_HEAD + FT_ARG * i
        k, frac = ft_arg(flat, a, args[i])
        j = j * int(flat[a]) + k
        if i == 0:
            f0 = frac
        elif i == 1:
            f1 = frac
    if len(args) == 1:
        return ft_inter(f0, flat, data + j)
    if len(args) == 2:
        y1 = ft_inter(f1, flat, data + j)
        if f0 != 0.0:
            y2 = ft_inter(f1, flat, data + j + int(flat[head + FT_HEAD + FT_ARG]))
            return (1.0 - f0) * y1 + f0 * y2 if f0 > 0.0 else y1
        return y1
    return flat[data + j]


# NEURON's scop_random (src/oc/scoprand.cpp) without mcell_ran4: a linear congruential
# generator on 32 bits from the seed 1 (set_seed sets it), kept in a hidden GLOBAL of the
# mechanism (glob[k]); exprand and normrand as src/scopmath draws from it.
@njit(cache=True, error_model="numpy")
def scop_random_(glob, k):
    value = (2147437301 * np.int64(glob[k]) + 453816981) & 0xFFFFFFFF
    glob[k] = float(value)
    return abs(float(value) / 4294967295.0)


@njit(cache=True, error_model="numpy")
def scop_set_seed_(glob, k, seed):
    glob[k] = float(np.int64(seed) & 0xFFFFFFFF)
    return 0.0


@njit(cache=True, error_model="numpy")
def scop_exprand_(glob, k, mean):
    return -mean * math.log(scop_random_(glob, k))


@njit(cache=True, error_model="numpy")
def scop_normrand_(glob, k, mean, std_dev):
    s = 1.0
    v1 = 0.0
    while s >= 1.0:
        v1 = 2.0 * scop_random_(glob, k) - 1.0
        v2 = 2.0 * scop_random_(glob, k) - 1.0
        s = v1 * v1 + v2 * v2
    v2 = v1 * math.sqrt(-2.0 * math.log(s) / s)
    return v2 * std_dev + mean


_INT_CONVERSION = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?([diouxXcfeEgG%])")


def c_printf(fmt, values):
    """C's printf of numbers (formats checked by pnm.nmodl.verbatim): Python's % operator
    formats %d %f %e %g ... as C does; the int conversions get ints, as C's (int) casts."""
    convs = [m.group(1) for m in _INT_CONVERSION.finditer(fmt) if m.group(1) != "%"]
    args = tuple(int(x) if c in "diouxXc" else float(x) for c, x in zip(convs, values))
    sys.stdout.write(fmt % args)


@njit(cache=True)
def printf_(fmt, values):
    """printf from a mechanism's kernel (VERBATIM C): on sys.stdout, in order with Python's
    output, as NEURON's printf reaches Python's stdout."""
    with objmode():
        c_printf(fmt, values)
    return 0.0


@njit(cache=True)
def fflush_():
    with objmode():
        sys.stdout.flush()
    return 0.0


@njit(cache=True, error_model="numpy")
def vector_element_(tab, start, size, i):
    """vector_element(x, i): value i of the Vector bound to the instance's BBCOREPOINTER x,
    whose values the engine put in the table array at flat place start (pnm's reading of
    vecevent.mod's `vector_vec(_p_ptr)[i]`; C would read past the end, pnm refuses)."""
    k = int(i)
    if k < 0 or k >= size:
        raise IndexError("vector_element(x, i): i is outside the Vector bound to x "
                         "(0 <= i < vector_size(x))")
    return tab.reshape(-1)[int(start) + k]
