"""Continuous Vector.play (NEURON's VecPlayContinuous under the fixed-step method): the
played variable gets the linear interpolation of (tvec, yvec) at t + dt/2 before the matrix
is set up and at t + dt before the states are integrated, inside each step. As in NEURON,
each play also keeps an event at tvec[ubound] (the next point, or the next discontinuity
index), delivered with the step's other events (at t + dt/2 at the start of a step, up to t
at its end, and at t = 0 in finitialize); delivering it moves ubound on and assigns the value
at the event's time. The interpolation between t[last-1] and t[last] is extrapolated past
t[ubound] while that event is not yet delivered (NEURON's arithmetic, kept as is); two equal
times give the mean of their values; before t[0] the value is y[0].

Python side: sizes() and fill(eng) lay the plays out in S and I (layout.F_PLAY_*,
I_PLAY_*); fill runs at every finitialize, so Vectors changed in place are seen."""

import numpy as np
from numba import njit

from ..model import play
from .layout import (F_PLAY_T, F_PLAY_Y, I_PLAY_DISC, I_PLAY_DSTART, I_PLAY_SLOT, I_PLAY_START,
                     I_PLAY_STATE, fview, iview)

STATE_N = 5                   # per play in I_PLAY_STATE:
UBOUND, LAST, DINDEX, PENDING, HAS_DISCON = 0, 1, 2, 3, 4


def sizes(plays):
    """(float count of F_PLAY_T and of F_PLAY_Y, int counts of the I_PLAY_* fields)."""
    npoint = sum(len(p.arrays()[0]) for p in plays)
    ndisc = sum(len(d) for p in plays for d in [p.arrays()[2]] if d is not None)
    n = len(plays)
    return npoint, {I_PLAY_SLOT: n, I_PLAY_START: n + 1, I_PLAY_STATE: STATE_N * n,
                    I_PLAY_DSTART: n + 1, I_PLAY_DISC: ndisc}


def layout_changed(eng):
    """Whether the plays or their Vectors' lengths differ from those eng was built with."""
    plays = play.continuous_plays()
    return plays != eng.plays or layout_of(plays) != eng.play_layout


def layout_of(plays):
    """What fixes the engine's layout: each play's point and discontinuity counts."""
    return [(len(t), None if d is None else len(d)) for t, _y, d in (p.arrays() for p in plays)]


def fill(eng):
    """Copy every play's Vectors into the engine (checked: as many values as times, the
    discontinuity indices inside tvec)."""
    plays = eng.plays
    if not plays:
        return
    start, dstart = eng.ints(I_PLAY_START), eng.ints(I_PLAY_DSTART)
    ts, ys, disc = eng.floats(F_PLAY_T), eng.floats(F_PLAY_Y), eng.ints(I_PLAY_DISC)
    state = eng.ints(I_PLAY_STATE).reshape(-1, STATE_N)
    k = d = 0
    for p, cplay in enumerate(plays):
        t, y, dis = cplay.arrays()
        owner = cplay.vec().hname() if hasattr(cplay.vec(), "hname") else "Vector"
        if len(y) < len(t):
            raise ValueError(f"{owner}.play(ref, tvec, ...): {len(y)} values for {len(t)} "
                             "times; give the played Vector a value for every time")
        start[p], dstart[p] = k, d
        ts[k:k + len(t)], ys[k:k + len(t)] = t, y[:len(t)]
        k += len(t)
        state[p, HAS_DISCON] = 0 if dis is None else 1
        if dis is not None:
            idx = dis.astype(np.int64)
            if len(idx) and (idx.min() < 0 or idx.max() >= len(t)):
                raise ValueError(f"{owner}.play(ref, tvec, indices): an index is outside "
                                 f"tvec's 0..{len(t) - 1}")
            disc[d:d + len(idx)] = idx
            d += len(idx)
    start[len(plays)], dstart[len(plays)] = k, d
    eng.ints(I_PLAY_SLOT)[:] = [eng.slot(p.ref) for p in plays]


