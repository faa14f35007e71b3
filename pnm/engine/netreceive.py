"""NET_RECEIVE of the built-in artificial cells (numba), one function per mechanism as in its
.mod file (intfire1/2/4.mod, netstim.mod, vecevent.mod); the stepper's
deliver_event dispatches a dequeued event to them (or to a mechanism from a .mod file)."""

import math

import numpy as np
from numba import njit

from .artificial import (if2_firetime, if4_firetimebound, if4_new_states, netstim_next_interval,
                         self_event, vecstim_element, vecstim_send)
from .eventqueue import q_self
from .layout import (E_FLAG, E_NETCON, E_TIDX, E_TIME, E_TTYPE, FLAG_EXTERNAL,
                     FLAG_NETSTIM_INIT, FLAG_SELF, F_IF1_M,
                     F_IF1_REFRAC, F_IF1_REFRACTORY, F_IF1_T0, F_IF1_TAU, F_IF2_I, F_IF2_IB,
                     F_IF2_M, F_IF2_T0, F_IF2_TAUM, F_IF2_TAUS, F_IF4_E, F_IF4_I1, F_IF4_I2,
                     F_IF4_M, F_IF4_NEXCITE, F_IF4_NINHIBIT, F_IF4_NSELF, F_IF4_T0, F_NC_WEIGHT, F_NS_EVENT, F_NS_INTERVAL, F_NS_ISPIKE, F_NS_NOISE, F_NS_NUMBER,
                     F_NS_ON, F_VS_INDEX, I_IF1_PS, I_IF2_PS, I_IF2_SELF, I_IF4_PS, I_IF4_SELF,
                     I_NS_PS, I_VS_PS, T_IF1, T_IF2, T_IF4, T_NETSTIM, T_VECSTIM, fview, iview)
from .netevents import fire_if_source


# Every receive function takes the same arguments: the state (S, foff, flen, I, ioff, ilen),
# the target instance k, the event (t, flag, weight w, NetCon or self-event code nc), the queue
# and the spike buffer (to send and fire), and the VecStim times.


@njit(cache=True, inline="always", error_model="numpy")
def intfire1_receive(S, foff, flen, I, ioff, ilen, k, t, flag, w, nc, queue_f, queue_i,
                     queue_meta, least_f, least_i, spk_f, spk_i, spk_n, vs_times):
    m = fview(S, foff, flen, F_IF1_M)
    t0 = fview(S, foff, flen, F_IF1_T0)
    refr = fview(S, foff, flen, F_IF1_REFRACTORY)
    if refr[k] == 0.0:
        m[k] = m[k] * math.exp(-(t - t0[k]) / fview(S, foff, flen, F_IF1_TAU)[k])
        t0[k] = t
        m[k] = m[k] + w
        if m[k] > 1.0:
            refr[k] = 1.0
            m[k] = 2.0
            q_self(queue_f, queue_i, queue_meta, least_f, least_i,
                   t + fview(S, foff, flen, F_IF1_REFRAC)[k], t, FLAG_SELF, T_IF1, k, -1)
            fire_if_source(S, foff, flen, I, ioff, ilen, I_IF1_PS, k, t, queue_f, queue_i,
                           queue_meta, least_f, least_i, spk_f, spk_i, spk_n)
    elif flag == FLAG_SELF:
        t0[k] = t
        refr[k] = 0.0
        m[k] = 0.0


