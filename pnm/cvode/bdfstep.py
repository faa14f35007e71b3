"""CVODES' CVStep and what it calls (cvodes.c): CVAdjustParams / CVAdjustOrder (BDF),
CVRescale, CVPredict, CVRestore, CVSetBDF / CVSetTqBDF, CVNlsNewton, CVNewtonIteration, the
handling of convergence and error-test failures, CVCompleteStep, CVPrepareNextStep (with
CVComputeEtaqm1/qp1, CVChooseEta, CVSetEta); the names are CVODES'."""

from numba import njit

from .glue import fun, lsolve
from .memory import (ACNRM, ACOR, ADDON, BIAS1, BIAS2, BIAS3, CONV_FAIL, CORTES, CRATE, CRDOWN,
                     DGMAX, ETA, ETACF, ETAMAX, ETAMIN, ETAMX2, ETAMX3, ETAMXF, ETAQ, ETAQM1,
                     ETAQP1, EWT, FIRST_CALL, FTEMP, GAMMA, GAMMAP, GAMRAT, H, HMAX_INV, HMIN,
                     HPRIME, HSCALE, HU, JCUR, L0, LL, LONG_WAIT, MSBP, MXNCF, MXNEF, MXNEF1, NCFN,
                     NETF, NFE, NLS_MAXCOR, NNI, NSCON, NSETUPS, NST, NSTLP, ONEPSM,
                     PREV_CONV_FAIL, PREV_ERR_FAIL, Q, QMAX, QPRIME, QU, QWAIT, RDIV,
                     REP_CONV_FAIL, REP_ERR_FAIL, RL1, SAVED_TQ5, SETUP_FAILED, SETUP_FAIL_UNREC,
                     SMALL_NEF, SMALL_NST, SOLVED, SOLVE_FAILED, SOLVE_FAIL_UNREC, SUCCESS_STEP,
                     TAU0, TEMPV, THRESH, TN, TQ0, TRY_AGAIN, Y)
from .nvector import linear_sum, rpower_i, rpower_r, scale, wrms_norm


@njit(cache=True, error_model="numpy")
def cv_step(cp, ci, zn, W, m):
    """CVStep: one successful step (retrying with smaller steps or lower order after a
    convergence or error-test failure)."""
    saved_t = cp[TN]
    ncf = 0
    nef = 0
    nflag = FIRST_CALL
    if ci[NST] > 0 and cp[HPRIME] != cp[H]:
        adjust_params(cp, ci, zn)
    dsm = 0.0
    while True:
        predict(cp, ci, zn)
        set_bdf(cp, ci)
        nflag = nls_newton(cp, ci, zn, W, nflag, m)
        # CVHandleNFlag
        if nflag != SOLVED:
            ci[NCFN] += 1
            restore(cp, ci, zn, saved_t)
            if nflag == SETUP_FAIL_UNREC:
                return SETUP_FAILED
            if nflag == SOLVE_FAIL_UNREC:
                return SOLVE_FAILED
            ncf += 1
            cp[ETAMAX] = 1.0
            if abs(cp[H]) <= cp[HMIN] * ONEPSM or ncf == MXNCF:
                return REP_CONV_FAIL
            cp[ETA] = max(ETACF, cp[HMIN] / abs(cp[H]))
            nflag = PREV_CONV_FAIL
            rescale(cp, ci, zn)
            continue
        # CVDoErrorTest
        dsm = cp[ACNRM] / cp[TQ0 + 2]
        if dsm <= 1.0:
            break
        nef += 1
        ci[NETF] += 1
        nflag = PREV_ERR_FAIL
        restore(cp, ci, zn, saved_t)
        if abs(cp[H]) <= cp[HMIN] * ONEPSM or nef == MXNEF:
            return REP_ERR_FAIL
        cp[ETAMAX] = 1.0
        if nef <= MXNEF1:
            eta = 1.0 / (rpower_r(BIAS2 * dsm, 1.0 / ci[LL]) + ADDON)
            eta = max(ETAMIN, max(eta, cp[HMIN] / abs(cp[H])))
            if nef >= SMALL_NEF:
                eta = min(eta, ETAMXF)
            cp[ETA] = eta
            rescale(cp, ci, zn)
            continue
        if ci[Q] > 1:
            cp[ETA] = max(ETAMIN, cp[HMIN] / abs(cp[H]))
            adjust_order(cp, ci, zn, -1)
            ci[LL] = ci[Q]
            ci[Q] -= 1
            ci[QWAIT] = ci[LL]
            rescale(cp, ci, zn)
            continue
        cp[ETA] = max(ETAMIN, cp[HMIN] / abs(cp[H]))
        cp[H] *= cp[ETA]
        cp[HSCALE] = cp[H]
        ci[QWAIT] = LONG_WAIT
        ci[NSCON] = 0
        fun(m, cp[TN], zn[0], W[TEMPV], cp[H])
        ci[NFE] += 1
        scale(cp[H], W[TEMPV], zn[1])
    complete_step(cp, ci, zn, W)
    prepare_next_step(cp, ci, zn, W, dsm)
    cp[ETAMAX] = ETAMX2 if ci[NST] <= SMALL_NST else ETAMX3
    scale(1.0 / cp[TQ0 + 2], W[ACOR], W[ACOR])
    return SUCCESS_STEP


