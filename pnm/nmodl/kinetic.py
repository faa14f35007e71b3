"""KINETIC blocks (SOLVE ... METHOD sparse) in nocmodl's matrix form; see solvers.py for the
iteration. Generates `kin_<block>(..., saved, mat, rhs)` (one evaluation of the scheme into a
zeroed matrix) and `solve_<block>(..., work)`."""
from __future__ import annotations

import dataclasses

from . import ast as A
from .emit import CALL_ARGS, JIT
from .sparseorder import minimum_order


class KineticEmitter:
    def __init__(self, em, spec):
        self.em, self.spec = em, spec
        self.mech = em.mech
        self.name = spec.block.name
        self.conserve_row = {}          # id(CONSERVE statement) -> the state it replaces
        # FROM loops over constant bounds written out (cabpump's ~ ca[i] <-> ca[i+1])
        self.body = unroll(spec.block.body, self.mech.defines, em.fail)
        self.order = self._order()
        self.row = {s: k for k, s in enumerate(self.order)}
        self.volume = {}                # state -> COMPARTMENT volume expression
        self.linear = True

    # ---- ordering as nocmodl: CONSERVE'd states (last CONSERVE first), then the rest -----
    def species(self, e):
        """State name of a species expression (Name or Index with a constant index)."""
        if isinstance(e, A.Name) and e.id in self.spec.states:
            return e.id
        if isinstance(e, A.Index) and isinstance(e.index, A.Num):
            name = f"{e.id}[{int(e.index.value)}]"
            return name if name in self.spec.states else None
        if isinstance(e, A.Index) and e.id in self.mech.array_sizes:
            self.em.fail(self.spec.line, f"KINETIC {self.name}: {e.id}[...] with a computed "
                         "index is not supported yet (write the FROM loop out)")
        return None

    def conserve_terms(self, stmt):
        terms = []

        def visit(e, sign):
            if isinstance(e, A.BinOp) and e.op in "+-":
                visit(e.left, sign)
                visit(e.right, sign if e.op == "+" else -sign)
            elif isinstance(e, A.BinOp) and e.op == "*" and isinstance(e.left, A.Num):
                terms.append((sign * e.left.value, self.species(e.right)))
            else:
                terms.append((float(sign), self.species(e)))
        visit(stmt.lhs, 1)
        if any(s is None for _, s in terms):
            self.em.fail(stmt.line, "CONSERVE: every term must be a STATE of the KINETIC "
                         "block (optionally times a number)")
        return terms

    def _order(self):
        """nocmodl's varnum order (kinetic.cpp massagekinetic): for each CONSERVE, last one
        first, its last state not yet taken; then the other states of the reactions in its
        symbol table's order: by first character, names sharing it latest installed (first
        seen in the file) first, an array's elements together."""
        conserved, seen = [], []
        for stmt in self.body:
            if isinstance(stmt, A.Conserve):
                for _, s in reversed(self.conserve_terms(stmt)):
                    if s not in conserved:
                        conserved.insert(0, s)
                        self.conserve_row[id(stmt)] = s
                        break
                else:
                    self.em.fail(stmt.line, "CONSERVE: all its states are already replaced "
                                 "by another CONSERVE")
            elif isinstance(stmt, (A.Reaction, A.Flux)):
                sides = stmt.lhs + stmt.rhs if isinstance(stmt, A.Reaction) else \
                    stmt.species
                for _, e in sides:
                    s = self.species(e)
                    if s is not None and s not in seen:
                        seen.append(s)
        rank = getattr(self.mech, "name_rank", {})

        def table_place(state):
            base, _, index = state.partition("[")
            return (ord(base[0]), -rank.get(base, -1), int(index.rstrip("]") or 0))
        rest = sorted((s for s in seen if s not in conserved), key=table_place)
        rest += [s for s in self.spec.states if s not in conserved and s not in rest]
        return conserved + rest

    # ---- code ------------------------------------------------------------------------------
    def generate(self):
        em = self.em
        self.collect_volumes()
        em.reset(hooks={A.Reaction: self.reaction, A.Flux: self.flux,
                        A.Conserve: self.conserve, A.Compartment: lambda s, d: False,
                        A.LongitudinalDiffusion: self.ldiffusion})
        em.locals.update(("f_flux", "b_flux"))
        em.emit(JIT, 0)
        em.emit(f"def kin_{self.name}({CALL_ARGS}, saved, mat, rhs):", 0)
        first_line = len(em.lines)
        em.emit("l_f_flux = 0.0", 1)
        em.emit("l_b_flux = 0.0", 1)
        em.emit("dt1 = 1.0 / dt", 1)
        replaced = set(self.conserve_row.values())
        for s in self.order:
            if s in replaced:
                continue
            k, field = self.row[s], em.mech.field_index[s]
            em.emit(f"rhs[{k}] = -dt1 * (inst[{field}, i] - saved[{k}])", 1)
            em.emit(f"mat[{k}, {k}] = dt1", 1)
        for s in self.order:
            if s in self.volume and s not in replaced:
                k, vol = self.row[s], em.expr(self.volume[s], self.spec.line)
                em.emit(f"rhs[{k}] *= {vol}", 1)
                em.emit(f"mat[{k}, {k}] *= {vol}", 1)
        em.block(self.body, 1)
        em.emit("return 0.0", 1)
        em.emit("", 0)
        self._sparse_structure(em.lines[first_line:])
        self._driver()

    def collect_volumes(self):
        """self.volume: each state's COMPARTMENT volume expression."""
        for stmt in self.body:
            if isinstance(stmt, A.Compartment):
                for s in stmt.species:
                    for k, name in enumerate(self.expand(s)):
                        self.volume[name] = stmt.volume if stmt.index is None else \
                            substitute(stmt.volume, stmt.index, k)

    def _sparse_structure(self, lines):
        """NEURON's elimination order for this block's matrix (sparseorder.py), from the
        elements kin_ writes, as module constants the driver passes to ordered_solve_."""
        import re
        n = len(self.order)
        touched = {(int(r), int(c)) for line in lines
                   for r, c in re.findall(r"\bmat\[(\d+), (\d+)\]", line)}
        order, struct = minimum_order(n, touched)
        has = [[(r, c) in struct for c in range(n)] for r in range(n)]
        self.em.lines.append(f"_order_{self.name} = np.array({order}, dtype=np.int64)")
        self.em.lines.append(f"_has_{self.name} = np.array({has}, dtype=np.bool_)")
        self.em.emit("", 0)

    def ldiffusion(self, stmt, depth):
        self.em.fail(stmt.line, "LONGITUDINAL_DIFFUSION is not supported by pnm's code "
                     "generator yet (diffusion between segments needs the engine)")

    def expand(self, name):
        n = self.mech.array_sizes.get(name)
        return [name] if n is None else [f"{name}[{k}]" for k in range(n)]

    def _rows_of(self, side):
        out = []
        for coef, e in side:
            s = self.species(e)
            if s is not None and s not in set(self.conserve_row.values()):
                out.append((coef, s))
        return out

    def product(self, rate, side, line, skip=None, first=()):
        """rate * species (reverse order, each to its coefficient) as nocmodl; `skip` drops
        one factor of that state (the partial derivative), `first` factors go before them."""
        factors, dropped = list(first), False
        for coef, e in reversed(side):
            count = int(coef)
            if coef != count:
                self.em.fail(line, "stoichiometric coefficients must be whole numbers")
            s = self.species(e)
            for _ in range(count):
                if s is not None and s == skip and not dropped:
                    dropped = True
                    continue
                factors.append(e)
        return self.em.expr(pasted(rate, factors), line)

    def reaction(self, stmt, depth):
        em, line = self.em, stmt.line
        order = sum(int(c) for c, e in stmt.lhs if self.species(e) is not None)
        border = sum(int(c) for c, e in stmt.rhs if self.species(e) is not None)
        if order > 1 or border > 1:
            self.linear = False
        kb = stmt.kb if stmt.op == "<->" else None
        em.emit(f"l_f_flux = {self.product(stmt.kf, stmt.lhs, line)}", depth)
        em.emit(f"l_b_flux = {self.product(kb, stmt.rhs, line)}" if kb is not None else
                "l_b_flux = 0.0", depth)
        lrows, rrows = self._rows_of(stmt.lhs), self._rows_of(stmt.rhs)
        for coef, s in lrows:
            em.emit(f"rhs[{self.row[s]}] -= {_c(coef)}(l_f_flux - l_b_flux)", depth)
        for coef, s in rrows:
            em.emit(f"rhs[{self.row[s]}] += {_c(coef)}(l_f_flux - l_b_flux)", depth)
        for side, rate, sign in ((stmt.lhs, stmt.kf, 1), (stmt.rhs, kb, -1)):
            if rate is None:
                continue
            done = set()
            for coef, e in reversed(side):
                s = self.species(e)
                if s is None or s in done:
                    continue
                done.add(s)
                mult = sum(c for c, x in side if self.species(x) == s)
                term = self.product(rate, side, line, skip=s)
                em.emit(f"term = {_c(mult)}{term}", depth)
                col = self.row[s]
                for c2, s2 in lrows:
                    em.emit(f"mat[{self.row[s2]}, {col}] {'+' if sign > 0 else '-'}= "
                            f"{_c(c2)}term", depth)
                for c2, s2 in rrows:
                    em.emit(f"mat[{self.row[s2]}, {col}] {'-' if sign > 0 else '+'}= "
                            f"{_c(c2)}term", depth)

    def flux(self, stmt, depth):
        em = self.em
        em.emit("l_f_flux = 0.0", depth)
        em.emit(f"l_b_flux = {em.expr(stmt.rate, stmt.line)}", depth)
        for coef, s in self._rows_of(stmt.species):
            em.emit(f"rhs[{self.row[s]}] += l_b_flux", depth)

    def conserve(self, stmt, depth):
        em = self.em
        k = self.row[self.conserve_row[id(stmt)]]
        em.emit(f"rhs[{k}] = {em.expr(stmt.rhs, stmt.line)}", depth)
        for coef, s in reversed(self.conserve_terms(stmt)):
            vol = f" * ({em.expr(self.volume[s], stmt.line)})" if s in self.volume else ""
            em.emit(f"mat[{k}, {self.row[s]}] = {coef!r}{vol}", depth)
            em.emit(f"rhs[{k}] -= {_c(coef)}inst[{em.mech.field_index[s]}, i]{vol}", depth)

    def _driver(self):
        """sparse_<name>(..., single): NEURON's sparse_thread: single = 1 one Newton step
        (linear schemes), 0 iterate to 1e-6 with negative states clipped to 0 (nonlinear);
        solve_<name> as nrn_state calls it; steady_<name> as _ss_sparse_thread."""
        n = len(self.order)
        rows = ", ".join(str(self.mech.field_index[s]) for s in self.order)
        self.em.lines.extend(f"""\
@njit(cache=True, error_model='numpy')
def sparse_{self.name}({CALL_ARGS}, work, single):
    n = {n}
    rows = ({rows},)
    saved = work[0]
    rhs = work[1]
    mat = work[8:8 + n]
    for k in range(n):
        saved[k] = inst[rows[k], i]
    err = 1.0
    j = 0
    while err > 1e-6:
        mat[:, :] = 0.0
        kin_{self.name}({CALL_ARGS}, saved, mat, rhs)
        ordered_solve_(n, mat, rhs, _order_{self.name}, _has_{self.name})
        err = 0.0
        for k in range(n):
            inst[rows[k], i] += rhs[k]
            if single == 0 and inst[rows[k], i] < 0.0:
                inst[rows[k], i] = 0.0
            err += abs(rhs[k])
        if j > 20:
            raise RuntimeError("{self.mech.path}:{self.spec.line}: KINETIC {self.name} did not "
                               "converge in 20 Newton steps")
        j += 1
        if single != 0:
            break
    mat[:, :] = 0.0
    kin_{self.name}({CALL_ARGS}, saved, mat, rhs)
    return 0.0


@njit(cache=True, error_model='numpy')
def solve_{self.name}({CALL_ARGS}, work):
    return sparse_{self.name}({CALL_ARGS}, work, {1 if self.linear else 0})


@njit(cache=True, error_model='numpy')
def steady_{self.name}({CALL_ARGS}, work):
    \"\"\"SOLVE {self.name} STEADYSTATE sparse (scopmath's _ss_sparse_thread, dt = 1e9)\"\"\"
    dt = 1e9
    if {1 if self.linear else 0}:
        return sparse_{self.name}({CALL_ARGS}, work, 0)
    rows = ({rows},)
    for _k in range(7):
        sparse_{self.name}({CALL_ARGS}, work, 1)
        ok = True
        for k in range({n}):
            if inst[rows[k], i] < -1e-6:
                inst[rows[k], i] = 0.0
                ok = False
        if ok:
            return sparse_{self.name}({CALL_ARGS}, work, 0)
    raise RuntimeError("{self.mech.path}: SOLVE {self.name} STEADYSTATE sparse did not "
                       "reach non-negative states in 7 solves")
""".splitlines())
        self.em.emit("", 0)


