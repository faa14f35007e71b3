"""The event queue (numba): items ordered by the key (time, sent, sender, order), kept as one
held "least" item plus a binary heap, as NEURON's TQueue keeps least_ plus a splay tree.

An item is a row of queue_f (E_TIME, E_FLAG, E_SENT) and of queue_i (E_SENDER, E_TTYPE, E_TIDX,
E_NETCON, E_ORDER); the held least item is least_f / least_i; queue_meta holds the heap size,
the insertion counter, whether the least item is set, and the tie order (layout.Q_*).

Two tie orders for events due at exactly the same time:
- NEURON's (queue_meta[Q_CANONICAL] == 0, one rank): FIFO by insertion: sent = order = 0 and sender = an
  insertion counter, with NEURON's quirk: when an event strictly earlier than the held least
  item arrives, the old least goes back behind the equal-time items already queued
  (TQueue::insert's spenq); TQueue::move's too (net_move, userpoints.py): a moved item is
  taken out of the queue and queued again, so only live items are ever the least.
- canonical (queue_meta[Q_CANONICAL] == 1, more than one rank): sent = the time the event was
  sent, sender = SELF_KEY for a cell's own events, else the source's key (its gid, or
  NOGID_KEY + a creation number for a source without gid), order = the NetCon. None of these
  depends on when or on which rank the event was queued, so the order is the same on any
  number of ranks."""

import numpy as np
from numba import njit

from .layout import (E_FLAG, E_NETCON, E_ORDER, E_SENDER, E_SENT, E_TIDX, E_TIME, E_TTYPE,
                     N_EVENT_I, N_QUEUE_META, Q_CANONICAL, Q_HAS_LEAST, Q_INSERTIONS, Q_SIZE,
                     SELF_KEY)


@njit(cache=True, inline="always", error_model="numpy")
def movable_hint(queue_meta, ttype, code):
    """Where in queue_meta the heap position of the self event (ttype, code) is noted: after
    the N_QUEUE_META entries, a table the engine sizes (build.allocate_queue); -1 when there
    is none. A hint only: net_move checks the item there and searches when it is not."""
    h = queue_meta.shape[0] - N_QUEUE_META
    if h <= 0:
        return -1
    return N_QUEUE_META + (ttype * 65537 + (-2 - code)) % h


@njit(cache=True, inline="always", error_model="numpy")
def _note_position(queue_f, queue_i, queue_meta, k):
    """Heap item k is where it is now: a movable self event (flag 1) notes it for net_move."""
    if queue_f[k, E_FLAG] == 1.0 and queue_i[k, E_NETCON] <= -2:
        at = movable_hint(queue_meta, queue_i[k, E_TTYPE], queue_i[k, E_NETCON])
        if at >= 0:
            queue_meta[at] = k


@njit(cache=True, inline="always", error_model="numpy")
def _heap_move(queue_f, queue_i, queue_meta, dst, src):
    """Copy queue item src into slot dst."""
    queue_f[dst, E_TIME] = queue_f[src, E_TIME]
    queue_f[dst, E_FLAG] = queue_f[src, E_FLAG]
    queue_f[dst, E_SENT] = queue_f[src, E_SENT]
    queue_i[dst, E_SENDER] = queue_i[src, E_SENDER]
    queue_i[dst, E_TTYPE] = queue_i[src, E_TTYPE]
    queue_i[dst, E_TIDX] = queue_i[src, E_TIDX]
    queue_i[dst, E_NETCON] = queue_i[src, E_NETCON]
    queue_i[dst, E_ORDER] = queue_i[src, E_ORDER]
    _note_position(queue_f, queue_i, queue_meta, dst)


@njit(cache=True, inline="always", error_model="numpy")
def _before(t, ts, k1, k2, queue_f, queue_i, j):
    """Is the key (t, ts, k1, k2) smaller than queue item j's?"""
    tj = queue_f[j, E_TIME]
    if t != tj:
        return t < tj
    tsj = queue_f[j, E_SENT]
    if ts != tsj:
        return ts < tsj
    if k1 != queue_i[j, E_SENDER]:
        return k1 < queue_i[j, E_SENDER]
    return k2 < queue_i[j, E_ORDER]