@njit(cache=True, error_model="numpy")
def adjust_params(cp, ci, zn):
    if ci[QPRIME] != ci[Q]:
        adjust_order(cp, ci, zn, ci[QPRIME] - ci[Q])
        ci[Q] = ci[QPRIME]
        ci[LL] = ci[Q] + 1
        ci[QWAIT] = ci[LL]
    rescale(cp, ci, zn)


@njit(cache=True, error_model="numpy")
def adjust_order(cp, ci, zn, deltaq):
    """CVAdjustOrder for BDF: CVIncreaseBDF / CVDecreaseBDF."""
    q = ci[Q]
    if q == 2 and deltaq != 1:
        return
    qmax = ci[QMAX]
    if deltaq == 1:
        for i in range(qmax + 1):
            cp[L0 + i] = 0.0
        cp[L0 + 2] = 1.0
        alpha1 = 1.0
        prod = 1.0
        xiold = 1.0
        alpha0 = -1.0
        hsum = cp[HSCALE]
        if q > 1:
            for j in range(1, q):
                hsum += cp[TAU0 + j + 1]
                xi = hsum / cp[HSCALE]
                prod *= xi
                alpha0 -= 1.0 / (j + 1)
                alpha1 += 1.0 / xi
                for i in range(j + 2, 1, -1):
                    cp[L0 + i] = cp[L0 + i] * xiold + cp[L0 + i - 1]
                xiold = xi
        a1 = (-alpha0 - alpha1) / prod
        L = ci[LL]
        scale(a1, zn[qmax], zn[L])
        for j in range(2, q + 1):
            linear_sum(cp[L0 + j], zn[L], 1.0, zn[j], zn[j])
    elif deltaq == -1:
        for i in range(qmax + 1):
            cp[L0 + i] = 0.0
        cp[L0 + 2] = 1.0
        hsum = 0.0
        for j in range(1, q - 1):
            hsum += cp[TAU0 + j]
            xi = hsum / cp[HSCALE]
            for i in range(j + 2, 1, -1):
                cp[L0 + i] = cp[L0 + i] * xi + cp[L0 + i - 1]
        for j in range(2, q):
            linear_sum(-cp[L0 + j], zn[q], 1.0, zn[j], zn[j])


@njit(cache=True, error_model="numpy")
def rescale(cp, ci, zn):
    factor = cp[ETA]
    for j in range(1, ci[Q] + 1):
        scale(factor, zn[j], zn[j])
        factor *= cp[ETA]
    cp[H] = cp[HSCALE] * cp[ETA]
    cp[HSCALE] = cp[H]
    ci[NSCON] = 0


@njit(cache=True, error_model="numpy")
def predict(cp, ci, zn):
    cp[TN] += cp[H]
    q = ci[Q]
    for k in range(1, q + 1):
        for j in range(q, k - 1, -1):
            linear_sum(1.0, zn[j - 1], 1.0, zn[j], zn[j - 1])


@njit(cache=True, error_model="numpy")
def restore(cp, ci, zn, saved_t):
    cp[TN] = saved_t
    q = ci[Q]
    for k in range(1, q + 1):
        for j in range(q, k - 1, -1):
            linear_sum(1.0, zn[j - 1], -1.0, zn[j], zn[j - 1])