@njit(cache=True, error_model="numpy")
def _interpolate(ts, ys, k0, st, tt):
    ub = st[UBOUND]
    if tt >= ts[k0 + ub]:
        last = ub
        st[LAST] = last
        if last == 0:
            return ys[k0]
    elif tt <= ts[k0]:
        st[LAST] = 0
        return ys[k0]
    else:
        last = st[LAST]
        while tt < ts[k0 + last]:
            last -= 1
        while tt >= ts[k0 + last]:
            last += 1
        st[LAST] = last
    x0, x1 = ys[k0 + last - 1], ys[k0 + last]
    t0, t1 = ts[k0 + last - 1], ts[k0 + last]
    if t0 == t1:
        return (x0 + x1) / 2.0
    return x0 + (x1 - x0) * ((tt - t0) / (t1 - t0))


@njit(cache=True, error_model="numpy")
def play_init(S, foff, flen, I, ioff, ilen):
    """play_init of every play (finitialize): ubound at the first point (or discontinuity)."""
    slot = iview(I, ioff, ilen, I_PLAY_SLOT)
    start = iview(I, ioff, ilen, I_PLAY_START)
    dstart = iview(I, ioff, ilen, I_PLAY_DSTART)
    disc = iview(I, ioff, ilen, I_PLAY_DISC)
    state = iview(I, ioff, ilen, I_PLAY_STATE)
    for p in range(slot.shape[0]):
        st = state[STATE_N * p:STATE_N * (p + 1)]
        n = start[p + 1] - start[p]
        st[LAST] = 0
        st[DINDEX] = 0
        if st[HAS_DISCON] != 0:
            if dstart[p + 1] > dstart[p]:
                st[UBOUND] = disc[dstart[p]]
                st[DINDEX] = 1
                st[PENDING] = 1
            else:
                st[UBOUND] = n - 1
                st[PENDING] = 0
        else:
            st[UBOUND] = 0
            st[PENDING] = 1


@njit(cache=True, error_model="numpy")
def play_events(S, foff, flen, I, ioff, ilen, til):
    """Deliver every play event due at or before til (VecPlayContinuous::deliver)."""
    ts, ys = fview(S, foff, flen, F_PLAY_T), fview(S, foff, flen, F_PLAY_Y)
    slot = iview(I, ioff, ilen, I_PLAY_SLOT)
    start = iview(I, ioff, ilen, I_PLAY_START)
    dstart = iview(I, ioff, ilen, I_PLAY_DSTART)
    disc = iview(I, ioff, ilen, I_PLAY_DISC)
    state = iview(I, ioff, ilen, I_PLAY_STATE)
    for p in range(slot.shape[0]):
        st = state[STATE_N * p:STATE_N * (p + 1)]
        k0, n = start[p], start[p + 1] - start[p]
        while st[PENDING] != 0 and ts[k0 + st[UBOUND]] <= til:
            tt = ts[k0 + st[UBOUND]]
            st[LAST] = st[UBOUND]
            if st[HAS_DISCON] != 0:
                if st[DINDEX] < dstart[p + 1] - dstart[p]:
                    st[UBOUND] = disc[dstart[p] + st[DINDEX]]
                    st[DINDEX] += 1
                else:
                    st[UBOUND] = n - 1
                    st[PENDING] = 0
            elif st[UBOUND] < n - 1:
                st[UBOUND] += 1
            else:
                st[PENDING] = 0
            S[slot[p]] = _interpolate(ts, ys, k0, st, tt)


@njit(cache=True, error_model="numpy")
def play_assign(S, foff, flen, I, ioff, ilen, tt):
    """fixed_play_continuous: every played variable gets its value at tt."""
    ts, ys = fview(S, foff, flen, F_PLAY_T), fview(S, foff, flen, F_PLAY_Y)
    slot = iview(I, ioff, ilen, I_PLAY_SLOT)
    start = iview(I, ioff, ilen, I_PLAY_START)
    state = iview(I, ioff, ilen, I_PLAY_STATE)
    for p in range(slot.shape[0]):
        S[slot[p]] = _interpolate(ts, ys, start[p], state[STATE_N * p:STATE_N * (p + 1)], tt)
