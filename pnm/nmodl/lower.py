"""Stage 3: a checked ModFile -> Mechanism, the description the code generator and the engine
read: instance fields with their kinds, globals, ion use, currents, and state updates in solved
form (cnexp as nocmodl's analytic step, euler explicit)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Optional

from . import ast as A, derivorder
from .check import mechanism_name
from .emit import AT_TIME_GLOBALS, RANDOM_GIX, RANDOM_PARTS, SCOP_FUNCS, SCOP_STATE, VECTOR_START
from .kinetic import first_appearances
from .memo import memo_invariants
from .threadsafe import vectorized
from .parse import NmodlError, walk_statements
from .units import UnitsError, unit_table
from .unknowns import solver_unknowns

FIELD_KINDS = ("parameter", "assigned", "state", "ion_read", "ion_write", "current",
               "memo")


@dataclass
class Field:
    """One per-instance value (a row of the mechanism's structure-of-arrays)."""
    name: str
    kind: str                    # one of FIELD_KINDS
    default: float = 0.0
    units: str = ""
    range_var: bool = True       # visible to the user as seg.<mech>.<name>


@dataclass
class Global:
    name: str
    default: float
    units: str = ""
    constant: bool = False       # CONSTANT / UNITS factor: never changes
    top_local: bool = False      # a top-level LOCAL: no hoc name (not in MechanismStandard)


@dataclass
class IonUse:
    ion: str
    read: list
    write: list
    valence: Optional[float]


@dataclass
class StateUpdate:
    """state <- solved expression (lowered AST); method says how it was derived."""
    state: str
    expr: object
    method: str
    rhs: object = None      # cnexp: the x' = rhs it came from (the variable step's ode_spec)


@dataclass
class TableSpec:
    """TABLE names DEPEND deps FROM lo TO hi WITH n in FUNCTION/PROCEDURE `owner`."""
    owner: str
    names: list                  # assigned variables tabulated (PROCEDURE); [] for a FUNCTION
    depend: list
    lo: object
    hi: object
    n: int


@dataclass
class SolveSpec:
    """SOLVE block METHOD m for derivimplicit, runge, sparse (KINETIC), LINEAR, NONLINEAR:
    generated as a per-instance solver (solvers.py); `states` are the unknowns in order."""
    block: object                # ast.Callable
    method: str
    states: list
    line: int


@dataclass
class Mechanism:
    name: str
    kind: str                    # density, point_process, artificial_cell
    path: str
    source_sha256: str
    fields: list
    globals: list
    ions: list
    currents: list               # names of currents the BREAKPOINT computes (NONSPECIFIC + ion)
    electrode_currents: list
    initial: list                # statements
    breakpoint: list             # statements without SOLVE (the current equations)
    solve_prelude: list          # statements of the DERIVATIVE block before the equations
    state_updates: list          # [StateUpdate] applied in order after the prelude
    callables: dict              # FUNCTION/PROCEDURE name -> ast.Callable
    tables: list                 # [TableSpec]
    net_receive: Optional[A.Callable] = None
    threadsafe: bool = False
    vectorized: bool = True      # nocmodl's thread-safe code (threadsafe.py)
    ion_columns: list = field(default_factory=list)   # [(ion, variable)] rows of ion_index
    field_index: dict = field(default_factory=dict)
    global_index: dict = field(default_factory=dict)
    solves: list = field(default_factory=list)        # [SolveSpec] after cnexp/euler updates
    steady_solves: list = field(default_factory=list)  # [SolveSpec] of INITIAL's STEADYSTATE
    array_sizes: dict = field(default_factory=dict)   # array name -> length (rows from base)
    randoms: list = field(default_factory=list)       # RANDOM names (RANDOM_PARTS rows)
    pointers: list = field(default_factory=list)      # POINTER names (columns into ion_values)
    vectors: list = field(default_factory=list)       # BBCOREPOINTER names: bound Vectors
    written_pointers: set = field(default_factory=set)  # POINTERs the code assigns
    defines: dict = field(default_factory=dict)
    state_names: list = field(default_factory=list)   # scalar STATE names and array bases
    memo: object = None       # memo.Memo: the state updates' remembered invariant parts
    bp_solves: list = field(default_factory=list)     # [(ast.Solve, its block)] (cvodegen)

    def size_of(self, size):
        """An array size: an int or a DEFINE name."""
        if isinstance(size, int):
            return size
        if size in self.defines:
            return int(self.defines[size])
        raise NmodlError(self.path, 0, f"array size {size} is not a number or DEFINE")


def lower(mod):
    """ModFile (already checked) -> Mechanism."""
    name = mechanism_name(mod)
    kind = {"SUFFIX": "density", "POINT_PROCESS": "point_process",
            "ARTIFICIAL_CELL": "artificial_cell", "": "density"}[mod.neuron.kind]
    fields, globals_, arrays = _variables(mod)
    mech = Mechanism(
        name=name, kind=kind, path=mod.path,
        source_sha256=hashlib.sha256(mod.text.encode()).hexdigest(),
        fields=fields, globals=globals_,
        ions=[IonUse(u.ion, u.read, u.write, u.valence) for u in mod.neuron.useions],
        currents=_currents(mod),
        electrode_currents=[n for n, _ in mod.neuron.lists.get("ELECTRODE_CURRENT", [])],
        initial=list(mod.initial or []),
        breakpoint=[s for s in (mod.breakpoint or []) if not isinstance(s, A.Solve)],
        solve_prelude=[], state_updates=[],
        callables={c.name: c for c in mod.callables.values()
                   if c.kind in ("FUNCTION", "PROCEDURE", "FUNCTION_TABLE")},
        tables=_tables(mod, arrays), net_receive=mod.net_receive, threadsafe=mod.neuron.threadsafe,
        vectorized=vectorized(mod))
    if mech.tables:
        mech.globals.append(Global("usetable", 1.0))
    if _calls(mod, SCOP_FUNCS):      # scop_random's state (NEURON's starts at 1)
        mech.globals.append(Global(SCOP_STATE, 1.0, top_local=True))
    if mod.neuron.lists.get("RANDOM"):    # the streams' key (Random123's global index)
        mech.globals.append(Global(RANDOM_GIX, 0.0, top_local=True))
    if _calls(mod, {"at_time"}):     # the variable-step integrator's channel (runtime.at_time_)
        mech.globals += [Global(n, x, top_local=True) for n, x in AT_TIME_GLOBALS]
    mech.array_sizes = arrays
    from .netrecv import watch_fields
    mech.fields.extend(Field(name, "watch", 0.0, range_var=False) for name in watch_fields(mech))
    mech.defines = dict(mod.defines)
    mech.randoms = [n for n, _ in mod.neuron.lists.get("RANDOM", [])]
    mech.pointers = [n for n, _ in mod.neuron.lists.get("POINTER", [])]
    mech.vectors = [n for n, _ in mod.neuron.lists.get("BBCOREPOINTER", [])]
    mech.written_pointers = _assigned(mod, set(mech.pointers))
    mech.state_decls = list(mod.decls["STATE"])
    mech.name_rank = first_appearances(mod.text)     # nocmodl's symbol table (kinetic.py)
    mech.state_names = [d.name for d in mod.decls["STATE"]]
    mech.field_index = {}
    for row, f in enumerate(mech.fields):
        mech.field_index.setdefault(f.name.split("[")[0], row)
        mech.field_index[f.name] = row
    mech.global_index = {}
    for pos, g in enumerate(mech.globals):
        mech.global_index.setdefault(g.name.split("[")[0], pos)
        mech.global_index[g.name] = pos
    mech.ion_columns = _ion_columns(mech)
    for stmt in mod.breakpoint or []:
        if isinstance(stmt, A.Solve):
            _lower_solve(mod, mech, stmt)
            mech.bp_solves.append((stmt, mod.callables.get(stmt.block)))
    bodies = [mod.initial or []] + [c.body for c in mod.callables.values()
                                    if c.kind in ("FUNCTION", "PROCEDURE")]
    for stmt in (s for body in bodies for s in walk_statements(body)):
        if isinstance(stmt, A.Solve):
            _lower_steady_solve(mod, mech, stmt)
    memo_invariants(mech, Field)
    return mech


def _assigned(mod, names):
    """Which of `names` a statement of the mechanism assigns (x = ..., x[i] = ...)."""
    bodies = [mod.initial, mod.breakpoint] + [c.body for c in mod.callables.values()]
    if mod.net_receive is not None:
        bodies.append(mod.net_receive.body)
    return {s.target.id for body in bodies for s in walk_statements(body)
            if isinstance(s, A.Assign) and isinstance(s.target, (A.Name, A.Index))
            and s.target.id in names}


def _lower_steady_solve(mod, mech, solve):
    """SOLVE b STEADYSTATE sparse|derivimplicit inside INITIAL, a FUNCTION or a PROCEDURE
    (the code calls steady_b: the solver with dt = 1e9, as NEURON's _ss_sparse)."""
    block = mod.callables.get(solve.block)
    kind = getattr(block, "kind", "")
    if kind in ("LINEAR", "NONLINEAR") and not solve.steadystate:   # solved where it stands
        method = "linear" if kind == "LINEAR" else "nonlinear"
        if not any(s.block.name == solve.block for s in mech.solves + mech.steady_solves):
            mech.steady_solves.append(SolveSpec(block, method, solver_unknowns(mech, block),
                                                solve.line))
        return
    method = {"KINETIC": "sparse", "DERIVATIVE": "derivimplicit"}.get(kind)
    if not solve.steadystate or method is None or solve.method not in (method, None):
        raise NmodlError(mod.path, solve.line, f"SOLVE {solve.block} outside BREAKPOINT: pnm (as "
                         "NEURON) takes SOLVE <KINETIC block> STEADYSTATE sparse or SOLVE "
                         "<DERIVATIVE block> STEADYSTATE derivimplicit there", source=mod.text)
    if any(s.block.name == solve.block and s.method == method for s in mech.solves):
        return
    if not any(s.block.name == solve.block for s in mech.steady_solves):
        mech.steady_solves.append(SolveSpec(block, method, solver_unknowns(mech, block),
                                            solve.line))


def _variables(mod):
    global_names = {n for n, _ in mod.neuron.lists.get("GLOBAL", [])}
    # nocmodl makes the NONSPECIFIC_CURRENT and ELECTRODE_CURRENT variables RANGE (il_hh, i_pas)
    range_names = {n for n, _ in mod.neuron.lists.get("RANGE", [])} | {
        n for key in ("NONSPECIFIC_CURRENT", "ELECTRODE_CURRENT")
        for n, _ in mod.neuron.lists.get(key, []) if n not in global_names}
    ion_read = {n: u.ion for u in mod.neuron.useions for n in u.read}
    ion_write = {n: u.ion for u in mod.neuron.useions for n in u.write}
    pointer_names = {n for n, _ in mod.neuron.lists.get("POINTER", [])}
    vector_names = [n for n, _ in mod.neuron.lists.get("BBCOREPOINTER", [])]
    fields, globals_, seen = [], [], set(("v", "celsius", "t", "dt", "area", "diam"))
    arrays = {}

    def size_of(decl):
        if decl.size is None:
            return None
        size = decl.size if isinstance(decl.size, int) else mod.defines.get(decl.size)
        if size is None:
            raise NmodlError(mod.path, decl.line, f"array {decl.name}[{decl.size}]: the size "
                             "is not a number or a DEFINE", source=mod.text)
        arrays[decl.name] = int(size)
        return int(size)

    def names_of(decl):
        n = size_of(decl)
        return [decl.name] if n is None else [f"{decl.name}[{k}]" for k in range(n)]

    for decl in mod.decls["PARAMETER"]:
        if decl.name in seen or decl.name in ion_read or decl.name in ion_write \
                or decl.name in pointer_names:     # a POINTER declared as a PARAMETER
            continue
        seen.add(decl.name)
        if decl.size is not None and decl.value is not None:
            raise NmodlError(mod.path, decl.line, f"PARAMETER {decl.name}[{decl.size}] = ...: "
                             "an array PARAMETER takes no value (nocmodl: a syntax error); it "
                             "starts at 0", source=mod.text)
        # nocmodl writes a PARAMETER's default into the C source with %g (nocpout.cpp: RANGE
        # ones into _parm_default, the others as `double x = %g;`): 6 significant digits, so
        # -23.32708 runs as -23.3271
        value = c_g(decl.value) if decl.value is not None else 0.0
        for name in names_of(decl):
            if decl.name in range_names:
                fields.append(Field(name, "parameter", value, decl.units))
            else:
                globals_.append(Global(name, value, decl.units))
    for kind, decls in (("state", mod.decls["STATE"]), ("assigned", mod.decls["ASSIGNED"])):
        for decl in decls:
            if decl.name in seen or decl.name in vector_names:
                continue
            seen.add(decl.name)
            if decl.name in global_names and kind == "assigned":
                globals_.extend(Global(n, 0.0, decl.units) for n in names_of(decl))
                continue
            field_kind = kind
            if decl.name in ion_write:
                field_kind = "ion_write"
            elif decl.name in ion_read:
                field_kind = "ion_read"
            elif decl.name in pointer_names:
                field_kind = "pointer"
            start = c_g(decl.start) if decl.start is not None and field_kind == "state" \
                else 0.0      # x0, a PARAMETER of nocmodl's: %g as above
            for name in names_of(decl):     # (a STATE's START value: its x0, nocmodl)
                fields.append(Field(name, field_kind, start, decl.units,
                                    range_var=decl.name in range_names or kind == "state"))
    for name in list(ion_read) + list(ion_write):
        if name not in seen:     # declared in PARAMETER or not at all: still per instance
            seen.add(name)
            fields.append(Field(name, "ion_write" if name in ion_write else "ion_read"))
    declared = {d.name for k in ("ASSIGNED", "PARAMETER") for d in mod.decls[k]}
    for name in ("area", "diam"):        # node geometry, copied in before every block runs
        if name in declared:             # (FUNCTIONs and KINETIC blocks read it too)
            fields.append(Field(name, "geometry", 0.0, range_var=False))
    for name in sorted(pointer_names - seen):
        seen.add(name)
        fields.append(Field(name, "pointer", 0.0, range_var=False))
    for name in vector_names:   # a bound Vector (docs/nmodl_frontend.md): its length, its place
        seen.add(name)
        fields += [Field(name, "vector", 0.0, range_var=False),
                   Field(f"{name}{VECTOR_START}", "vector", 0.0, range_var=False)]
    for name, _ in mod.neuron.lists.get("RANDOM", []):   # Random123 stream: ids and draws
        fields.extend(Field(f"{name}.{part}", "random", 0.0, range_var=False)
                      for part in RANDOM_PARTS)
    for name, size in mod.top_locals:     # top-level LOCAL: one value shared by all instances
        if name not in seen:
            seen.add(name)
            n = size if isinstance(size, int) or size is None else mod.defines.get(size)
            if size is not None and n is None:
                raise NmodlError(mod.path, 0, f"LOCAL {name}[{size}]: the size is not a "
                                 "number or a DEFINE", source=mod.text)
            if n is None:
                globals_.append(Global(name, 0.0, top_local=True))
            else:
                arrays[name] = int(n)
                globals_.extend(Global(f"{name}[{k}]", 0.0) for k in range(int(n)))
    for decl in mod.decls["CONSTANT"]:
        globals_.append(Global(decl.name, decl.value or 0.0, decl.units, constant=True))
    globals_.extend(_unit_factors(mod))
    return fields, globals_, arrays


def c_g(value):
    """value as C's printf("%g") writes it (6 significant digits), read back."""
    return float("%g" % value)


def _unit_factors(mod):
    table, out = unit_table(), []
    for d in mod.unit_defs:
        try:
            table.define(d.name, d.definition)
        except UnitsError as err:
            raise NmodlError(mod.path, d.line, str(err), source=mod.text) from None
    for f in mod.unit_factors:
        if f.ratio is None:
            out.append(Global(f.name, f.value, f.units, constant=True))
            continue
        try:
            value = table.ratio(*f.ratio)
        except UnitsError as err:
            raise NmodlError(mod.path, f.line, str(err), source=mod.text) from None
        out.append(Global(f.name, value, "", constant=True))
    return out


def _currents(mod):
    """Currents in NEURON-block order (nocmodl sums them in this order: hh gives ina+ik+il)."""
    named = [(line, n) for n, line in mod.neuron.lists.get("NONSPECIFIC_CURRENT", [])]
    for use in mod.neuron.useions:
        named.extend((use.line, n) for n in use.write if n == f"i{use.ion}")
    return [n for _, n in sorted(named, key=lambda item: item[0])]


def _ion_columns(mech):
    """Ion variables a kernel reads or adds to: reads, writes, then di<ion>/dv per current."""
    columns = []
    for use in mech.ions:
        for name in use.read + use.write:
            if (use.ion, name) not in columns:
                columns.append((use.ion, name))
        for name in use.write:
            if name == f"i{use.ion}":
                columns.append((use.ion, f"di{use.ion}dv"))
    columns.extend(("<pointer>", name) for name in mech.pointers)
    return columns


def _tables(mod, arrays):
    """TableSpecs; each element of an array in TABLE's names (fh.mod's `TABLE inf, tau`)."""
    specs = []
    for c in mod.callables.values():
        for stmt in walk_statements(c.body):
            if isinstance(stmt, A.Table):
                names = [element for n in stmt.names for element in
                         ([f"{n}[{k}]" for k in range(arrays[n])] if n in arrays else [n])]
                specs.append(TableSpec(c.name, names, stmt.depend, stmt.lo, stmt.hi,
                                       stmt.n))
    return specs


_SOLVERS = {("DERIVATIVE", "derivimplicit"), ("DERIVATIVE", "runge"),
            ("KINETIC", "sparse"), ("KINETIC", None), ("LINEAR", None),
            ("NONLINEAR", None), ("NONLINEAR", "newton")}


def _reads_a_derivative(stmts):
    """Whether an expression of the block reads x' (SynExp5NMDA2's A' = ... D' ...)."""
    def has_prime(e):
        if isinstance(e, A.Prime):
            return True
        if isinstance(e, (list, tuple)):
            return any(has_prime(x) for x in e)
        if hasattr(e, "__dataclass_fields__") and not isinstance(e, A.Stmt):
            return any(has_prime(getattr(e, f)) for f in e.__dataclass_fields__)
        return False
    for stmt in walk_statements(stmts):
        for f in getattr(stmt, "__dataclass_fields__", {}):
            if f != "target" and f != "body" and has_prime(getattr(stmt, f)):
                return True
    return False


def _persistent_derivatives(mech, states):
    """x' kept per instance (field "x'"), as nocmodl keeps Dx in the instance data: a read
    before the block assigns x' sees the last evaluation's value (also the previous step's)."""
    for name in states:
        if f"{name}'" not in mech.field_index:
            mech.fields.append(Field(f"{name}'", "derivative", 0.0, range_var=False))
            mech.field_index[f"{name}'"] = len(mech.fields) - 1


def _lower_solve(mod, mech, solve):
    block = mod.callables[solve.block]
    if solve.steadystate:
        raise NmodlError(mod.path, solve.line, f"SOLVE {solve.block} STEADYSTATE: not "
                         "supported by pnm's code generator yet", source=mod.text)
    if block.kind == "PROCEDURE" and solve.method in (None, "after_cvode", "cvode_t",
                                                      "cvode_t_v"):
        # fixed step: the PROCEDURE runs where states advance (NEURON's nocmodl; its newer
        # nmodl turns after_cvode into cnexp, i.e. the same call)
        mech.solves.append(SolveSpec(block, "procedure", [], solve.line))
        return
    if (block.kind, solve.method) in _SOLVERS:
        method = solve.method or {"KINETIC": "sparse"}.get(block.kind, block.kind.lower())
        if method == "newton":
            method = "nonlinear"
        mech.solves.append(SolveSpec(block, method, solver_unknowns(mech, block), solve.line))
        if method == "derivimplicit" and _reads_a_derivative(block.body):
            _persistent_derivatives(mech, mech.solves[-1].states)
        return
    if block.kind != "DERIVATIVE" or solve.method not in ("cnexp", "euler"):
        raise NmodlError(mod.path, solve.line, f"SOLVE {solve.block} METHOD {solve.method} "
                         f"({block.kind}): pnm's code generator handles DERIVATIVE blocks with "
                         "cnexp, euler, derivimplicit and runge, KINETIC with sparse, and "
                         "LINEAR/NONLINEAR blocks", source=mod.text)
    primes = [k for k, stmt in enumerate(block.body)
              if isinstance(stmt, A.Assign) and isinstance(stmt.target, A.Prime)]
    if primes and any(k > primes[0] and k not in primes for k in range(len(block.body))):
        mech.solve_prelude.extend(derivorder.in_order(
            block.body, solve.method, lambda stmt, state: cnexp_update(mod, stmt, state)))
        return
    for stmt in block.body:
        if isinstance(stmt, A.Assign) and isinstance(stmt.target, A.Prime):
            state = stmt.target.id
            if solve.method == "euler":
                update = _add(A.Name(state), _mul(A.Name("dt"), stmt.expr))
            else:
                update = cnexp_update(mod, stmt, state)
            mech.state_updates.append(StateUpdate(state, update, solve.method, stmt.expr))
        else:
            mech.solve_prelude.append(stmt)


def cnexp_update(mod, stmt, state):
    """x' = f(x) linear in x -> x + (1 - exp(dt*B))*(-A/B - x), A = f(0), B = df/dx (nocmodl)."""
    rhs = stmt.expr
    b = simplify(derivative(rhs, state))
    if depends_on(b, state):
        raise NmodlError(mod.path, stmt.line, f"{state}' = ... is not linear in {state}; "
                         "cnexp needs a linear equation, use METHOD derivimplicit",
                         source=mod.text)
    a = simplify(substitute(rhs, state, A.Num(0.0, "0")))
    if _is_zero(b):
        return _add(A.Name(state), _mul(A.Name("dt"), a))
    growth = A.BinOp("-", A.Num(1.0, "1."), A.Call("exp", (_mul(A.Name("dt"), b),)))
    target = A.BinOp("-", A.BinOp("/", A.Neg(a), b), A.Name(state))
    return A.BinOp("+", A.Name(state), A.BinOp("*", growth, target))


# ---- a little symbolic algebra over ast expressions -------------------------------------


def _is_zero(e):
    return isinstance(e, A.Num) and e.value == 0.0


def _is_one(e):
    return isinstance(e, A.Num) and e.value == 1.0


def _add(a, b):
    return A.BinOp("+", a, b)


def _mul(a, b):
    return A.BinOp("*", a, b)


def depends_on(e, name):
    if isinstance(e, A.Name):
        return e.id == name
    if isinstance(e, A.BinOp):
        return depends_on(e.left, name) or depends_on(e.right, name)
    if isinstance(e, (A.Neg, A.Not)):
        return depends_on(e.operand, name)
    if isinstance(e, A.Call):
        return any(depends_on(a, name) for a in e.args)
    return False


def substitute(e, name, value):
    if isinstance(e, A.Name) and e.id == name:
        return value
    if isinstance(e, A.BinOp):
        return A.BinOp(e.op, substitute(e.left, name, value), substitute(e.right, name, value))
    if isinstance(e, A.Neg):
        return A.Neg(substitute(e.operand, name, value))
    if isinstance(e, A.Call):
        return A.Call(e.func, tuple(substitute(a, name, value) for a in e.args))
    return e


_DERIVATIVES = {"exp": lambda u: A.Call("exp", (u,)), "log": lambda u: A.BinOp("/", A.Num(1.0), u)}


def derivative(e, name):
    """d e / d name, unsimplified; functions other than exp/log must not depend on name."""
    if not depends_on(e, name):
        return A.Num(0.0, "0")
    if isinstance(e, A.Name):
        return A.Num(1.0, "1.0")
    if isinstance(e, A.Neg):
        return A.Neg(derivative(e.operand, name))
    if isinstance(e, A.BinOp):
        l, r = e.left, e.right
        dl, dr = derivative(l, name), derivative(r, name)
        if e.op in "+-":
            return A.BinOp(e.op, dl, dr)
        if e.op == "*":
            return _add(_mul(dl, r), _mul(l, dr))
        if e.op == "/":
            return A.BinOp("-", A.BinOp("/", dl, r),
                           A.BinOp("/", _mul(l, dr), _mul(r, r)))
        if e.op == "^" and not depends_on(r, name):
            return _mul(_mul(r, A.BinOp("^", l, A.BinOp("-", r, A.Num(1.0)))), dl)
    if isinstance(e, A.Call) and e.func in _DERIVATIVES and len(e.args) == 1:
        return _mul(_DERIVATIVES[e.func](e.args[0]), derivative(e.args[0], name))
    return A.Call("__nonlinear__", (e,))   # marks a term cnexp cannot handle


def simplify(e):
    if isinstance(e, A.BinOp):
        l, r = simplify(e.left), simplify(e.right)
        if e.op == "+":
            if _is_zero(l):
                return r
            if _is_zero(r):
                return l
        if e.op == "-":
            if _is_zero(r):
                return l
            if _is_zero(l):
                return simplify(A.Neg(r))
        if e.op == "*":
            if _is_zero(l) or _is_zero(r):
                return A.Num(0.0, "0")
            if _is_one(l):
                return r
            if _is_one(r):
                return l
        if e.op == "/" and _is_zero(l):
            return A.Num(0.0, "0")
        return A.BinOp(e.op, l, r)
    if isinstance(e, A.Neg):
        inner = simplify(e.operand)
        if isinstance(inner, A.Num):
            return A.Num(-inner.value, "-" + inner.text)
        return A.Neg(inner)
    if isinstance(e, A.Call) and e.func == "__nonlinear__":
        return A.Call("__nonlinear__", e.args)
    return e


def _calls(mod, names):
    """Whether any statement of the file calls one of names."""
    bodies = [mod.initial, mod.breakpoint] + [c.body for c in mod.callables.values()]
    if mod.net_receive:
        bodies.append(mod.net_receive.body)
    for body in bodies:
        for stmt in walk_statements(body or []):
            for e in _expressions(stmt):
                if isinstance(e, A.Call) and e.func in names:
                    return True
    return False


def _expressions(node):
    """Every expression node inside a statement (dataclass fields, lists), depth first."""
    if isinstance(node, (list, tuple)):
        for item in node:
            yield from _expressions(item)
        return
    if not hasattr(node, "__dataclass_fields__"):
        return
    if isinstance(node, A.Call):
        yield node
    for name in node.__dataclass_fields__:
        if name in ("body", "orelse"):
            continue
        value = getattr(node, name)
        if isinstance(value, (list, tuple)) or hasattr(value, "__dataclass_fields__"):
            yield from _expressions(value)