@njit(cache=True, error_model="numpy")
def set_bdf(cp, ci):
    """CVSetBDF, CVSetTqBDF, then CVSet's gamma."""
    q = ci[Q]
    h = cp[H]
    cp[L0 + 0] = 1.0
    cp[L0 + 1] = 1.0
    xi_inv = 1.0
    xistar_inv = 1.0
    for i in range(2, q + 1):
        cp[L0 + i] = 0.0
    alpha0 = -1.0
    alpha0_hat = -1.0
    hsum = h
    if q > 1:
        for j in range(2, q):
            hsum += cp[TAU0 + j - 1]
            xi_inv = h / hsum
            alpha0 -= 1.0 / j
            for i in range(j, 0, -1):
                cp[L0 + i] += cp[L0 + i - 1] * xi_inv
        alpha0 -= 1.0 / q
        xistar_inv = -cp[L0 + 1] - alpha0
        hsum += cp[TAU0 + q - 1]
        xi_inv = h / hsum
        alpha0_hat = -cp[L0 + 1] - xi_inv
        for i in range(q, 0, -1):
            cp[L0 + i] += cp[L0 + i - 1] * xistar_inv
    # CVSetTqBDF
    a1 = 1.0 - alpha0_hat + alpha0
    a2 = 1.0 + q * a1
    cp[TQ0 + 2] = abs(alpha0 * (a2 / a1))
    cp[TQ0 + 5] = abs(a2 / (cp[L0 + q] * xi_inv / xistar_inv))
    if ci[QWAIT] == 1:
        c = xistar_inv / cp[L0 + q]
        a3 = alpha0 + 1.0 / q
        a4 = alpha0_hat + xi_inv
        cprime = a3 / (1.0 - a4 + a3)
        cp[TQ0 + 1] = abs(cprime / c)
        hsum += cp[TAU0 + q]
        xi_inv = h / hsum
        a5 = alpha0 - (1.0 / (q + 1))
        a6 = alpha0_hat - xi_inv
        cprimeprime = a2 / (1.0 - a6 + a5)
        cp[TQ0 + 3] = abs(cprimeprime * xi_inv * (q + 2) * a5)
    cp[TQ0 + 4] = CORTES * cp[TQ0 + 2]
    # CVSet
    cp[RL1] = 1.0 / cp[L0 + 1]
    cp[GAMMA] = h * cp[RL1]
    if ci[NST] == 0:
        cp[GAMMAP] = cp[GAMMA]
    cp[GAMRAT] = cp[GAMMA] / cp[GAMMAP] if ci[NST] > 0 else 1.0


@njit(cache=True, error_model="numpy")
def nls_newton(cp, ci, zn, W, nflag, m):
    """CVNlsNewton with NEURON's linear solver (its setup only marks the Jacobian current)."""
    call_setup = (nflag == PREV_CONV_FAIL or nflag == PREV_ERR_FAIL or ci[NST] == 0
                  or ci[NST] >= ci[NSTLP] + MSBP or abs(cp[GAMRAT] - 1.0) > DGMAX)
    while True:
        fun(m, cp[TN], zn[0], W[FTEMP], cp[H])
        ci[NFE] += 1
        if call_setup:
            ci[JCUR] = 1                 # NEURON's msetup
            ci[NSETUPS] += 1
            call_setup = False
            cp[GAMRAT] = 1.0
            cp[GAMMAP] = cp[GAMMA]
            cp[CRATE] = 1.0
            ci[NSTLP] = ci[NST]
        W[ACOR, :] = 0.0
        W[Y, :] = zn[0]
        ier = newton_iteration(cp, ci, zn, W, m)
        if ier != TRY_AGAIN:
            return ier
        call_setup = True


@njit(cache=True, error_model="numpy")
def newton_iteration(cp, ci, zn, W, m):
    mm = 0
    delp = 0.0
    acor = W[ACOR]
    tempv = W[TEMPV]
    y = W[Y]
    ewt = W[EWT]
    while True:
        linear_sum(cp[RL1], zn[1], 1.0, acor, tempv)
        linear_sum(cp[GAMMA], W[FTEMP], -1.0, tempv, tempv)
        lsolve(m, tempv, cp[GAMMA])
        ci[NNI] += 1
        dl = wrms_norm(tempv, ewt)
        linear_sum(1.0, acor, 1.0, tempv, acor)
        linear_sum(1.0, zn[0], 1.0, acor, y)
        if mm > 0:
            cp[CRATE] = max(CRDOWN * cp[CRATE], dl / delp)
        dcon = dl * min(1.0, cp[CRATE]) / cp[TQ0 + 4]
        if dcon <= 1.0:
            if mm == 0:
                cp[ACNRM] = dl
            else:
                cp[ACNRM] = wrms_norm(acor, ewt)
            ci[JCUR] = 0
            return SOLVED
        mm += 1
        if mm == NLS_MAXCOR or (mm >= 2 and dl > RDIV * delp):
            if ci[JCUR] == 0:
                return TRY_AGAIN
            return CONV_FAIL
        delp = dl
        fun(m, cp[TN], y, W[FTEMP], cp[H])
        ci[NFE] += 1


