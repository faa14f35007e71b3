"""Per-instance solvers for SOLVE ... METHOD derivimplicit | runge | sparse and LINEAR/NONLINEAR
blocks, generated as NEURON runs them (scopmath):

- derivimplicit: Newton on F(s) = f(s) - (s - s_old)/dt with the Jacobian by central finite
  differences (increment max(|0.02 s|, 1e-6)), Crout LU with row-max scaled pivoting, refresh
  of the Jacobian while the relative change > 0.05, stop at change <= 1e-6 and max|F| <= 1e-8,
  at most 50 iterations (newton_thread.hpp, crout_thread.hpp); then the block once more.
- runge: scopmath's 4th-order Runge-Kutta with its exact order of updates (runge.hpp).
- sparse (KINETIC): nocmodl's matrix form (rows of CONSERVE-replaced states first, then the
  others in nocmodl's symbol-table order, kinetic.py; reactions' fluxes with species in
  reverse order, the rate's text pasted before them; the dt and COMPARTMENT terms), Newton
  steps s += M^-1 rhs until sum|delta| <= 1e-6 (one step when every reaction is first
  order), negative states clipped for nonlinear schemes, then the block once more
  (sparse_thread.hpp). The linear solve eliminates in NEURON's sparse order (sparseorder.py,
  ordered_solve_).
- LINEAR / NONLINEAR: the same Newton as derivimplicit on the residuals lhs - rhs.
"""
from __future__ import annotations

from . import ast as A
from .emit import CALL_ARGS, JIT
from .kinetic import KineticEmitter, steady_driver


def solver_name(spec):
    return f"solve_{spec.block.name}"


def work_shape(spec):
    n = max(len(spec.states), 1)
    return (8 + n, n)


def generate_solver(em, spec):
    if spec.method == "derivimplicit":
        _residual(em, spec, implicit=True)
        _newton(em, spec, final=True)
        steady_driver(em, spec.block.name, "derivimplicit")
    elif spec.method in ("nonlinear", "linear"):
        _residual(em, spec, implicit=False)
        _newton(em, spec, final=False)
        em.lines.extend(f"""\
@njit(cache=True, error_model='numpy')
def steady_{spec.block.name}({CALL_ARGS}, work):
    \"\"\"SOLVE {spec.block.name} in INITIAL, a PROCEDURE or a FUNCTION\"\"\"
    solve_{spec.block.name}({CALL_ARGS}, work)
    return 0.0
""".splitlines())
        em.emit("", 0)
    elif spec.method == "runge":
        _derivatives(em, spec)
        _runge(em, spec)
    elif spec.method == "sparse":
        KineticEmitter(em, spec).generate()
    else:
        em.fail(spec.line, f"METHOD {spec.method} is not supported")


def _rows(em, spec):
    rows = []
    for name in spec.states:
        if name not in em.mech.field_index:
            em.fail(spec.line, f"{name} has no storage")
        rows.append(em.mech.field_index[name])
    return rows


def _prime_hook(em, spec, primes):
    def hook(stmt, depth):
        if isinstance(stmt.target, A.Prime):
            name = stmt.target.id
            if name not in spec.states:
                em.fail(stmt.line, f"{name}' = ...: {name} is not a STATE of this block")
            primes[name] = True
            target = em.formals.get(name + "'", f"d_{spec.states.index(name)}")
            em.emit(f"{target} = {em.expr(stmt.expr, stmt.line)}", depth)
        else:
            em.assign(stmt, depth)
    return hook


def _residual(em, spec, implicit):
    """F into value[]; derivimplicit: D - (s - saved)/dt, LINEAR/NONLINEAR: lhs - rhs."""
    name = spec.block.name
    primes, eqs = {}, []

    def linear_eq(stmt, depth):
        em.emit(f"value[{len(eqs)}] = ({em.expr(stmt.lhs, stmt.line)}) - "
                f"({em.expr(stmt.rhs, stmt.line)})", depth)
        eqs.append(stmt)
    em.reset(hooks={A.Assign: _prime_hook(em, spec, primes), A.LinearEq: linear_eq})
    em.emit(JIT, 0)
    em.emit(f"def residual_{name}({CALL_ARGS}, saved, value):", 0)
    for k, state in enumerate(spec.states):
        if state + "'" in em.mech.field_index:       # read before assigned: kept per instance
            em.formals[state + "'"] = f"inst[{em.mech.field_index[state + chr(39)]}, i]"
        em.emit(f"d_{k} = 0.0", 1)
    em.block(spec.block.body, 1)
    if implicit:
        for k, row in enumerate(_rows(em, spec)):
            derivative = em.formals.get(spec.states[k] + "'", f"d_{k}")
            em.emit(f"value[{k}] = {derivative} - (inst[{row}, i] - saved[{k}]) / dt", 1)
    elif len(eqs) != len(spec.states):
        em.fail(spec.line, f"{spec.block.kind} {name}: {len(eqs)} equations for "
                f"{len(spec.states)} unknown states ({', '.join(spec.states)})")
    em.emit("return 0.0", 1)
    em.emit("", 0)