LOW_PRECEDENCE = ("+", "-", "<", "<=", ">", ">=", "==", "!=", "&&", "||")


def pasted(rate, factors):
    """rate * factor * ... as nocmodl writes a reaction's flux and its matrix terms: the
    rate's text pasted before `*factor`, without parentheses (`~ C <-> O (a + b, c)` gives
    f_flux = a + b*C), unless the .mod wrote them."""
    if isinstance(rate, A.BinOp) and not rate.grouped and rate.op in LOW_PRECEDENCE:
        return A.BinOp(rate.op, rate.left, pasted(rate.right, factors))
    for f in factors:
        rate = A.BinOp("*", rate, f)
    return rate


def first_appearances(text):
    """{name: place of its first appearance in the .mod text} outside comments, VERBATIM
    and strings: nocmodl installs a name in its symbol table when its lexer first meets it."""
    import re
    from .parse import blank_comment_blocks
    code, in_verbatim = [], False
    for line in blank_comment_blocks(text.replace("\r\n", "\n")).split("\n"):
        if in_verbatim or re.match(r"\s*VERBATIM\b", line):
            in_verbatim = "ENDVERBATIM" not in line
            continue
        if re.match(r"\s*TITLE\b", line):
            continue
        code.append(re.sub(r'"[^"]*"', " ", re.split(r"[:?]", line, maxsplit=1)[0]))
    out = {}
    for m in re.finditer(r"(?<![\w.])[A-Za-z_]\w*", "\n".join(code)):
        out.setdefault(m.group(0), len(out))
    return out


