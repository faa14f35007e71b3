"""Stage 2: semantic checks of parsed mod files, alone and as one compile set. Every failure is
an NmodlError naming file:line and what to do; nothing is silently ignored."""
from __future__ import annotations

import os

from . import ast as A
from .parse import NmodlError, walk_statements
from .verbatim import printf_problem

# NEURON's ions with their valences (nrnoc: na_ion, k_ion, ca_ion are created at start-up)
KNOWN_ION_VALENCE = {"na": 1.0, "k": 1.0, "ca": 2.0}
BUILTIN_MECHANISMS = ("hh", "pas", "extracellular", "fastpas", "ExpSyn", "Exp2Syn", "IClamp",
                      "SEClamp", "VClamp", "APCount", "AlphaSynapse", "OClamp", "IntFire1",
                      "IntFire2", "IntFire4", "NetStim", "VecStim", "PatternStim",
                      "PointProcessMark", "capacitance", "na_ion", "k_ion", "ca_ion",
                      "morphology")
MATH_FUNCTIONS = {"exp", "log", "log10", "sqrt", "fabs", "sin", "cos", "tan", "asin", "acos",
                  "atan", "atan2", "sinh", "cosh", "tanh", "pow", "floor", "ceil", "fmod",
                  "erf", "erfc", "exprand", "normrand", "unirand", "scop_random", "set_seed",
                  "nrn_ghk", "ghk", "at_time", "net_send", "net_event", "net_move",
                  "state_discontinuity", "nrn_random_play", "random_setseq", "random_uniform",
                  "random_negexp", "random_normal", "random_setids", "seed", "hoc_Exp",
                  "fabs", "mcell_ran4", "mcell_ran4_init", "poisrand", "printf",
                  "fflush", "hoc_execerror", "vector_size", "vector_element"}
BUILTIN_VARIABLES = {"v", "t", "dt", "celsius", "area", "diam", "pi", "secondorder", "flag",
                     "f_flux", "b_flux", "usetable", "nrn_netrec_state_adjust"}
SOLVE_METHODS = {"DERIVATIVE": {"cnexp", "derivimplicit", "euler", "runge", "adams", "gear",
                                "clsoda", "after_cvode", "cvode_t", "cvode_t_v"},
                 "KINETIC": {"sparse", "derivimplicit"},
                 "LINEAR": {None}, "NONLINEAR": {"newton", None},
                 "PROCEDURE": {None, "after_cvode", "cvode_t", "cvode_t_v"}}


def _fail(mod, line, message):
    raise NmodlError(mod.path, line, message, source=mod.text)


def mechanism_name(mod):
    """SUFFIX / POINT_PROCESS / ARTIFICIAL_CELL name; nocmodl uses the file name when absent."""
    if mod.neuron.name:
        return mod.neuron.name
    return os.path.splitext(os.path.basename(mod.path))[0]


def check_file(mod):
    """Checks that need one file only; returns the set of names the file declares."""
    if mod.verbatim_lines:
        first = mod.verbatim_lines[0]
        at, what = mod.verbatim_reasons.get(first, (first, "C"))
        _fail(mod, first,
              "VERBATIM blocks hold C code, which pnm cannot translate to numba beyond a small "
              f"subset (assignments, arithmetic, if/else, printf, math.h): {what} (line {at}) "
              "is outside it; rewrite the block in NMODL statements "
              f"({len(mod.verbatim_lines)} VERBATIM block(s) in this file)")
    for ion in mod.neuron.useions:
        known = KNOWN_ION_VALENCE.get(ion.ion)
        if ion.valence is not None and known is not None and ion.valence != known:
            _fail(mod, ion.line, f"USEION {ion.ion} VALENCE {ion.valence:g} conflicts with "
                  f"NEURON's {ion.ion} ion (valence {known:g}); drop VALENCE or use another ion "
                  "name")
    randoms = mod.neuron.lists.get("RANDOM", [])
    if randoms and mod.neuron.kind in ("SUFFIX", ""):
        _fail(mod, randoms[0][1], f"RANDOM {randoms[0][0]} in a density mechanism (SUFFIX "
              f"{mechanism_name(mod)}): pnm gives RANDOM streams (NEURON's default ids per "
              "instance) only to POINT_PROCESS and ARTIFICIAL_CELL instances so far, not to "
              "a density mechanism's segments; make it a POINT_PROCESS")
    declared = declared_names(mod)
    _check_solves(mod)
    _check_names(mod, declared)
    _check_assignments(mod)
    return declared


