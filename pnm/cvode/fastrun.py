"""continuerun's loop under the global variable step, compiled.

stdrun.hoc's continuerun calls fadvance until t reaches tstop; each fadvance is
NetCvode::solve(-1), a few microsteps (driver.py). Driven from Python, one microstep costs
~30 us of interpreter work on top of the integrator's own step, which for a small cell is
most of the run. `microsteps` runs the microsteps that need nothing from Python (a threshold
check, an interpolation, the record of the present values and one CVode step) in one compiled
loop, with the fadvance boundaries where the Python loop has them (t moved past the
fadvance's start: dt is set to the step's size there; the run ends at the first boundary with
t >= tstop). It hands the microstep back to Python (driver.GlobalCvode.microstep, unchanged)
when an event is due (delivery and HocEvents), when the integrator must re-initialise (an
at_time stop, no equations), and returns to flush its record buffer, collect spikes or let
the event queue grow. Each microstep takes exactly the branches and arithmetic of driver.py's,
so the results are the same to the last bit; tests/test_cvode.py compares both with NEURON.

The loop's scalars (GlobalCvode's t, t0, tn, tstop, ...) travel in one float array, `st`."""

import numpy as np
from numba import njit

from ..engine.layout import F_DT, F_T, Q_CALLBACK, Q_NET_SEND_ERROR, Q_SIZE
from ..engine.userhooks import set_kernel_arrays
from . import bdf, memory
from .events import check_thresholds, least_time
from .glue import fun, nonode

# st: the loop's scalars
T, T0, TN, TSTOP, CAN_RETREAT, SKIP_RECORD, TC, TS, THOC, FLAG = range(10)
N_ST = 10
# microsteps' outcomes
DONE, PYTHON, FLUSH, CALLBACK, ERROR = range(5)

EPS = 100.0 * memory.UROUND      # NetCvode::eps_ (driver.EPS)


@njit(cache=True, error_model="numpy")
def _least(queue_meta, least_f, thoc):
    """GlobalCvode.least: the earliest queued event or HocEvent."""
    tl = least_time(queue_meta, least_f)
    return thoc if thoc < tl else tl


@njit(cache=True, error_model="numpy")
def _interpolate(m, cp, ci, zn, W, ydot, st, tout):
    """GlobalCvode.interpolate."""
    S, foff = m[0], m[1]
    if st[CAN_RETREAT] == 0.0:
        S[foff[F_T]] = tout
        return
    t = st[T]
    if tout - t < EPS * abs(t) and t - tout < EPS * abs(t):
        st[T] = tout
        return
    tout = min(max(tout, st[T0]), st[TN])
    bdf.get_dky(cp, ci, zn, tout, W[memory.Y])
    fun(m, tout, W[memory.Y], ydot, cp[memory.H])
    st[T] = tout
    S[foff[F_T]] = tout


@njit(cache=True, error_model="numpy")
def microsteps(m, cp, ci, zn, W, ydot, st, queue_f, queue_i, queue_meta, least_f, least_i,
               spk_f, spk_i, spk_n, q_margin, spk_margin, has_thresholds, neq, nonode_rows,
               rec_slots, rec_buf, rec_n):
    """Microsteps (GlobalCvode.microstep) while none needs Python; returns DONE (a fadvance
    boundary with t >= st[TS]), PYTHON (the next microstep is Python's), FLUSH (a buffer is
    full), CALLBACK (a source with a callback fired, or a net_send went back in time) or
    ERROR (CVode's flag in st[FLAG])."""
    S, foff, flen, I, ioff, ilen = m[0], m[1], m[2], m[3], m[4], m[5]
    UD = m[7]
    set_kernel_arrays(UD, S, foff, flen, I, ioff, ilen, queue_f, queue_i, queue_meta, least_f,
                      least_i, spk_f, spk_i, spk_n)      # GlobalCvode._enter
    t_slot = foff[F_T]
    nrec = rec_slots.shape[0]
    while True:
        if queue_meta[Q_SIZE] + q_margin > queue_f.shape[0] or \
                spk_n[0] + spk_margin > spk_f.shape[0] or rec_n[0] >= rec_buf.shape[1]:
            return FLUSH
        t = st[T]
        tt = _least(queue_meta, least_f, st[THOC])
        if tt - t <= 0.0:
            return PYTHON                   # deliver
        tn = st[TN]
        stepping = not (tt <= tn) and not (t < tn)
        if stepping and (neq == 0 or t >= st[TSTOP] - EPS * abs(t)):
            return PYTHON                   # advance_tn re-initialises
        # handle_step(tt)
        ended = False
        if has_thresholds:
            check_thresholds(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta,
                             least_f, least_i, spk_f, spk_i, spk_n)
            if queue_meta[Q_CALLBACK] != 0 or queue_meta[Q_NET_SEND_ERROR] != 0:
                return CALLBACK
            if _least(queue_meta, least_f, st[THOC]) <= t:
                ended = True
        if not ended:
            if tt <= tn:
                _interpolate(m, cp, ci, zn, W, ydot, st, tt)
            elif t < tn:
                _interpolate(m, cp, ci, zn, W, ydot, st, tn)
            else:
                if st[SKIP_RECORD] != 0.0:          # record()
                    st[SKIP_RECORD] = 0.0
                elif nrec > 0:
                    k = rec_n[0]
                    for r in range(nrec):
                        s = rec_slots[r]
                        rec_buf[r, k] = t if s == t_slot else S[s]
                    rec_n[0] = k + 1
                if nonode_rows.shape[0] > 0:        # advance_tn()
                    nonode(S, foff, flen, nonode_rows, UD, t)
                flag = bdf.cvode_one_step_tstop(cp, ci, zn, W, st[TSTOP], m)
                fun(m, cp[memory.TRET], W[memory.Y], ydot, cp[memory.H])
                if flag < 0:
                    st[FLAG] = flag
                    return ERROR
                st[T] = cp[memory.TRET]
                st[TN] = cp[memory.TN]
                st[T0] = cp[memory.TN] - cp[memory.H]
                st[CAN_RETREAT] = 1.0
                S[t_slot] = st[T]
        tl = _least(queue_meta, least_f, st[THOC])
        if tl < st[T]:
            _interpolate(m, cp, ci, zn, W, ydot, st, tl)
        if st[T] > st[TC]:                          # the end of a fadvance
            h = cp[memory.H]
            S[foff[F_DT]] = h if h != 0.0 else 1e-8
            if S[t_slot] >= st[TS]:
                return DONE
            st[TC] = st[T]


def new_state():
    return np.zeros(N_ST)
