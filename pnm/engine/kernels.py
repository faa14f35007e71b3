"""numba kernels: NEURON's fixed step (deliver events, currents, Hines solve, states, threshold
detection, recording) for a whole run interval, and the event queue. Arrays in, arrays out.

State lives in two flat arrays, S (float64) and I (int64); `fo`/`io` give each field's offset
and `fn` its length (the layout is defined below). The order of operations and every formula follow NEURON 9
(fadvance.cpp, treeset.cpp, the .mod files) so that spike times agree to the last bit."""

import math

import numpy as np
from numba import njit

# error_model="numpy": a float division by zero gives inf/nan as in NEURON's C, without a
# Python-style check on every division (which also blocks vectorization).

# ---------------------------------------------------------------------------------------
# state layout: where each field lives in the flat arrays S (float64) and I (int64). It is
# defined here, not imported, because numba freezes these constants into the cached
# machine code: a layout change must change this file so that the cache is rebuilt.
# ---------------------------------------------------------------------------------------

FLOAT_FIELDS = [
    # globals
    "T", "DT",
    # nodes
    "V", "RHS", "D", "A", "B", "AREA", "CM",
    # hh
    "HH_GNABAR", "HH_GKBAR", "HH_GL", "HH_EL", "HH_ENA", "HH_EK", "HH_M", "HH_H", "HH_N",
    "HH_GNA", "HH_GK", "HH_INA", "HH_IK", "HH_IL",
    "HH_MINF", "HH_HINF", "HH_NINF", "HH_MTAU", "HH_HTAU", "HH_NTAU", "HH_TABLE",
    # pas
    "PAS_G", "PAS_E", "PAS_I",
    # ExpSyn
    "ES_TAU", "ES_E", "ES_G", "ES_I",
    # Exp2Syn
    "E2_TAU1", "E2_TAU2", "E2_E", "E2_A", "E2_B", "E2_G", "E2_I", "E2_FACTOR",
    # IClamp
    "IC_DELAY", "IC_DUR", "IC_AMP", "IC_I",
    # IntFire1
    "IF1_TAU", "IF1_REFRAC", "IF1_M", "IF1_T0", "IF1_REFRACTORY",
    # IntFire2
    "IF2_TAUM", "IF2_TAUS", "IF2_IB", "IF2_M", "IF2_I", "IF2_T0",
    # IntFire4
    "IF4_TAUE", "IF4_TAUI1", "IF4_TAUI2", "IF4_TAUM", "IF4_E", "IF4_I1", "IF4_I2", "IF4_M",
    "IF4_T0", "IF4_NSELF", "IF4_NEXCITE", "IF4_NINHIBIT", "IF4_KE", "IF4_KI1", "IF4_KI2",
    "IF4_KM", "IF4_AE", "IF4_AI1", "IF4_AI2", "IF4_BE", "IF4_BI1", "IF4_BI2", "IF4_A", "IF4_B",
    # NetStim
    "NS_INTERVAL", "NS_NUMBER", "NS_START", "NS_NOISE", "NS_EVENT", "NS_ON", "NS_ISPIKE",
    # VecStim
    "VS_INDEX", "VS_ETIME", "VS_TIMES",
    # NetCon
    "NC_DELAY", "NC_WEIGHT", "NC_ACTIVE",
    # PreSyn (spike sources)
    "PS_THRESH", "PS_FLAG", "PS_DELAY",
]

INT_FIELDS = [
    "PARENT", "PAS_RUNS", "GROUP", "GROUP_PARENT",
    "HH_NODE", "PAS_NODE", "ES_NODE", "E2_NODE", "IC_NODE",
    "IF1_PS", "IF2_PS", "IF4_PS", "NS_PS", "VS_PS", "IF2_SELF", "IF4_SELF",
    "NS_ID1", "NS_ID2", "NS_ID3", "NS_DRAWS",
    "VS_START",
    "NC_SRC", "NC_TTYPE", "NC_TIDX",
    "PS_KIND", "PS_SLOT", "PS_START", "PS_NCS", "PS_GROUPED", "PS_KEY",
    "REC_SLOT",
]

for _i, _name in enumerate(FLOAT_FIELDS):
    globals()["F_" + _name] = _i
for _i, _name in enumerate(INT_FIELDS):
    globals()["I_" + _name] = _i
NF = len(FLOAT_FIELDS)
NI = len(INT_FIELDS)

# NetCon target types (what NET_RECEIVE runs)
T_NONE, T_EXPSYN, T_EXP2SYN, T_IF1, T_IF2, T_IF4, T_NETSTIM, T_VECSTIM = range(8)
# one queue event for all NetCons of a source that share one delay (NEURON's use_min_delay_)
T_PRESYN = 8
TARGET_TYPE = {"ExpSyn": T_EXPSYN, "Exp2Syn": T_EXP2SYN, "IntFire1": T_IF1,
               "IntFire2": T_IF2, "IntFire4": T_IF4, "NetStim": T_NETSTIM,
               "VecStim": T_VECSTIM}

# spike source kinds
PS_VAR, PS_EVENT, PS_REMOTE = 0, 1, 2

# number of entries of the hh rate table: FROM -100 TO 100 WITH 200
HH_TABLE_N = 201


# ---------------------------------------------------------------------------------------
# event queue. Items are ordered by the key (time, ts, k1, k2) and kept as one held "least"
# item plus a binary heap, as NEURON's TQueue keeps least_ plus a splay tree.
# qf[k] = (time, flag, ts); qi[k] = (k1, target type, target index, netcon or code, k2)
# qm = [heap size, insertion counter, has least, VecStim error, canonical, self-event codes]
#
# Two tie orders for events due at exactly the same time:
# - NEURON's (qm[4] == 0): FIFO by insertion, ts = k2 = 0 and k1 = an insertion counter, with
#   NEURON's quirk: when an event strictly earlier than the held least item arrives, the old
#   least goes back behind the equal-time items already queued (TQueue::insert's spenq).
# - canonical (qm[4] == 1, any ParallelContext): ts = the time the event was sent, k1 = the
#   sender (SELF_KEY for a cell's own events, else the source's key: its gid, or a negative
#   creation number for a source without gid), k2 = the NetCon. None of these depends on
#   when or on which rank the event was queued, so the order is the same on any number of
#   ranks.
# ---------------------------------------------------------------------------------------

SELF_KEY = -(1 << 62)          # a cell's own events (net_send), before any NetCon's
EXTERNAL_KEY = SELF_KEY + 1    # NetCon.event() on a NetCon without source
NOGID_KEY = -(1 << 61)         # sources without gid: NOGID_KEY + creation number


@njit(cache=True, inline="always", error_model="numpy")
def _heap_move(qf, qi, dst, src):
    """Copy queue item src into slot dst."""
    qf[dst, 0] = qf[src, 0]
    qf[dst, 1] = qf[src, 1]
    qf[dst, 2] = qf[src, 2]
    qi[dst, 0] = qi[src, 0]
    qi[dst, 1] = qi[src, 1]
    qi[dst, 2] = qi[src, 2]
    qi[dst, 3] = qi[src, 3]
    qi[dst, 4] = qi[src, 4]


