"""SUNDIALS CVODES' variable-order, variable-step BDF method with Newton iteration, as NEURON
runs it (NEURON's bundled src/sundials/cvodes/cvodes.c): CVode in CV_ONE_STEP_TSTOP mode and
its first-call block, CVHin, CVStep, CVPredict, CVSet(BDF), CVNlsNewton, CVNewtonIteration,
CVHandleNFlag, CVRestore, CVDoErrorTest, CVCompleteStep, CVPrepareNextStep, CVChooseEta,
CVAdjustOrder (BDF), CVRescale and CVodeGetDky, operation by operation; the names below are
CVODES'. Sensitivities, quadratures, root finding, Adams and functional iteration (which NEURON
does not use) are left out.

The integrator's memory is arrays: cp (the real scalars, and l, tau, tq), ci (the integer
ones), zn (the Nordsieck history, qmax + 1 rows) and W (the work vectors ewt, acor, tempv,
ftemp, y and the absolute tolerances). f(t, y) and the linear solve are NEURON's
(glue.py: fun, lsolve) over the model bundle m."""

from numba import njit

from .bdfstep import cv_step
from .glue import fun
from .memory import (ACOR, ATOL, CV_CONV_FAILURE, CV_ERR_FAILURE, CV_ILL_INPUT, CV_SUCCESS,
                     CV_TOO_MUCH_ACC, CV_TSTOP_RETURN, ETA, EWT, FUZZ_FACTOR, H, HLB_FACTOR,
                     HMAX_INV, HMIN, HPRIME, HSCALE, HU, HUB_FACTOR, H_BIAS, MAX_ITERS, NFE, NHNIL,
                     NST, Q, REP_ERR_FAIL, RTOL, SUCCESS_STEP, TEMPV, TN, TOLSF, TRET, UROUND, Y)
from .nvector import linear_sum, max_norm, rsqrt, scale, wrms_norm


@njit(cache=True, error_model="numpy")
def ewt_set(cp, W, ycur):
    """CVEwtSetSV: ewt = 1/(rtol*|y| + atol); False when a weight would be <= 0."""
    tempv = W[TEMPV]
    for i in range(tempv.shape[0]):
        tempv[i] = abs(ycur[i])
    linear_sum(cp[RTOL], tempv, 1.0, W[ATOL], tempv)
    if tempv.shape[0] > 0 and tempv.min() <= 0.0:
        return False
    ewt = W[EWT]
    for i in range(ewt.shape[0]):
        ewt[i] = 1.0 / tempv[i]
    return True


@njit(cache=True, error_model="numpy")
def upper_bound_h0(cp, zn, W, tdist):
    temp1 = W[TEMPV]
    temp2 = W[ACOR]
    for i in range(temp1.shape[0]):
        temp1[i] = abs(zn[0, i])
        temp2[i] = abs(zn[1, i])
    linear_sum(HUB_FACTOR, temp1, 1.0, W[ATOL], temp1)
    for i in range(temp1.shape[0]):
        temp1[i] = temp2[i] / temp1[i]
    hub_inv = max_norm(temp1)
    hub = HUB_FACTOR * tdist
    if hub * hub_inv > 1.0:
        hub = 1.0 / hub_inv
    return hub


@njit(cache=True, error_model="numpy")
def ydd_norm(cp, ci, zn, W, hg, m):
    y = W[Y]
    tempv = W[TEMPV]
    linear_sum(hg, zn[1], 1.0, zn[0], y)
    fun(m, cp[TN] + hg, y, tempv, cp[H])
    ci[NFE] += 1
    linear_sum(1.0, tempv, -1.0, zn[1], tempv)
    scale(1.0 / hg, tempv, tempv)
    return wrms_norm(tempv, W[EWT])


@njit(cache=True, error_model="numpy")
def hin(cp, ci, zn, W, tout, m):
    """CVHin: the first step size; False when tout is too close to tn."""
    tn = cp[TN]
    tdiff = tout - tn
    if tdiff == 0.0:
        return False
    sign = 1 if tdiff > 0.0 else -1
    tdist = abs(tdiff)
    tround = UROUND * max(abs(tn), abs(tout))
    if tdist < 2.0 * tround:
        return False
    hlb = HLB_FACTOR * tround
    hub = upper_bound_h0(cp, zn, W, tdist)
    hg = rsqrt(hlb * hub)
    if hub < hlb:
        if sign == -1:
            hg = -hg
        cp[H] = hg
        return True
    count = 0
    while True:
        hgs = hg * sign
        yddnrm = ydd_norm(cp, ci, zn, W, hgs, m)
        hnew = rsqrt(2.0 / yddnrm) if yddnrm * hub * hub > 2.0 else rsqrt(hg * hub)
        count += 1
        if count >= MAX_ITERS:
            break
        hrat = hnew / hg
        if hrat > 0.5 and hrat < 2.0:
            break
        if count >= 2 and hrat > 2.0:
            hnew = hg
            break
        hg = hnew
    h0 = H_BIAS * hnew
    if h0 < hlb:
        h0 = hlb
    if h0 > hub:
        h0 = hub
    if sign == -1:
        h0 = -h0
    cp[H] = h0
    return True


