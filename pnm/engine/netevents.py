"""Spikes and NetCon events (numba): a source fires (fire), its NetCons' events are queued
(send, with NEURON's one-event fan-out for sources whose NetCons share a delay), spikes from
other ranks are queued (inject), and NetCon.event() queues one event (netcon_event)."""

import numpy as np
from numba import njit

from .eventqueue import q_insert
from .layout import (EXTERNAL_KEY, F_NC_ACTIVE, F_NC_DELAY, F_PS_DELAY, F_PS_FLAG, F_PS_THRESH,
                     F_T, I_NC_SRC, I_NC_TIDX, I_NC_TTYPE, I_PS_CALLBACK, I_PS_GROUPED,
                     I_PS_KIND, I_PS_SLOT, Q_CALLBACK, I_PS_KEY, I_PS_NCS, I_PS_START, PS_VAR,
                     T_NONE, T_PRESYN, fview, iview)


@njit(cache=True, inline="always", error_model="numpy")
def netcon_delivers(active, ttype, c):
    """Whether NetCon c passes events on: active and with a target that has NET_RECEIVE."""
    return active[c] != 0.0 and ttype[c] != T_NONE


@njit(cache=True, error_model="numpy")
def fire(S, foff, flen, I, ioff, ilen, ps, t, queue_f, queue_i, queue_meta, least_f, least_i,
         spk_f, spk_i, spk_n):
    """A spike of source ps at time t: record it, queue an event for each active NetCon."""
    k = spk_n[0]
    if k >= spk_f.shape[0]:
        raise RuntimeError("pnm spike buffer overflow")
    spk_f[k] = t
    spk_i[k] = ps
    spk_n[0] = k + 1
    if iview(I, ioff, ilen, I_PS_CALLBACK)[ps] != 0:
        queue_meta[Q_CALLBACK] = 1
    send(S, foff, flen, I, ioff, ilen, ps, t, queue_f, queue_i, queue_meta, least_f, least_i)


@njit(cache=True, error_model="numpy")
def send(S, foff, flen, I, ioff, ilen, ps, t, queue_f, queue_i, queue_meta, least_f, least_i):
    """PreSyn::send: a source with more than two NetCons of one delay queues a single event
    that reaches them all in order (NEURON's use_min_delay_); otherwise one event each."""
    if iview(I, ioff, ilen, I_PS_GROUPED)[ps] != 0:
        q_insert(queue_f, queue_i, queue_meta, least_f, least_i, t + fview(S, foff, flen,
                                                                           F_PS_DELAY)[ps], 0.0, t,
                 iview(I, ioff, ilen, I_PS_KEY)[ps], np.int64(0), np.int64(T_PRESYN), ps,
                 np.int64(-1))    # np.int64: one compiled q_insert, not one per constant
        return
    start = iview(I, ioff, ilen, I_PS_START)
    ncs = iview(I, ioff, ilen, I_PS_NCS)
    delay = fview(S, foff, flen, F_NC_DELAY)
    active = fview(S, foff, flen, F_NC_ACTIVE)
    ttype = iview(I, ioff, ilen, I_NC_TTYPE)
    tidx = iview(I, ioff, ilen, I_NC_TIDX)
    key = iview(I, ioff, ilen, I_PS_KEY)[ps]
    for j in range(start[ps], start[ps + 1]):
        c = ncs[j]
        if netcon_delivers(active, ttype, c):
            q_insert(queue_f, queue_i, queue_meta, least_f, least_i, t + delay[c], 0.0, t, key, c,
                     ttype[c], tidx[c], c)


@njit(cache=True, error_model="numpy")
def inject(S, foff, flen, I, ioff, ilen, ps_list, t_list, queue_f, queue_i, queue_meta, least_f,
           least_i):
    """Spikes from other ranks: queue the NetCon events of each (source, spike time)."""
    for j in range(ps_list.shape[0]):
        send(S, foff, flen, I, ioff, ilen, ps_list[j], t_list[j], queue_f, queue_i, queue_meta,
             least_f, least_i)


@njit(cache=True, error_model="numpy")
def netcon_event(S, foff, flen, I, ioff, ilen, c, te, queue_f, queue_i, queue_meta, least_f,
                 least_i):
    ttype = iview(I, ioff, ilen, I_NC_TTYPE)[c]
    if ttype != T_NONE:
        src = iview(I, ioff, ilen, I_NC_SRC)[c]
        key = iview(I, ioff, ilen, I_PS_KEY)[src] if src >= 0 else EXTERNAL_KEY
        q_insert(queue_f, queue_i, queue_meta, least_f, least_i, te, 0.0, S[foff[F_T]], key, c,
                 ttype,
                 iview(I, ioff, ilen, I_NC_TIDX)[c], c)


@njit(cache=True, error_model="numpy")
def check_var_sources(S, foff, flen, I, ioff, ilen, t_fire, queue_f, queue_i, queue_meta,
                      least_f, least_i, spk_f, spk_i, spk_n):
    """PreSyn::check of every source watching a variable: it fires at t_fire when
    var - threshold > 0 and it was below threshold before (fixed step and variable step)."""
    kind = iview(I, ioff, ilen, I_PS_KIND)
    slot = iview(I, ioff, ilen, I_PS_SLOT)
    thresh = fview(S, foff, flen, F_PS_THRESH)
    flag = fview(S, foff, flen, F_PS_FLAG)
    for p in range(kind.shape[0]):
        if kind[p] == PS_VAR:
            if S[slot[p]] - thresh[p] > 0.0:
                if flag[p] == 0.0:
                    flag[p] = 1.0
                    fire(S, foff, flen, I, ioff, ilen, p, t_fire, queue_f, queue_i, queue_meta,
                         least_f, least_i, spk_f, spk_i, spk_n)
            else:
                flag[p] = 0.0
