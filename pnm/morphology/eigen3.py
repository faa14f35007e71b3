"""NEURON's Matrix.symmeig for the 3 x 3 scatter matrices of import3d: NEURON hands them to a
general (unsymmetric) eigen solver (Eigen's EigenSolver: Hessenberg reduction, Francis
double-shift QR to real Schur form, back substitution), whose eigenvalue order and
eigenvector signs and rounding decide which way a soma contour's axes point and, for a
contour of equal widths, which points survive; so pnm takes the same steps in the same
order. Real eigenvalues only (a symmetric matrix has no others)."""

import math

import numpy as np

EPS = np.finfo(float).eps
TINY = np.finfo(float).tiny


def _householder(v):
    """(essential, tau, beta) reflecting v onto beta e0."""
    c0 = v[0]
    tail = v[1:]
    tail_sq = float(np.dot(tail, tail)) if len(tail) else 0.0
    if tail_sq <= TINY:
        return np.zeros(len(tail)), 0.0, c0
    beta = math.sqrt(c0 * c0 + tail_sq)
    if c0 >= 0:
        beta = -beta
    return tail / (c0 - beta), (beta - c0) / beta, beta


def _left(block, ess, tau):
    """block <- H block, H = I - tau [1; ess][1; ess]^T (rows of block)."""
    if block.shape[0] == 1:
        block *= (1 - tau)
    elif tau != 0:
        tmp = ess @ block[1:] + block[0]
        block[0] -= tau * tmp
        block[1:] -= np.outer(tau * ess, tmp)


def _right(block, ess, tau):
    """block <- block H (columns of block)."""
    if block.shape[1] == 1:
        block *= (1 - tau)
    elif tau != 0:
        tmp = block[:, 1:] @ ess + block[:, 0]
        block[:, 0] -= tau * tmp
        block[:, 1:] -= np.outer(tau * tmp, ess)


def _hessenberg(a):
    n = a.shape[0]
    a = a.copy()
    q = np.eye(n)
    reflectors = []
    for i in range(n - 1):
        ess, tau, beta = _householder(a[i + 1:, i].copy())
        a[i + 1, i] = beta
        a[i + 2:, i] = ess
        _left(a[i + 1:, i + 1:], ess, tau)
        _right(a[:, i + 1:], ess, tau)
        reflectors.append((i, ess.copy(), tau))
    for i, ess, tau in reversed(reflectors):    # Q = H0 H1 ..., applied to I from the right end
        _left(q[i + 1:, i + 1:], ess, tau)
    h = np.triu(a, -1)
    return h, q


def _givens(p, q):
    if q == 0:
        return (-1.0 if p < 0 else 1.0), 0.0
    if p == 0:
        return 0.0, (1.0 if q < 0 else -1.0)
    if abs(p) > abs(q):
        t = q / p
        u = math.sqrt(1 + t * t)
        if p < 0:
            u = -u
        c = 1 / u
        return c, -t * c
    t = p / q
    u = math.sqrt(1 + t * t)
    if q < 0:
        u = -u
    s = -1 / u
    return -t * s, s


def _rotate_rows(m, p, q, c, s):
    x, y = m[p].copy(), m[q].copy()
    m[p] = c * x + s * y
    m[q] = -s * x + c * y


def _rotate_cols(m, p, q, c, s):
    x, y = m[:, p].copy(), m[:, q].copy()
    m[:, p] = c * x + s * y
    m[:, q] = -s * x + c * y