@njit(cache=True, inline="always", error_model="numpy")
def _before(t, ts, k1, k2, qf, qi, j):
    """Is the key (t, ts, k1, k2) smaller than queue item j's?"""
    tj = qf[j, 0]
    if t != tj:
        return t < tj
    tsj = qf[j, 2]
    if ts != tsj:
        return ts < tsj
    if k1 != qi[j, 0]:
        return k1 < qi[j, 0]
    return k2 < qi[j, 4]


@njit(cache=True, error_model="numpy")
def _heap_push(qf, qi, qm, t, flag, ts, k1, k2, ttype, tidx, nc):
    """Insert into the heap: move parents down into the hole, then fill it. In NEURON's
    order the item's key is a fresh insertion number (spenq puts it after its equals)."""
    n = qm[0]
    if n >= qf.shape[0]:
        raise RuntimeError("pnm event queue overflow (a zero-delay event loop?)")
    if qm[4] == 0:
        k1 = qm[1]
        qm[1] = k1 + 1
    qm[0] = n + 1
    k = n
    while k > 0:
        p = (k - 1) >> 1
        if _before(t, ts, k1, k2, qf, qi, p):
            _heap_move(qf, qi, k, p)
            k = p
        else:
            break
    qf[k, 0] = t
    qf[k, 1] = flag
    qf[k, 2] = ts
    qi[k, 0] = k1
    qi[k, 1] = ttype
    qi[k, 2] = tidx
    qi[k, 3] = nc
    qi[k, 4] = k2


@njit(cache=True, error_model="numpy")
def _heap_pop_into(qf, qi, qm, lf, li):
    """Move the heap minimum into the least slot; the last item sinks from the root."""
    lf[0] = qf[0, 0]
    lf[1] = qf[0, 1]
    lf[2] = qf[0, 2]
    for c in range(5):
        li[c] = qi[0, c]
    n = qm[0] - 1
    qm[0] = n
    if n == 0:
        return
    k = 0
    while True:
        c = 2 * k + 1
        if c >= n:
            break
        r = c + 1
        if r < n and _before(qf[r, 0], qf[r, 2], qi[r, 0], qi[r, 4], qf, qi, c):
            c = r
        if _before(qf[c, 0], qf[c, 2], qi[c, 0], qi[c, 4], qf, qi, n):   # n: the sinking item
            _heap_move(qf, qi, k, c)
            k = c
        else:
            break
    _heap_move(qf, qi, k, n)


@njit(cache=True, error_model="numpy")
def q_insert(qf, qi, qm, lf, li, t, flag, ts, k1, k2, ttype, tidx, nc):
    """Queue an event for time t. ts, k1, k2 order equal-time events in the canonical order
    and are ignored in NEURON's."""
    if qm[4] == 0:
        ts = 0.0
        k1 = -1
        k2 = 0
    if qm[2] == 0:
        lf[0] = t
        lf[1] = flag
        lf[2] = ts
        li[0] = k1
        li[1] = ttype
        li[2] = tidx
        li[3] = nc
        li[4] = k2
        qm[2] = 1
        return
    if qm[4] == 0:
        earlier = t < lf[0]
    else:
        earlier = t < lf[0] or (t == lf[0] and (ts < lf[2] or (ts == lf[2] and (
            k1 < li[0] or (k1 == li[0] and k2 < li[4])))))
    if earlier:
        # the old least goes back into the heap (in NEURON's order: behind its equals)
        _heap_push(qf, qi, qm, lf[0], lf[1], lf[2], li[0], li[4], li[1], li[2], li[3])
        lf[0] = t
        lf[1] = flag
        lf[2] = ts
        li[0] = k1
        li[1] = ttype
        li[2] = tidx
        li[3] = nc
        li[4] = k2
    else:
        _heap_push(qf, qi, qm, t, flag, ts, k1, k2, ttype, tidx, nc)


@njit(cache=True, inline="always", error_model="numpy")
def q_self(qf, qi, qm, lf, li, t, tnow, flag, ttype, k, nc):
    """net_send of cell k at time tnow for time t (its own event)."""
    q_insert(qf, qi, qm, lf, li, t, flag, tnow, SELF_KEY, k, ttype, k, nc)


@njit(cache=True, error_model="numpy")
def q_take(qm, lf, li, qf, qi, til, out_f, out_i):
    """Dequeue the least item if its time <= til; returns True and fills out_f/out_i."""
    if qm[2] == 0 or lf[0] > til:
        return False
    out_f[0] = lf[0]
    out_f[1] = lf[1]
    out_f[2] = lf[2]
    for c in range(5):
        out_i[c] = li[c]
    if qm[0] > 0:
        _heap_pop_into(qf, qi, qm, lf, li)
    else:
        qm[2] = 0
    return True


# ---------------------------------------------------------------------------------------
# hh: rate functions and the TABLE (FROM -100 TO 100 WITH 200, linear interpolation)
# ---------------------------------------------------------------------------------------

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
def _hh_lookup(table, v, k):
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
def _hh_current(v, gnabar, gkbar, gl, el, ena, ek, m, h, n):
    gna = gnabar * m * m * m * h
    ina = gna * (v - ena)
    gk = gkbar * n * n * n * n
    ik = gk * (v - ek)
    il = gl * (v - el)
    return ina + ik + il, gna, gk, ina, ik, il


# ---------------------------------------------------------------------------------------
# the simulation state, unpacked into named views once per kernel call
# ---------------------------------------------------------------------------------------

@njit(cache=True, inline="always", error_model="numpy")
def fv(S, fo, fn, fid):
    o = fo[fid]
    return S[o:o + fn[fid]]


@njit(cache=True, inline="always", error_model="numpy")
def iv(I, io, inn, fid):
    o = io[fid]
    return I[o:o + inn[fid]]