@njit(cache=True, inline="always", error_model="numpy")
def intfire2_receive(S, foff, flen, I, ioff, ilen, k, t, flag, w, nc, queue_f, queue_i,
                     queue_meta, least_f, least_i, spk_f, spk_i, spk_n, vs_times):
    selfcode = iview(I, ioff, ilen, I_IF2_SELF)
    if nc <= -2 and nc != selfcode[k]:
        return      # a self event that net_move replaced
    taus = fview(S, foff, flen, F_IF2_TAUS)[k]
    taum = fview(S, foff, flen, F_IF2_TAUM)[k]
    ib = fview(S, foff, flen, F_IF2_IB)[k]
    im = fview(S, foff, flen, F_IF2_I)
    mm = fview(S, foff, flen, F_IF2_M)
    t0 = fview(S, foff, flen, F_IF2_T0)
    f = taus / (taus - taum)
    x = (im[k] - ib) * math.exp(-(t - t0[k]) / taus)
    inew = ib + x
    if flag == FLAG_SELF:
        fire_if_source(S, foff, flen, I, ioff, ilen, I_IF2_PS, k, t, queue_f, queue_i,
                       queue_meta, least_f, least_i, spk_f, spk_i, spk_n)
        mm[k] = 0.0
        ibf = (inew - ib) * f
        self_event(queue_f, queue_i, queue_meta, least_f, least_i, t,
                   t + if2_firetime(ib, ibf, 0.0, taum, taus), T_IF2, k, selfcode)
    else:
        mm[k] = ib + f * x + (mm[k] - (ib + (im[k] - ib) * f)) * \
            math.exp(-(t - t0[k]) / taum)
        inew = inew + w
        if mm[k] >= 1:
            self_event(queue_f, queue_i, queue_meta, least_f, least_i, t, t, T_IF2, k, selfcode)
        else:
            ibf = (inew - ib) * f
            self_event(queue_f, queue_i, queue_meta, least_f, least_i, t,
                       if2_firetime(ib, ibf, mm[k], taum, taus) + t, T_IF2, k, selfcode)
    t0[k] = t
    im[k] = inew


@njit(cache=True, inline="always", error_model="numpy")
def intfire4_receive(S, foff, flen, I, ioff, ilen, k, t, flag, w, nc, queue_f, queue_i,
                     queue_meta, least_f, least_i, spk_f, spk_i, spk_n, vs_times):
    selfcode = iview(I, ioff, ilen, I_IF4_SELF)
    if nc <= -2 and nc != selfcode[k]:
        return      # a self event that net_move replaced
    out = np.empty(4)
    t0 = fview(S, foff, flen, F_IF4_T0)
    if4_new_states(S, foff, flen, k, t - t0[k], out)
    e4 = fview(S, foff, flen, F_IF4_E)
    i14 = fview(S, foff, flen, F_IF4_I1)
    m4 = fview(S, foff, flen, F_IF4_M)
    e4[k] = out[0]
    i14[k] = out[1]
    fview(S, foff, flen, F_IF4_I2)[k] = out[2]
    m4[k] = out[3]
    t0[k] = t
    if m4[k] > 1.0 - 1e-6:
        fire_if_source(S, foff, flen, I, ioff, ilen, I_IF4_PS, k, t, queue_f, queue_i,
                       queue_meta, least_f, least_i, spk_f, spk_i, spk_n)
        m4[k] = 0.0
    if flag == FLAG_SELF:
        fview(S, foff, flen, F_IF4_NSELF)[k] += 1.0
        self_event(queue_f, queue_i, queue_meta, least_f, least_i, t,
                   t + if4_firetimebound(S, foff, flen, k), T_IF4, k, selfcode)
    else:
        if w > 0:
            fview(S, foff, flen, F_IF4_NEXCITE)[k] += 1.0
            e4[k] = e4[k] + w
        else:
            fview(S, foff, flen, F_IF4_NINHIBIT)[k] += 1.0
            i14[k] = i14[k] + w
        self_event(queue_f, queue_i, queue_meta, least_f, least_i, t,
                   if4_firetimebound(S, foff, flen, k) + t, T_IF4, k, selfcode)