class _Schur:
    def __init__(self, a):
        scale = float(np.max(np.abs(a)))
        self.n = n = a.shape[0]
        if scale < TINY:
            self.t, self.u = np.zeros((n, n)), np.eye(n)
            return
        h, q = _hessenberg(a / scale)
        self.t, self.u = h, q
        self._from_hessenberg()
        self.t *= scale

    def _norm(self):
        t = self.t
        return sum(float(np.sum(np.abs(t[:min(self.n, j + 2), j]))) for j in range(self.n))

    def _small_subdiag(self, iu, zero):
        t = self.t
        res = iu
        while res > 0:
            s = abs(t[res - 1, res - 1]) + abs(t[res, res])
            s = max(s * EPS, zero)
            if abs(t[res, res - 1]) <= s:
                break
            res -= 1
        return res

    def _from_hessenberg(self):
        t = self.t
        iu, it, total, exshift = self.n - 1, 0, 0, 0.0
        norm = self._norm()
        zero = max(norm * EPS * EPS, TINY)
        if norm == 0:
            return
        while iu >= 0:
            il = self._small_subdiag(iu, zero)
            if il == iu:
                t[iu, iu] += exshift
                if iu > 0:
                    t[iu, iu - 1] = 0
                iu -= 1
                it = 0
            elif il == iu - 1:
                self._split_two(iu, exshift)
                iu -= 2
                it = 0
            else:
                shift, exshift = self._shift(iu, it, exshift)
                it += 1
                total += 1
                if total > 40 * self.n:
                    raise ArithmeticError("Matrix.symmeig: no convergence")
                im, v = self._init_step(il, iu, shift)
                self._francis_step(il, im, iu, v)

    def _split_two(self, iu, exshift):
        t, u = self.t, self.u
        p = 0.5 * (t[iu - 1, iu - 1] - t[iu, iu])
        q = p * p + t[iu, iu - 1] * t[iu - 1, iu]
        t[iu, iu] += exshift
        t[iu - 1, iu - 1] += exshift
        if q >= 0:
            z = math.sqrt(abs(q))
            c, s = _givens(p + z if p >= 0 else p - z, t[iu, iu - 1])
            block = t[:, iu - 1:]
            _rotate_rows(block, iu - 1, iu, c, -s)          # rot.adjoint() on the left
            block = t[:iu + 1]
            _rotate_cols(block, iu - 1, iu, c, -s)          # rot on the right
            t[iu, iu - 1] = 0
            _rotate_cols(u, iu - 1, iu, c, -s)
        else:
            raise ArithmeticError("Matrix.symmeig: complex eigenvalues")
        if iu > 1:
            t[iu - 1, iu - 2] = 0

    def _shift(self, iu, it, exshift):
        t = self.t
        info = [t[iu, iu], t[iu - 1, iu - 1], t[iu, iu - 1] * t[iu - 1, iu]]
        if it == 10:
            exshift += info[0]
            for i in range(iu + 1):
                t[i, i] -= info[0]
            s = abs(t[iu, iu - 1]) + abs(t[iu - 1, iu - 2])
            info = [0.75 * s, 0.75 * s, -0.4375 * s * s]
        if it == 30:
            s = (info[1] - info[0]) / 2.0
            s = s * s + info[2]
            if s > 0:
                s = math.sqrt(s)
                if info[1] < info[0]:
                    s = -s
                s = s + (info[1] - info[0]) / 2.0
                s = info[0] - info[2] / s
                exshift += s
                for i in range(iu + 1):
                    t[i, i] -= s
                info = [0.964, 0.964, 0.964]
        return info, exshift

    def _init_step(self, il, iu, info):
        t = self.t
        v = np.zeros(3)
        im = iu - 2
        while im >= il:
            tmm = t[im, im]
            r = info[0] - tmm
            s = info[1] - tmm
            v[0] = (r * s - info[2]) / t[im + 1, im] + t[im, im + 1]
            v[1] = t[im + 1, im + 1] - tmm - r - s
            v[2] = t[im + 2, im + 1]
            if im == il:
                break
            lhs = t[im, im - 1] * (abs(v[1]) + abs(v[2]))
            rhs = v[0] * (abs(t[im - 1, im - 1]) + abs(tmm) + abs(t[im + 1, im + 1]))
            if abs(lhs) < EPS * rhs:
                break
            im -= 1
        return im, v

    def _francis_step(self, il, im, iu, first):
        t, u = self.t, self.u
        for k in range(im, iu - 1):
            v = first.copy() if k == im else t[k:k + 3, k - 1].copy()
            ess, tau, beta = _householder(v)
            if beta != 0:
                if k == im and k > il:
                    t[k, k - 1] = -t[k, k - 1]
                elif k != im:
                    t[k, k - 1] = beta
                _left(t[k:k + 3, k:], ess, tau)
                _right(t[:min(iu, k + 3) + 1, k:k + 3], ess, tau)
                _right(u[:, k:k + 3], ess, tau)
        v = t[iu - 1:iu + 1, iu - 2].copy()
        ess, tau, beta = _householder(v)
        if beta != 0:
            t[iu - 1, iu - 2] = beta
            _left(t[iu - 1:iu + 1, iu - 1:], ess, tau)
            _right(t[:iu + 1, iu - 1:iu + 1], ess, tau)
            _right(u[:, iu - 1:iu + 1], ess, tau)
        for i in range(im + 2, iu + 1):
            t[i, i - 2] = 0
            if i > im + 2:
                t[i, i - 3] = 0


def symmeig(m):
    """(eigenvalues, eigenvectors as columns of unit length), as NEURON's m.symmeig(m)."""
    schur = _Schur(np.array(m, dtype=float))
    t, vec = schur.t, schur.u
    n = t.shape[0]
    values = np.array([t[i, i] for i in range(n)])
    for i in range(n - 1):
        if t[i + 1, i] != 0:
            raise ArithmeticError("Matrix.symmeig: complex eigenvalues")
    norm = 0.0
    for j in range(n):
        lo = max(j - 1, 0)
        norm += float(np.sum(np.abs(t[j, lo:])))
    if norm != 0:
        for k in range(n - 1, -1, -1):
            p = values[k]
            lo = k
            t[k, k] = 1.0
            for i in range(k - 1, -1, -1):
                w = t[i, i] - p
                r = 0.0
                for j in range(lo, k + 1):
                    r += t[i, j] * t[j, k]
                lo = i
                t[i, k] = -r / w if w != 0 else -r / (EPS * norm)
                a = abs(t[i, k])
                if (EPS * a) * a > 1:
                    t[i:, k] /= a
        for j in range(n - 1, -1, -1):
            col = np.zeros(n)
            for k in range(j + 1):
                col = col + vec[:, k] * t[k, j]
            vec[:, j] = col
    for j in range(n):
        vec[:, j] = vec[:, j] / math.sqrt(float(np.sum(vec[:, j] * vec[:, j])))
    return values, vec
