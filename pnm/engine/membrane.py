"""Membrane mechanisms as numba kernels: hh (rates, TABLE), pas, IClamp, ExpSyn, Exp2Syn —
their currents (NEURON's nrn_cur), their states (nrn_state, cnexp) and their INITIAL blocks.
Formulas and order of operations follow the .mod files and NEURON 9's generated C."""

import math

import numpy as np
from numba import njit

from .layout import (F_AREA, F_DT, F_E2_A, F_E2_B, F_E2_E, F_E2_FACTOR, F_E2_G, F_E2_I, F_E2_TAU1,
                     F_E2_TAU2, F_ES_E, F_ES_G, F_ES_I, F_ES_TAU, F_HH_EK, F_HH_EL, F_HH_ENA,
                     F_HH_GK, F_HH_GKBAR, F_HH_GL, F_HH_GNA, F_HH_GNABAR, F_HH_H, F_HH_HINF,
                     F_HH_HTAU, F_HH_IK, F_HH_IL, F_HH_INA, F_HH_M, F_HH_MINF, F_HH_MTAU, F_HH_N,
                     F_HH_NINF, F_HH_NTAU, F_IC_AMP, F_IC_DELAY, F_IC_DUR, F_IC_I, F_PAS_E,
                     F_PAS_G, F_PAS_I, F_T, F_V, HH_TABLE_N, I_E2_NODE, I_ES_NODE, I_HH_NODE,
                     I_IC_NODE, I_PAS_RUNS, fview, iview)


@njit(cache=True, error_model="numpy")
def _vtrap(x, y):
    if abs(x / y) < 1e-6:
        return y * (1.0 - x / y / 2.0)
    return x / (math.exp(x / y) - 1.0)


@njit(cache=True, error_model="numpy")
def hh_rates_exact(v, celsius, out):
    q10 = 3.0 ** ((celsius - 6.3) / 10.0)
    alpha = 0.1 * _vtrap(-(v + 40.0), 10.0)
    beta = 4.0 * math.exp(-(v + 65.0) / 18.0)
    s = alpha + beta
    out[3] = 1.0 / (q10 * s)
    out[0] = alpha / s
    alpha = 0.07 * math.exp(-(v + 65.0) / 20.0)
    beta = 1.0 / (math.exp(-(v + 35.0) / 10.0) + 1.0)
    s = alpha + beta
    out[4] = 1.0 / (q10 * s)
    out[1] = alpha / s
    alpha = 0.01 * _vtrap(-(v + 55.0), 10.0)
    beta = 0.125 * math.exp(-(v + 65.0) / 80.0)
    s = alpha + beta
    out[5] = 1.0 / (q10 * s)
    out[2] = alpha / s


@njit(cache=True, error_model="numpy")
def hh_make_table(table, celsius):
    """table[6*201]: minf, hinf, ninf, mtau, htau, ntau at v = -100, -99, ..., 100."""
    out = np.empty(6)
    x = -100.0
    for i in range(HH_TABLE_N):
        hh_rates_exact(x, celsius, out)
        for k in range(6):
            table[k * HH_TABLE_N + i] = out[k]
        x += 1.0


@njit(cache=True, inline="always", error_model="numpy")
def hh_lookup(table, v, k):
    xi = 1.0 * (v - -100.0)
    if xi <= 0.0:
        return table[k * HH_TABLE_N]
    if xi >= 200.0:
        return table[k * HH_TABLE_N + 200]
    i = int(xi)
    theta = xi - i
    a = table[k * HH_TABLE_N + i]
    return a + theta * (table[k * HH_TABLE_N + i + 1] - a)


@njit(cache=True, inline="always", error_model="numpy")
def hh_current(v, gnabar, gkbar, gl, el, ena, ek, m, h, n):
    gna = gnabar * m * m * m * h
    ina = gna * (v - ena)
    gk = gkbar * n * n * n * n
    ik = gk * (v - ek)
    il = gl * (v - el)
    return ina + ik + il, gna, gk, ina, ik, il