@njit(cache=True, error_model="numpy")
def get_dky(cp, ci, zn, t, dky):
    """CVodeGetDky for k = 0: the interpolated y(t) (t within the last step, with fuzz)."""
    tn = cp[TN]
    hu = cp[HU]
    tfuzz = FUZZ_FACTOR * UROUND * (abs(tn) + abs(hu))
    if hu < 0.0:
        tfuzz = -tfuzz
    tp = tn - hu - tfuzz
    tn1 = tn + tfuzz
    if (t - tp) * (t - tn1) > 0.0:
        return False
    s = (t - tn) / cp[H]
    q = ci[Q]
    for j in range(q, -1, -1):
        if j == q:
            scale(1.0, zn[q], dky)
        else:
            linear_sum(1.0, zn[j], s, dky, dky)
    return True


@njit(cache=True, error_model="numpy")
def cvode_one_step_tstop(cp, ci, zn, W, tstop, m):
    """CVode(mem, tstop, y, &t, CV_ONE_STEP_TSTOP) as Cvode::cvode_advance_tn calls it: one
    internal step, not past tstop (returned exactly at tstop when the step ends within
    roundoff of it). Returns CVode's flag; the time is cp[TRET], y is W[Y]."""
    y = W[Y]
    cp[TRET] = cp[TN]
    tout = tstop
    if ci[NST] == 0:
        if not ewt_set(cp, W, zn[0]):
            return CV_ILL_INPUT
        fun(m, cp[TN], zn[0], zn[1], cp[H])
        ci[NFE] += 1
        cp[H] = 0.0                           # hin = 0: CVHin chooses
        if not hin(cp, ci, zn, W, tout, m):
            return CV_ILL_INPUT
        h = cp[H]
        rh = abs(h) * cp[HMAX_INV]
        if rh > 1.0:
            h /= rh
        if abs(h) < cp[HMIN]:
            h *= cp[HMIN] / abs(h)
        if (tstop - cp[TN]) * h < 0.0:
            return CV_ILL_INPUT
        if (cp[TN] + h - tstop) * h > 0.0:
            h = tstop - cp[TN]
        cp[H] = h
        cp[HSCALE] = h
        cp[HPRIME] = h
        scale(h, zn[1], zn[1])
    else:
        if (tstop - cp[TN]) * cp[H] < 0.0:
            return CV_ILL_INPUT
        troundoff = FUZZ_FACTOR * UROUND * (abs(cp[TN]) + abs(cp[H]))
        if abs(cp[TN] - tstop) <= troundoff:
            if not get_dky(cp, ci, zn, tstop, y):
                return CV_ILL_INPUT
            cp[TRET] = tstop
            cp[TN] = tstop
            return CV_TSTOP_RETURN
        if (cp[TN] + cp[HPRIME] - tstop) * cp[H] > 0.0:
            cp[HPRIME] = tstop - cp[TN]
            cp[ETA] = cp[HPRIME] / cp[H]
    if ci[NST] > 0:
        if not ewt_set(cp, W, zn[0]):
            cp[TRET] = cp[TN]
            y[:] = zn[0]
            return CV_ILL_INPUT
    nrm = wrms_norm(zn[0], W[EWT])
    cp[TOLSF] = UROUND * nrm
    if cp[TOLSF] > 1.0:
        cp[TRET] = cp[TN]
        y[:] = zn[0]
        cp[TOLSF] *= 2.0
        return CV_TOO_MUCH_ACC
    cp[TOLSF] = 1.0
    if cp[TN] + cp[HPRIME] == cp[TN]:
        ci[NHNIL] += 1
    kflag = cv_step(cp, ci, zn, W, m)
    if kflag != SUCCESS_STEP:
        cp[TRET] = cp[TN]
        y[:] = zn[0]
        if kflag == REP_ERR_FAIL:
            return CV_ERR_FAILURE
        return CV_CONV_FAILURE
    troundoff = FUZZ_FACTOR * UROUND * (abs(cp[TN]) + abs(cp[H]))
    if abs(cp[TN] - tstop) <= troundoff:
        get_dky(cp, ci, zn, tstop, y)
        cp[TRET] = tstop
        cp[TN] = tstop
        return CV_TSTOP_RETURN
    if (cp[TN] + cp[HPRIME] - tstop) * cp[H] > 0.0:
        cp[HPRIME] = tstop - cp[TN]
        cp[ETA] = cp[HPRIME] / cp[H]
    cp[TRET] = cp[TN]
    y[:] = zn[0]
    return CV_SUCCESS