@njit(cache=True, error_model="numpy")
def complete_step(cp, ci, zn, W):
    ci[NST] += 1
    ci[NSCON] += 1
    cp[HU] = cp[H]
    ci[QU] = ci[Q]
    q = ci[Q]
    for i in range(q, 1, -1):
        cp[TAU0 + i] = cp[TAU0 + i - 1]
    if q == 1 and ci[NST] > 1:
        cp[TAU0 + 2] = cp[TAU0 + 1]
    cp[TAU0 + 1] = cp[H]
    for j in range(q + 1):
        linear_sum(cp[L0 + j], W[ACOR], 1.0, zn[j], zn[j])
    ci[QWAIT] -= 1
    if ci[QWAIT] == 1 and q != ci[QMAX]:
        zn[ci[QMAX], :] = W[ACOR]
        cp[SAVED_TQ5] = cp[TQ0 + 5]


@njit(cache=True, error_model="numpy")
def prepare_next_step(cp, ci, zn, W, dsm):
    if cp[ETAMAX] == 1.0:
        ci[QWAIT] = max(ci[QWAIT], 2)
        ci[QPRIME] = ci[Q]
        cp[HPRIME] = cp[H]
        cp[ETA] = 1.0
        return
    cp[ETAQ] = 1.0 / (rpower_r(BIAS2 * dsm, 1.0 / ci[LL]) + ADDON)
    if ci[QWAIT] != 0:
        cp[ETA] = cp[ETAQ]
        ci[QPRIME] = ci[Q]
        set_eta(cp, ci)
        return
    ci[QWAIT] = 2
    q = ci[Q]
    # CVComputeEtaqm1
    cp[ETAQM1] = 0.0
    if q > 1:
        ddn = wrms_norm(zn[q], W[EWT]) / cp[TQ0 + 1]
        cp[ETAQM1] = 1.0 / (rpower_r(BIAS1 * ddn, 1.0 / q) + ADDON)
    # CVComputeEtaqp1
    cp[ETAQP1] = 0.0
    if q != ci[QMAX]:
        cquot = (cp[TQ0 + 5] / cp[SAVED_TQ5]) * rpower_i(cp[H] / cp[TAU0 + 2], ci[LL])
        linear_sum(-cquot, zn[ci[QMAX]], 1.0, W[ACOR], W[TEMPV])
        dup = wrms_norm(W[TEMPV], W[EWT]) / cp[TQ0 + 3]
        cp[ETAQP1] = 1.0 / (rpower_r(BIAS3 * dup, 1.0 / (ci[LL] + 1)) + ADDON)
    # CVChooseEta
    etam = max(cp[ETAQM1], max(cp[ETAQ], cp[ETAQP1]))
    if etam < THRESH:
        cp[ETA] = 1.0
        ci[QPRIME] = q
    elif etam == cp[ETAQ]:
        cp[ETA] = cp[ETAQ]
        ci[QPRIME] = q
    elif etam == cp[ETAQM1]:
        cp[ETA] = cp[ETAQM1]
        ci[QPRIME] = q - 1
    else:
        cp[ETA] = cp[ETAQP1]
        ci[QPRIME] = q + 1
        zn[ci[QMAX], :] = W[ACOR]
    set_eta(cp, ci)


@njit(cache=True, error_model="numpy")
def set_eta(cp, ci):
    if cp[ETA] < THRESH:
        cp[ETA] = 1.0
        cp[HPRIME] = cp[H]
    else:
        cp[ETA] = min(cp[ETA], cp[ETAMAX])
        cp[ETA] /= max(1.0, abs(cp[H]) * cp[HMAX_INV] * cp[ETA])
        cp[HPRIME] = cp[H] * cp[ETA]
        if ci[QPRIME] < ci[Q]:
            ci[NSCON] = 0
