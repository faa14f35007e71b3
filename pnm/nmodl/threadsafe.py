"""Whether nocmodl makes a mechanism thread safe ("vectorized"), from the rules of its sources
(src/nocmodl: parse1.ypp, parsact.cpp threadsafe(), nocpout.cpp chk_thread_safe, solve.cpp).

It matters to pnm where NEURON's two kinds of generated code behave differently: a vectorized
mechanism checks its TABLEs in nrn_init before INITIAL runs (the build leaves the tabulated
variables at their values for the table's last point), a non-vectorized one builds a table at
the first call of its FUNCTION/PROCEDURE only (codegen.py)."""
from . import ast as A
from .collect import walk_statements

# scopmath functions nocmodl marks EXTDEF5 ("not thread safe" without THREADSAFE)
_UNSAFE_CALLS = {"force", "deflate", "expfit", "derivs", "spline", "exprand", "gauss",
                 "normrand", "poisrand", "poisson", "setseed", "scop_random", "boundary",
                 "romberg", "invert", "stepforce", "schedule", "set_seed", "nrn_random_play"}
_SAFE_METHODS = {"DERIVATIVE": (None, "cnexp", "derivimplicit", "euler"),
                 "KINETIC": (None, "sparse")}


def vectorized(mod):
    """nocmodl's `vectorize` at the end of translating mod (mod.has_verbatim: the file, with
    its INCLUDEs, holds a VERBATIM block, even one of comments only)."""
    if mod.neuron.name == "nothing":
        return False
    bodies = [mod.initial, mod.breakpoint] + [c.body for c in mod.callables.values()]
    if mod.net_receive is not None:
        bodies.append(mod.net_receive.body)
    statements = [s for body in bodies for s in walk_statements(body or [])]
    for stmt in statements:
        if not isinstance(stmt, A.Solve) or stmt.steadystate:
            continue
        kind = getattr(mod.callables.get(stmt.block), "kind", "")
        if kind in ("LINEAR", "NONLINEAR", "DISCRETE"):
            return False
        in_breakpoint = any(stmt is s for s in walk_statements(mod.breakpoint or []))
        if in_breakpoint and stmt.method not in _SAFE_METHODS.get(kind, (stmt.method,)):
            return False
    global_names = _globals(mod)
    assigned_globals = {s.target.id for s in statements if isinstance(s, A.Assign)
                        and isinstance(s.target, (A.Name, A.Index))
                        and s.target.id in global_names}
    if mod.neuron.kind == "ARTIFICIAL_CELL" and (mod.top_locals or assigned_globals):
        return False            # nocmodl: "would require thread specific data"
    if mod.neuron.threadsafe:
        return True
    if mod.has_verbatim or assigned_globals or any(
            mod.neuron.lists.get(k) for k in ("POINTER", "EXTERNAL", "BBCOREPOINTER")):
        return False
    return not any(isinstance(e, A.Call) and e.func in _UNSAFE_CALLS
                   for s in statements for e in _calls(s))


def _globals(mod):
    """nocmodl's NRNGLOBAL names when it checks thread safety: the GLOBAL list only (the
    PARAMETERs that are not RANGE become GLOBAL later, in parout's nrndeclare)."""
    return {n for n, _ in mod.neuron.lists.get("GLOBAL", [])}


def _calls(node):
    if isinstance(node, A.Call):
        yield node
    if isinstance(node, (list, tuple)):
        for item in node:
            yield from _calls(item)
    elif hasattr(node, "__dataclass_fields__"):
        for name in node.__dataclass_fields__:
            if name not in ("body", "orelse"):
                yield from _calls(getattr(node, name))
