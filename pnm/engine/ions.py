"""NEURON's ion mechanisms (eion.cpp) as numba kernels over the engine's state: at finitialize
concentrations from the <ion>0 globals (cinit) and the reversal potential from Nernst (einit),
before every current evaluation ion currents zeroed and e recomputed (eadvance), after a
mechanism's INITIAL wrote a concentration e recomputed there (nrn_wrote_conc).

An ion's instances are a block of S: rows e, ci, co, i, didv (ION_ROWS), each n long, from
S[base]; `block` = int64[base, n, instances with eadvance,
node of each instance], `glob` = float64[ci0, co0, valence] (the live globals),
`style` = int64[n] NEURON's style bits per instance (mechanisms.promote)."""

from numba import njit

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
    if base < 0 or n < 0:       # never; LLVM then knows the indices are >= 0 (no wraparound),
        return                  # and the two zeroing loops become memsets
    for j in range(n):
        S[base + 3 * n + j] = 0.0
    for j in range(n):
        S[base + 4 * n + j] = 0.0
    if block[2] == 0:           # no e to refresh (na and k of hh): no loop over the styles
        return
    for j in range(n):
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
def ion_second_order(S, block, rhs):
    """secondorder = 2 (NEURON's second_order_cur): after the half-step solve, each ion
    current moved to the step's middle voltage, i += di/dv * dv."""
    base, n = block[0], block[1]
    for j in range(n):
        S[base + 3 * n + j] += S[base + 4 * n + j] * rhs[block[3 + j]]
