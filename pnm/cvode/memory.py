"""CVODES' memory as arrays (cp: real scalars with l, tau and tq; ci: integer scalars; zn:
the Nordsieck history; W: the work vectors), cvodes.c's constants, and CVodeCreate /
CVodeMalloc / CVodeReInit."""

import numpy as np
from numba import njit

# cp: real scalars
TN, H, HSCALE, HPRIME, ETA, ETAMAX, GAMMA, GAMMAP, GAMRAT, RL1, CRATE, ACNRM, HU, HMIN, \
    HMAX_INV, RTOL, SAVED_TQ5, ETAQ, ETAQM1, ETAQP1, TOLSF, TRET = range(22)
L0 = 24          # l[0..5]
TAU0 = 32        # tau[0..6]
TQ0 = 40         # tq[0..5] (tq[0] unused)
N_CP = 48
# ci: integer scalars
Q, LL, QWAIT, QPRIME, NST, NSTLP, NSCON, QU, QMAX, JCUR, NHNIL, NFE, NNI, NSETUPS, NETF, \
    NCFN, MXSTEP = range(17)
N_CI = 17
# W rows
EWT, ACOR, TEMPV, FTEMP, Y, ATOL = range(6)
N_W = 6

UROUND = 2.220446049250313e-16
# cvodes.c's constants
HLB_FACTOR, HUB_FACTOR, H_BIAS, MAX_ITERS = 100.0, 0.1, 0.5, 4
FUZZ_FACTOR = 100.0
CORTES = 0.1
THRESH, ETAMX1, ETAMX2, ETAMX3, ETAMXF, ETAMIN, ETACF = 1.5, 10000.0, 10.0, 10.0, 0.2, 0.1, 0.25
ADDON, BIAS1, BIAS2, BIAS3, ONEPSM = 0.000001, 6.0, 6.0, 10.0, 1.000001
SMALL_NST, MXNCF, MXNEF, MXNEF1, SMALL_NEF, LONG_WAIT = 10, 10, 7, 3, 2, 10
NLS_MAXCOR, CRDOWN, DGMAX, RDIV, MSBP = 3, 0.3, 0.3, 2.0, 20
# CVStep's and CVNls' flags
SUCCESS_STEP, REP_ERR_FAIL, REP_CONV_FAIL, SETUP_FAILED, SOLVE_FAILED = 0, -1, -2, -3, -4
PREDICT_AGAIN, DO_ERROR_TEST = -5, 1
SOLVED, CONV_FAIL, SETUP_FAIL_UNREC, SOLVE_FAIL_UNREC, TRY_AGAIN = 0, -1, -2, -3, 99
FIRST_CALL, PREV_CONV_FAIL, PREV_ERR_FAIL = 0, -1, -2
# CVode's returns
CV_SUCCESS, CV_TSTOP_RETURN = 0, 1
CV_TOO_MUCH_WORK, CV_TOO_MUCH_ACC, CV_ERR_FAILURE, CV_CONV_FAILURE = -1, -2, -3, -4
CV_ILL_INPUT = -22


def new_memory(neq, qmax, rtol, atol, hmin, hmax):
    """CVodeCreate + CVodeMalloc's settings (NEURON: CVodeSetMaxOrd, SetMinStep, SetMaxStep);
    atol is the vector of absolute tolerances."""
    cp = np.zeros(N_CP)
    ci = np.zeros(N_CI, dtype=np.int64)
    cp[RTOL] = rtol
    cp[HMIN] = hmin
    cp[HMAX_INV] = 1.0 / hmax
    ci[QMAX] = qmax
    ci[MXSTEP] = 500
    zn = np.zeros((qmax + 1, neq))
    W = np.zeros((N_W, neq))
    W[ATOL, :] = atol
    return cp, ci, zn, W


@njit(cache=True, error_model="numpy")
def reinit(cp, ci, zn, y0, t0):
    """CVodeReInit: history restarts from y0 at t0 with order 1."""
    cp[TN] = t0
    ci[Q] = 1
    ci[LL] = 2
    ci[QWAIT] = 2
    cp[ETAMAX] = ETAMX1
    ci[QU] = 0
    cp[HU] = 0.0
    cp[TOLSF] = 1.0
    zn[0, :] = y0
    ci[NST] = 0
    ci[NFE] = 0
    ci[NCFN] = 0
    ci[NETF] = 0
    ci[NNI] = 0
    ci[NSETUPS] = 0
    ci[NHNIL] = 0
    ci[NSTLP] = 0
    ci[NSCON] = 0
    cp[GAMMA] = 0.0      # NEURON's Cvode::cvode_init
    cp[H] = 0.0