@njit(cache=True, error_model="numpy")
def mech_currents(S, fo, fn, I, io, inn):
    """NEURON's setup_tree_matrix: rhs and d from membrane currents, capacitance and axial
    coupling, at the current t (the step midpoint)."""
    t = S[fo[F_T]]
    dt = S[fo[F_DT]]
    v = fv(S, fo, fn, F_V)
    rhs = fv(S, fo, fn, F_RHS)
    d = fv(S, fo, fn, F_D)
    a = fv(S, fo, fn, F_A)
    b = fv(S, fo, fn, F_B)
    area = fv(S, fo, fn, F_AREA)
    cm = fv(S, fo, fn, F_CM)
    parent = iv(I, io, inn, I_PARENT)
    nnode = v.shape[0]
    for i in range(nnode):
        rhs[i] = 0.0
        d[i] = 0.0
    # mechanisms in NEURON's type order: pas, IClamp, ExpSyn, Exp2Syn, hh
    # pas, over runs of consecutive nodes (node0, instance0, length): contiguous, it vectorizes
    runs = iv(I, io, inn, I_PAS_RUNS)
    g_all = fv(S, fo, fn, F_PAS_G)
    e_all = fv(S, fo, fn, F_PAS_E)
    i_all = fv(S, fo, fn, F_PAS_I)
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
    node = iv(I, io, inn, I_IC_NODE)
    dl = fv(S, fo, fn, F_IC_DELAY)
    du = fv(S, fo, fn, F_IC_DUR)
    amp = fv(S, fo, fn, F_IC_AMP)
    iic = fv(S, fo, fn, F_IC_I)
    for k in range(node.shape[0]):
        nd = node[k]
        if t < dl[k] + du[k] and t >= dl[k]:
            iic[k] = amp[k]
        else:
            iic[k] = 0.0
        rhs[nd] += iic[k] * (1.e2 / area[nd])
    node = iv(I, io, inn, I_ES_NODE)
    gs = fv(S, fo, fn, F_ES_G)
    es = fv(S, fo, fn, F_ES_E)
    ies = fv(S, fo, fn, F_ES_I)
    for k in range(node.shape[0]):
        nd = node[k]
        vv = v[nd]
        g1 = gs[k] * (vv + 0.001 - es[k])
        i0 = gs[k] * (vv - es[k])
        ies[k] = i0
        fac = 1.e2 / area[nd]
        rhs[nd] -= i0 * fac
        d[nd] += ((g1 - i0) / 0.001) * fac
    node = iv(I, io, inn, I_E2_NODE)
    A = fv(S, fo, fn, F_E2_A)
    B = fv(S, fo, fn, F_E2_B)
    g2 = fv(S, fo, fn, F_E2_G)
    e2 = fv(S, fo, fn, F_E2_E)
    i2 = fv(S, fo, fn, F_E2_I)
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
    node = iv(I, io, inn, I_HH_NODE)
    gnabar = fv(S, fo, fn, F_HH_GNABAR)
    gkbar = fv(S, fo, fn, F_HH_GKBAR)
    gl = fv(S, fo, fn, F_HH_GL)
    el = fv(S, fo, fn, F_HH_EL)
    ena = fv(S, fo, fn, F_HH_ENA)
    ek = fv(S, fo, fn, F_HH_EK)
    m = fv(S, fo, fn, F_HH_M)
    h = fv(S, fo, fn, F_HH_H)
    n = fv(S, fo, fn, F_HH_N)
    gna = fv(S, fo, fn, F_HH_GNA)
    gk = fv(S, fo, fn, F_HH_GK)
    ina = fv(S, fo, fn, F_HH_INA)
    ik = fv(S, fo, fn, F_HH_IK)
    il = fv(S, fo, fn, F_HH_IL)
    for k in range(node.shape[0]):
        nd = node[k]
        vv = v[nd]
        c1, _a, _b, _c, _d, _e = _hh_current(vv + 0.001, gnabar[k], gkbar[k], gl[k], el[k],
                                             ena[k], ek[k], m[k], h[k], n[k])
        c0, gna[k], gk[k], ina[k], ik[k], il[k] = _hh_current(vv, gnabar[k], gkbar[k], gl[k],
                                                              el[k], ena[k], ek[k], m[k], h[k],
                                                              n[k])
        rhs[nd] -= c0
        d[nd] += (c1 - c0) / 0.001
    # axial currents, one shape group and one local node j at a time: the cells of a group
    # are interleaved, so the j-th nodes and their parents are two contiguous, disjoint
    # ranges (the loop vectorizes); each cell still sees NEURON's order of operations
    grp = iv(I, io, inn, I_GROUP)
    gpar = iv(I, io, inn, I_GROUP_PARENT)
    ngroup = grp.shape[0] // 4
    for g in range(ngroup):
        base, ncell, m, off = grp[4 * g], grp[4 * g + 1], grp[4 * g + 2], grp[4 * g + 3]
        for j in range(1, m):
            i0 = base + j * ncell
            p0 = base + gpar[off + j] * ncell
            vi = v[i0:i0 + ncell]
            vp = v[p0:p0 + ncell]
            ri = rhs[i0:i0 + ncell]
            rp = rhs[p0:p0 + ncell]
            ai = a[i0:i0 + ncell]
            bi = b[i0:i0 + ncell]
            for c in range(ncell):
                dv = vp[c] - vi[c]
                ri[c] -= bi[c] * dv
                rp[c] += ai[c] * dv
    # capacitance, then axial terms on the diagonal
    cfac = 0.001 * (1.0 / dt)
    for i in range(nnode):
        d[i] += cfac * cm[i]          # cm is 0 at the zero-area nodes: d + 0.0 == d
    for g in range(ngroup):
        base, ncell, m, off = grp[4 * g], grp[4 * g + 1], grp[4 * g + 2], grp[4 * g + 3]
        for j in range(1, m):
            i0 = base + j * ncell
            p0 = base + gpar[off + j] * ncell
            di = d[i0:i0 + ncell]
            dp = d[p0:p0 + ncell]
            ai = a[i0:i0 + ncell]
            bi = b[i0:i0 + ncell]
            for c in range(ncell):
                di[c] -= bi[c]
                dp[c] -= ai[c]
    return 0


@njit(cache=True, error_model="numpy")
def hines_solve(S, fo, fn, I, io, inn):
    """Hines triangularization and back substitution, one shape group and one local node j at
    a time: the j-th nodes of the group's cells and their parents are contiguous, disjoint
    ranges, so the loop over cells vectorizes; each cell sees NEURON's order (children
    eliminated in descending node order, then back substitution in ascending order)."""
    rhs = fv(S, fo, fn, F_RHS)
    d = fv(S, fo, fn, F_D)
    a = fv(S, fo, fn, F_A)
    b = fv(S, fo, fn, F_B)
    grp = iv(I, io, inn, I_GROUP)
    gpar = iv(I, io, inn, I_GROUP_PARENT)
    ngroup = grp.shape[0] // 4
    for g in range(ngroup):
        base, ncell, m, off = grp[4 * g], grp[4 * g + 1], grp[4 * g + 2], grp[4 * g + 3]
        for j in range(m - 1, 0, -1):
            i0 = base + j * ncell
            p0 = base + gpar[off + j] * ncell
            ai = a[i0:i0 + ncell]
            bi = b[i0:i0 + ncell]
            di = d[i0:i0 + ncell]
            ri = rhs[i0:i0 + ncell]
            dp = d[p0:p0 + ncell]
            rp = rhs[p0:p0 + ncell]
            for c in range(ncell):
                p = ai[c] / di[c]
                dp[c] -= p * bi[c]
                rp[c] -= p * ri[c]
    for g in range(ngroup):
        base, ncell, m, off = grp[4 * g], grp[4 * g + 1], grp[4 * g + 2], grp[4 * g + 3]
        r0 = rhs[base:base + ncell]
        d0 = d[base:base + ncell]
        for c in range(ncell):
            r0[c] /= d0[c]
        for j in range(1, m):
            i0 = base + j * ncell
            p0 = base + gpar[off + j] * ncell
            bi = b[i0:i0 + ncell]
            di = d[i0:i0 + ncell]
            ri = rhs[i0:i0 + ncell]
            rp = rhs[p0:p0 + ncell]
            for c in range(ncell):
                ri[c] = (ri[c] - bi[c] * rp[c]) / di[c]


@njit(cache=True, error_model="numpy")
def synapse_decay(S, fo, fn):
    """The cnexp factors 1 - exp(dt*(-1/tau)) of ExpSyn and Exp2Syn: constant while dt and
    tau are, so computed once per run interval (the same numbers as computing them per step)."""
    dt = S[fo[F_DT]]
    tau = fv(S, fo, fn, F_ES_TAU)
    es = np.empty(tau.shape[0])
    for k in range(tau.shape[0]):
        es[k] = 1. - math.exp(dt * ((-1.0) / tau[k]))
    tau1 = fv(S, fo, fn, F_E2_TAU1)
    tau2 = fv(S, fo, fn, F_E2_TAU2)
    e2 = np.empty((tau1.shape[0], 2))
    for k in range(tau1.shape[0]):
        e2[k, 0] = 1. - math.exp(dt * ((-1.0) / tau1[k]))
        e2[k, 1] = 1. - math.exp(dt * ((-1.0) / tau2[k]))
    return es, e2