_NEWTON = """\
@njit(cache=True, error_model='numpy')
def solve_{name}({args}, work):
    n = {n}
    rows = ({rows},)
    saved = work[0]
    value = work[1]
    delta = work[2]
    high = work[3]
    low = work[4]
    rowmax = work[5]
    jac = work[8:8 + n]
    perm = np.empty(n, np.int64)
    for k in range(n):
        saved[k] = inst[rows[k], i]
    count = 0
    change = 1.0
    while count < 50:
        count += 1
        if change > 0.05:
            for j in range(n):
                incr = max(abs(0.02 * inst[rows[j], i]), 1e-6)
                inst[rows[j], i] += incr
                residual_{name}({args}, saved, value)
                for k in range(n):
                    high[k] = value[k]
                inst[rows[j], i] -= 2.0 * incr
                residual_{name}({args}, saved, value)
                for k in range(n):
                    low[k] = value[k]
                    jac[k, j] = (high[k] - low[k]) / (2.0 * incr)
                inst[rows[j], i] += incr
                residual_{name}({args}, saved, value)
            for k in range(n):
                value[k] = -value[k]
            crout_(n, jac, perm, rowmax)
        lu_solve_(n, jac, value, perm, delta)
        change = 0.0
        for k in range(n):
            x = inst[rows[k], i]
            if abs(x) > 1e-8 and abs(delta[k] / x) > change:
                change = abs(delta[k] / x)
            inst[rows[k], i] = x + delta[k]
        residual_{name}({args}, saved, value)
        max_dev = 0.0
        for k in range(n):
            value[k] = -value[k]
            if abs(value[k]) > max_dev:
                max_dev = abs(value[k])
        if change <= 1e-6 and max_dev <= 1e-8:
            break
        if count == 50:
            raise RuntimeError("{where}: Newton iteration did not converge in 50 steps")
{final}    return 0.0

"""


def _newton(em, spec, final):
    rows = _rows(em, spec)
    tail = f"    residual_{spec.block.name}({CALL_ARGS}, saved, value)\n" if final else ""
    em.lines.extend(_NEWTON.format(
        name=spec.block.name, args=CALL_ARGS, n=len(rows), rows=", ".join(map(str, rows)),
        where=f"{em.mech.path}:{spec.line} SOLVE {spec.block.name}", final=tail)
        .splitlines())


def _derivatives(em, spec):
    primes = {}
    em.reset(hooks={A.Assign: _prime_hook(em, spec, primes)})
    em.emit(JIT, 0)
    em.emit(f"def deriv_{spec.block.name}({CALL_ARGS}, d):", 0)
    for k in range(len(spec.states)):
        em.emit(f"d_{k} = 0.0", 1)
    em.block(spec.block.body, 1)
    for k in range(len(spec.states)):
        em.emit(f"d[{k}] = d_{k}", 1)
    em.emit("return 0.0", 1)
    em.emit("", 0)


def _runge(em, spec):
    name, rows = spec.block.name, _rows(em, spec)
    args_t = CALL_ARGS.replace(", t,", ", tt,")
    em.lines.extend(f"""\
@njit(cache=True, error_model='numpy')
def solve_{name}({CALL_ARGS}, work):
    n = {len(rows)}
    rows = ({", ".join(map(str, rows))},)
    h = dt
    y0 = work[0]
    acc = work[1]
    d = work[2]
    tt = t
    deriv_{name}({args_t}, d)
    for k in range(n):
        y0[k] = inst[rows[k], i]
        temp = (h / 2.0) * d[k]
        inst[rows[k], i] += temp
        acc[k] = y0[k] + temp / 3.0
    tt += h / 2.0
    deriv_{name}({args_t}, d)
    for k in range(n):
        temp = h * d[k]
        inst[rows[k], i] = y0[k] + temp / 2.0
        acc[k] += temp / 3.0
    deriv_{name}({args_t}, d)
    for k in range(n):
        temp = h * d[k]
        inst[rows[k], i] = y0[k] + temp
        acc[k] += temp / 3.0
    tt += h / 2.0
    deriv_{name}({args_t}, d)
    for k in range(n):
        inst[rows[k], i] = acc[k] + (h / 6.0) * d[k]
    return 0.0
""".splitlines())
    em.emit("", 0)


