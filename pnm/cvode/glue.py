"""NEURON's glue between CVODE and the cable (src/nrncvode/occvode.cpp, cvtrset.cpp,
cvodeobj.cpp), over the engine's arrays:

f(t, y) (Cvode::fun_thread): y scattered to v at the nodes with capacitance, v at the
zero-area nodes made consistent with their neighbours (Cvode::nocap_v), the membrane currents
into rhs (their di/dv kept for the solve), the axial currents, and ydot = rhs / (1e-3 cm).

The Newton solve (Cvode::solvex_thread): (I - gamma J) x = b with NEURON's approximate
Jacobian, the tree matrix with cj = 1/gamma: d = di/dv + 1e-3 cj cm + axial terms, rhs = b *
1e-3 cj cm (0 at zero-area nodes), the Hines triangularisation and back substitution.

The mechanisms' states follow the voltages in y (NEURON's order: mechanism by mechanism,
instance by instance, state by state; a concentration STATE is the ion's own value): f sets
the written concentrations from them (ode_synonym), calls their ode_spec kernels (x' into the
field "x'"), the solve their ode_matsol kernels on b's part (nmodl/cvodegen.py). `nonode`
runs the state kernels of the mechanisms without states in y before each step.

m, the model bundle: (S, foff, flen, I, ioff, ilen, H, UD, cap, parent, nocap, nocap_child,
dmem, sslot, dslot, nocap_points): the engine's kernel arrays and hooks, the nodes with
capacitance in y's order, every node's parent (-1 at a root), the zero-area nodes, the nodes
whose parent is a zero-area node, the membrane di/dv of the last f evaluation, the places in
S of the states in y and of their derivatives, and the zero-area nodes where point processes
sit (their currents enter nocap_v)."""

from numba import njit

from ..engine.cable import back_substitute, triangularize, zero_matrix
from ..engine.fastimem import membrane_sums, to_nanoamps
from ..engine.layout import F_A, F_B, F_CM, F_D, F_DT, F_RHS, F_SAV_RHS, F_T, F_V, fview
from ..engine.userhooks import (PH_ODE_MATSOL, PH_ODE_SPEC, PH_ODE_SYNONYM, PH_STATE,
                                density_phase, user_currents, user_ion_currents)


@njit(cache=True, error_model="numpy")
def nocap_v(S, foff, flen, H, UD, parent, nocap, nocap_child, nocap_points):
    """Cvode::nocap_v: each zero-area node's v from its neighbours through the axial
    coefficients and, when point processes sit there (an IClamp at x = 1), from their
    currents at its present v (NEURON's no_cap_memb: rhs -= i, d += di/dv, then rhs += d v):
    all currents are evaluated here and again, from zero, by f after it."""
    v = fview(S, foff, flen, F_V)
    rhs = fview(S, foff, flen, F_RHS)
    d = fview(S, foff, flen, F_D)
    a = fview(S, foff, flen, F_A)
    b = fview(S, foff, flen, F_B)
    if nocap_points.shape[0] > 0:
        zero_matrix(S, foff, flen)
        user_ion_currents(S, foff, flen, H, UD)
        user_currents(S, foff, flen, H, UD)
    else:
        for i in nocap:
            rhs[i] = 0.0
            d[i] = 0.0
    for i in nocap:
        rhs[i] += d[i] * v[i]
        p = parent[i]
        if p >= 0:
            rhs[i] -= b[i] * v[p]
            d[i] -= b[i]
    for i in nocap_child:
        p = parent[i]
        rhs[p] -= a[i] * v[i]
        d[p] -= a[i]
    for i in nocap:
        v[i] = rhs[i] / d[i]