def check_compile_set(mods, builtin=False):
    """Checks across the mod files compiled together: names and ion valences must agree.
    builtin=True is for NEURON's own definitions (hh.mod, ...), which carry built-in names."""
    seen, valences, top_level = {}, {}, {}
    for mod in mods:
        name = mechanism_name(mod)
        line = mod.neuron.line or 1
        if name == "nothing":       # no mechanism: its names are hoc's, without a suffix
            _check_top_level(mod, top_level)
            continue
        if name in BUILTIN_MECHANISMS and not builtin:
            _fail(mod, line, f"mechanism name {name} clashes with NEURON's built-in {name}; "
                  "rename the SUFFIX/POINT_PROCESS")
        if name in seen:
            _fail(mod, line, f"mechanism name {name} is also defined in {seen[name]}; each "
                  "mechanism of a compile set needs its own name")
        seen[name] = mod.path
        for ion in mod.neuron.useions:
            if ion.valence is None:
                continue
            previous = valences.get(ion.ion)
            if previous is not None and previous[0] != ion.valence:
                _fail(mod, ion.line, f"USEION {ion.ion} VALENCE {ion.valence:g} conflicts with "
                      f"VALENCE {previous[0]:g} in {previous[1]}")
            valences[ion.ion] = (ion.valence, mod.path)
    for mod in mods:
        check_file(mod)


def _check_top_level(mod, seen):
    """SUFFIX nothing files put their FUNCTIONs, PROCEDUREs, PARAMETERs and GLOBALs into hoc's
    top level (C globals), so two such files must not share one: NEURON's link fails with
    'multiple definition'. Other ASSIGNEDs are range variables of no mechanism, which several
    files may declare."""
    names = [(c.name, c.line, c.kind) for c in mod.callables.values()
             if c.kind in ("FUNCTION", "PROCEDURE", "FUNCTION_TABLE")]
    global_names = {n for n, _ in mod.neuron.lists.get("GLOBAL", [])}
    names += [(d.name, d.line, "variable") for kind in ("PARAMETER", "ASSIGNED")
              for d in mod.decls[kind] if kind == "PARAMETER" or d.name in global_names]
    for name, line, kind in names:
        if name in seen:
            _fail(mod, line, f"{kind} {name} is also defined in {seen[name]}; SUFFIX nothing "
                  "files share hoc's top-level names, so NEURON refuses this too: rename one of "
                  "them")
        seen[name] = mod.path


def declared_names(mod):
    names = set(BUILTIN_VARIABLES) | set(mod.defines)
    for decls in mod.decls.values():
        names.update(d.name for d in decls)
    names.update(f.name for f in mod.unit_factors)
    names.update(n for n, _ in mod.top_locals)
    names.update(mod.independent)
    for ion in mod.neuron.useions:
        names.update(ion.read)
        names.update(ion.write)
        names.add(f"{ion.ion}_ion")
    for kind in ("NONSPECIFIC_CURRENT", "ELECTRODE_CURRENT", "POINTER", "BBCOREPOINTER",
                 "RANDOM"):
        names.update(n for n, _ in mod.neuron.lists.get(kind, []))
    for c in mod.callables.values():
        if c.kind in ("FUNCTION", "FUNCTION_TABLE"):
            names.add(c.name)
    return names


def _blocks(mod):
    """(label, formals, body) of every block with statements."""
    out = [("INITIAL", [], mod.initial or []), ("BREAKPOINT", [], mod.breakpoint or [])]
    for c in mod.callables.values():
        out.append((c.kind, c.formals, c.body))
    if mod.net_receive:
        out.append(("NET_RECEIVE", mod.net_receive.formals, mod.net_receive.body))
    out.extend((when, [], body) for when, body, _ in mod.before_after)
    return out


def _check_solves(mod):
    for stmt in walk_statements(mod.breakpoint):
        if not isinstance(stmt, A.Solve):
            continue
        target = mod.callables.get(stmt.block)
        if target is None:
            _fail(mod, stmt.line, f"SOLVE {stmt.block}: no DERIVATIVE, KINETIC, LINEAR, "
                  f"NONLINEAR or PROCEDURE block named {stmt.block}")
        allowed = SOLVE_METHODS.get(target.kind, set())
        method = stmt.method
        if target.kind == "DERIVATIVE" and method is None:
            _fail(mod, stmt.line, f"SOLVE {stmt.block} needs METHOD (cnexp, derivimplicit or "
                  "euler) for a DERIVATIVE block")
        if method not in allowed and not (target.kind == "KINETIC" and method is None):
            _fail(mod, stmt.line, f"SOLVE {stmt.block} METHOD {method}: a {target.kind} block "
                  f"is solved by {', '.join(sorted(m for m in allowed if m)) or 'no METHOD'}")


