"""Artificial cells (numba): NEURON's IntFire1/2/4, NetStim and VecStim — their INITIAL blocks,
the exact event-driven formulas their NET_RECEIVE blocks use (netreceive.py runs those), and
NetStim's random intervals (NEURON 9's Random123 stream per instance)."""

import math

import numpy as np
from numba import njit

from .eventqueue import q_self
from ..model.random123 import philox4x32_10
from .layout import (FLAG_NETSTIM_INIT, F_IF1_M, F_IF1_REFRACTORY, F_IF1_T0, F_IF2_I, F_IF2_IB,
                     F_IF2_M, F_IF2_T0, F_IF2_TAUM, F_IF2_TAUS, F_IF4_A, F_IF4_AE, F_IF4_AI1,
                     F_IF4_AI2, F_IF4_B, F_IF4_BE, F_IF4_BI1, F_IF4_BI2, F_IF4_E, F_IF4_I1,
                     F_IF4_I2, F_IF4_KE, F_IF4_KI1, F_IF4_KI2, F_IF4_KM, F_IF4_M, F_IF4_NEXCITE,
                     F_IF4_NINHIBIT, F_IF4_NSELF, F_IF4_T0, F_IF4_TAUE, F_IF4_TAUI1, F_IF4_TAUI2,
                     F_IF4_TAUM, F_NS_EVENT, F_NS_INTERVAL, F_NS_ISPIKE, F_NS_NOISE, F_NS_NUMBER,
                     F_NS_ON, F_NS_START, F_T, F_VS_ETIME, F_VS_INDEX, I_IF2_SELF, I_IF4_SELF,
                     I_NS_DRAWS, I_NS_GIX, I_NS_ID1, I_NS_ID2, I_NS_ID3, I_VS_START, Q_SELF_CODE,
                     Q_VECSTIM_ERROR, T_IF2, T_IF4, T_NETSTIM, T_VECSTIM, fview, iview)

MASK32 = np.uint64(0xFFFFFFFF)


@njit(cache=True, error_model="numpy")
def netstim_negexp(id1, id2, id3, gix, count):
    """NetStim's erand() = nrnran123_negexp: draw number `count` (from 0) of the Random123
    stream (id1, id2, id3) after INITIAL's seed(0): word count % 4 of the philox block with
    counter (count // 4, id3, id1, id2) and key (gix, 0), u -> -log((u + 1) / (2^32 + 1))."""
    seq = np.uint64(count) >> np.uint64(2)
    block = philox4x32_10(seq & MASK32, (np.uint64(id3) + (seq >> np.uint64(32))) & MASK32,
                          np.uint64(id1), np.uint64(id2), np.uint64(gix), np.uint64(0))
    u = block[count & 3]
    return -math.log((np.float64(u) + 1.0) * (1.0 / 4294967297.0))


@njit(cache=True, error_model="numpy")
def netstim_interval(S, foff, flen, I, ioff, ilen, k, mean):
    noise = fview(S, foff, flen, F_NS_NOISE)
    if mean <= 0.0:
        mean = 0.01
    if noise[k] == 0.0:
        return mean
    draws = iview(I, ioff, ilen, I_NS_DRAWS)
    x = netstim_negexp(iview(I, ioff, ilen, I_NS_ID1)[k], iview(I, ioff, ilen, I_NS_ID2)[k],
                       iview(I, ioff, ilen, I_NS_ID3)[k], iview(I, ioff, ilen, I_NS_GIX)[0],
                       draws[k])
    draws[k] += 1
    return (1. - noise[k]) * mean + noise[k] * mean * x


@njit(cache=True, error_model="numpy")
def netstim_next_interval(S, foff, flen, I, ioff, ilen, k):
    number = fview(S, foff, flen, F_NS_NUMBER)
    if number[k] > 0:
        fview(S, foff, flen, F_NS_EVENT)[k] = netstim_interval(S, foff, flen, I, ioff, ilen, k,
                                                     fview(S, foff, flen, F_NS_INTERVAL)[k])
    if fview(S, foff, flen, F_NS_ISPIKE)[k] >= number[k]:
        fview(S, foff, flen, F_NS_ON)[k] = 0.0