@njit(cache=True, error_model="numpy")
def _heap_push(queue_f, queue_i, queue_meta, t, flag, ts, k1, k2, ttype, tidx, nc):
    """Insert into the heap: move parents down into the hole, then fill it. In NEURON's
    order the item's key is a fresh insertion number (spenq puts it after its equals)."""
    n = queue_meta[Q_SIZE]
    if n >= queue_f.shape[0]:
        raise RuntimeError("pnm event queue overflow (a zero-delay event loop?)")
    if queue_meta[Q_CANONICAL] == 0:
        k1 = queue_meta[Q_INSERTIONS]
        queue_meta[Q_INSERTIONS] = k1 + 1
    queue_meta[Q_SIZE] = n + 1
    k = n
    while k > 0:
        p = (k - 1) >> 1
        if _before(t, ts, k1, k2, queue_f, queue_i, p):
            _heap_move(queue_f, queue_i, queue_meta, k, p)
            k = p
        else:
            break
    queue_f[k, E_TIME] = t
    queue_f[k, E_FLAG] = flag
    queue_f[k, E_SENT] = ts
    queue_i[k, E_SENDER] = k1
    queue_i[k, E_TTYPE] = ttype
    queue_i[k, E_TIDX] = tidx
    queue_i[k, E_NETCON] = nc
    queue_i[k, E_ORDER] = k2
    _note_position(queue_f, queue_i, queue_meta, k)


@njit(cache=True, error_model="numpy")
def _heap_pop_into(queue_f, queue_i, queue_meta, least_f, least_i):
    """Move the heap minimum into the least slot; the last item sinks from the root."""
    least_f[E_TIME] = queue_f[0, E_TIME]
    least_f[E_FLAG] = queue_f[0, E_FLAG]
    least_f[E_SENT] = queue_f[0, E_SENT]
    for c in range(N_EVENT_I):
        least_i[c] = queue_i[0, c]
    n = queue_meta[Q_SIZE] - 1
    queue_meta[Q_SIZE] = n
    if n == 0:
        return
    _sink_last_from(queue_f, queue_i, queue_meta, 0, n)


@njit(cache=True, inline="always", error_model="numpy")
def _sink_last_from(queue_f, queue_i, queue_meta, k, n):
    """Item n (just past the heap's end) fills the hole at k, moving down to its place."""
    while True:
        c = 2 * k + 1
        if c >= n:
            break
        r = c + 1
        if r < n and _before(queue_f[r, E_TIME], queue_f[r, E_SENT], queue_i[r, E_SENDER],
                             queue_i[r, E_ORDER], queue_f, queue_i, c):
            c = r
        if _before(queue_f[c, E_TIME], queue_f[c, E_SENT], queue_i[c, E_SENDER],
                   queue_i[c, E_ORDER], queue_f, queue_i, n):
            _heap_move(queue_f, queue_i, queue_meta, k, c)
            k = c
        else:
            break
    _heap_move(queue_f, queue_i, queue_meta, k, n)


@njit(cache=True, error_model="numpy")
def q_remove_at(queue_f, queue_i, queue_meta, j):
    """Take heap item j out of the queue (NEURON's sptree remove): the last item fills the
    hole and moves up or down to its place; the order of the others is unchanged."""
    n = queue_meta[Q_SIZE] - 1
    queue_meta[Q_SIZE] = n
    if j == n:
        return
    t, ts = queue_f[n, E_TIME], queue_f[n, E_SENT]
    k1, k2 = queue_i[n, E_SENDER], queue_i[n, E_ORDER]
    k = j
    while k > 0 and _before(t, ts, k1, k2, queue_f, queue_i, (k - 1) >> 1):
        _heap_move(queue_f, queue_i, queue_meta, k, (k - 1) >> 1)
        k = (k - 1) >> 1
    _sink_last_from(queue_f, queue_i, queue_meta, k, n)