def _check_names(mod, declared):
    functions = set(MATH_FUNCTIONS) | {c.name for c in mod.callables.values()}
    variables = [(n, line) for key in ("RANGE", "GLOBAL", "POINTER", "BBCOREPOINTER")
                 for n, line in mod.neuron.lists.get(key, [])]
    variables += [(d.name, d.line) for decls in mod.decls.values() for d in decls]
    for name, line in variables:
        called = mod.callables.get(name)
        if called is not None and called.kind in ("FUNCTION", "PROCEDURE", "FUNCTION_TABLE"):
            _fail(mod, line, f"{name} is a variable here and a {called.kind} at line "
                  f"{called.line} (nocmodl: 'used as both variable and function'); rename one")
    for label, formals, body in _blocks(mod):
        local = set(formals)
        for stmt in walk_statements(body):
            if isinstance(stmt, A.Local):
                local.update(n for n, _ in stmt.names)
            if isinstance(stmt, (A.FromLoop,)):
                local.add(stmt.var)
            if isinstance(stmt, A.ForNetcons):
                local.update(stmt.formals)
        if label == "FUNCTION":
            local.update(c.name for c in mod.callables.values() if c.kind == "FUNCTION")
        for stmt in walk_statements(body):
            for expr, line in _expressions(stmt):
                for node in _walk_expr(expr):
                    if isinstance(node, A.Call) and node.func == "printf" and node.args \
                            and isinstance(node.args[0], A.Str):
                        problem = printf_problem(node.args[0].text, len(node.args) - 1)
                        if problem:
                            _fail(mod, line, f"{problem}: pnm prints numbers with C's "
                                  "%d %i %u %x %c %e %f %g conversions")
                    if isinstance(node, A.Call) and node.func not in functions:
                        _fail(mod, line, f"call of {node.func}(), which is neither a FUNCTION/"
                              "PROCEDURE of this file nor a built-in function")
                    name = getattr(node, "id", None)
                    if name is not None and not isinstance(node, A.Prime) \
                            and name not in declared and name not in local:
                        _fail(mod, line, f"{name} is used but not declared; declare it in "
                              "PARAMETER, ASSIGNED, STATE or LOCAL")


def _check_assignments(mod):
    constants = {d.name for d in mod.decls["CONSTANT"]} | {f.name for f in mod.unit_factors}
    for label, _, body in _blocks(mod):
        for stmt in walk_statements(body):
            if isinstance(stmt, A.Assign) and isinstance(stmt.target, A.Name) \
                    and stmt.target.id in constants:
                _fail(mod, stmt.line, f"assignment to {stmt.target.id}, a CONSTANT/UNITS "
                      "value; declare it as a PARAMETER or ASSIGNED variable to change it")
            if isinstance(stmt, A.Assign) and isinstance(stmt.target, A.Prime) \
                    and label != "DERIVATIVE":
                _fail(mod, stmt.line, f"{stmt.target.id}' = ... is only allowed in a "
                      "DERIVATIVE block")


def _expressions(stmt):
    """(expression, line) pairs a statement evaluates, without its nested bodies."""
    line = stmt.line
    if isinstance(stmt, A.Assign):
        return [(stmt.target, line), (stmt.expr, line)]
    if isinstance(stmt, A.CallStmt):
        return [(stmt.call, line)]
    if isinstance(stmt, (A.If, A.While)):
        return [(stmt.cond, line)]
    if isinstance(stmt, A.Reaction):
        items = [e for _, e in stmt.lhs + stmt.rhs] + [stmt.kf]
        return [(e, line) for e in items + ([stmt.kb] if stmt.kb is not None else [])]
    if isinstance(stmt, A.Flux):
        return [(e, line) for _, e in stmt.species] + [(stmt.rate, line)]
    if isinstance(stmt, (A.Conserve, A.LinearEq)):
        return [(stmt.lhs, line), (stmt.rhs, line)]
    if isinstance(stmt, A.Watch):
        return [(e, line) for item in stmt.items for e in item]
    if isinstance(stmt, A.FromLoop):
        return [(stmt.lo, line), (stmt.hi, line)]
    if isinstance(stmt, A.Compartment):
        return [(stmt.volume, line)]
    return []


def _walk_expr(expr):
    yield expr
    if isinstance(expr, A.BinOp):
        yield from _walk_expr(expr.left)
        yield from _walk_expr(expr.right)
    elif isinstance(expr, (A.Neg, A.Not)):
        yield from _walk_expr(expr.operand)
    elif isinstance(expr, A.Call):
        for arg in expr.args:
            yield from _walk_expr(arg)
    elif isinstance(expr, A.Index):
        yield from _walk_expr(expr.index)
