"""Sorting parsed top-level blocks into an ast.ModFile, and walking statement trees."""
from __future__ import annotations

import re

from . import ast as A
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
            if _c_code(item) != "":           # (one with comments only says nothing)
                mod.verbatim_lines.append(item.line)
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
    return mod


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
            mod.verbatim_lines.append(stmt.line)
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
    """Every VERBATIM inside any block, so the checker can refuse each with its line. The C
    idioms with a known meaning are dropped: a PROCEDURE's or INITIAL's trailing `return 0;`
    or `return;`, and a block holding only comments."""
    for c in mod.callables.values():
        if c.kind == "PROCEDURE" and c.body and _is_trailing_return(c.body[-1]):
            c.body = c.body[:-1]
    if mod.initial and _is_trailing_return(mod.initial[-1]):
        mod.initial = mod.initial[:-1]

    def walk(stmts):
        if isinstance(stmts, list):       # blocks of comments only: dropped
            stmts[:] = [s for s in stmts if not (isinstance(s, A.Verbatim) and
                                                 _c_code(s) == "")]
        for s in stmts or []:
            if isinstance(s, A.Verbatim):
                mod.verbatim_lines.append(s.line)
            for child in _child_bodies(s):
                walk(child)
    walk(mod.initial)
    walk(mod.breakpoint)
    for c in mod.callables.values():
        walk(c.body)
    if mod.net_receive:
        walk(mod.net_receive.body)
    for _, body, _ in mod.before_after:
        walk(body)
    for _, body, _ in mod.constructors:
        walk(body)
    mod.verbatim_lines.sort()


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