@njit(cache=True, error_model="numpy")
def if4_new_states(S, foff, flen, k, dd, out):
    ke = fview(S, foff, flen, F_IF4_KE)[k]
    ki1 = fview(S, foff, flen, F_IF4_KI1)[k]
    ki2 = fview(S, foff, flen, F_IF4_KI2)[k]
    km = fview(S, foff, flen, F_IF4_KM)[k]
    e = fview(S, foff, flen, F_IF4_E)[k]
    i1 = fview(S, foff, flen, F_IF4_I1)[k]
    i2 = fview(S, foff, flen, F_IF4_I2)[k]
    m = fview(S, foff, flen, F_IF4_M)[k]
    be = fview(S, foff, flen, F_IF4_BE)[k]
    bi1 = fview(S, foff, flen, F_IF4_BI1)[k]
    bi2 = fview(S, foff, flen, F_IF4_BI2)[k]
    a = fview(S, foff, flen, F_IF4_A)[k]
    b = fview(S, foff, flen, F_IF4_B)[k]
    ee = math.exp(-ke * dd)
    each_i = math.exp(-ki1 * dd)
    ei2 = math.exp(-ki2 * dd)
    em = math.exp(-km * dd)
    out[0] = e * ee
    out[1] = i1 * each_i
    out[2] = i2 * ei2 + bi1 * i1 * (ei2 - each_i)
    out[3] = m * em + be * e * (em - ee) + (bi2 * i2 + a * i1) * (em - ei2) - b * i1 * (em - each_i)


@njit(cache=True, error_model="numpy")
def if4_firetimebound(S, foff, flen, k):
    slope = -fview(S, foff, flen, F_IF4_KM)[k] * fview(S, foff, flen, F_IF4_M)[k] + \
        fview(S, foff, flen, F_IF4_AE)[k] * fview(S, foff, flen, F_IF4_E)[k] + \
        fview(S, foff, flen, F_IF4_AI2)[k] * fview(S, foff, flen, F_IF4_I2)[k]
    if slope <= 1e-9:
        return 1e9
    return (1.0 - fview(S, foff, flen, F_IF4_M)[k]) / slope


@njit(cache=True, inline="always", error_model="numpy")
def self_event(queue_f, queue_i, queue_meta, least_f, least_i, tnow, te, ttype, k, selfcode):
    """net_send/net_move of a cell that keeps one outstanding self event: the new event gets
    a fresh code; an older copy still in the queue no longer matches and is skipped."""
    # np.int64: callers pass constants (T_IF2, ...); one compiled _self_event for them all
    _self_event(queue_f, queue_i, queue_meta, least_f, least_i, tnow, te, np.int64(ttype), k,
                selfcode)


@njit(cache=True, error_model="numpy")
def _self_event(queue_f, queue_i, queue_meta, least_f, least_i, tnow, te, ttype, k, selfcode):
    code = -2 - queue_meta[Q_SELF_CODE]
    queue_meta[Q_SELF_CODE] += 1
    selfcode[k] = code
    q_self(queue_f, queue_i, queue_meta, least_f, least_i, te, tnow, 1.0, ttype, k, code)


@njit(cache=True, error_model="numpy")
def if2_newton1(a, b, c, r, x):
    dx = 1.0
    f = 0.0
    it = 0
    while abs(dx) > 1e-6 or abs(f - 1.0) > 1e-6:
        f = a + b * x ** r + c * x
        df = r * b * x ** (r - 1.0) + c
        dx = (1.0 - f) / df
        x = x + dx
        if x <= 0:
            x = 1e-4
        elif x > 1:
            x = 1.0
        it += 1
        if it > 10:
            f = 1.0
            dx = 0.0
    return x


@njit(cache=True, error_model="numpy")
def if2_firetime(a, b, c, taum, taus):
    r = taum / taus
    if a <= 1 and a + b <= 1:
        return 1e9
    elif a > 1 and b <= 0:
        cab = c - a - b
        m = r * b + cab
        if m >= 0:
            return -taus * math.log(if2_newton1(a, cab, b, 1.0 / r, 0.0))
        x = (1.0 - c + m) / m
        if x <= 0:
            return -taus * math.log(if2_newton1(a, cab, b, 1.0 / r, 0.0))
        return -taum * math.log(if2_newton1(a, b, cab, r, x))
    cab = c - a - b
    x = (-cab / (r * b)) ** (1.0 / (r - 1.0))
    f = a + b * x ** r + cab * x
    if x >= 1 or f <= 1:
        return 1e9
    m = r * b + cab
    x = (1.0 - c + m) / m
    return -taum * math.log(if2_newton1(a, b, cab, r, x))


