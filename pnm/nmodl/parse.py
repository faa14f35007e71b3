"""Stage 1: .mod text -> ModFile (pnm.nmodl.ast). Syntax errors name file:line:column and show
the offending line with a caret."""
from __future__ import annotations

import os
import re
from functools import lru_cache

import lark
from lark import Token, Transformer, v_args

from . import ast as A
from .collect import collect as _collect, walk_statements  # noqa: F401 (re-export)
from .errors import NmodlError
from .verbatim import c_string


KNOWN_BLOCKS = ("TITLE", "COMMENT", "NEURON", "UNITS", "PARAMETER", "CONSTANT", "ASSIGNED",
                "STATE", "INDEPENDENT", "INITIAL", "BREAKPOINT", "DERIVATIVE", "KINETIC",
                "LINEAR", "NONLINEAR", "PROCEDURE", "FUNCTION", "FUNCTION_TABLE",
                "NET_RECEIVE", "BEFORE", "AFTER", "CONSTRUCTOR", "DESTRUCTOR", "LOCAL",
                "DEFINE", "INCLUDE", "VERBATIM", "UNITSON", "UNITSOFF", "DISCRETE")


@lru_cache(maxsize=1)
def _parser():
    grammar_path = os.path.join(os.path.dirname(__file__), "nmodl.lark")
    with open(grammar_path) as f:
        # cache=True: lark keeps the LALR tables it builds from the grammar (~0.4 s) in a
        # file of the temp dir, keyed by the grammar and these options
        return lark.Lark(f.read(), parser="lalr", lexer="contextual", cache=True,
                         propagate_positions=True, maybe_placeholders=False)


_COMMENT_START = re.compile(r"\bCOMMENT\b")
_ENDCOMMENT = re.compile(r"\bENDCOMMENT\b")


def blank_comment_blocks(text):
    """Replace COMMENT ... ENDCOMMENT by blanks (lines kept), skipping VERBATIM and ':' comments."""
    out, in_comment, in_verbatim = [], False, False
    for line in text.split("\n"):
        if in_comment:
            end = _ENDCOMMENT.search(line)
            if end is None:
                out.append("")
                continue
            line = " " * end.end() + line[end.end():]
            in_comment = False
        if in_verbatim:
            in_verbatim = "ENDVERBATIM" not in line
            out.append(line)
            continue
        code = re.split(r"[:?]", line, maxsplit=1)[0]
        if re.search(r"\bVERBATIM\b", code) and "ENDVERBATIM" not in code:
            in_verbatim = True
            out.append(line)
            continue
        start = _COMMENT_START.search(code)
        if start is not None:
            rest = line[start.end():]
            end = _ENDCOMMENT.search(rest)
            if end is None:
                in_comment = True
                line = line[:start.start()]
            else:
                line = line[:start.start()] + " " * (start.end() - start.start() + end.end()) \
                    + rest[end.end():]
        out.append(line)
    return "\n".join(out)


def _include_files(text, path, depth=0):
    """Textual INCLUDE "file" as nocmodl does (relative to the including file)."""
    def replace(match):
        name = match.group(1)
        target = os.path.join(os.path.dirname(os.path.abspath(path)), name)
        if not os.path.exists(target):
            line = text[:match.start()].count("\n") + 1
            raise NmodlError(path, line, f'INCLUDE "{name}": no such file {target}',
                             source=text)
        if depth > 10:
            raise NmodlError(path, 1, "INCLUDE nested more than 10 deep")
        with open(target) as f:
            included = _include_files(f.read(), target, depth + 1)
        return included
    # only INCLUDEs outside COMMENT ... ENDCOMMENT (old files show usage examples there)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines, live = text.split("\n"), blank_comment_blocks(text).split("\n")
    if len(lines) != len(live):
        live = lines
    for i, line in enumerate(live):
        match = re.match(r'^\s*INCLUDE\s+"([^"]+)"', line)
        if match:
            lines[i] = replace(_LineMatch(match, "\n".join(lines[:i]))) + lines[i][match.end():]
    return "\n".join(lines)