@njit(cache=True, error_model="numpy")
def mech_states(S, fo, fn, I, io, inn, table, es_decay, e2_decay):
    """SOLVE ... METHOD cnexp with the new v (NEURON's nonvint)."""
    dt = S[fo[F_DT]]
    v = fv(S, fo, fn, F_V)
    g = fv(S, fo, fn, F_ES_G)
    for k in range(g.shape[0]):
        g[k] = g[k] + es_decay[k] * (-g[k])
    A = fv(S, fo, fn, F_E2_A)
    B = fv(S, fo, fn, F_E2_B)
    for k in range(A.shape[0]):
        A[k] = A[k] + e2_decay[k, 0] * (-A[k])
        B[k] = B[k] + e2_decay[k, 1] * (-B[k])
    node = iv(I, io, inn, I_HH_NODE)
    m = fv(S, fo, fn, F_HH_M)
    h = fv(S, fo, fn, F_HH_H)
    n = fv(S, fo, fn, F_HH_N)
    minf = fv(S, fo, fn, F_HH_MINF)
    hinf = fv(S, fo, fn, F_HH_HINF)
    ninf = fv(S, fo, fn, F_HH_NINF)
    mtau = fv(S, fo, fn, F_HH_MTAU)
    htau = fv(S, fo, fn, F_HH_HTAU)
    ntau = fv(S, fo, fn, F_HH_NTAU)
    N = HH_TABLE_N
    for k in range(node.shape[0]):
        vv = v[node[k]]
        xi = 1.0 * (vv - -100.0)
        if xi <= 0.0 or xi >= 200.0:
            minf[k] = _hh_lookup(table, vv, 0)
            hinf[k] = _hh_lookup(table, vv, 1)
            ninf[k] = _hh_lookup(table, vv, 2)
            mtau[k] = _hh_lookup(table, vv, 3)
            htau[k] = _hh_lookup(table, vv, 4)
            ntau[k] = _hh_lookup(table, vv, 5)
        else:
            # the same interpolation as _hh_lookup, with the index computed once
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


# ---------------------------------------------------------------------------------------
# random numbers for NetStim noise: splitmix64 of (stream ids, draw counter)
# ---------------------------------------------------------------------------------------

@njit(cache=True, error_model="numpy")
def _splitmix(x):
    x = (x + np.uint64(0x9E3779B97F4A7C15))
    z = x
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@njit(cache=True, error_model="numpy")
def negexp_draw(id1, id2, id3, count):
    h = _splitmix(np.uint64(id1) * np.uint64(0x100000001B3) ^ np.uint64(id2))
    h = _splitmix(h ^ (np.uint64(id3) << np.uint64(32)) ^ np.uint64(count))
    u = ((h >> np.uint64(11)) + np.uint64(1)) * (1.0 / 9007199254740992.0)  # (0, 1]
    return -math.log(u)


# ---------------------------------------------------------------------------------------
# events: NET_RECEIVE of each target type, and spikes (net_event / threshold crossings)
# ---------------------------------------------------------------------------------------

@njit(cache=True, error_model="numpy")
def fire(S, fo, fn, I, io, inn, ps, t, qf, qi, qm, lf, li, spk_f, spk_i, spk_n):
    """A spike of source ps at time t: record it, queue an event for each active NetCon."""
    k = spk_n[0]
    if k >= spk_f.shape[0]:
        raise RuntimeError("pnm spike buffer overflow")
    spk_f[k] = t
    spk_i[k] = ps
    spk_n[0] = k + 1
    send(S, fo, fn, I, io, inn, ps, t, qf, qi, qm, lf, li)


@njit(cache=True, error_model="numpy")
def send(S, fo, fn, I, io, inn, ps, t, qf, qi, qm, lf, li):
    """PreSyn::send: a source with more than two NetCons of one delay queues a single event
    that reaches them all in order (NEURON's use_min_delay_); otherwise one event each."""
    if iv(I, io, inn, I_PS_GROUPED)[ps] != 0:
        q_insert(qf, qi, qm, lf, li, t + fv(S, fo, fn, F_PS_DELAY)[ps], 0.0, t,
                 iv(I, io, inn, I_PS_KEY)[ps], 0, T_PRESYN, ps, -1)
        return
    start = iv(I, io, inn, I_PS_START)
    ncs = iv(I, io, inn, I_PS_NCS)
    delay = fv(S, fo, fn, F_NC_DELAY)
    active = fv(S, fo, fn, F_NC_ACTIVE)
    ttype = iv(I, io, inn, I_NC_TTYPE)
    tidx = iv(I, io, inn, I_NC_TIDX)
    key = iv(I, io, inn, I_PS_KEY)[ps]
    for j in range(start[ps], start[ps + 1]):
        c = ncs[j]
        if active[c] != 0.0 and ttype[c] != T_NONE:
            q_insert(qf, qi, qm, lf, li, t + delay[c], 0.0, t, key, c, ttype[c], tidx[c], c)


@njit(cache=True, error_model="numpy")
def _netstim_invl(S, fo, fn, I, io, inn, k, mean):
    noise = fv(S, fo, fn, F_NS_NOISE)
    if mean <= 0.0:
        mean = 0.01
    if noise[k] == 0.0:
        return mean
    draws = iv(I, io, inn, I_NS_DRAWS)
    x = negexp_draw(iv(I, io, inn, I_NS_ID1)[k], iv(I, io, inn, I_NS_ID2)[k],
                    iv(I, io, inn, I_NS_ID3)[k], draws[k])
    draws[k] += 1
    return (1. - noise[k]) * mean + noise[k] * mean * x


@njit(cache=True, error_model="numpy")
def _netstim_next_invl(S, fo, fn, I, io, inn, k):
    number = fv(S, fo, fn, F_NS_NUMBER)
    if number[k] > 0:
        fv(S, fo, fn, F_NS_EVENT)[k] = _netstim_invl(S, fo, fn, I, io, inn, k,
                                                     fv(S, fo, fn, F_NS_INTERVAL)[k])
    if fv(S, fo, fn, F_NS_ISPIKE)[k] >= number[k]:
        fv(S, fo, fn, F_NS_ON)[k] = 0.0


@njit(cache=True, error_model="numpy")
def _if4_newstates(S, fo, fn, k, dd, out):
    ke = fv(S, fo, fn, F_IF4_KE)[k]
    ki1 = fv(S, fo, fn, F_IF4_KI1)[k]
    ki2 = fv(S, fo, fn, F_IF4_KI2)[k]
    km = fv(S, fo, fn, F_IF4_KM)[k]
    e = fv(S, fo, fn, F_IF4_E)[k]
    i1 = fv(S, fo, fn, F_IF4_I1)[k]
    i2 = fv(S, fo, fn, F_IF4_I2)[k]
    m = fv(S, fo, fn, F_IF4_M)[k]
    be = fv(S, fo, fn, F_IF4_BE)[k]
    bi1 = fv(S, fo, fn, F_IF4_BI1)[k]
    bi2 = fv(S, fo, fn, F_IF4_BI2)[k]
    a = fv(S, fo, fn, F_IF4_A)[k]
    b = fv(S, fo, fn, F_IF4_B)[k]
    ee = math.exp(-ke * dd)
    ei1 = math.exp(-ki1 * dd)
    ei2 = math.exp(-ki2 * dd)
    em = math.exp(-km * dd)
    out[0] = e * ee
    out[1] = i1 * ei1
    out[2] = i2 * ei2 + bi1 * i1 * (ei2 - ei1)
    out[3] = m * em + be * e * (em - ee) + (bi2 * i2 + a * i1) * (em - ei2) - b * i1 * (em - ei1)


