"""Expressions and statements of a Mechanism -> numba-compatible Python source lines.

One `Emitter` per generated module. Where a name lives is decided here (`name()`): kernel
formals, LOCALs (`l_x`), `t dt celsius v`, instance fields (`inst[row, i]`, arrays
`inst[row + k, i]`), globals (`glob[k]`). Statements that only make sense in one place
(net_send in NET_RECEIVE/INITIAL, x' = ... in a DERIVATIVE block, ~ reactions in KINETIC) are
handed to hooks the caller installs; anywhere else they are a clear error with file:line.
"""
from __future__ import annotations

from . import ast as A
from .errors import NmodlError

CALL_ARGS = "inst, glob, tab, i, v, t, dt, celsius"
# every generated function: C's arithmetic (x/0 is inf or nan, as in NEURON), which also lets
# numba leave out the zero-division checks that keep loops from vectorizing
JIT = "@njit(cache=True, error_model='numpy')"
# a small function numba copies into each caller (a TABLE's lookup: no call in the kernels' loop)
JIT_INLINE = "@njit(cache=True, error_model='numpy', inline='always')"
MATH = {"exp": "math.exp", "log": "math.log", "log10": "math.log10", "sqrt": "math.sqrt",
        "fabs": "abs", "sin": "math.sin", "cos": "math.cos", "tan": "math.tan",
        "atan": "math.atan", "asin": "math.asin", "acos": "math.acos", "sinh": "math.sinh",
        "cosh": "math.cosh", "tanh": "math.tanh", "floor": "math.floor", "ceil": "math.ceil",
        "pow": "math.pow", "fmod": "np.fmod", "erf": "math.erf", "erfc": "math.erfc",
        "atan2": "math.atan2", "fmin": "min", "fmax": "max"}
_OPS = {"&&": "and", "||": "or", "^": "**", "%": "%"}
# the ion-related helper functions every generated module defines (see ions.py)
ION_HELPERS = {"nernst": "rt_nernst", "ghk": "rt_ghk"}
# RANDOM variables (Random123 streams; docs/nmodl_frontend.md): function -> {number of
# arguments after the variable: runtime function}; the key's global index is the hidden
# GLOBAL RANDOM_GIX (lower.py adds it; the engine sets it at finitialize)
RANDOM_FUNCS = {"random_negexp": {0: "rt_negexp", 1: "rt_negexp1"},
                "random_uniform": {0: "rt_uniform", 2: "rt_uniform2"},
                "random_normal": {0: "rt_normal", 2: "rt_normal2"},
                "random_setseq": {1: "rt_setseq"}, "random_setids": {3: "rt_setids"}}
RANDOM_DRAWS = ("random_negexp", "random_uniform", "random_normal", "random_setseq")  # take the key
RANDOM_GIX = "random123_globalindex_"
# a RANDOM variable's rows (pnm.model.nmodlrandom): ids, position (4 * sequence + which), block
RANDOM_PARTS = ("_id1", "_id2", "_id3", "_seq", "_r0", "_r1", "_r2", "_r3")
RANDOM_ROWS = len(RANDOM_PARTS)
EVENT_CALLS = ("net_send", "net_event", "net_move")
# a BBCOREPOINTER x is a Vector bound to the instance (vs.play(vec) for VecStim): its length in
# row x, its first value's flat place in the table array `tab` in row x + VECTOR_START (the
# engine fills both and the values at finitialize: pnm/engine/boundvectors.py); pnm's functions
# vector_size(x) and vector_element(x, i) read it (docs/nmodl_frontend.md)
VECTOR_START = "._start"
VECTOR_FUNCS = ("vector_size", "vector_element")
# NEURON's scop_random family: (runtime function, number of arguments); its state is the
# hidden GLOBAL SCOP_STATE (lower.py adds it to a mechanism that calls one of them)
SCOP_FUNCS = {"scop_random": ("rt_scop_random", 0), "set_seed": ("rt_set_seed", 1),
              "exprand": ("rt_exprand", 1), "normrand": ("rt_normrand", 2)}
SCOP_STATE = "scop_value_"
# hidden GLOBALs of a mechanism that calls at_time (lower.py adds them): the earliest at_time
# time after t0 seen while the variable-step integrator initialises, and the mode (runtime.at_time_)
AT_TIME_NEXT = "at_time_next_"
AT_TIME_MODE = "at_time_mode_"
AT_TIME_GLOBALS = ((AT_TIME_NEXT, 1e300), (AT_TIME_MODE, 0.0))


