"""The numerics of multisplit's coupling step (multicouple.py holds the MPI part): each
piece's share of its cell's reduced system, the reduced system's solution, and the solution
put back into the piece. Cached on disk like the coupling step (mpicall.py)."""

import numpy as np
from .. import compilelock

compilelock.install()        # before this module's numba kernels are defined

from numba import njit

REC = 8             # area1, area2, S11, S12, S21, S22, Sg1, Sg2
LOCAL_ROW = 8       # rel, s1 node, s2 node, path first, path count, cell, sid 1, sid 2 (index)
CELL_ROW = 4        # number of sids, first piece, number of pieces, first sid value
PIECE_ROW = 3       # rel, sid 1 index, sid 2 index (-1)
PEER_ROW = 3        # rank, records sent, records received
META, LOCAL, PATH, PEER, SEND, RECV, CELL, CPIECE = range(8)
NFIELD = 8


def pack_fields(fields):
    """[NFIELD, (offset, length) * NFIELD, data...] from a list of int sequences."""
    head, data = [len(fields)], []
    start = 1 + 2 * len(fields)
    for f in fields:
        head += [start + len(data), len(f)]
        data += list(f)
    return np.array(head + data, dtype=np.int64)


@njit(cache=True, inline="always")
def field(table, k):
    off = table[1 + 2 * k]
    return table[off:off + table[2 + 2 * k]]


@njit(cache=True)
def piece_share(d, rhs, a, b, area, row, path, rec):
    """One local piece's record: 1 sid -> (d, rhs) of its root; 2 sids -> S = G^-1, S g."""
    s1, s2, m = row[1], row[2], row[4]
    rec[:] = 0.0
    rec[0] = area[s1]
    if s2 < 0:
        rec[2] = d[s1]
        rec[6] = rhs[s1]
        return
    rec[1] = area[s2]
    nodes = path[row[3]:row[3] + m]
    up = np.empty(m + 1)             # response to a unit current at s2, along the path
    up[0] = 1.0
    for j in range(m):
        up[j + 1] = -a[nodes[j]] / d[nodes[j]] * up[j]
    g1 = rhs[s1] / d[s1]
    u1 = 1.0 / d[s1]
    w1 = up[m] / d[s1]
    g2, u2, w2 = g1, u1, w1
    for j in range(m - 1, -1, -1):
        n = nodes[j]
        g2 = (rhs[n] - b[n] * g2) / d[n]
        u2 = (-b[n] * u2) / d[n]
        w2 = (up[j] - b[n] * w2) / d[n]
    det = u1 * w2 - w1 * u2          # G = [[u1, w1], [u2, w2]]
    s11, s12, s21, s22 = w2 / det, -w1 / det, -u2 / det, u1 / det
    rec[2], rec[3], rec[4], rec[5] = s11, s12, s21, s22
    rec[6] = s11 * g1 + s12 * g2
    rec[7] = s21 * g1 + s22 * g2


@njit(cache=True)
def sid_scales(pieces, records, n):
    """Per sid of a cell: 1 when every piece has the same node area there, else NaN (then
    each piece's rows are multiplied by its own area)."""
    first = np.full(n, -1.0)
    scale = np.ones(n)
    for k in range(pieces.shape[0] // PIECE_ROW):
        rec = records[pieces[PIECE_ROW * k]]
        for slot in range(2):
            i = pieces[PIECE_ROW * k + 1 + slot]
            if i >= 0:
                if first[i] < 0:
                    first[i] = rec[slot]
                elif first[i] != rec[slot]:
                    scale[i] = np.nan
    return scale


@njit(cache=True)
def solve_cell(pieces, records, n, out_d, out_r):
    """The reduced system of one cell, summed in the global piece order and solved: for one
    sid, out_d/out_r = the summed d and rhs (rhs / d is its value, as for splitcell); else
    out_d = 1 and out_r = the values."""
    scale = sid_scales(pieces, records, n)
    m = np.zeros((n, n))
    r = np.zeros(n)
    for k in range(pieces.shape[0] // PIECE_ROW):
        rec = records[pieces[PIECE_ROW * k]]
        idx = pieces[PIECE_ROW * k + 1:PIECE_ROW * k + 3]
        for p in range(2):
            i = idx[p]
            if i < 0:
                continue
            f = rec[p] if np.isnan(scale[i]) else 1.0
            r[i] += f * rec[6 + p]
            for q in range(2):
                if idx[q] >= 0:
                    m[i, idx[q]] += f * rec[2 + 2 * p + q]
    if n == 1:
        out_d[0], out_r[0] = m[0, 0], r[0]
        return
    for j in range(n):               # an M-matrix: no pivoting
        for i in range(j + 1, n):
            if m[i, j] != 0.0:
                f = m[i, j] / m[j, j]
                for c in range(j, n):
                    m[i, c] -= f * m[j, c]
                r[i] -= f * r[j]
    for i in range(n - 1, -1, -1):
        acc = r[i]
        for c in range(i + 1, n):
            acc -= m[i, c] * out_r[c]
        out_r[i] = acc / m[i, i]
        out_d[i] = 1.0


@njit(cache=True)
def apply_solution(d, rhs, a, row, path, rec, xd, xr, nsid):
    """Fix the piece's root at its cell's solution; push a backbone's current up its path."""
    s1, s2, i1, i2 = row[1], row[2], row[6], row[7]
    d[s1], rhs[s1] = xd[i1], xr[i1]
    if s2 < 0 or nsid == 1:
        return
    x1, x2 = xr[i1], xr[i2]
    current = rec[4] * x1 + rec[5] * x2 - rec[7]
    m = row[4]
    nodes = path[row[3]:row[3] + m]
    for j in range(m):
        n = nodes[j]
        rhs[n] += current
        current = -a[n] / d[n] * current
