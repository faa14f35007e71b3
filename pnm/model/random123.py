"""NEURON's Random123 streams (nrnran123: philox4x32 with 10 rounds) as numba kernels on plain
arrays, shared by h.Random and the engine (NetStim noise draws from one stream per instance).

A stream is a uint32 array of STREAM_WORDS words:
    [c0, c1, c2, c3, r0, r1, r2, r3, which]
c is the philox counter: c0 = sequence number, c1 = id3, c2 = id1, c3 = id2 (NEURON's layout);
r = philox4x32_10(c, key) is the current block of four 32-bit draws and `which` (0..3) the next
word of r to hand out. The key is (globalindex, 0), one global index for the whole process
(Random.Random123_globalindex); kernels take it as the argument `gix`, and a block is computed
with the key in force when the counter moves (at setseq or after the 4th word of a block), as in
NEURON.
"""

import numpy as np
from .. import compilelock

compilelock.install()        # before this module's numba kernels are defined

from numba import njit

STREAM_WORDS = 9
_WHICH = 8

_M0 = np.uint64(0xD2511F53)
_M1 = np.uint64(0xCD9E8D57)
_W0 = np.uint64(0x9E3779B9)
_W1 = np.uint64(0xBB67AE85)
_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = 1.0 / 4294967297.0       # 1/(2^32 + 1): dblpick lies strictly inside (0, 1)

_GLOBAL_INDEX = [0]


def globalindex():
    """The global index (key word 0) of every Random123 stream in this process."""
    return _GLOBAL_INDEX[0]


def set_globalindex(gix):
    """Set the global index; blocks already computed keep their draws (NEURON's behaviour)."""
    _GLOBAL_INDEX[0] = int(gix) & 0xFFFFFFFF


@njit(cache=True)
def philox4x32_10(c0, c1, c2, c3, k0, k1):
    """Random123's philox4x32 with 10 rounds: counter (c0..c3), key (k0, k1) -> four uint32
    (returned as uint64 values below 2^32)."""
    c0, c1, c2, c3 = np.uint64(c0), np.uint64(c1), np.uint64(c2), np.uint64(c3)
    k0, k1 = np.uint64(k0), np.uint64(k1)
    for rnd in range(10):
        if rnd > 0:
            k0 = (k0 + _W0) & _MASK32
            k1 = (k1 + _W1) & _MASK32
        p0 = _M0 * c0
        p1 = _M1 * c2
        hi0, lo0 = p0 >> np.uint64(32), p0 & _MASK32
        hi1, lo1 = p1 >> np.uint64(32), p1 & _MASK32
        c0, c1, c2, c3 = hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0
    return c0, c1, c2, c3


@njit(cache=True)
def _refill(state, gix):
    r0, r1, r2, r3 = philox4x32_10(state[0], state[1], state[2], state[3], gix, 0)
    state[4] = r0
    state[5] = r1
    state[6] = r2
    state[7] = r3


@njit(cache=True)
def stream_setseq(state, seq, which, gix):
    """nrnran123_setseq(s, seq, which): counter word 0 = seq, next word = which (0..3, else 0)."""
    state[_WHICH] = which if 0 <= which <= 3 else 0
    state[0] = seq
    _refill(state, gix)


@njit(cache=True)
def stream_init(state, id1, id2, id3, gix):
    """nrnran123_newstream(id1, id2, id3): ids into the counter, sequence 0, word 0."""
    state[1] = id3
    state[2] = id1
    state[3] = id2
    stream_setseq(state, 0, 0, gix)


@njit(cache=True)
def stream_setids(state, id1, id2, id3):
    """nrnran123_setids: the ids only (the current block and sequence stay)."""
    state[1] = id3
    state[2] = id1
    state[3] = id2


@njit(cache=True)
def _increment_counter(state):
    # r123array4x32::incr: c0 + 1 carrying into c1, c2, c3
    for i in range(4):
        state[i] = np.uint32(state[i] + np.uint32(1))
        if state[i] != 0:
            return


@njit(cache=True)
def stream_ipick(state, gix):
    """nrnran123_ipick: the next uint32 of the stream."""
    which = state[_WHICH]
    value = np.uint32(state[4 + which])
    which += 1
    if which > 3:
        which = 0
        _increment_counter(state)
        _refill(state, gix)
    state[_WHICH] = which
    return value


@njit(cache=True)
def stream_dblpick(state, gix):
    """nrnran123_dblpick: (ipick + 1) / (2^32 + 1), in (0, 1)."""
    u = stream_ipick(state, gix)
    return (np.float64(u) + 1.0) * _SHIFT32


@njit(cache=True)
def stream_negexp(state, gix):
    """nrnran123_negexp(s): -log(dblpick), exponential with mean 1 (what NetStim's erand() is)."""
    return -np.log(stream_dblpick(state, gix))


@njit(cache=True)
def stream_normal(state, gix):
    """nrnran123_normal(s): polar method, one value per accepted pair (no cached second)."""
    while True:
        u1 = 2.0 * stream_dblpick(state, gix) - 1.0
        u2 = 2.0 * stream_dblpick(state, gix) - 1.0
        w = u1 * u1 + u2 * u2
        if not w > 1.0:
            break
    return u1 * np.sqrt((-2.0 * np.log(w)) / w)


@njit(cache=True)
def stream_fill_dblpick(state, gix, out):
    """out[:] = successive dblpick draws (a whole run of uniform draws in one call)."""
    for i in range(out.shape[0]):
        out[i] = stream_dblpick(state, gix)


def new_stream(id1=0, id2=0, id3=0):
    """A fresh stream array for ids (id1, id2, id3) at sequence 0, under the current global
    index."""
    state = np.zeros(STREAM_WORDS, dtype=np.uint32)
    stream_init(state, np.uint32(id1), np.uint32(id2), np.uint32(id3),
                np.uint32(globalindex()))
    return state


def stream_getseq(state):
    """(seq, which) of a stream: nrnran123_getseq."""
    return int(state[0]), int(state[_WHICH])


def stream_getids(state):
    """(id1, id2, id3) of a stream: nrnran123_getids."""
    return int(state[2]), int(state[3]), int(state[1])


class DefaultStreamIds:
    """nrnran123_newstream() with no ids, as every NMODL RANDOM variable gets at creation
    (NetStim's ranvar): ids (1, rank, n) where n counts such streams in this process from 1."""

    def __init__(self):
        self.count = 0

    def next_ids(self, rank):
        self.count = (self.count + 1) & 0xFFFFFFFF
        return 1, int(rank) & 0xFFFFFFFF, self.count


DEFAULT_STREAM_IDS = DefaultStreamIds()
