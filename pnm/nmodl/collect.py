"""Sorting parsed top-level blocks into an ast.ModFile, and walking statement trees."""
from __future__ import annotations

import re

from . import ast as A, verbatim
from .errors import NmodlError


def collect(blocks, path, text):
    """Sort top-level blocks into a ModFile; a second NEURON/INITIAL/... block is an error."""
    mod = A.ModFile(path=path, text=text)

    def once(keyword, line):
        if keyword in mod.block_lines and keyword not in _REPEATABLE:
            raise NmodlError(path, line, f"second {keyword} block (the first is at line "
                             f"{mod.block_lines[keyword]})", source=text)
        mod.block_lines.setdefault(keyword, line)

    for item in blocks:
        if isinstance(item, A.Verbatim):
            _top_level_verbatim(mod, item)
            continue
        if isinstance(item, A.UnitsOnOff):
            continue
        if isinstance(item, A.Local):
            mod.top_locals.extend(item.names)
            continue
        keyword, payload, line = item
        if keyword == "callable":
            if payload.name in mod.callables:
                raise NmodlError(path, line, f"{payload.kind} {payload.name} defined twice "
                                 f"(also at line {mod.callables[payload.name].line})",
                                 source=text)
            mod.callables[payload.name] = payload
            mod.block_lines.setdefault(payload.kind, line)
            continue
        once(keyword, line)
        if keyword == "TITLE":
            mod.title = payload
        elif keyword == "NEURON":
            _neuron_block(mod, payload, line)
        elif keyword == "UNITS":
            for entry in payload:
                if isinstance(entry, A.UnitDef):
                    mod.unit_defs.append(entry)
                elif isinstance(entry, A.UnitFactor):
                    mod.unit_factors.append(entry)
        elif keyword in mod.decls:
            mod.decls[keyword].extend(payload)
        elif keyword == "INDEPENDENT":
            mod.independent.extend(payload)
        elif keyword == "INITIAL":
            mod.initial = payload
        elif keyword == "BREAKPOINT":       # several: one body, in file order (nocmodl)
            mod.breakpoint = (mod.breakpoint or []) + list(payload)
        elif keyword == "NET_RECEIVE":
            mod.net_receive = payload
        elif keyword == "BEFORE_AFTER":
            mod.before_after.append((payload[0], payload[1], line))
        elif keyword in ("CONSTRUCTOR", "DESTRUCTOR"):
            mod.constructors.append((keyword, payload, line))
        elif keyword == "DEFINE":
            mod.defines[payload[0]] = payload[1]
    _collect_verbatim(mod)
    if mod.breakpoint:
        mod.breakpoint = _hoist_solves(mod.breakpoint)
    return mod


def _hoist_solves(body):
    """A SOLVE inside an if/else of BREAKPOINT solves every step, as nocmodl makes it (it
    moves the SOLVE to nrn_state and leaves the branch empty): lifted to the top level."""
    nested = []

    def strip(stmts):
        kept = []
        for s in stmts:
            if isinstance(s, A.Solve):
                nested.append(s)
                continue
            for child in _child_bodies(s):
                child[:] = strip(child)
            kept.append(s)
        return kept
    top = []
    for s in body:
        for child in _child_bodies(s):
            child[:] = strip(child)
        top.extend(nested + [s])          # the solves in their order of appearance
        nested.clear()
    return top


_REPEATABLE = {"UNITS", "PARAMETER", "CONSTANT", "ASSIGNED", "STATE", "INDEPENDENT",
               "BEFORE_AFTER", "CONSTRUCTOR", "DESTRUCTOR", "DEFINE", "INCLUDE", "NEURON",
               "BREAKPOINT"}


def _neuron_block(mod, stmts, line):
    nb = mod.neuron
    nb.line = nb.line or line
    for stmt in stmts:
        if isinstance(stmt, A.UseIon):
            nb.useions.append(stmt)
        elif isinstance(stmt, A.Verbatim):
            _top_level_verbatim(mod, stmt)
        elif isinstance(stmt, A.UnitsOnOff):
            continue
        elif stmt[0] == "suffix":
            if nb.name:
                raise NmodlError(mod.path, stmt[2], f"{stmt[1][0]} {stmt[1][1]}: the mechanism "
                                 f"is already named {nb.name} ({nb.kind})", source=mod.text)
            nb.kind, nb.name = stmt[1]
        elif stmt[0] == "list":
            kind, names = stmt[1]
            nb.lists.setdefault(kind, []).extend(names)
        elif stmt[0] == "threadsafe":
            nb.threadsafe = True


def _top_level_verbatim(mod, stmt):
    """A VERBATIM outside the blocks: #include lines of standard headers (or comments) only."""
    try:
        verbatim.headers_only(stmt)
    except verbatim.VerbatimError as exc:
        _refuse(mod, stmt, exc)


def _c_code(stmt):
    """A VERBATIM block's C code without comments and blanks."""
    code = stmt.text.strip().removeprefix("VERBATIM").removesuffix("ENDVERBATIM")
    code = re.sub(r"/\*.*?\*/", "", code, flags=re.S)
    code = re.sub(r"//[^\n]*", "", code)
    return "".join(code.split())