@njit(cache=True, error_model="numpy")
def if4_firetimebound(S, fo, fn, k):
    slope = -fv(S, fo, fn, F_IF4_KM)[k] * fv(S, fo, fn, F_IF4_M)[k] + \
        fv(S, fo, fn, F_IF4_AE)[k] * fv(S, fo, fn, F_IF4_E)[k] + \
        fv(S, fo, fn, F_IF4_AI2)[k] * fv(S, fo, fn, F_IF4_I2)[k]
    if slope <= 1e-9:
        return 1e9
    return (1.0 - fv(S, fo, fn, F_IF4_M)[k]) / slope


@njit(cache=True, error_model="numpy")
def _self_event(qf, qi, qm, lf, li, tnow, te, ttype, k, selfcode):
    """net_send/net_move of a cell that keeps one outstanding self event: the new event gets
    a fresh code; an older copy still in the queue no longer matches and is skipped."""
    code = -2 - qm[5]
    qm[5] += 1
    selfcode[k] = code
    q_self(qf, qi, qm, lf, li, te, tnow, 1.0, ttype, k, code)


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
def deliver(S, fo, fn, I, io, inn, ef, ei, qf, qi, qm, lf, li, spk_f, spk_i, spk_n, vs_times):
    """One dequeued event: a source's grouped event goes to each of its active NetCons in
    creation order (PreSyn::deliver); any other is one NET_RECEIVE."""
    if ei[1] != T_PRESYN:
        deliver_one(S, fo, fn, I, io, inn, ef, ei, qf, qi, qm, lf, li, spk_f, spk_i, spk_n,
                    vs_times)
        return
    ps = ei[2]
    start = iv(I, io, inn, I_PS_START)
    ncs = iv(I, io, inn, I_PS_NCS)
    active = fv(S, fo, fn, F_NC_ACTIVE)
    ttype = iv(I, io, inn, I_NC_TTYPE)
    tidx = iv(I, io, inn, I_NC_TIDX)
    ef1 = np.empty(3)
    ei1 = np.empty(5, dtype=np.int64)
    ef1[0] = ef[0]
    ef1[1] = 0.0
    ei1[0] = -1
    for j in range(start[ps], start[ps + 1]):
        c = ncs[j]
        if active[c] != 0.0 and ttype[c] != T_NONE:
            ei1[1] = ttype[c]
            ei1[2] = tidx[c]
            ei1[3] = c
            deliver_one(S, fo, fn, I, io, inn, ef1, ei1, qf, qi, qm, lf, li, spk_f, spk_i,
                        spk_n, vs_times)


@njit(cache=True, inline="always", error_model="numpy")
def deliver_one(S, fo, fn, I, io, inn, ef, ei, qf, qi, qm, lf, li, spk_f, spk_i, spk_n,
                vs_times):
    """Run the NET_RECEIVE block of one event (t = the event's exact time)."""
    t = ef[0]
    flag = ef[1]
    ttype = ei[1]
    k = ei[2]
    nc = ei[3]
    w = 0.0
    if nc >= 0:
        w = fv(S, fo, fn, F_NC_WEIGHT)[nc]
    if ttype == T_EXPSYN:
        g = fv(S, fo, fn, F_ES_G)
        g[k] = g[k] + w
    elif ttype == T_EXP2SYN:
        fac = fv(S, fo, fn, F_E2_FACTOR)[k]
        A = fv(S, fo, fn, F_E2_A)
        B = fv(S, fo, fn, F_E2_B)
        A[k] = A[k] + w * fac
        B[k] = B[k] + w * fac
    elif ttype == T_IF1:
        m = fv(S, fo, fn, F_IF1_M)
        t0 = fv(S, fo, fn, F_IF1_T0)
        refr = fv(S, fo, fn, F_IF1_REFRACTORY)
        if refr[k] == 0.0:
            m[k] = m[k] * math.exp(-(t - t0[k]) / fv(S, fo, fn, F_IF1_TAU)[k])
            t0[k] = t
            m[k] = m[k] + w
            if m[k] > 1.0:
                refr[k] = 1.0
                m[k] = 2.0
                q_self(qf, qi, qm, lf, li, t + fv(S, fo, fn, F_IF1_REFRAC)[k], t, 1.0,
                         T_IF1, k, -1)
                ps = iv(I, io, inn, I_IF1_PS)[k]
                if ps >= 0:
                    fire(S, fo, fn, I, io, inn, ps, t, qf, qi, qm, lf, li, spk_f, spk_i, spk_n)
        elif flag == 1.0:
            t0[k] = t
            refr[k] = 0.0
            m[k] = 0.0
    elif ttype == T_IF2:
        selfcode = iv(I, io, inn, I_IF2_SELF)
        if nc <= -2 and nc != selfcode[k]:
            return
        taus = fv(S, fo, fn, F_IF2_TAUS)[k]
        taum = fv(S, fo, fn, F_IF2_TAUM)[k]
        ib = fv(S, fo, fn, F_IF2_IB)[k]
        im = fv(S, fo, fn, F_IF2_I)
        mm = fv(S, fo, fn, F_IF2_M)
        t0 = fv(S, fo, fn, F_IF2_T0)
        f = taus / (taus - taum)
        x = (im[k] - ib) * math.exp(-(t - t0[k]) / taus)
        inew = ib + x
        if flag == 1.0:
            ps = iv(I, io, inn, I_IF2_PS)[k]
            if ps >= 0:
                fire(S, fo, fn, I, io, inn, ps, t, qf, qi, qm, lf, li, spk_f, spk_i, spk_n)
            mm[k] = 0.0
            ibf = (inew - ib) * f
            _self_event(qf, qi, qm, lf, li, t, t + if2_firetime(ib, ibf, 0.0, taum, taus), T_IF2,
                        k, selfcode)
        else:
            mm[k] = ib + f * x + (mm[k] - (ib + (im[k] - ib) * f)) * \
                math.exp(-(t - t0[k]) / taum)
            inew = inew + w
            if mm[k] >= 1:
                _self_event(qf, qi, qm, lf, li, t, t, T_IF2, k, selfcode)
            else:
                ibf = (inew - ib) * f
                _self_event(qf, qi, qm, lf, li, t, if2_firetime(ib, ibf, mm[k], taum, taus) + t,
                            T_IF2, k, selfcode)
        t0[k] = t
        im[k] = inew
    elif ttype == T_IF4:
        selfcode = iv(I, io, inn, I_IF4_SELF)
        if nc <= -2 and nc != selfcode[k]:
            return
        out = np.empty(4)
        t0 = fv(S, fo, fn, F_IF4_T0)
        _if4_newstates(S, fo, fn, k, t - t0[k], out)
        e4 = fv(S, fo, fn, F_IF4_E)
        i14 = fv(S, fo, fn, F_IF4_I1)
        m4 = fv(S, fo, fn, F_IF4_M)
        e4[k] = out[0]
        i14[k] = out[1]
        fv(S, fo, fn, F_IF4_I2)[k] = out[2]
        m4[k] = out[3]
        t0[k] = t
        if m4[k] > 1.0 - 1e-6:
            ps = iv(I, io, inn, I_IF4_PS)[k]
            if ps >= 0:
                fire(S, fo, fn, I, io, inn, ps, t, qf, qi, qm, lf, li, spk_f, spk_i, spk_n)
            m4[k] = 0.0
        if flag == 1.0:
            fv(S, fo, fn, F_IF4_NSELF)[k] += 1.0
            _self_event(qf, qi, qm, lf, li, t, t + if4_firetimebound(S, fo, fn, k), T_IF4, k,
                        selfcode)
        else:
            if w > 0:
                fv(S, fo, fn, F_IF4_NEXCITE)[k] += 1.0
                e4[k] = e4[k] + w
            else:
                fv(S, fo, fn, F_IF4_NINHIBIT)[k] += 1.0
                i14[k] = i14[k] + w
            _self_event(qf, qi, qm, lf, li, t, if4_firetimebound(S, fo, fn, k) + t, T_IF4, k,
                        selfcode)
    elif ttype == T_NETSTIM:
        on = fv(S, fo, fn, F_NS_ON)
        event = fv(S, fo, fn, F_NS_EVENT)
        ispike = fv(S, fo, fn, F_NS_ISPIKE)
        number = fv(S, fo, fn, F_NS_NUMBER)
        interval = fv(S, fo, fn, F_NS_INTERVAL)
        noise = fv(S, fo, fn, F_NS_NOISE)
        if flag == 0.0:
            if w > 0 and on[k] == 0.0:
                if number[k] > 0:
                    on[k] = 1.0
                    event[k] = 0.0
                    ispike[k] = 0.0
                _netstim_next_invl(S, fo, fn, I, io, inn, k)
                event[k] = event[k] - interval[k] * (1. - noise[k])
                q_self(qf, qi, qm, lf, li, t + event[k], t, 1.0, T_NETSTIM, k, -1)
            elif w < 0:
                on[k] = 0.0
        if flag == 3.0:
            if on[k] == 1.0:
                if number[k] > 0:
                    on[k] = 1.0
                    event[k] = 0.0
                    ispike[k] = 0.0
                q_self(qf, qi, qm, lf, li, t + 0.0, t, 1.0, T_NETSTIM, k, -1)
        if flag == 1.0 and on[k] == 1.0:
            ispike[k] = ispike[k] + 1
            ps = iv(I, io, inn, I_NS_PS)[k]
            if ps >= 0:
                fire(S, fo, fn, I, io, inn, ps, t, qf, qi, qm, lf, li, spk_f, spk_i, spk_n)
            _netstim_next_invl(S, fo, fn, I, io, inn, k)
            if on[k] == 1.0:
                q_self(qf, qi, qm, lf, li, t + event[k], t, 1.0, T_NETSTIM, k, -1)
    elif ttype == T_VECSTIM:
        if flag == 1.0:
            ps = iv(I, io, inn, I_VS_PS)[k]
            if ps >= 0:
                fire(S, fo, fn, I, io, inn, ps, t, qf, qi, qm, lf, li, spk_f, spk_i, spk_n)
            vecstim_element(S, fo, fn, I, io, inn, k, vs_times)
            if fv(S, fo, fn, F_VS_INDEX)[k] > 0:
                vecstim_send(S, fo, fn, qf, qi, qm, lf, li, k, t)