@njit(cache=True, error_model="numpy")
def if4_deriv(km, ki1, ki2, d):
    return (-km * math.exp(-d * km) + ki2 * math.exp(-d * ki2)) / (ki2 - km) - \
        ((-km * math.exp(-d * km) + ki1 * math.exp(-d * ki1))) / (ki1 - km)


@njit(cache=True, error_model="numpy")
def if4_search(km, ki1, ki2):
    t1 = 1.0
    t2 = 0.0
    flag = 0
    res = 0.0
    if if4_deriv(km, ki1, ki2, t1) < 0:
        while if4_deriv(km, ki1, ki2, t1) < 0 and t1 > 1e-9:
            t2 = t1
            t1 = t1 / 10
        if if4_deriv(km, ki1, ki2, t1) < 0:
            flag = 1
            res = 1e-9
    else:
        t2 = t1
        while if4_deriv(km, ki1, ki2, t2) > 0 and t2 < 1e9:
            t1 = t2
            t2 = t2 * 10
        if if4_deriv(km, ki1, ki2, t2) > 0:
            flag = 1
            res = 1e9
    while t2 - t1 > 1e-6 and flag == 0:
        res = (t1 + t2) / 2
        x = if4_deriv(km, ki1, ki2, res)
        if x > 0:
            t1 = res
        else:
            t2 = res
    return res


@njit(cache=True, error_model="numpy")
def if4_fix_time_constants(taue, taui1, taui2, taum, k):
    """intfire4.mod's fixprecondition: time constants kept apart by at least taueps, and
    taue < taui1 < taui2 (the formulas divide by their differences)."""
    taueps = 0.01
    if taui2[k] < 4 * taueps:
        taui2[k] = 4 * taueps
    if taui1[k] < 3 * taueps:
        taui1[k] = 3 * taueps
    if taue[k] < 2 * taueps:
        taue[k] = 2 * taueps
    if taue[k] > taui2[k]:
        taue[k] = taui2[k] - taueps
    elif taui2[k] - taue[k] < taueps:
        taue[k] = taui2[k] - taueps
    if taui1[k] > taui2[k]:
        sw = taui2[k]
        taui2[k] = taui1[k]
        taui1[k] = sw
    if taui2[k] - taui1[k] < taueps:
        taui1[k] = taui2[k] - taueps
    if taum[k] <= taui2[k]:
        if taui2[k] - taum[k] < taueps:
            taum[k] = taui2[k] - taueps
        if abs(taui1[k] - taum[k]) < taueps:
            taum[k] = taui1[k] - taueps
        if abs(taui1[k] - taum[k]) < taueps:
            if taui1[k] - taum[k] < 0:
                taum[k] = taui1[k] - taueps
            else:
                taui1[k] = taum[k] - taueps
        if abs(taue[k] - taum[k]) < taueps:
            if taue[k] - taum[k] < 0:
                taum[k] = taue[k] - taueps
            else:
                taue[k] = taum[k] - taueps
        if abs(taui1[k] - taum[k]) < taueps:
            taum[k] = taui1[k] - taueps
    elif taum[k] - taui2[k] < taueps:
        taum[k] = taui2[k] + taueps


