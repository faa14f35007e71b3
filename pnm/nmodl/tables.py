"""TABLE in FUNCTION/PROCEDURE as nocmodl: rebuild when a DEPEND value changed (or first use),
x stepping by += dx from FROM over WITH+1 points, NaN propagates, clamps at both ends, linear
interpolation; the global `usetable` = 0 bypasses it."""
from __future__ import annotations

from .emit import CALL_ARGS as _CALL_ARGS, JIT, JIT_INLINE


def table_layout(mech):
    """{owner: (first row, rows, width)}: names' rows then one meta row
    [made, tmin, mfac, depend values...]."""
    layout, row = {}, 0
    for spec in mech.tables:
        rows = max(len(spec.names), 1) + 1
        layout[spec.owner] = (row, rows)
        row += rows
    width = max([s.n + 1 for s in mech.tables] + [3 + len(s.depend) for s in mech.tables]
                + [1])
    return layout, row, width


def emit_callable(em, c, tables):
    em.reset(formals={f: f"a_{f}" for f in c.formals}, hooks=em.callable_hooks)
    formals = "".join(f", a_{f}" for f in c.formals)
    spec = tables.get(c.name)
    fname = f"f_{c.name}" if spec else f"{c.name}_"
    em.emit(JIT, 0)
    em.emit(f"def {fname}({_CALL_ARGS}{formals}):", 0)
    if c.kind == "FUNCTION":
        em.locals.add(c.name)
        em.emit(f"l_{c.name} = 0.0", 1)
    em.block(c.body, 1)
    em.emit(f"return l_{c.name}" if c.kind == "FUNCTION" else "return 0.0", 1)
    em.emit("", 0)
    if spec:
        _table_functions(em, c, spec, tables)


def _table_functions(em, c, spec, tables):
    """NEURON's TABLE: rebuild when a DEPEND value changed, then linear interpolation."""
    row, _ = em.table_layout[c.name]
    meta = row + max(len(spec.names), 1)
    names = spec.names
    em.reset()
    em.emit(JIT, 0)
    em.emit(f"def check_{c.name}({_CALL_ARGS}):", 0)
    deps = [em.name(d) for d in spec.depend]
    changed = " or ".join(f"tab[{meta}, {3 + k}] != {d}" for k, d in enumerate(deps))
    em.emit(f"if tab[{meta}, 0] == 0.0{' or ' + changed if changed else ''}:", 1)
    em.emit(f"tmin = {em.expr(spec.lo)}", 2)
    em.emit(f"tmax = {em.expr(spec.hi)}", 2)
    em.emit(f"dx = (tmax - tmin) / {float(spec.n)!r}", 2)
    em.emit(f"tab[{meta}, 1] = tmin", 2)
    em.emit(f"tab[{meta}, 2] = 1.0 / dx", 2)
    em.emit("x = tmin", 2)
    em.emit(f"for j in range({spec.n + 1}):", 2)
    if c.kind == "FUNCTION":
        em.emit(f"tab[{row}, j] = f_{c.name}({_CALL_ARGS}, x)", 3)
    else:
        em.emit(f"f_{c.name}({_CALL_ARGS}, x)", 3)
        for k, n in enumerate(names):
            em.emit(f"tab[{row + k}, j] = {em.name(n)}", 3)
    em.emit("x += dx", 3)
    for k, d in enumerate(deps):
        em.emit(f"tab[{meta}, {3 + k}] = {d}", 2)
    em.emit(f"tab[{meta}, 0] = 1.0", 2)
    em.emit("", 0)
    usetable = em.name("usetable")
    em.emit(JIT_INLINE, 0)
    em.emit(f"def {c.name}_({_CALL_ARGS}, a_x):", 0)
    em.emit(f"if {usetable} == 0.0:", 1)
    em.emit(f"return f_{c.name}({_CALL_ARGS}, a_x)", 2)
    if not em.mech.vectorized:      # NEURON builds such a table at a call (nocmodl)
        em.emit(f"check_{c.name}({_CALL_ARGS})", 1)
    targets = ["value"] if c.kind == "FUNCTION" else [em.name(n) for n in names]
    _interpolate(em, spec, row, meta, "a_x", targets, "", 1)
    em.emit("return value" if c.kind == "FUNCTION" else "return 0.0", 1)
    em.emit("", 0)


def _interpolate(em, spec, row, meta, x, targets, tag, depth):
    """targets = the table's rows at x, interpolated (lines at depth; tag: a suffix of the
    temporaries' names)."""
    xi, k, theta = f"xi{tag}", f"k{tag}", f"theta{tag}"
    outs = [f"tab[{row + j}, {{j}}]" for j in range(len(targets))]
    em.emit(f"{xi} = tab[{meta}, 2] * ({x} - tab[{meta}, 1])", depth)
    em.emit(f"if {xi} != {xi}:", depth)
    em.emit("; ".join(f"{t} = {xi}" for t in targets), depth + 1)
    em.emit(f"elif {xi} <= 0.0:", depth)
    em.emit("; ".join(f"{t} = {o.format(j=0)}" for t, o in zip(targets, outs)), depth + 1)
    em.emit(f"elif {xi} >= {float(spec.n)!r}:", depth)
    em.emit("; ".join(f"{t} = {o.format(j=spec.n)}" for t, o in zip(targets, outs)),
            depth + 1)
    em.emit("else:", depth)
    em.emit(f"{k} = int({xi})", depth + 1)
    em.emit(f"{theta} = {xi} - float({k})", depth + 1)
    for t, o in zip(targets, outs):
        em.emit(f"{t} = {o.format(j=k)} + {theta} * ({o.format(j=k + ' + 1')} - "
                f"{o.format(j=k)})", depth + 1)


# Marks in a kernel that keeps fields in locals (codegen's `promoted`, which replaces them):
# store every local field into inst, the call's arguments, load every local field again.
SPILL, CALL_ARGS_MARK, FILL = "#@spill", "@call_args@", "#@fill"


def inline_lookup(em, s, depth):
    """A statement calling a PROCEDURE with a TABLE, in a kernel that keeps fields in locals:
    the lookup written out, its results into the locals (a call would reach the fields in
    inst, and the kernel could not keep them in locals: hh's state step is ~25% faster).
    With usetable = 0 the procedure itself runs on the fields spilled to inst. False when s
    is no such call (the caller emits it as usual)."""
    c = em.mech.callables.get(s.call.func)
    spec = next((t for t in em.mech.tables if c is not None and t.owner == c.name), None)
    if em.promoted is None or spec is None or c.kind != "PROCEDURE" or \
            len(c.formals) != 1 or len(s.call.args) != 1 or not spec.names:
        return False
    row, _ = em.table_layout[c.name]
    meta = row + len(spec.names)
    em.emit(f"x_{c.name} = {em.expr(s.call.args[0], s.line)}", depth)
    em.emit(f"if {em.name('usetable')} == 0.0:", depth)
    em.emit(SPILL, depth + 1)
    em.emit(f"f_{c.name}({CALL_ARGS_MARK}, x_{c.name})", depth + 1)
    em.emit(FILL, depth + 1)
    em.emit("else:", depth)
    if not em.mech.vectorized:      # NEURON builds such a table at a call (nocmodl)
        em.emit(SPILL, depth + 1)
        em.emit(f"check_{c.name}({CALL_ARGS_MARK})", depth + 1)
        em.emit(FILL, depth + 1)
    _interpolate(em, spec, row, meta, f"x_{c.name}", [em.name(n) for n in spec.names],
                 f"_{c.name}", depth + 1)
    return True
