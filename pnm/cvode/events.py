"""Events under the global variable step (src/nrncvode/netcvode.cpp).

Threshold detection (Cvode::check_deliver, condition order 1): at the start of each
microstep every source watching a variable checks it at the integrator's t; a crossing
(value - threshold > 0 with the source below before) is a spike at exactly that t
(ConditionEvent::check with teps 0, PreSyn::send).

Delivery (NetCvode::deliver_events, NetCon::deliver, SelfEvent::deliver): every queued event at or before til is
delivered with the engine's own delivery; an event that reaches a point process on a cell (not
an artificial cell) marks the integrator for re-initialisation (Cvode::set_init_flag), and the
first such mark after an initialisation records the present values first (record_continuous,
before NET_RECEIVE changes a state)."""

import numpy as np
from numba import njit

from ..engine.eventqueue import q_take
from ..engine.layout import (E_TIDX, E_TIME, E_TTYPE, F_NC_ACTIVE, F_T, I_NC_TTYPE, I_PS_NCS,
                             I_PS_START, N_EVENT_F, N_EVENT_I, Q_HAS_LEAST, T_PRESYN, T_USER,
                             fview, iview)
from ..engine.netevents import check_var_sources, netcon_delivers
from ..engine.stepper import deliver_event, record


@njit(cache=True, error_model="numpy")
def least_time(queue_meta, least_f):
    """The time of the earliest queued event (inf when the queue is empty)."""
    if queue_meta[Q_HAS_LEAST] == 0:
        return np.inf
    return least_f[E_TIME]


@njit(cache=True, error_model="numpy")
def _on_cell(ttype, cell_point):
    return ttype >= T_USER and cell_point[ttype - T_USER]


@njit(cache=True, error_model="numpy")
def reaches_cell(I, ioff, ilen, S, foff, flen, event_i, cell_point):
    """Whether an event is delivered to a point process on a cell (NetCon::deliver or
    SelfEvent::deliver with a Cvode: target_->nvi_ set)."""
    ttype = event_i[E_TTYPE]
    if ttype != T_PRESYN:
        return _on_cell(ttype, cell_point)
    ps = event_i[E_TIDX]
    start = iview(I, ioff, ilen, I_PS_START)
    ncs = iview(I, ioff, ilen, I_PS_NCS)
    active = fview(S, foff, flen, F_NC_ACTIVE)
    nc_ttype = iview(I, ioff, ilen, I_NC_TTYPE)
    for j in range(start[ps], start[ps + 1]):
        c = ncs[j]
        if netcon_delivers(active, nc_ttype, c) and _on_cell(nc_ttype[c], cell_point):
            return True
    return False


@njit(cache=True, error_model="numpy")
def deliver_at(S, foff, flen, I, ioff, ilen, til, queue_f, queue_i, queue_meta, least_f,
               least_i, spk_f, spk_i, spk_n, H, UD, cell_point, prior2init, rec_buf,
               rec_n):
    """Deliver every event with time <= til (t is the event's time meanwhile). Returns
    whether one reached a cell (the integrator must re-initialise); prior2init[0] counts
    those since the last initialisation, and the first one records into rec_buf."""
    event_f = np.empty(N_EVENT_F)
    event_i = np.empty(N_EVENT_I, dtype=np.int64)
    tsav = S[foff[F_T]]
    reinit = False
    while q_take(queue_meta, least_f, least_i, queue_f, queue_i, til, event_f, event_i):
        S[foff[F_T]] = event_f[E_TIME]
        if reaches_cell(I, ioff, ilen, S, foff, flen, event_i, cell_point):
            reinit = True
            prior2init[0] += 1
            if prior2init[0] == 1 and rec_buf.shape[0] > 0:
                record(S, I, ioff, ilen, rec_buf, rec_n)
        deliver_event(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i,
                      queue_meta, least_f, least_i, spk_f, spk_i, spk_n, H, UD)
    S[foff[F_T]] = tsav
    return reinit


@njit(cache=True, error_model="numpy")
def check_thresholds(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                     least_i, spk_f, spk_i, spk_n):
    """Cvode::check_deliver: PreSyn::check(t) of every source watching a variable."""
    check_var_sources(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                      least_i, spk_f, spk_i, spk_n)