def _is_trailing_return(stmt):
    """`VERBATIM return 0; ENDVERBATIM` or `return;` (old mod files end their PROCEDUREs and
    INITIAL blocks so, from when nocmodl's procedures returned int): nothing to do as the last
    statement of such a body."""
    return isinstance(stmt, A.Verbatim) and _c_code(stmt) in ("return0;", "return(0);",
                                                               "return;")


def _collect_verbatim(mod):
    """Every VERBATIM inside any block is translated to NMODL statements when its C is in the
    subset pnm knows (verbatim.py); the others are noted (line and first construct) for the
    checker to refuse. A PROCEDURE's or INITIAL's trailing `return 0;` or `return;` and a block
    holding only comments are dropped."""
    for c in mod.callables.values():
        if c.kind == "PROCEDURE" and c.body and _is_trailing_return(c.body[-1]):
            c.body = c.body[:-1]
    if mod.initial and _is_trailing_return(mod.initial[-1]):
        mod.initial = mod.initial[:-1]
    names = _verbatim_names(mod)

    def walk(stmts, locals_, function, tail, assigned):
        out = []
        for k, s in enumerate(stmts or []):
            last = tail and k == len(stmts) - 1
            if isinstance(s, A.Verbatim):
                if _c_code(s) == "":              # comments only: nothing to do
                    continue
                ctx = verbatim.Context(names[0], names[1], locals_, names[2], function,
                                       assigned)
                try:
                    out.extend(verbatim.translate(s, ctx, last))
                    assigned = assigned | ctx.assigned
                except verbatim.VerbatimError as exc:
                    _refuse(mod, s, exc)
                    out.append(s)
                continue
            if isinstance(s, A.If):
                s.body = walk(s.body, locals_, function, last, assigned)
                s.orelse = walk(s.orelse, locals_, function, last, assigned)
            else:
                for child in _child_bodies(s):
                    child[:] = walk(child, locals_, function, False, assigned)
            if isinstance(s, A.Assign) and isinstance(s.target, (A.Name, A.Index)):
                assigned = assigned | {s.target.id}
            out.append(s)
        return out

    def block_locals(body, formals=()):
        found = set(formals)
        for s in walk_statements(body):
            if isinstance(s, A.Local):
                found.update(n for n, _ in s.names)
        return found

    if mod.initial is not None:
        mod.initial = walk(mod.initial, block_locals(mod.initial), None, False, set())
    if mod.breakpoint is not None:
        mod.breakpoint = walk(mod.breakpoint, block_locals(mod.breakpoint), None, False, set())
    for c in mod.callables.values():
        function = c.name if c.kind == "FUNCTION" else None
        found = block_locals(c.body, c.formals) | ({c.name} if function else set())
        c.body = walk(c.body, found, function, c.kind in ("FUNCTION", "PROCEDURE"), set())
    if mod.net_receive:
        nr = mod.net_receive
        nr.body = walk(nr.body, block_locals(nr.body, nr.formals), None, False, set())
    mod.before_after = [(when, walk(body, block_locals(body), None, False, set()), line)
                        for when, body, line in mod.before_after]
    mod.constructors = [(kind, walk(body, block_locals(body), None, False, set()), line)
                        for kind, body, line in mod.constructors]
    mod.verbatim_lines.sort()


def _refuse(mod, stmt, exc):
    mod.verbatim_lines.append(stmt.line)
    mod.verbatim_reasons[stmt.line] = (exc.line, str(exc))


def _verbatim_names(mod):
    """(variables, arrays, ion values) the C of a VERBATIM block may name, as nocmodl
    defines them: mechanism variables, t, dt, v, celsius; arrays; ions' _ion_<x>."""
    variables = {"t", "dt", "v", "celsius"}
    arrays = set()
    for kind, decls in mod.decls.items():
        for d in decls:
            variables.add(d.name)
            if d.size is not None:
                arrays.add(d.name)
    variables.update(f.name for f in mod.unit_factors)
    ions = set()
    for ion in mod.neuron.useions:
        variables.update(ion.read + ion.write)
        ions.update(n for n in ion.read + ion.write if n != "i" + ion.ion)
    for kind in ("NONSPECIFIC_CURRENT", "ELECTRODE_CURRENT"):
        variables.update(n for n, _ in mod.neuron.lists.get(kind, []))
    pointers = {n for n, _ in mod.neuron.lists.get("POINTER", [])}
    return variables - pointers, arrays, ions


def _child_bodies(stmt):
    if isinstance(stmt, A.If):
        return [stmt.body, stmt.orelse]
    if isinstance(stmt, (A.While, A.ForNetcons, A.FromLoop, A.Block, A.NetReceiveInitial)):
        return [stmt.body]
    return []


def walk_statements(stmts):
    """Yield every statement in stmts, depth first, including those nested in if/while/..."""
    for s in stmts or []:
        yield s
        for child in _child_bodies(s):
            yield from walk_statements(child)