LINALG = '''
@njit(cache=True, error_model='numpy')
def crout_(n, a, perm, rowmax):
    """scopmath's nrn_crout_thread: Crout LU with row-max scaled partial pivoting."""
    save_i = 0
    for i in range(n):
        perm[i] = i
        k = 0
        for j in range(1, n):
            if abs(a[i, j]) > abs(a[i, k]):
                k = j
        rowmax[i] = a[i, k]
    for r in range(n):
        for i in range(r, n):
            s = 0.0
            irow = perm[i]
            for k in range(r):
                s += a[irow, k] * a[perm[k], r]
            a[irow, r] -= s
        pivot = perm[r]
        equil_1 = abs(a[pivot, r] / rowmax[pivot])
        for i in range(r + 1, n):
            irow = perm[i]
            equil_2 = abs(a[irow, r] / rowmax[irow])
            if equil_2 > equil_1:
                pivot = irow
                save_i = i
                equil_1 = equil_2
        if pivot != perm[r]:
            perm[save_i] = perm[r]
            perm[r] = pivot
        if abs(a[pivot, r]) < 1.e-20:
            raise RuntimeError("singular Jacobian in a derivimplicit/NONLINEAR solve")
        for j in range(r + 1, n):
            s = 0.0
            for k in range(r):
                s += a[pivot, k] * a[perm[k], j]
            a[pivot, j] = (a[pivot, j] - s) / a[pivot, r]


@njit(cache=True, error_model='numpy')
def lu_solve_(n, a, b, perm, p):
    """scopmath's nrn_scopmath_solve_thread after crout_."""
    for i in range(n):
        pivot = perm[i]
        s = 0.0
        for j in range(i):
            s += a[pivot, j] * p[j]
        p[i] = (b[pivot] - s) / a[pivot, i]
    for i in range(n - 1, -1, -1):
        pivot = perm[i]
        s = 0.0
        for j in range(i + 1, n):
            s += a[pivot, j] * p[j]
        p[i] -= s


@njit(cache=True, error_model='numpy')
def ordered_solve_(n, a, b, order, has):
    """Solve a x = b in place (b <- x) as NEURON's sparse_thread (matsol, bksub): elimination
    without pivoting in the rows' minimum-degree order (sparseorder.py), only over the
    elements the sparse structure has (has[r, c])."""
    for ii in range(n):
        p = order[ii]
        piv = a[p, p]
        if abs(piv) <= 1e-20:
            raise RuntimeError("singular matrix in a KINETIC (sparse) solve")
        for jj in range(ii + 1, n):
            r = order[jj]
            if has[r, p]:
                f = a[r, p] / piv
                b[r] -= b[p] * f
                for kk in range(ii + 1, n):
                    c = order[kk]
                    if has[p, c]:
                        a[r, c] -= a[p, c] * f
    for ii in range(n - 1, -1, -1):
        p = order[ii]
        for kk in range(ii + 1, n):
            c = order[kk]
            if has[p, c]:
                b[p] -= a[p, c] * b[c]
        b[p] /= a[p, p]


@njit(cache=True, error_model='numpy')
def dense_solve_(n, a, b):
    """Solve a x = b in place (b <- x): Gaussian elimination with partial pivoting."""
    for c in range(n):
        p = c
        for r in range(c + 1, n):
            if abs(a[r, c]) > abs(a[p, c]):
                p = r
        if a[p, c] == 0.0:
            raise RuntimeError("singular matrix in a KINETIC (sparse) solve")
        if p != c:
            for k in range(n):
                a[c, k], a[p, k] = a[p, k], a[c, k]
            b[c], b[p] = b[p], b[c]
        for r in range(c + 1, n):
            f = a[r, c] / a[c, c]
            if f != 0.0:
                for k in range(c, n):
                    a[r, k] -= f * a[c, k]
                b[r] -= f * b[c]
    for c in range(n - 1, -1, -1):
        s = b[c]
        for k in range(c + 1, n):
            s -= a[c, k] * b[k]
        b[c] = s / a[c, c]
'''