@njit(cache=True, error_model="numpy")
def vecstim_send(S, fo, fn, qf, qi, qm, lf, li, k, t):
    """net_send(etime - t, 1), which nocmodl pastes as t + etime - t. NEURON's nrn_net_send
    aborts when that time is earlier than t (a Vector that is not sorted, or a negative
    first time): pnm queues nothing and notes the VecStim in qm[3] (k + 1) for the engine
    to raise."""
    td = t + fv(S, fo, fn, F_VS_ETIME)[k] - t
    if td < t:
        if qm[3] == 0:
            qm[3] = k + 1
        return
    q_self(qf, qi, qm, lf, li, td, t, 1.0, T_VECSTIM, k, -1)


@njit(cache=True, error_model="numpy")
def vecstim_element(S, fo, fn, I, io, inn, k, vs_times):
    start = iv(I, io, inn, I_VS_START)
    index = fv(S, fo, fn, F_VS_INDEX)
    i = int(index[k])
    if i >= 0:
        size = start[k + 1] - start[k]
        if i < size:
            fv(S, fo, fn, F_VS_ETIME)[k] = vs_times[start[k] + i]
            index[k] += 1.0
        else:
            index[k] = -1.0


# ---------------------------------------------------------------------------------------
# the step and the run interval
# ---------------------------------------------------------------------------------------

@njit(cache=True, error_model="numpy")
def deliver_until(S, fo, fn, I, io, inn, til, qf, qi, qm, lf, li, spk_f, spk_i, spk_n,
                  vs_times, ef, ei):
    """Deliver every queued event with time <= til; t is the event time during delivery."""
    tsav = S[fo[F_T]]
    while q_take(qm, lf, li, qf, qi, til, ef, ei):
        S[fo[F_T]] = ef[0]
        deliver(S, fo, fn, I, io, inn, ef, ei, qf, qi, qm, lf, li, spk_f, spk_i, spk_n, vs_times)
    S[fo[F_T]] = tsav


@njit(cache=True, error_model="numpy")
def check_thresholds(S, fo, fn, I, io, inn, qf, qi, qm, lf, li, spk_f, spk_i, spk_n):
    """PreSyn::check at the start of a step: a spike when var - threshold > 0 and the source
    was below threshold before; recorded at t + 1e-10 as NEURON does."""
    t = S[fo[F_T]]
    kind = iv(I, io, inn, I_PS_KIND)
    slot = iv(I, io, inn, I_PS_SLOT)
    thresh = fv(S, fo, fn, F_PS_THRESH)
    flag = fv(S, fo, fn, F_PS_FLAG)
    for p in range(kind.shape[0]):
        if kind[p] == PS_VAR:
            if S[slot[p]] - thresh[p] > 0.0:
                if flag[p] == 0.0:
                    flag[p] = 1.0
                    fire(S, fo, fn, I, io, inn, p, t + 1e-10, qf, qi, qm, lf, li,
                         spk_f, spk_i, spk_n)
            else:
                flag[p] = 0.0


@njit(cache=True, error_model="numpy")
def record(S, I, io, inn, rec_buf, rec_n):
    slots = iv(I, io, inn, I_REC_SLOT)
    k = rec_n[0]
    for r in range(slots.shape[0]):
        rec_buf[r, k] = S[slots[r]]
    rec_n[0] = k + 1