@njit(cache=True, error_model="numpy")
def if4_initial(S, foff, flen, k):
    """intfire4.mod's INITIAL for cell k: factors of the exact solution, and the peak
    normalisation found by if4_search."""
    taue = fview(S, foff, flen, F_IF4_TAUE)
    taui1 = fview(S, foff, flen, F_IF4_TAUI1)
    taui2 = fview(S, foff, flen, F_IF4_TAUI2)
    taum = fview(S, foff, flen, F_IF4_TAUM)
    if4_fix_time_constants(taue, taui1, taui2, taum, k)
    # factors
    ke = 1 / taue[k]
    ki1 = 1 / taui1[k]
    ki2 = 1 / taui2[k]
    km = 1 / taum[k]
    fview(S, foff, flen, F_IF4_KE)[k] = ke
    fview(S, foff, flen, F_IF4_KI1)[k] = ki1
    fview(S, foff, flen, F_IF4_KI2)[k] = ki2
    fview(S, foff, flen, F_IF4_KM)[k] = km
    tp = math.log(km / ke) / (km - ke)
    be = 1 / (math.exp(-km * tp) - math.exp(-ke * tp))
    fview(S, foff, flen, F_IF4_BE)[k] = be
    fview(S, foff, flen, F_IF4_AE)[k] = be * (ke - km)
    tp = math.log(ki2 / ki1) / (ki2 - ki1)
    bi1 = 1 / (math.exp(-ki2 * tp) - math.exp(-ki1 * tp))
    fview(S, foff, flen, F_IF4_BI1)[k] = bi1
    fview(S, foff, flen, F_IF4_AI1)[k] = bi1 * (ki1 - ki2)
    fview(S, foff, flen, F_IF4_E)[k] = 0.0
    fview(S, foff, flen, F_IF4_I1)[k] = 1.0
    fview(S, foff, flen, F_IF4_I2)[k] = 0.0
    fview(S, foff, flen, F_IF4_M)[k] = 0.0
    bi2 = 1.0
    fview(S, foff, flen, F_IF4_BI2)[k] = bi2
    fview(S, foff, flen, F_IF4_AI2)[k] = bi2 * (ki2 - km)
    a = bi2 * bi1
    fview(S, foff, flen, F_IF4_A)[k] = a
    fview(S, foff, flen, F_IF4_B)[k] = a * (ki2 - km) / (ki1 - km)
    tp = if4_search(km, ki1, ki2)
    out = np.empty(4)
    if4_new_states(S, foff, flen, k, tp, out)
    bi2 = 1 / out[3]
    fview(S, foff, flen, F_IF4_BI2)[k] = bi2
    fview(S, foff, flen, F_IF4_AI2)[k] = bi2 * (ki2 - km)
    a = bi2 * bi1
    fview(S, foff, flen, F_IF4_A)[k] = a
    fview(S, foff, flen, F_IF4_B)[k] = a * (ki2 - km) / (ki1 - km)
    fview(S, foff, flen, F_IF4_I1)[k] = 0.0
    fview(S, foff, flen, F_IF4_E)[k] = 0.0
    fview(S, foff, flen, F_IF4_I2)[k] = 0.0
    fview(S, foff, flen, F_IF4_M)[k] = 0.0
    fview(S, foff, flen, F_IF4_T0)[k] = S[foff[F_T]]
    fview(S, foff, flen, F_IF4_NSELF)[k] = 0.0
    fview(S, foff, flen, F_IF4_NEXCITE)[k] = 0.0
    fview(S, foff, flen, F_IF4_NINHIBIT)[k] = 0.0


@njit(cache=True, error_model="numpy")
def vecstim_send(S, foff, flen, queue_f, queue_i, queue_meta, least_f, least_i, k, t):
    """net_send(etime - t, 1), which nocmodl pastes as t + etime - t. NEURON's nrn_net_send
    aborts when that time is earlier than t (a Vector that is not sorted, or a negative
    first time): pnm queues nothing and notes the VecStim in queue_meta[Q_VECSTIM_ERROR] (k + 1) for the engine
    to raise."""
    td = t + fview(S, foff, flen, F_VS_ETIME)[k] - t
    if td < t:
        if queue_meta[Q_VECSTIM_ERROR] == 0:
            queue_meta[Q_VECSTIM_ERROR] = k + 1
        return
    q_self(queue_f, queue_i, queue_meta, least_f, least_i, td, t, 1.0, T_VECSTIM, k, -1)


@njit(cache=True, error_model="numpy")
def vecstim_element(S, foff, flen, I, ioff, ilen, k, vs_times):
    start = iview(I, ioff, ilen, I_VS_START)
    index = fview(S, foff, flen, F_VS_INDEX)
    i = int(index[k])
    if i >= 0:
        size = start[k + 1] - start[k]
        if i < size:
            fview(S, foff, flen, F_VS_ETIME)[k] = vs_times[start[k] + i]
            index[k] += 1.0
        else:
            index[k] = -1.0