@njit(cache=True, error_model="numpy")
def q_least_to_heap_head(queue_f, queue_i, queue_meta, least_f, least_i):
    """The held least item gives way to the heap's least (NEURON's move_least: least_ =
    dequeue()); the caller queues the old one again."""
    _heap_pop_into(queue_f, queue_i, queue_meta, least_f, least_i)


@njit(cache=True, error_model="numpy")
def q_insert(queue_f, queue_i, queue_meta, least_f, least_i, t, flag, ts, k1, k2, ttype, tidx, nc):
    """Queue an event for time t. ts, k1, k2 order equal-time events in the canonical order
    and are ignored in NEURON's."""
    if queue_meta[Q_CANONICAL] == 0:
        ts = 0.0
        k1 = -1
        k2 = 0
    if queue_meta[Q_HAS_LEAST] == 0:
        least_f[E_TIME] = t
        least_f[E_FLAG] = flag
        least_f[E_SENT] = ts
        least_i[E_SENDER] = k1
        least_i[E_TTYPE] = ttype
        least_i[E_TIDX] = tidx
        least_i[E_NETCON] = nc
        least_i[E_ORDER] = k2
        queue_meta[Q_HAS_LEAST] = 1
        return
    if queue_meta[Q_CANONICAL] == 0:
        earlier = t < least_f[E_TIME]
    else:
        earlier = t < least_f[E_TIME] or (t == least_f[E_TIME] and (ts < least_f[E_SENT] or (ts == least_f[E_SENT] and (
            k1 < least_i[E_SENDER] or (k1 == least_i[E_SENDER] and k2 < least_i[E_ORDER])))))
    if earlier:
        # the old least goes back into the heap (in NEURON's order: behind its equals)
        _heap_push(queue_f, queue_i, queue_meta, least_f[E_TIME], least_f[E_FLAG], least_f[E_SENT],
                   least_i[E_SENDER], least_i[E_ORDER], least_i[E_TTYPE], least_i[E_TIDX], least_i[E_NETCON])
        least_f[E_TIME] = t
        least_f[E_FLAG] = flag
        least_f[E_SENT] = ts
        least_i[E_SENDER] = k1
        least_i[E_TTYPE] = ttype
        least_i[E_TIDX] = tidx
        least_i[E_NETCON] = nc
        least_i[E_ORDER] = k2
    else:
        _heap_push(queue_f, queue_i, queue_meta, t, flag, ts, k1, k2, ttype, tidx, nc)


@njit(cache=True, inline="always", error_model="numpy")
def q_self(queue_f, queue_i, queue_meta, least_f, least_i, t, tnow, flag, ttype, k, nc):
    """net_send of cell k at time tnow for time t (its own event)."""
    # np.int64(...): constants passed on as they are would make numba compile q_insert once
    # per constant value (Literal[int] types), several times over in a cold start
    q_insert(queue_f, queue_i, queue_meta, least_f, least_i, t, flag, tnow, np.int64(SELF_KEY),
             k, np.int64(ttype), k, np.int64(nc))


@njit(cache=True, error_model="numpy")
def q_take(queue_meta, least_f, least_i, queue_f, queue_i, til, out_f, out_i):
    """Dequeue the least item if its time <= til; returns True and fills out_f/out_i."""
    if queue_meta[Q_HAS_LEAST] == 0 or least_f[E_TIME] > til:
        return False
    out_f[E_TIME] = least_f[E_TIME]
    out_f[E_FLAG] = least_f[E_FLAG]
    out_f[E_SENT] = least_f[E_SENT]
    for c in range(N_EVENT_I):
        out_i[c] = least_i[c]
    if queue_meta[Q_SIZE] > 0:
        _heap_pop_into(queue_f, queue_i, queue_meta, least_f, least_i)
    else:
        queue_meta[Q_HAS_LEAST] = 0
    return True