class _LineMatch:
    """A match on one line, offset into the whole text (replace() counts the lines above)."""

    def __init__(self, match, above):
        self._match, self._offset = match, len(above) + (1 if above else 0)

    def group(self, i):
        return self._match.group(i)

    def start(self):
        return self._offset + self._match.start()


def parse_file(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return parse_text(f.read(), path)


def parse_text(text, path="<string>"):
    """Parse NMODL source into an A.ModFile; raises NmodlError on a syntax error."""
    if "INCLUDE" in text:
        text_expanded = _include_files(text, path)
    else:
        text_expanded = text
    clean = blank_comment_blocks(text_expanded.replace("\r\n", "\n").replace("\r", "\n"))
    try:
        tree = _parser().parse(clean + "\n")
    except lark.exceptions.UnexpectedInput as err:
        raise _syntax_error(err, path, clean) from None
    has_verbatim = any(True for _ in tree.scan_values(
        lambda v: isinstance(v, Token) and v.type == "VERBATIM"))
    blocks = _ToAst().transform(tree).children
    mod = _collect(blocks, path, text)
    mod.has_verbatim = has_verbatim
    return mod


def _syntax_error(err, path, source):
    line, column = getattr(err, "line", 0), getattr(err, "column", 0)
    if isinstance(err, lark.exceptions.UnexpectedToken):
        token = err.token
        expected = set(err.expected)
        word, start = _word_at(source, line, column)
        at_top = ("NEURON" in expected and "PARAMETER" in expected) or (
            start == 1 + len(source.splitlines()[line - 1]) - len(
                source.splitlines()[line - 1].lstrip()) and word.isupper())
        if at_top and word and word not in KNOWN_BLOCKS:
            column = start
            msg = f"unknown block '{word}'; NMODL blocks are " + ", ".join(KNOWN_BLOCKS)
        elif token.type == "$END":
            msg = "unexpected end of file (a '}' missing?)"
        elif str(token) == "[" and source.splitlines()[line - 1][:column - 1].endswith("'"):
            name = re.findall(r"[A-Za-z_][A-Za-z0-9_]*'+$", source.splitlines()[line - 1][
                :column - 1])
            msg = (f"{name[0] if name else ''}[...]: the derivative of an element of a STATE "
                   "array is not supported (NEURON's nocmodl does not translate it either: 'Derivatives of "
                   "STATE array variables are not translated correctly'); write the equations "
                   "in a KINETIC block (~ c[i] << (flux)) or use scalar STATEs")
        else:
            msg = f"syntax error at '{token}'"
    elif isinstance(err, lark.exceptions.UnexpectedCharacters):
        msg = f"syntax error: unexpected character {source.splitlines()[line - 1][column - 1]!r}"
    else:
        msg = "syntax error"
    return NmodlError(path, line, msg, column=column, source=source)


def _word_at(source, line, column):
    """The identifier at or just before (line, column) and its 1-based start column."""
    lines = source.splitlines()
    if not 0 < line <= len(lines):
        return "", column
    text, end = lines[line - 1], column - 1
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    start = column - 1
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start:end], start + 1




def _flat(items):
    return [x for x in items if not isinstance(x, Token)]


