"""NEURON's ion mechanisms (eion.cpp) as numba kernels over the engine's state: at finitialize
concentrations from the <ion>0 globals (cinit) and the reversal potential from Nernst (einit),
before every current evaluation ion currents zeroed and e recomputed (eadvance), after a
mechanism's INITIAL wrote a concentration e recomputed there (nrn_wrote_conc); and the bridge
that lets the built-in hh read ena/ek from, and add ina/ik to, the na/k ions where a .mod
mechanism uses them.

An ion's instances are a block of S: rows e, ci, co, i, didv (ION_ROWS), each n long, from
S[base]; `block` = int64[base, n, node of each instance], `glob` = float64[ci0, co0, valence] (the live globals),
`style` = int64[n] NEURON's style bits per instance (mechanisms.promote)."""

from numba import njit

from .layout import F_HH_EK, F_HH_ENA, F_HH_GK, F_HH_GNA, F_HH_IK, F_HH_INA, I_HH_NODE, fview, iview
from ..nmodl.runtime import nernst_

ION_ROWS = ("e", "ci", "co", "i", "didv")
CINIT, EINIT, EADVANCE = 0o4, 0o40, 0o100


@njit(cache=True, error_model="numpy")
def ion_init(S, block, glob, style, celsius):
    base, n = block[0], block[1]
    for j in range(n):
        if style[j] & CINIT:
            S[base + n + j] = glob[0]
            S[base + 2 * n + j] = glob[1]
    for j in range(n):
        if style[j] & EINIT:
            S[base + j] = nernst_(celsius, S[base + n + j], S[base + 2 * n + j], glob[2])


@njit(cache=True, error_model="numpy")
def ion_cur(S, block, glob, style, celsius):
    """Before the mechanisms' currents: i and di/dv zeroed, e = Nernst where eadvance."""
    base, n = block[0], block[1]
    for j in range(n):
        S[base + 3 * n + j] = 0.0
        S[base + 4 * n + j] = 0.0
        if style[j] & EADVANCE:
            S[base + j] = nernst_(celsius, S[base + n + j], S[base + 2 * n + j], glob[2])


@njit(cache=True, error_model="numpy")
def wrote_conc(S, block, glob, style, celsius, where):
    """nrn_wrote_conc after a mechanism's INITIAL: where[j] = the ion instance at mechanism
    instance j; e recomputed there when the ion's style has einit."""
    base, n = block[0], block[1]
    for j in range(where.shape[0]):
        k = where[j]
        if style[k] & EINIT:
            S[base + k] = nernst_(celsius, S[base + n + k], S[base + 2 * n + k], glob[2])


@njit(cache=True, error_model="numpy")
def ions_to_hh(S, foff, flen, bridge):
    """hh reads ena/ek from the ions at its nodes (bridge[j] = S slots of ena, ina, dinadv,
    ek, ik, dikdv for hh instance j, -1 where hh keeps its own)."""
    ena, ek = fview(S, foff, flen, F_HH_ENA), fview(S, foff, flen, F_HH_EK)
    for j in range(bridge.shape[0]):
        if bridge[j, 0] >= 0:
            ena[j] = S[bridge[j, 0]]
        if bridge[j, 3] >= 0:
            ek[j] = S[bridge[j, 3]]


@njit(cache=True, error_model="numpy")
def hh_to_ions(S, foff, flen, bridge):
    """hh's ina/ik (and conductances as di/dv) added to the ions at its nodes."""
    ina, ik = fview(S, foff, flen, F_HH_INA), fview(S, foff, flen, F_HH_IK)
    gna, gk = fview(S, foff, flen, F_HH_GNA), fview(S, foff, flen, F_HH_GK)
    for j in range(bridge.shape[0]):
        if bridge[j, 0] >= 0:
            S[bridge[j, 1]] += ina[j]
            S[bridge[j, 2]] += gna[j]
        if bridge[j, 3] >= 0:
            S[bridge[j, 4]] += ik[j]
            S[bridge[j, 5]] += gk[j]


@njit(cache=True, error_model="numpy")
def ion_second_order(S, block, rhs):
    """secondorder = 2 (NEURON's second_order_cur): after the half-step solve, each ion
    current moved to the step's middle voltage, i += di/dv * dv."""
    base, n = block[0], block[1]
    for j in range(n):
        S[base + 3 * n + j] += S[base + 4 * n + j] * rhs[block[2 + j]]


@njit(cache=True, error_model="numpy")
def hh_second_order(S, foff, flen, I, ioff, ilen, rhs):
    """The same for the ina/ik built-in hh keeps itself (di/dv: its conductances)."""
    node = iview(I, ioff, ilen, I_HH_NODE)
    ina, ik = fview(S, foff, flen, F_HH_INA), fview(S, foff, flen, F_HH_IK)
    gna, gk = fview(S, foff, flen, F_HH_GNA), fview(S, foff, flen, F_HH_GK)
    for j in range(node.shape[0]):
        ina[j] += gna[j] * rhs[node[j]]
        ik[j] += gk[j] * rhs[node[j]]