@njit(cache=True, error_model="numpy")
def advance(S, fo, fn, I, io, inn, table, qf, qi, qm, lf, li, spk_f, spk_i, spk_n, vs_times,
            rec_buf, rec_n, t_until, max_steps, q_margin, spk_margin):
    """Fixed steps while t < t_until (at most max_steps). Returns (steps done, status):
    status 0 = done, 1 = the event queue or spike buffer needs room, 2 = record buffer full,
    3 = a VecStim's next time is earlier than t (qm[3] = its index + 1; NEURON aborts)."""
    ef = np.empty(3)
    ei = np.empty(5, dtype=np.int64)
    v = fv(S, fo, fn, F_V)
    rhs = fv(S, fo, fn, F_RHS)
    nnode = v.shape[0]
    es_decay, e2_decay = synapse_decay(S, fo, fn)
    steps = 0
    while steps < max_steps and S[fo[F_T]] < t_until:
        if qm[0] + q_margin > qf.shape[0] or spk_n[0] + spk_margin > spk_f.shape[0]:
            return steps, 1
        if rec_buf.shape[0] > 0 and rec_n[0] >= rec_buf.shape[1]:
            return steps, 2
        dt = S[fo[F_DT]]
        # deliver_net_events: thresholds, then events up to t + dt/2
        check_thresholds(S, fo, fn, I, io, inn, qf, qi, qm, lf, li, spk_f, spk_i, spk_n)
        deliver_until(S, fo, fn, I, io, inn, S[fo[F_T]] + 0.5 * dt, qf, qi, qm, lf, li,
                      spk_f, spk_i, spk_n, vs_times, ef, ei)
        if qm[3] != 0:
            return steps, 3
        S[fo[F_T]] += 0.5 * dt
        if nnode > 0:
            mech_currents(S, fo, fn, I, io, inn)
            hines_solve(S, fo, fn, I, io, inn)
            for i in range(nnode):
                v[i] += rhs[i]
        S[fo[F_T]] += 0.5 * dt
        mech_states(S, fo, fn, I, io, inn, table, es_decay, e2_decay)
        if rec_buf.shape[0] > 0:
            record(S, I, io, inn, rec_buf, rec_n)
        deliver_until(S, fo, fn, I, io, inn, S[fo[F_T]], qf, qi, qm, lf, li,
                      spk_f, spk_i, spk_n, vs_times, ef, ei)
        steps += 1
        if qm[3] != 0:
            return steps, 3
    return steps, 0


@njit(cache=True, error_model="numpy")
def inject(S, fo, fn, I, io, inn, ps_list, t_list, qf, qi, qm, lf, li):
    """Spikes from other ranks: queue the NetCon events of each (source, spike time)."""
    for j in range(ps_list.shape[0]):
        send(S, fo, fn, I, io, inn, ps_list[j], t_list[j], qf, qi, qm, lf, li)


@njit(cache=True, error_model="numpy")
def netcon_event(S, fo, fn, I, io, inn, c, te, qf, qi, qm, lf, li):
    ttype = iv(I, io, inn, I_NC_TTYPE)[c]
    if ttype != T_NONE:
        src = iv(I, io, inn, I_NC_SRC)[c]
        key = iv(I, io, inn, I_PS_KEY)[src] if src >= 0 else EXTERNAL_KEY
        q_insert(qf, qi, qm, lf, li, te, 0.0, S[fo[F_T]], key, c, ttype,
                 iv(I, io, inn, I_NC_TIDX)[c], c)


# ---------------------------------------------------------------------------------------
# finitialize: INITIAL blocks
# ---------------------------------------------------------------------------------------

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
def if4_initial(S, fo, fn, k):
    taueps = 0.01
    taue = fv(S, fo, fn, F_IF4_TAUE)
    taui1 = fv(S, fo, fn, F_IF4_TAUI1)
    taui2 = fv(S, fo, fn, F_IF4_TAUI2)
    taum = fv(S, fo, fn, F_IF4_TAUM)
    # fixprecondition
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
    # factors
    ke = 1 / taue[k]
    ki1 = 1 / taui1[k]
    ki2 = 1 / taui2[k]
    km = 1 / taum[k]
    fv(S, fo, fn, F_IF4_KE)[k] = ke
    fv(S, fo, fn, F_IF4_KI1)[k] = ki1
    fv(S, fo, fn, F_IF4_KI2)[k] = ki2
    fv(S, fo, fn, F_IF4_KM)[k] = km
    tp = math.log(km / ke) / (km - ke)
    be = 1 / (math.exp(-km * tp) - math.exp(-ke * tp))
    fv(S, fo, fn, F_IF4_BE)[k] = be
    fv(S, fo, fn, F_IF4_AE)[k] = be * (ke - km)
    tp = math.log(ki2 / ki1) / (ki2 - ki1)
    bi1 = 1 / (math.exp(-ki2 * tp) - math.exp(-ki1 * tp))
    fv(S, fo, fn, F_IF4_BI1)[k] = bi1
    fv(S, fo, fn, F_IF4_AI1)[k] = bi1 * (ki1 - ki2)
    fv(S, fo, fn, F_IF4_E)[k] = 0.0
    fv(S, fo, fn, F_IF4_I1)[k] = 1.0
    fv(S, fo, fn, F_IF4_I2)[k] = 0.0
    fv(S, fo, fn, F_IF4_M)[k] = 0.0
    bi2 = 1.0
    fv(S, fo, fn, F_IF4_BI2)[k] = bi2
    fv(S, fo, fn, F_IF4_AI2)[k] = bi2 * (ki2 - km)
    a = bi2 * bi1
    fv(S, fo, fn, F_IF4_A)[k] = a
    fv(S, fo, fn, F_IF4_B)[k] = a * (ki2 - km) / (ki1 - km)
    tp = if4_search(km, ki1, ki2)
    out = np.empty(4)
    _if4_newstates(S, fo, fn, k, tp, out)
    bi2 = 1 / out[3]
    fv(S, fo, fn, F_IF4_BI2)[k] = bi2
    fv(S, fo, fn, F_IF4_AI2)[k] = bi2 * (ki2 - km)
    a = bi2 * bi1
    fv(S, fo, fn, F_IF4_A)[k] = a
    fv(S, fo, fn, F_IF4_B)[k] = a * (ki2 - km) / (ki1 - km)
    fv(S, fo, fn, F_IF4_I1)[k] = 0.0
    fv(S, fo, fn, F_IF4_E)[k] = 0.0
    fv(S, fo, fn, F_IF4_I2)[k] = 0.0
    fv(S, fo, fn, F_IF4_M)[k] = 0.0
    fv(S, fo, fn, F_IF4_T0)[k] = S[fo[F_T]]
    fv(S, fo, fn, F_IF4_NSELF)[k] = 0.0
    fv(S, fo, fn, F_IF4_NEXCITE)[k] = 0.0
    fv(S, fo, fn, F_IF4_NINHIBIT)[k] = 0.0