@v_args(meta=True)
class _ToAst(Transformer):
    # expressions
    def number(self, meta, c):
        return A.Num(float(c[0]), str(c[0]))

    def name(self, meta, c):
        return A.Name(str(c[0]))

    def prime(self, meta, c):
        return A.Prime(str(c[0]).rstrip("'"))

    def index(self, meta, c):
        return A.Index(str(c[0]), c[1])

    def string_arg(self, meta, c):
        return A.Str(c_string(str(c[0])))   # printf's format; dropped from other calls

    def call(self, meta, c):
        if str(c[0]) == "printf":
            return A.Call("printf", tuple(c[1:]))
        return A.Call(str(c[0]), tuple(a for a in c[1:] if not isinstance(a, A.Str)))

    def binop(self, meta, c):
        return A.BinOp(str(c[1]), c[0], c[2])

    def paren(self, meta, c):
        if isinstance(c[0], A.BinOp):
            return A.BinOp(c[0].op, c[0].left, c[0].right, grouped=True)
        return c[0]

    def compare(self, meta, c):
        return A.BinOp(str(c[1]), c[0], c[2])

    def add_op(self, meta, c):
        return c[0]

    mul_op = cmp_op = add_op

    def or_(self, meta, c):
        return A.BinOp("||", c[0], c[1])

    def and_(self, meta, c):
        return A.BinOp("&&", c[0], c[1])

    def neg(self, meta, c):
        if isinstance(c[0], A.Num):
            return A.Num(-c[0].value, "-" + c[0].text)
        return A.Neg(c[0])

    def not_(self, meta, c):
        return A.Not(c[0])

    def pow(self, meta, c):
        return A.BinOp("^", c[0], c[1])

    def signed_number(self, meta, c):
        sign = -1.0 if str(c[0]) == "-" else 1.0
        return sign * float(c[-1])

    # statements
    def assign(self, meta, c):
        return A.Assign(c[0], c[1], line=meta.line)

    def call_stmt(self, meta, c):
        return A.CallStmt(c[0], line=meta.line)

    def body(self, meta, c):
        return list(c)

    def if_stmt(self, meta, c):
        orelse = c[2] if len(c) > 2 else []
        if isinstance(orelse, A.If):
            orelse = [orelse]
        return A.If(c[0], c[1], orelse, line=meta.line)

    def while_stmt(self, meta, c):
        return A.While(c[0], c[1], line=meta.line)

    def local_name(self, meta, c):
        return (str(c[0]), c[1] if len(c) > 1 else None)

    def array_dim(self, meta, c):
        tok = c[0]
        return int(tok) if tok.type == "INT" else str(tok)

    def local_stmt(self, meta, c):
        return A.Local(list(c), line=meta.line)

    def solve_stmt(self, meta, c):
        method, steady = None, False
        for item in c[1:]:
            if isinstance(item, tuple):
                method, steady = item
        return A.Solve(str(c[0]), method, steady, line=meta.line)

    def solve_method(self, meta, c):
        return (str(c[0]), False)

    def solve_steady(self, meta, c):
        return (str(c[0]), True)

    def conductance_stmt(self, meta, c):
        return A.Conductance(str(c[0]), str(c[1]) if len(c) > 1 else None, line=meta.line)

    def name_list(self, meta, c):
        return [(str(t), t.line) for t in c]

    def table_depend(self, meta, c):
        return ("depend", [n for n, _ in c[0]])

    def table_stmt(self, meta, c):
        names = next((x for x in c if isinstance(x, list)), [])
        depend = next((x[1] for x in c if isinstance(x, tuple)), [])
        exprs = [x for x in c if not isinstance(x, (list, tuple, Token))]
        return A.Table([n for n, _ in names], depend, exprs[0], exprs[1], int(c[-1]),
                       line=meta.line)

    def react_op(self, meta, c):
        return str(c[0])

    def tsum(self, meta, c):
        terms, sign = [], 1
        for item in c:
            if isinstance(item, Token):
                sign = -1 if str(item) == "-" else 1
            else:
                terms.append(item if sign == 1 else (item[0], A.Neg(item[1])))
        return terms

    def coef_term(self, meta, c):
        expr = c[1]
        for op, rhs in zip(c[2::2], c[3::2]):
            expr = A.BinOp(str(op), expr, rhs)
        return (float(c[0]), expr)

    def plain_term(self, meta, c):
        expr = A.Num(float(c[0]), str(c[0])) if isinstance(c[0], Token) else c[0]
        for op, rhs in zip(c[1::2], c[2::2]):
            expr = A.BinOp(str(op), expr, rhs)
        return (1.0, expr)

    def reaction(self, meta, c):
        kb = c[4] if len(c) > 4 else None
        return A.Reaction(c[0], c[1], c[2], c[3], kb, line=meta.line)

    def sink_reaction(self, meta, c):
        """`~ A + B -> (k)`: a one-way reaction without products (nocmodl's flux() with
        "->": f_flux = k*B*A, b_flux = 0)."""
        return A.Reaction(c[0], "->", [], c[1], None, line=meta.line)

    def flux_reaction(self, meta, c):
        return A.Flux(c[0], c[1], line=meta.line)

    def linear_eq(self, meta, c):
        lhs = None
        for coef, term in c[0]:
            term = term if coef == 1.0 else A.BinOp("*", A.Num(coef), term)
            lhs = term if lhs is None else A.BinOp("+", lhs, term)
        return A.LinearEq(lhs, c[1], line=meta.line)

    def conserve_stmt(self, meta, c):
        return A.Conserve(c[0], c[1], line=meta.line)

    def compartment_stmt(self, meta, c):
        return _compartment(A.Compartment, meta, c)

    def ldiff_stmt(self, meta, c):
        return _compartment(A.LongitudinalDiffusion, meta, c)

    def watch_item(self, meta, c):
        return (c[0], c[1])

    def watch_stmt(self, meta, c):
        return A.Watch(list(c), line=meta.line)

    def formal(self, meta, c):
        return str(c[0])

    def formals(self, meta, c):
        return list(c)

    def for_netcons(self, meta, c):
        return A.ForNetcons(c[0], c[1], line=meta.line)

    def from_loop(self, meta, c):
        by = c[3] if len(c) > 4 else None
        return A.FromLoop(str(c[0]), c[1], c[2], by, c[-1], line=meta.line)

    def verbatim(self, meta, c):
        return A.Verbatim(str(c[0]), line=meta.line)

    def unitsonoff(self, meta, c):
        return A.UnitsOnOff(str(c[0]) == "UNITSON", line=meta.line)

    def netrecv_initial(self, meta, c):
        return A.NetReceiveInitial(c[0], line=meta.line)

    def protect_stmt(self, meta, c):
        return A.Protect(c[0], line=meta.line)

    def mutex_stmt(self, meta, c):
        return A.Mutex(str(c[0]) == "MUTEXLOCK", line=meta.line)

    def lag_stmt(self, meta, c):
        return A.Lag(str(c[0]), str(c[1]), line=meta.line)

    # blocks: returned as (keyword, payload, line) for _collect
    def title(self, meta, c):
        return ("TITLE", str(c[0])[5:].strip(), meta.line)

    def suffix(self, meta, c):
        return ("suffix", (str(c[0]), str(c[1])), meta.line)

    def valence(self, meta, c):
        return ("valence", c[0])

    def ion_read(self, meta, c):
        return ("READ", [n for n, _ in c[0]])

    def ion_write(self, meta, c):
        return ("WRITE", [n for n, _ in c[0]])

    def useion(self, meta, c):
        parts = {"READ": [], "WRITE": [], "valence": None}
        for item in c[1:]:
            if isinstance(item, tuple):
                parts[item[0]] = item[1]
        return A.UseIon(str(c[0]), parts["READ"], parts["WRITE"], parts["valence"], meta.line)

    def name_list_stmt(self, meta, c):
        return ("list", (str(c[0]), c[1]), meta.line)

    def threadsafe(self, meta, c):
        return ("threadsafe", True, meta.line)

    def neuron_block(self, meta, c):
        return ("NEURON", list(c), meta.line)

    def unit_def(self, meta, c):
        return A.UnitDef(_units_text(c[0]), _units_text(c[1]), meta.line)

    def unit_ratio(self, meta, c):
        return (_units_text(c[0]), _units_text(c[1]))

    def unit_factor(self, meta, c):
        if isinstance(c[1], tuple):
            return A.UnitFactor(str(c[0]), meta.line, ratio=c[1])
        units = _units_text(c[2]) if len(c) > 2 else ""
        return A.UnitFactor(str(c[0]), meta.line, value=c[1], units=units)

    def units_block(self, meta, c):
        return ("UNITS", list(c), meta.line)

    def from_to(self, meta, c):
        return ("from_to", (c[0], c[1]))

    def limits(self, meta, c):
        return ("limits", (c[0], c[1]))

    def start_value(self, meta, c):
        return ("start", c[0])

    def tolerance(self, meta, c):
        return ("tolerance", c[0])

    def decl(self, meta, c):
        d = A.Decl(str(c[0]), meta.line)
        for item in c[1:]:
            if isinstance(item, Token) and item.type == "UNITS":
                d.units = _units_text(item)
            elif isinstance(item, float):
                d.value = item
            elif isinstance(item, tuple) and item[0] == "from_to":
                d.from_to = item[1]
            elif isinstance(item, tuple) and item[0] == "limits":
                d.limits = item[1]
            elif isinstance(item, tuple) and item[0] == "start":
                d.start = item[1]
            elif isinstance(item, tuple) and item[0] == "tolerance":
                d.tolerance = item[1]
            elif isinstance(item, (int, str)):
                d.size = item
        return d

    def decl_block(self, meta, c):
        return (str(c[0]), _flat(c[1:]), meta.line)

    def independent_block(self, meta, c):
        return ("INDEPENDENT", [str(x) for x in c if isinstance(x, Token) and x.type == "NAME"],
                meta.line)

    def define_stmt(self, meta, c):
        return ("DEFINE", (str(c[0]), int(c[1])), meta.line)

    def include_stmt(self, meta, c):
        return ("INCLUDE", str(c[0]), meta.line)

    def initial_block(self, meta, c):
        return ("INITIAL", c[0], meta.line)

    def breakpoint_block(self, meta, c):
        return ("BREAKPOINT", c[0], meta.line)

    def _callable(kind):
        def build(self, meta, c):
            name = str(c[0])
            formals = next((x for x in c[1:] if isinstance(x, list)
                            and all(isinstance(s, str) for s in x)), [])
            body = c[-1] if kind not in ("FUNCTION_TABLE",) else []
            units = next((_units_text(x) for x in c if isinstance(x, Token)
                          and x.type == "UNITS"), "")
            solvefor = None
            if kind in ("LINEAR", "NONLINEAR"):       # SOLVEFOR a, b: a name_list
                solvefor = next(([n for n, _ in x] for x in c[1:] if isinstance(x, list)
                                 and x and isinstance(x[0], tuple)), None)
            if kind in ("DERIVATIVE", "KINETIC", "LINEAR", "NONLINEAR", "DISCRETE"):
                formals = []
            return ("callable", A.Callable(kind, name, formals, body, meta.line, units,
                                           solvefor), meta.line)
        return build

    derivative_block = _callable("DERIVATIVE")
    kinetic_block = _callable("KINETIC")
    linear_block = _callable("LINEAR")
    nonlinear_block = _callable("NONLINEAR")
    discrete_block = _callable("DISCRETE")
    procedure_block = _callable("PROCEDURE")
    function_block = _callable("FUNCTION")
    function_table = _callable("FUNCTION_TABLE")

    def net_receive_block(self, meta, c):
        return ("NET_RECEIVE", A.Callable("NET_RECEIVE", "net_receive", c[0], c[1], meta.line),
                meta.line)

    def before_after_block(self, meta, c):
        return ("BEFORE_AFTER", (f"{c[0]} {c[1]}", c[2]), meta.line)

    def ctor_block(self, meta, c):
        return (str(c[0]), c[1], meta.line)


def _units_text(token):
    return " ".join(str(token).strip()[1:-1].split())


def _compartment(cls, meta, c):
    index = None
    rest = list(c)
    if len(rest) >= 2 and isinstance(rest[0], Token) and isinstance(rest[1], (A.Name, A.BinOp,
                                                                              A.Num, A.Index,
                                                                              A.Call, A.Neg)):
        index = str(rest.pop(0))
    volume = rest.pop(0)
    return cls(index, volume, [str(x) for x in rest], line=meta.line)