@njit(cache=True, inline="always", error_model="numpy")
def netstim_receive(S, foff, flen, I, ioff, ilen, k, t, flag, w, nc, queue_f, queue_i,
                    queue_meta, least_f, least_i, spk_f, spk_i, spk_n, vs_times):
    on = fview(S, foff, flen, F_NS_ON)
    event = fview(S, foff, flen, F_NS_EVENT)
    ispike = fview(S, foff, flen, F_NS_ISPIKE)
    number = fview(S, foff, flen, F_NS_NUMBER)
    interval = fview(S, foff, flen, F_NS_INTERVAL)
    noise = fview(S, foff, flen, F_NS_NOISE)
    if flag == FLAG_EXTERNAL:
        if w > 0 and on[k] == 0.0:
            if number[k] > 0:
                on[k] = 1.0
                event[k] = 0.0
                ispike[k] = 0.0
            netstim_next_interval(S, foff, flen, I, ioff, ilen, k)
            event[k] = event[k] - interval[k] * (1. - noise[k])
            q_self(queue_f, queue_i, queue_meta, least_f, least_i, t + event[k], t, FLAG_SELF,
                   T_NETSTIM, k, -1)
        elif w < 0:
            on[k] = 0.0
    if flag == FLAG_NETSTIM_INIT:
        if on[k] == 1.0:
            if number[k] > 0:
                on[k] = 1.0
                event[k] = 0.0
                ispike[k] = 0.0
            q_self(queue_f, queue_i, queue_meta, least_f, least_i, t + 0.0, t, FLAG_SELF,
                   T_NETSTIM, k, -1)
    if flag == FLAG_SELF and on[k] == 1.0:
        ispike[k] = ispike[k] + 1
        fire_if_source(S, foff, flen, I, ioff, ilen, I_NS_PS, k, t, queue_f, queue_i,
                       queue_meta, least_f, least_i, spk_f, spk_i, spk_n)
        netstim_next_interval(S, foff, flen, I, ioff, ilen, k)
        if on[k] == 1.0:
            q_self(queue_f, queue_i, queue_meta, least_f, least_i, t + event[k], t, FLAG_SELF,
                   T_NETSTIM, k, -1)


@njit(cache=True, inline="always", error_model="numpy")
def vecstim_receive(S, foff, flen, I, ioff, ilen, k, t, flag, w, nc, queue_f, queue_i,
                    queue_meta, least_f, least_i, spk_f, spk_i, spk_n, vs_times):
    if flag == FLAG_SELF:
        fire_if_source(S, foff, flen, I, ioff, ilen, I_VS_PS, k, t, queue_f, queue_i,
                       queue_meta, least_f, least_i, spk_f, spk_i, spk_n)
        vecstim_element(S, foff, flen, I, ioff, ilen, k, vs_times)
        if fview(S, foff, flen, F_VS_INDEX)[k] > 0:
            vecstim_send(S, foff, flen, queue_f, queue_i, queue_meta, least_f, least_i, k, t)


@njit(cache=True, inline="always", error_model="numpy")
def net_receive(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i, queue_meta,
                least_f, least_i, spk_f, spk_i, spk_n, vs_times):
    """Run the NET_RECEIVE block of one event (t = the event's exact time)."""
    t = event_f[E_TIME]
    flag = event_f[E_FLAG]
    ttype = event_i[E_TTYPE]
    k = event_i[E_TIDX]
    nc = event_i[E_NETCON]
    w = 0.0
    if nc >= 0:
        w = fview(S, foff, flen, F_NC_WEIGHT)[nc]
    if ttype == T_IF1:
        intfire1_receive(S, foff, flen, I, ioff, ilen, k, t, flag, w, nc, queue_f, queue_i,
                         queue_meta, least_f, least_i, spk_f, spk_i, spk_n, vs_times)
    elif ttype == T_IF2:
        intfire2_receive(S, foff, flen, I, ioff, ilen, k, t, flag, w, nc, queue_f, queue_i,
                         queue_meta, least_f, least_i, spk_f, spk_i, spk_n, vs_times)
    elif ttype == T_IF4:
        intfire4_receive(S, foff, flen, I, ioff, ilen, k, t, flag, w, nc, queue_f, queue_i,
                         queue_meta, least_f, least_i, spk_f, spk_i, spk_n, vs_times)
    elif ttype == T_NETSTIM:
        netstim_receive(S, foff, flen, I, ioff, ilen, k, t, flag, w, nc, queue_f, queue_i,
                        queue_meta, least_f, least_i, spk_f, spk_i, spk_n, vs_times)
    elif ttype == T_VECSTIM:
        vecstim_receive(S, foff, flen, I, ioff, ilen, k, t, flag, w, nc, queue_f, queue_i,
                        queue_meta, least_f, least_i, spk_f, spk_i, spk_n, vs_times)