def steady_driver(em, name, method):
    """SOLVE name STEADYSTATE derivimplicit (INITIAL, FUNCTION), as scopmath's
    _ss_derivimplicit: the solver with dt = 1e9."""
    em.lines.extend(f"""\
@njit(cache=True, error_model='numpy')
def steady_{name}({CALL_ARGS}, work):
    \"\"\"SOLVE {name} STEADYSTATE {method}\"\"\"
    dt = 1e9
    solve_{name}({CALL_ARGS}, work)
    return 0.0
""".splitlines())
    em.emit("", 0)


def constant(e, defines):
    """The value of a constant integer expression (numbers, DEFINEs, + - * /), else None."""
    if isinstance(e, A.Num):
        return e.value
    if isinstance(e, A.Name) and e.id in defines:
        return float(defines[e.id])
    if isinstance(e, A.Neg):
        x = constant(e.operand, defines)
        return None if x is None else -x
    if isinstance(e, A.BinOp) and e.op in "+-*/":
        a, b = constant(e.left, defines), constant(e.right, defines)
        if a is None or b is None or (e.op == "/" and b == 0):
            return None
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if e.op == "/" else 0}[e.op]
    return None


def substitute(node, var, value):
    """node with the name var replaced by the number value; array indices folded."""
    if isinstance(node, A.Name):
        return A.Num(float(value)) if node.id == var else node
    if isinstance(node, A.Index):
        index = substitute(node.index, var, value)
        folded = constant(index, {})
        return A.Index(node.id, A.Num(folded) if folded is not None else index)
    if isinstance(node, (list, tuple)):
        return type(node)(substitute(x, var, value) for x in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {f.name: substitute(getattr(node, f.name), var, value)
                   for f in dataclasses.fields(node) if f.name != "line"}
        return dataclasses.replace(node, **changes)
    return node


def unroll(stmts, defines, fail):
    """KINETIC statements with each FROM loop written out for its constant bounds."""
    out = []
    for s in stmts:
        if not isinstance(s, A.FromLoop):
            out.append(s)
            continue
        lo, hi = constant(s.lo, defines), constant(s.hi, defines)
        by = constant(s.by, defines) if s.by is not None else 1.0
        if lo is None or hi is None or not by:
            fail(s.line, f"FROM {s.var} in a KINETIC block: the bounds must be constant "
                 "(numbers or DEFINEs), as the scheme's size is fixed")
        for k in range(int(lo), int(hi) + 1, int(by)):
            out.extend(unroll([substitute(b, s.var, k) for b in s.body], defines, fail))
    return out


def _c(coef):
    return "" if coef == 1.0 else f"{coef!r} * "