class CodegenError(NmodlError):
    """A construct the generator cannot translate; the message starts with file:line."""

    def __init__(self, path, line, message):
        NmodlError.__init__(self, path, line or 0, message)


class Emitter:
    def __init__(self, mech):
        self.mech = mech
        self.lines = []
        self.reset()

    def reset(self, formals=None, hooks=None):
        """Start a new function: its formals {nmodl name: python expr} and statement hooks
        {ast class or call name: fn(stmt, depth)}."""
        self.locals = set()
        self.local_arrays = set()
        self.formals = dict(formals or {})
        self.hooks = dict(hooks or {})
        self.promoted = None     # a set: fields are the locals p_<row> (codegen's kernels)

    def emit(self, text, depth):
        self.lines.append("    " * depth + text)

    def fail(self, line, message):
        raise CodegenError(self.mech.path, line, message)

    # ---- expressions -----------------------------------------------------------------------
    def expr(self, e, line=0):
        if isinstance(e, A.Num):
            return repr(float(e.value))
        if isinstance(e, A.Name):
            return self.name(e.id, line)
        if isinstance(e, A.Index):
            return self.element(e.id, e.index, line)
        if isinstance(e, A.BinOp):
            op = _OPS.get(e.op, e.op)
            left, right = self.expr(e.left, line), self.expr(e.right, line)
            if op in ("and", "or"):        # NMODL logic yields 1/0 numbers, as C does
                return f"(1.0 if (({left}) != 0.0 {op} ({right}) != 0.0) else 0.0)"
            if op in ("<", "<=", ">", ">=", "==", "!="):
                return f"(1.0 if {left} {op} {right} else 0.0)"
            return f"({left} {op} {right})"
        if isinstance(e, A.Neg):
            return f"(-{self.expr(e.operand, line)})"
        if isinstance(e, A.Not):
            return f"(1.0 if ({self.expr(e.operand, line)}) == 0.0 else 0.0)"
        if isinstance(e, A.Call):
            return self.call(e, line)
        if isinstance(e, A.MemoValue):     # in inst even in a promoted kernel (codegen.memo)
            return f"inst[{e.row}, i]"
        if isinstance(e, A.Prime):
            if e.id + "'" in self.formals:
                return self.formals[e.id + "'"]
            self.fail(line, f"{e.id}' in an expression: pnm (as nocmodl) reads a derivative "
                      "only inside a DERIVATIVE block solved by derivimplicit")
        self.fail(line, f"cannot generate code for the expression {e!r}")

    def cond(self, e, line=0):
        return f"({self.expr(e, line)}) != 0.0"

    def name(self, ident, line=0):
        if ident in self.formals:
            return self.formals[ident]
        if ident in self.local_arrays:
            self.fail(line, f"LOCAL array {ident} used without an index")
        if ident in self.locals:
            return f"l_{ident}"
        if ident in ("t", "dt", "celsius", "v"):
            return ident
        mech = self.mech
        if ident in mech.array_sizes:
            self.fail(line, f"array {ident}[{mech.array_sizes[ident]}] used without an index")
        if ident in mech.field_index:
            return self.field(mech.field_index[ident])
        if ident in mech.global_index:
            return f"glob[{mech.global_index[ident]}]"
        if ident in mech.defines:
            return repr(float(mech.defines[ident]))
        if ident in ("area", "diam"):
            self.fail(line, f"'{ident}' is only available in kernels with a node (INITIAL, "
                      "BREAKPOINT, DERIVATIVE, KINETIC, NET_RECEIVE of point processes)")
        self.fail(line, f"{ident} has no storage in mechanism {mech.name}")

    def field(self, row):
        """Instance field `row` of instance i: inst[row, i], or its local p_<row> while the
        kernel keeps fields in locals (codegen: loaded before the body, stored after it)."""
        if self.promoted is None:
            return f"inst[{row}, i]"
        self.promoted.add(row)
        return f"p_{row}"

    def element(self, ident, index, line=0):
        idx = self.expr(index, line)
        if ident in self.local_arrays:
            return f"l_{ident}[int({idx})]"
        if ident in self.mech.array_sizes and ident in self.mech.field_index:
            return f"inst[{self.mech.field_index[ident]} + int({idx}), i]"
        if ident in self.mech.array_sizes and ident in self.mech.global_index:
            return f"glob[{self.mech.global_index[ident]} + int({idx})]"
        self.fail(line, f"{ident}[...]: {ident} is not an array")

    def call(self, e, line=0):
        if e.func in self.hooks:
            return self.hooks[e.func](e, line)
        if e.func in RANDOM_FUNCS and e.func not in self.mech.callables:
            return self.random_call(e, line)
        if e.func in VECTOR_FUNCS and e.func not in self.mech.callables:
            return self.vector_call(e, line)
        args = ", ".join(self.expr(a, line) for a in e.args)
        if e.func in self.mech.callables:     # the file's own FUNCTIONs win (as in nocmodl)
            return f"{e.func}_({CALL_ARGS}{', ' if args else ''}{args})"
        if e.func in MATH:
            return f"{MATH[e.func]}({args})"
        if e.func in ION_HELPERS:
            return f"{ION_HELPERS[e.func]}(celsius, {args})"
        if e.func in SCOP_FUNCS:
            fn, nargs = SCOP_FUNCS[e.func]
            if len(e.args) != nargs:
                self.fail(line, f"{e.func}() takes {nargs} argument(s)")
            state = self.mech.global_index[SCOP_STATE]
            return f"{fn}(glob, {state}{', ' if args else ''}{args})"
        if e.func in self.mech.callables:
            return f"{e.func}_({CALL_ARGS}{', ' if args else ''}{args})"
        if e.func in EVENT_CALLS:
            self.fail(line, f"{e.func}() is only allowed in NET_RECEIVE and INITIAL blocks")
        if e.func == "state_discontinuity":
            self.fail(line, "state_discontinuity(x, value) must be a statement")
        if e.func == "at_time" and len(e.args) == 1:     # NEURON's at_time (cvodestb.cpp)
            return f"at_time_(glob, {self.mech.global_index[AT_TIME_NEXT]}, {args}, t, dt)"
        self.fail(line, f"{e.func}() is not supported by pnm's code generator")

    def random_call(self, e, line):
        if len(e.args) < 1 or not isinstance(e.args[0], A.Name) or \
                e.args[0].id not in self.mech.randoms:
            self.fail(line, f"{e.func}(r): r must be a RANDOM variable of the NEURON block")
        forms = RANDOM_FUNCS[e.func]
        fn = forms.get(len(e.args) - 1)
        if fn is None:
            self.fail(line, f"{e.func}(r{', ...' if len(e.args) > 1 else ''}): takes "
                      + " or ".join(str(n + 1) for n in sorted(forms)) + " argument(s)")
        row = self.mech.field_index[e.args[0].id + "._id1"]
        key = f", glob[{self.mech.global_index[RANDOM_GIX]}]" if e.func in RANDOM_DRAWS else ""
        rest = "".join(", " + self.expr(a, line) for a in e.args[1:])
        return f"{fn}(inst[{row}:{row + RANDOM_ROWS}, i]{key}{rest})"

    def vector_call(self, e, line):
        """vector_size(x): the bound Vector's length (0 when none is bound); vector_element(x,
        i): its value i (an error outside 0 <= i < length)."""
        nargs = 1 if e.func == "vector_size" else 2
        if len(e.args) != nargs or not isinstance(e.args[0], A.Name) or \
                e.args[0].id not in self.mech.vectors:
            self.fail(line, f"{e.func}(x{', i' if nargs == 2 else ''}): x must be a "
                      "BBCOREPOINTER of the NEURON block (a Vector bound to the instance)")
        if self.mech.kind == "density":
            self.fail(line, f"{e.func}(): a Vector is bound to a POINT_PROCESS or "
                      "ARTIFICIAL_CELL instance (pp.bind_vector), not to a density mechanism")
        row = self.mech.field_index[e.args[0].id]
        if nargs == 1:
            return self.field(row)
        return (f"rt_vector_element(tab, {self.field(row + 1)}, {self.field(row)}, "
                f"{self.expr(e.args[1], line)})")

    # ---- statements --------------------------------------------------------------------------
    def block(self, stmts, depth):
        wrote = False
        for s in stmts:
            wrote = self.stmt(s, depth) or wrote
        if not wrote:
            self.emit("pass", depth)

    def stmt(self, s, depth):
        hook = self.hooks.get(type(s))
        if hook is not None:
            return hook(s, depth) is not False
        if isinstance(s, A.Assign):
            self.assign(s, depth)
        elif isinstance(s, A.Protect):
            self.assign(s.assign, depth)
        elif isinstance(s, A.CallStmt):
            return self.call_stmt(s, depth)
        elif isinstance(s, A.Local):
            for name, size in s.names:
                if size is None:
                    self.locals.add(name)
                    self.emit(f"l_{name} = 0.0", depth)
                else:
                    self.local_arrays.add(name)
                    self.emit(f"l_{name} = np.zeros({self.mech.size_of(size)})", depth)
        elif isinstance(s, A.If):
            self.emit(f"if {self.cond(s.cond, s.line)}:", depth)
            self.block(s.body, depth + 1)
            if s.orelse:
                self.emit("else:", depth)
                self.block(s.orelse, depth + 1)
        elif isinstance(s, A.While):
            self.emit(f"while {self.cond(s.cond, s.line)}:", depth)
            self.block(s.body, depth + 1)
        elif isinstance(s, A.FromLoop):
            self.from_loop(s, depth)
        elif isinstance(s, A.Block):
            self.block(s.body, depth)
        elif isinstance(s, (A.Table, A.UnitsOnOff, A.Conductance, A.Mutex)):
            return False
        else:
            self.fail(s.line, f"{_describe(s)} is not allowed here (or not supported by "
                      "pnm's code generator)")
        return True

    def assign(self, s, depth):
        if isinstance(s.target, A.Prime):
            self.fail(s.line, f"{s.target.id}' = ... is only allowed in a DERIVATIVE block")
        if isinstance(s.target, A.Index):
            target = self.element(s.target.id, s.target.index, s.line)
        else:
            target = self.name(s.target.id, s.line)
        self.emit(f"{target} = {self.expr(s.expr, s.line)}", depth)

    def call_stmt(self, s, depth):
        c = s.call
        if c.func == "state_discontinuity":   # fixed step: a plain assignment (as NEURON)
            if len(c.args) != 2:
                self.fail(s.line, "state_discontinuity(x, value) takes two arguments")
            target = c.args[0]
            self.assign(A.Assign(target, c.args[1], line=s.line), depth)
            return True
        if c.func == "printf" and c.args and isinstance(c.args[0], A.Str):   # VERBATIM's
            values = ", ".join(self.expr(a, s.line) for a in c.args[1:])
            array = f"np.array([{values}])" if values else "np.zeros(0)"
            self.emit(f"rt_printf({c.args[0].text!r}, {array})", depth)
            return True
        if c.func == "fflush":
            self.emit("rt_fflush()", depth)
            return True
        if c.func == "hoc_execerror":          # VERBATIM's: the run stops with the message
            where = f"{self.mech.path}:{s.line}: hoc_execerror: "
            self.emit(f"raise RuntimeError({where + c.args[0].text!r})", depth)
            return True
        if c.func in ("printf", "fprintf"):   # NMODL's: diagnostics only, not run
            return False
        self.emit(self.call(c, s.line), depth)
        return True

    def from_loop(self, s, depth):
        lo, hi = self.expr(s.lo, s.line), self.expr(s.hi, s.line)
        by = self.expr(s.by, s.line) if s.by is not None else "1.0"
        self.locals.add(s.var)
        self.emit(f"for j_{s.var} in range(int({lo}), int({hi}) + 1, int({by})):", depth)
        self.emit(f"l_{s.var} = float(j_{s.var})", depth + 1)
        self.block(s.body, depth + 1)


def _describe(s):
    names = {"Reaction": "a ~ reaction", "Flux": "a ~ flux", "Conserve": "CONSERVE",
             "Compartment": "COMPARTMENT", "LinearEq": "a ~ equation",
             "Watch": "WATCH", "ForNetcons": "FOR_NETCONS", "Verbatim": "VERBATIM",
             "LongitudinalDiffusion": "LONGITUDINAL_DIFFUSION", "Lag": "LAG",
             "Solve": "SOLVE", "NetReceiveInitial": "INITIAL inside NET_RECEIVE"}
    return names.get(type(s).__name__, type(s).__name__)