@njit(cache=True, error_model="numpy")
def fun(m, t, y, ydot, h):
    """f(t, y) -> ydot (Cvode::fun_thread); h is the integrator's step (dt for the
    mechanisms, 1e-8 before the first step as NEURON's)."""
    S, foff, flen, I, ioff, ilen, H, UD, cap, parent, nocap, nocap_child, dmem, sslot, dslot, \
        nocap_points = m
    S[foff[F_T]] = t
    S[foff[F_DT]] = h if h != 0.0 else 1e-8
    v = fview(S, foff, flen, F_V)
    nv = cap.shape[0]
    for k in range(nv):
        v[cap[k]] = y[k]
    for k in range(sslot.shape[0]):
        S[sslot[k]] = y[nv + k]
    if sslot.shape[0] > 0:       # Cvode::scatter_y: the mechanisms' ode_synonym after y
        density_phase(S, foff, flen, H, UD, PH_ODE_SYNONYM)
    nocap_v(S, foff, flen, H, UD, parent, nocap, nocap_child, nocap_points)
    zero_matrix(S, foff, flen)
    user_ion_currents(S, foff, flen, H, UD)
    user_currents(S, foff, flen, H, UD)
    imem = flen[F_SAV_RHS] > 0          # cvode.use_fast_imem(1): i_membrane_ (fastimem.py)
    if imem:
        membrane_sums(S, foff, flen, H, UD)
    rhs = fview(S, foff, flen, F_RHS)
    d = fview(S, foff, flen, F_D)
    a = fview(S, foff, flen, F_A)
    b = fview(S, foff, flen, F_B)
    cm = fview(S, foff, flen, F_CM)
    sav_rhs = fview(S, foff, flen, F_SAV_RHS)
    dmem[:] = d
    for i in range(parent.shape[0]):
        p = parent[i]
        if p >= 0:
            dv = v[p] - v[i]
            rhs[i] -= b[i] * dv
            rhs[p] += a[i] * dv
    if sslot.shape[0] > 0:
        density_phase(S, foff, flen, H, UD, PH_ODE_SPEC)
    for k in range(nv):
        i = cap[k]
        if imem:                        # the capacitive current (nrn_div_capacity)
            sav_rhs[i] += rhs[i]
        rhs[i] /= 1.e-3 * cm[i]
        ydot[k] = rhs[i]
    if imem:
        to_nanoamps(S, foff, flen)
    for k in range(dslot.shape[0]):
        ydot[nv + k] = S[dslot[k]]


@njit(cache=True, error_model="numpy")
def lsolve(m, x, gamma):
    """x <- (I - gamma J)^-1 x (Cvode::solvex_thread)."""
    if gamma == 0.0:
        return
    S, foff, flen, I, ioff, ilen, H, UD, cap, parent, nocap, nocap_child, dmem, sslot, dslot, \
        nocap_points = m
    cj = 1.0 / gamma
    S[foff[F_DT]] = gamma
    rhs = fview(S, foff, flen, F_RHS)
    d = fview(S, foff, flen, F_D)
    a = fview(S, foff, flen, F_A)
    b = fview(S, foff, flen, F_B)
    cm = fview(S, foff, flen, F_CM)
    d[:] = dmem
    cfac = .001 * cj
    for k in range(cap.shape[0]):
        i = cap[k]
        d[i] += cfac * cm[i]
    for i in range(parent.shape[0]):
        p = parent[i]
        if p >= 0:
            d[i] -= b[i]
            d[p] -= a[i]
    for k in range(cap.shape[0]):
        rhs[cap[k]] = x[k]
    for k in range(cap.shape[0]):
        i = cap[k]
        rhs[i] *= cfac * cm[i]
    for i in nocap:
        rhs[i] = 0.0
    nv = cap.shape[0]
    for k in range(dslot.shape[0]):
        S[dslot[k]] = x[nv + k]
    triangularize(S, foff, flen, I, ioff, ilen)
    back_substitute(S, foff, flen, I, ioff, ilen)
    if dslot.shape[0] > 0:
        density_phase(S, foff, flen, H, UD, PH_ODE_MATSOL)
    for k in range(nv):
        x[k] = rhs[cap[k]]
    for k in range(dslot.shape[0]):
        x[nv + k] = S[dslot[k]]


@njit(cache=True, error_model="numpy")
def nonode(S, foff, flen, H, UD, t):
    """Cvode::do_nonode before a step: the state kernels of the mechanisms without states in
    y (SOLVE ... METHOD after_cvode PROCEDUREs: SEClamp's icur), at t; H: their rows."""
    S[foff[F_T]] = t
    density_phase(S, foff, flen, H, UD, PH_STATE)
