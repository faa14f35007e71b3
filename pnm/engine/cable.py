"""The cable: axial coupling and capacitance in the tree matrix, and the Hines solve.

Cells of one node shape form a group and are interleaved (node j of cell c at base + j*ncell
+ c), so the j-th nodes of a group and their parents are contiguous, disjoint ranges: the loops
over cells vectorize, and every cell still sees NEURON's order of operations."""

from numba import njit

from .layout import (F_A, F_B, F_CM, F_D, F_DT, F_RHS, F_SECONDORDER, F_V, I_GROUP, I_GROUP_PARENT,
                     fview, iview)


GROUP_HEADER = 4   # I_GROUP holds (first node, cells, nodes per cell, offset in I_GROUP_PARENT)


@njit(cache=True, inline="always", error_model="numpy")
def group_header(grp, g):
    """(first node, number of cells, nodes per cell, offset of its local parent list)."""
    k = GROUP_HEADER * g
    return grp[k], grp[k + 1], grp[k + 2], grp[k + 3]


@njit(cache=True, inline="always", error_model="numpy")
def zero_matrix(S, foff, flen):
    rhs = fview(S, foff, flen, F_RHS)
    d = fview(S, foff, flen, F_D)
    for i in range(rhs.shape[0]):
        rhs[i] = 0.0
        d[i] = 0.0


@njit(cache=True, inline="always", error_model="numpy")
def capacitance_factor(S, foff):
    """NEURON's .001 cj: cj 1/dt, 2/dt for Crank-Nicolson (secondorder 1 or 2; the half
    step)."""
    dt = S[foff[F_DT]]
    return 0.001 * (2.0 / dt if S[foff[F_SECONDORDER]] != 0.0 else 1.0 / dt)


@njit(cache=True, inline="always", error_model="numpy")
def axial_and_capacitance(S, foff, flen, I, ioff, ilen):
    """After the membrane currents: axial currents into rhs, capacitance and axial terms
    into d."""
    v = fview(S, foff, flen, F_V)
    rhs = fview(S, foff, flen, F_RHS)
    d = fview(S, foff, flen, F_D)
    a = fview(S, foff, flen, F_A)
    b = fview(S, foff, flen, F_B)
    cm = fview(S, foff, flen, F_CM)
    nnode = v.shape[0]
    # axial currents, one shape group and one local node j at a time: the cells of a group
    # are interleaved, so the j-th nodes and their parents are two contiguous, disjoint
    # ranges (the loop vectorizes); each cell still sees NEURON's order of operations
    grp = iview(I, ioff, ilen, I_GROUP)
    gpar = iview(I, ioff, ilen, I_GROUP_PARENT)
    ngroup = grp.shape[0] // GROUP_HEADER
    for g in range(ngroup):
        base, ncell, m, off = group_header(grp, g)
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
    cfac = capacitance_factor(S, foff)
    for i in range(nnode):
        d[i] += cfac * cm[i]          # cm is 0 at the zero-area nodes: d + 0.0 == d
    for g in range(ngroup):
        base, ncell, m, off = group_header(grp, g)
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


@njit(cache=True, error_model="numpy")
def hines_solve(S, foff, flen, I, ioff, ilen):
    """Hines triangularization and back substitution, one shape group and one local node j at
    a time: the j-th nodes of the group's cells and their parents are contiguous, disjoint
    ranges, so the loop over cells vectorizes; each cell sees NEURON's order (children
    eliminated in descending node order, then back substitution in ascending order)."""
    triangularize(S, foff, flen, I, ioff, ilen)
    back_substitute(S, foff, flen, I, ioff, ilen)


@njit(cache=True, inline="always", error_model="numpy")
def triangularize(S, foff, flen, I, ioff, ilen):
    """Eliminate every node into its parent, leaves first: afterwards a root's d and rhs are
    its whole tree's (a split cell's pieces add theirs at the shared root here)."""
    rhs = fview(S, foff, flen, F_RHS)
    d = fview(S, foff, flen, F_D)
    a = fview(S, foff, flen, F_A)
    b = fview(S, foff, flen, F_B)
    grp = iview(I, ioff, ilen, I_GROUP)
    gpar = iview(I, ioff, ilen, I_GROUP_PARENT)
    ngroup = grp.shape[0] // GROUP_HEADER
    for g in range(ngroup):
        base, ncell, m, off = group_header(grp, g)
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


@njit(cache=True, inline="always", error_model="numpy")
def back_substitute(S, foff, flen, I, ioff, ilen):
    """Roots first (rhs / d), then every node from its parent's solution."""
    rhs = fview(S, foff, flen, F_RHS)
    d = fview(S, foff, flen, F_D)
    b = fview(S, foff, flen, F_B)
    grp = iview(I, ioff, ilen, I_GROUP)
    gpar = iview(I, ioff, ilen, I_GROUP_PARENT)
    ngroup = grp.shape[0] // GROUP_HEADER
    for g in range(ngroup):
        base, ncell, m, off = group_header(grp, g)
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