@njit(cache=True, error_model="numpy")
def initialize(S, fo, fn, I, io, inn, table, celsius, vinit, setv, qf, qi, qm, lf, li,
               spk_f, spk_i, spk_n, vs_times):
    """nrn_finitialize: t = 0, empty queue, v = vinit, INITIAL blocks (membrane mechanisms,
    then artificial cells by type: NetStim, IntFire1, IntFire2, IntFire4, VecStim), events
    due at t = 0 delivered, and the currents at t = 0 (so that recorded currents are set)."""
    S[fo[F_T]] = 0.0
    t = 0.0
    qm[0] = 0
    qm[2] = 0
    qm[3] = 0
    hh_make_table(table, celsius)
    v = fv(S, fo, fn, F_V)
    if setv:
        for i in range(v.shape[0]):
            v[i] = vinit
    # hh
    node = iv(I, io, inn, I_HH_NODE)
    for k in range(node.shape[0]):
        vv = v[node[k]]
        mf = _hh_lookup(table, vv, 0)
        hf = _hh_lookup(table, vv, 1)
        nf = _hh_lookup(table, vv, 2)
        fv(S, fo, fn, F_HH_MINF)[k] = mf
        fv(S, fo, fn, F_HH_HINF)[k] = hf
        fv(S, fo, fn, F_HH_NINF)[k] = nf
        fv(S, fo, fn, F_HH_MTAU)[k] = _hh_lookup(table, vv, 3)
        fv(S, fo, fn, F_HH_HTAU)[k] = _hh_lookup(table, vv, 4)
        fv(S, fo, fn, F_HH_NTAU)[k] = _hh_lookup(table, vv, 5)
        fv(S, fo, fn, F_HH_M)[k] = mf
        fv(S, fo, fn, F_HH_H)[k] = hf
        fv(S, fo, fn, F_HH_N)[k] = nf
    g = fv(S, fo, fn, F_ES_G)
    for k in range(g.shape[0]):
        g[k] = 0.0
    tau1 = fv(S, fo, fn, F_E2_TAU1)
    tau2 = fv(S, fo, fn, F_E2_TAU2)
    for k in range(tau1.shape[0]):
        if tau1[k] / tau2[k] > 0.9999:
            tau1[k] = 0.9999 * tau2[k]
        if tau1[k] / tau2[k] < 1e-9:
            tau1[k] = tau2[k] * 1e-9
        fv(S, fo, fn, F_E2_A)[k] = 0.0
        fv(S, fo, fn, F_E2_B)[k] = 0.0
        tp = (tau1[k] * tau2[k]) / (tau2[k] - tau1[k]) * math.log(tau2[k] / tau1[k])
        factor = -math.exp(-tp / tau1[k]) + math.exp(-tp / tau2[k])
        fv(S, fo, fn, F_E2_FACTOR)[k] = 1 / factor
    ic = fv(S, fo, fn, F_IC_I)
    for k in range(ic.shape[0]):
        ic[k] = 0.0
    # NetStim
    on = fv(S, fo, fn, F_NS_ON)
    draws = iv(I, io, inn, I_NS_DRAWS)
    for k in range(on.shape[0]):
        draws[k] = 0
        on[k] = 0.0
        fv(S, fo, fn, F_NS_ISPIKE)[k] = 0.0
        noise = fv(S, fo, fn, F_NS_NOISE)
        if noise[k] < 0:
            noise[k] = 0.0
        if noise[k] > 1:
            noise[k] = 1.0
        start = fv(S, fo, fn, F_NS_START)[k]
        if start >= 0 and fv(S, fo, fn, F_NS_NUMBER)[k] > 0:
            on[k] = 1.0
            interval = fv(S, fo, fn, F_NS_INTERVAL)[k]
            ev = start + _netstim_invl(S, fo, fn, I, io, inn, k, interval) - \
                interval * (1. - noise[k])
            if ev < 0:
                ev = 0.0
            fv(S, fo, fn, F_NS_EVENT)[k] = ev
            q_self(qf, qi, qm, lf, li, t + ev, t, 3.0, T_NETSTIM, k, -1)
    # IntFire1
    m1 = fv(S, fo, fn, F_IF1_M)
    for k in range(m1.shape[0]):
        m1[k] = 0.0
        fv(S, fo, fn, F_IF1_T0)[k] = t
        fv(S, fo, fn, F_IF1_REFRACTORY)[k] = 0.0
    # IntFire2
    ib = fv(S, fo, fn, F_IF2_IB)
    sc2 = iv(I, io, inn, I_IF2_SELF)
    for k in range(ib.shape[0]):
        fv(S, fo, fn, F_IF2_I)[k] = ib[k]
        fv(S, fo, fn, F_IF2_M)[k] = 0.0
        taus = fv(S, fo, fn, F_IF2_TAUS)
        taum = fv(S, fo, fn, F_IF2_TAUM)
        if taus[k] <= taum[k]:
            taus[k] = taum[k] + .1
        fv(S, fo, fn, F_IF2_T0)[k] = t
        _self_event(qf, qi, qm, lf, li, t, t + if2_firetime(ib[k], 0.0, 0.0, taum[k], taus[k]),
                    T_IF2, k, sc2)
    # IntFire4
    sc4 = iv(I, io, inn, I_IF4_SELF)
    for k in range(fn[F_IF4_TAUE]):
        if4_initial(S, fo, fn, k)
        _self_event(qf, qi, qm, lf, li, t, t + if4_firetimebound(S, fo, fn, k), T_IF4, k, sc4)
    # VecStim
    index = fv(S, fo, fn, F_VS_INDEX)
    for k in range(index.shape[0]):
        index[k] = 0.0
        vecstim_element(S, fo, fn, I, io, inn, k, vs_times)
        if index[k] > 0:
            vecstim_send(S, fo, fn, qf, qi, qm, lf, li, k, t)
    # sources start below threshold (NetCvode::init_events sets every flag false)
    flag = fv(S, fo, fn, F_PS_FLAG)
    for p in range(flag.shape[0]):
        flag[p] = 0.0
    ef = np.empty(3)
    ei = np.empty(5, dtype=np.int64)
    deliver_until(S, fo, fn, I, io, inn, 0.0, qf, qi, qm, lf, li, spk_f, spk_i, spk_n,
                  vs_times, ef, ei)
    if v.shape[0] > 0:
        mech_currents(S, fo, fn, I, io, inn)


# ---------------------------------------------------------------------------------------
# the one entry point the engine calls: numba loads one cached library at start-up instead
# of four (each of which would carry its own copy of the event delivery code)
# ---------------------------------------------------------------------------------------

MODE_INIT, MODE_ADVANCE, MODE_INJECT, MODE_NETCON_EVENT = 0, 1, 2, 3


@njit(cache=True, nogil=True, error_model="numpy")   # reliab: heartbeat runs during a kernel call
def kernel(mode, S, fo, fn, I, io, inn, table, qf, qi, qm, lf, li, spk_f, spk_i, spk_n,
           vs_times, rec_buf, rec_n, t, n, q_margin, spk_margin, celsius, vinit, setv,
           ps_list, t_list):
    """MODE_INIT: initialize (celsius, vinit, setv). MODE_ADVANCE: advance until t, at most
    n steps; returns (steps, status). MODE_INJECT: queue the spikes (ps_list, t_list) from
    other ranks. MODE_NETCON_EVENT: NetCon n's event at time t."""
    if mode == MODE_INIT:
        initialize(S, fo, fn, I, io, inn, table, celsius, vinit, setv, qf, qi, qm, lf, li,
                   spk_f, spk_i, spk_n, vs_times)
    elif mode == MODE_ADVANCE:
        return advance(S, fo, fn, I, io, inn, table, qf, qi, qm, lf, li, spk_f, spk_i, spk_n,
                       vs_times, rec_buf, rec_n, t, n, q_margin, spk_margin)
    elif mode == MODE_INJECT:
        inject(S, fo, fn, I, io, inn, ps_list, t_list, qf, qi, qm, lf, li)
    else:
        netcon_event(S, fo, fn, I, io, inn, n, t, qf, qi, qm, lf, li)
    return 0, 0