@njit(cache=True, error_model="numpy")
def netstim_initial(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                    least_i):
    on = fview(S, foff, flen, F_NS_ON)
    draws = iview(I, ioff, ilen, I_NS_DRAWS)
    for k in range(on.shape[0]):
        draws[k] = 0
        on[k] = 0.0
        fview(S, foff, flen, F_NS_ISPIKE)[k] = 0.0
        noise = fview(S, foff, flen, F_NS_NOISE)
        if noise[k] < 0:
            noise[k] = 0.0
        if noise[k] > 1:
            noise[k] = 1.0
        start = fview(S, foff, flen, F_NS_START)[k]
        if start >= 0 and fview(S, foff, flen, F_NS_NUMBER)[k] > 0:
            on[k] = 1.0
            interval = fview(S, foff, flen, F_NS_INTERVAL)[k]
            ev = start + netstim_interval(S, foff, flen, I, ioff, ilen, k, interval) - \
                interval * (1. - noise[k])
            if ev < 0:
                ev = 0.0
            fview(S, foff, flen, F_NS_EVENT)[k] = ev
            q_self(queue_f, queue_i, queue_meta, least_f, least_i, t + ev, t, FLAG_NETSTIM_INIT,
                   T_NETSTIM, k, -1)


@njit(cache=True, error_model="numpy")
def intfire1_initial(S, foff, flen, t):
    m1 = fview(S, foff, flen, F_IF1_M)
    for k in range(m1.shape[0]):
        m1[k] = 0.0
        fview(S, foff, flen, F_IF1_T0)[k] = t
        fview(S, foff, flen, F_IF1_REFRACTORY)[k] = 0.0


@njit(cache=True, error_model="numpy")
def intfire2_initial(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                     least_i):
    ib = fview(S, foff, flen, F_IF2_IB)
    sc2 = iview(I, ioff, ilen, I_IF2_SELF)
    for k in range(ib.shape[0]):
        fview(S, foff, flen, F_IF2_I)[k] = ib[k]
        fview(S, foff, flen, F_IF2_M)[k] = 0.0
        taus = fview(S, foff, flen, F_IF2_TAUS)
        taum = fview(S, foff, flen, F_IF2_TAUM)
        if taus[k] <= taum[k]:
            taus[k] = taum[k] + .1
        fview(S, foff, flen, F_IF2_T0)[k] = t
        self_event(queue_f, queue_i, queue_meta, least_f, least_i, t, t + if2_firetime(ib[k], 0.0,
                                                                                       0.0, taum[k], taus[k]),
                    T_IF2, k, sc2)


@njit(cache=True, error_model="numpy")
def intfire4_initial_all(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                         least_i):
    sc4 = iview(I, ioff, ilen, I_IF4_SELF)
    for k in range(flen[F_IF4_TAUE]):
        if4_initial(S, foff, flen, k)
        self_event(queue_f, queue_i, queue_meta, least_f, least_i, t, t + if4_firetimebound(S,
                                                                                            foff, flen, k), T_IF4, k, sc4)


@njit(cache=True, error_model="numpy")
def vecstim_initial(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                    least_i, vs_times):
    index = fview(S, foff, flen, F_VS_INDEX)
    for k in range(index.shape[0]):
        index[k] = 0.0
        vecstim_element(S, foff, flen, I, ioff, ilen, k, vs_times)
        if index[k] > 0:
            vecstim_send(S, foff, flen, queue_f, queue_i, queue_meta, least_f, least_i, k, t)


@njit(cache=True, error_model="numpy")
def artificial_initial(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                       least_i, vs_times):
    """INITIAL of the artificial cells, by type as NEURON: NetStim, IntFire1, IntFire2,
    IntFire4, VecStim (each queues its first self event)."""
    netstim_initial(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                    least_i)
    intfire1_initial(S, foff, flen, t)
    intfire2_initial(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                     least_i)
    intfire4_initial_all(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                         least_i)
    vecstim_initial(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                    least_i, vs_times)