@njit(cache=True, inline="always", error_model="numpy")
def pas_current(S, foff, flen, I, ioff, ilen, t, v, rhs, d, area):
    """pas over runs of consecutive nodes (node0, instance0, length): contiguous, so it
    vectorizes. di/dv by finite difference (v + 0.001), as NEURON."""
    runs = iview(I, ioff, ilen, I_PAS_RUNS)
    g_all = fview(S, foff, flen, F_PAS_G)
    e_all = fview(S, foff, flen, F_PAS_E)
    i_all = fview(S, foff, flen, F_PAS_I)
    for r in range(runs.shape[0] // 3):
        n0, k0, ln = runs[3 * r], runs[3 * r + 1], runs[3 * r + 2]
        vr = v[n0:n0 + ln]
        rr = rhs[n0:n0 + ln]
        dr = d[n0:n0 + ln]
        g = g_all[k0:k0 + ln]
        e = e_all[k0:k0 + ln]
        ipas = i_all[k0:k0 + ln]
        for k in range(ln):
            vv = vr[k]
            g1 = g[k] * (vv + 0.001 - e[k])
            i0 = g[k] * (vv - e[k])
            ipas[k] = i0
            rr[k] -= i0
            dr[k] += (g1 - i0) / 0.001


@njit(cache=True, inline="always", error_model="numpy")
def iclamp_current(S, foff, flen, I, ioff, ilen, t, v, rhs, d, area):
    """IClamp: amp for del <= t < del + dur, injected into its node."""
    node = iview(I, ioff, ilen, I_IC_NODE)
    dl = fview(S, foff, flen, F_IC_DELAY)
    du = fview(S, foff, flen, F_IC_DUR)
    amp = fview(S, foff, flen, F_IC_AMP)
    iic = fview(S, foff, flen, F_IC_I)
    for k in range(node.shape[0]):
        nd = node[k]
        if t < dl[k] + du[k] and t >= dl[k]:
            iic[k] = amp[k]
        else:
            iic[k] = 0.0
        rhs[nd] += iic[k] * (1.e2 / area[nd])


@njit(cache=True, inline="always", error_model="numpy")
def expsyn_current(S, foff, flen, I, ioff, ilen, t, v, rhs, d, area):
    """ExpSyn: i = g*(v - e)."""
    node = iview(I, ioff, ilen, I_ES_NODE)
    gs = fview(S, foff, flen, F_ES_G)
    es = fview(S, foff, flen, F_ES_E)
    ies = fview(S, foff, flen, F_ES_I)
    for k in range(node.shape[0]):
        nd = node[k]
        vv = v[nd]
        g1 = gs[k] * (vv + 0.001 - es[k])
        i0 = gs[k] * (vv - es[k])
        ies[k] = i0
        fac = 1.e2 / area[nd]
        rhs[nd] -= i0 * fac
        d[nd] += ((g1 - i0) / 0.001) * fac


@njit(cache=True, inline="always", error_model="numpy")
def exp2syn_current(S, foff, flen, I, ioff, ilen, t, v, rhs, d, area):
    """Exp2Syn: g = B - A, i = g*(v - e)."""
    node = iview(I, ioff, ilen, I_E2_NODE)
    A = fview(S, foff, flen, F_E2_A)
    B = fview(S, foff, flen, F_E2_B)
    g2 = fview(S, foff, flen, F_E2_G)
    e2 = fview(S, foff, flen, F_E2_E)
    i2 = fview(S, foff, flen, F_E2_I)
    for k in range(node.shape[0]):
        nd = node[k]
        vv = v[nd]
        gg = B[k] - A[k]
        g1 = gg * (vv + 0.001 - e2[k])
        i0 = gg * (vv - e2[k])
        g2[k] = gg
        i2[k] = i0
        fac = 1.e2 / area[nd]
        rhs[nd] -= i0 * fac
        d[nd] += ((g1 - i0) / 0.001) * fac


@njit(cache=True, inline="always", error_model="numpy")
def hh_current_all(S, foff, flen, I, ioff, ilen, t, v, rhs, d, area):
    """hh: ina + ik + il with its finite-difference conductance."""
    node = iview(I, ioff, ilen, I_HH_NODE)
    gnabar = fview(S, foff, flen, F_HH_GNABAR)
    gkbar = fview(S, foff, flen, F_HH_GKBAR)
    gl = fview(S, foff, flen, F_HH_GL)
    el = fview(S, foff, flen, F_HH_EL)
    ena = fview(S, foff, flen, F_HH_ENA)
    ek = fview(S, foff, flen, F_HH_EK)
    m = fview(S, foff, flen, F_HH_M)
    h = fview(S, foff, flen, F_HH_H)
    n = fview(S, foff, flen, F_HH_N)
    gna = fview(S, foff, flen, F_HH_GNA)
    gk = fview(S, foff, flen, F_HH_GK)
    ina = fview(S, foff, flen, F_HH_INA)
    ik = fview(S, foff, flen, F_HH_IK)
    il = fview(S, foff, flen, F_HH_IL)
    for k in range(node.shape[0]):
        nd = node[k]
        vv = v[nd]
        c1, _a, _b, _c, _d, _e = hh_current(vv + 0.001, gnabar[k], gkbar[k], gl[k], el[k],
                                             ena[k], ek[k], m[k], h[k], n[k])
        c0, gna[k], gk[k], ina[k], ik[k], il[k] = hh_current(vv, gnabar[k], gkbar[k], gl[k],
                                                              el[k], ena[k], ek[k], m[k], h[k],
                                                              n[k])
        rhs[nd] -= c0
        d[nd] += (c1 - c0) / 0.001


@njit(cache=True, inline="always", error_model="numpy")
def membrane_currents(S, foff, flen, I, ioff, ilen, v, rhs, d):
    """Every mechanism's current into rhs and its conductance into d, in NEURON's type order
    (pas, IClamp, ExpSyn, Exp2Syn, hh), at the current t (the step midpoint)."""
    t = S[foff[F_T]]
    area = fview(S, foff, flen, F_AREA)
    pas_current(S, foff, flen, I, ioff, ilen, t, v, rhs, d, area)
    iclamp_current(S, foff, flen, I, ioff, ilen, t, v, rhs, d, area)
    expsyn_current(S, foff, flen, I, ioff, ilen, t, v, rhs, d, area)
    exp2syn_current(S, foff, flen, I, ioff, ilen, t, v, rhs, d, area)
    hh_current_all(S, foff, flen, I, ioff, ilen, t, v, rhs, d, area)


@njit(cache=True, error_model="numpy")
def synapse_decay(S, foff, flen):
    """The cnexp factors 1 - exp(dt*(-1/tau)) of ExpSyn and Exp2Syn: constant while dt and
    tau are, so computed once per run interval (the same numbers as computing them per step)."""
    dt = S[foff[F_DT]]
    tau = fview(S, foff, flen, F_ES_TAU)
    es = np.empty(tau.shape[0])
    for k in range(tau.shape[0]):
        es[k] = 1. - math.exp(dt * ((-1.0) / tau[k]))
    tau1 = fview(S, foff, flen, F_E2_TAU1)
    tau2 = fview(S, foff, flen, F_E2_TAU2)
    e2 = np.empty((tau1.shape[0], 2))
    for k in range(tau1.shape[0]):
        e2[k, 0] = 1. - math.exp(dt * ((-1.0) / tau1[k]))
        e2[k, 1] = 1. - math.exp(dt * ((-1.0) / tau2[k]))
    return es, e2


@njit(cache=True, error_model="numpy")
def membrane_states(S, foff, flen, I, ioff, ilen, table, es_decay, e2_decay):
    """SOLVE ... METHOD cnexp with the new v (NEURON's nonvint)."""
    dt = S[foff[F_DT]]
    v = fview(S, foff, flen, F_V)
    g = fview(S, foff, flen, F_ES_G)
    for k in range(g.shape[0]):
        g[k] = g[k] + es_decay[k] * (-g[k])
    A = fview(S, foff, flen, F_E2_A)
    B = fview(S, foff, flen, F_E2_B)
    for k in range(A.shape[0]):
        A[k] = A[k] + e2_decay[k, 0] * (-A[k])
        B[k] = B[k] + e2_decay[k, 1] * (-B[k])
    node = iview(I, ioff, ilen, I_HH_NODE)
    m = fview(S, foff, flen, F_HH_M)
    h = fview(S, foff, flen, F_HH_H)
    n = fview(S, foff, flen, F_HH_N)
    minf = fview(S, foff, flen, F_HH_MINF)
    hinf = fview(S, foff, flen, F_HH_HINF)
    ninf = fview(S, foff, flen, F_HH_NINF)
    mtau = fview(S, foff, flen, F_HH_MTAU)
    htau = fview(S, foff, flen, F_HH_HTAU)
    ntau = fview(S, foff, flen, F_HH_NTAU)
    N = HH_TABLE_N
    for k in range(node.shape[0]):
        vv = v[node[k]]
        xi = 1.0 * (vv - -100.0)
        if xi <= 0.0 or xi >= 200.0:
            minf[k] = hh_lookup(table, vv, 0)
            hinf[k] = hh_lookup(table, vv, 1)
            ninf[k] = hh_lookup(table, vv, 2)
            mtau[k] = hh_lookup(table, vv, 3)
            htau[k] = hh_lookup(table, vv, 4)
            ntau[k] = hh_lookup(table, vv, 5)
        else:
            # the same interpolation as hh_lookup, with the index computed once
            i = int(xi)
            theta = xi - i
            a = table[i]
            minf[k] = a + theta * (table[i + 1] - a)
            a = table[N + i]
            hinf[k] = a + theta * (table[N + i + 1] - a)
            a = table[2 * N + i]
            ninf[k] = a + theta * (table[2 * N + i + 1] - a)
            a = table[3 * N + i]
            mtau[k] = a + theta * (table[3 * N + i + 1] - a)
            a = table[4 * N + i]
            htau[k] = a + theta * (table[4 * N + i + 1] - a)
            a = table[5 * N + i]
            ntau[k] = a + theta * (table[5 * N + i + 1] - a)
        r = (-1.0) / mtau[k]
        m[k] = m[k] + (1. - math.exp(dt * r)) * (-(minf[k] / mtau[k]) / r - m[k])
        r = (-1.0) / htau[k]
        h[k] = h[k] + (1. - math.exp(dt * r)) * (-(hinf[k] / htau[k]) / r - h[k])
        r = (-1.0) / ntau[k]
        n[k] = n[k] + (1. - math.exp(dt * r)) * (-(ninf[k] / ntau[k]) / r - n[k])


@njit(cache=True, error_model="numpy")
def membrane_initial(S, foff, flen, I, ioff, ilen, table, v):
    """INITIAL of hh (states at their steady state, from the TABLE), ExpSyn, Exp2Syn, IClamp."""
    node = iview(I, ioff, ilen, I_HH_NODE)
    for k in range(node.shape[0]):
        vv = v[node[k]]
        mf = hh_lookup(table, vv, 0)
        hf = hh_lookup(table, vv, 1)
        nf = hh_lookup(table, vv, 2)
        fview(S, foff, flen, F_HH_MINF)[k] = mf
        fview(S, foff, flen, F_HH_HINF)[k] = hf
        fview(S, foff, flen, F_HH_NINF)[k] = nf
        fview(S, foff, flen, F_HH_MTAU)[k] = hh_lookup(table, vv, 3)
        fview(S, foff, flen, F_HH_HTAU)[k] = hh_lookup(table, vv, 4)
        fview(S, foff, flen, F_HH_NTAU)[k] = hh_lookup(table, vv, 5)
        fview(S, foff, flen, F_HH_M)[k] = mf
        fview(S, foff, flen, F_HH_H)[k] = hf
        fview(S, foff, flen, F_HH_N)[k] = nf
    g = fview(S, foff, flen, F_ES_G)
    for k in range(g.shape[0]):
        g[k] = 0.0
    tau1 = fview(S, foff, flen, F_E2_TAU1)
    tau2 = fview(S, foff, flen, F_E2_TAU2)
    for k in range(tau1.shape[0]):
        if tau1[k] / tau2[k] > 0.9999:
            tau1[k] = 0.9999 * tau2[k]
        if tau1[k] / tau2[k] < 1e-9:
            tau1[k] = tau2[k] * 1e-9
        fview(S, foff, flen, F_E2_A)[k] = 0.0
        fview(S, foff, flen, F_E2_B)[k] = 0.0
        tp = (tau1[k] * tau2[k]) / (tau2[k] - tau1[k]) * math.log(tau2[k] / tau1[k])
        factor = -math.exp(-tp / tau1[k]) + math.exp(-tp / tau2[k])
        fview(S, foff, flen, F_E2_FACTOR)[k] = 1 / factor
    ic = fview(S, foff, flen, F_IC_I)
    for k in range(ic.shape[0]):
        ic[k] = 0.0
