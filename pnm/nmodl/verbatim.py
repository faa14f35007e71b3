"""A front-end pass: the small C subset published .mod files write in VERBATIM blocks, translated
into NMODL statements (pnm.nmodl.ast), so the rest of the compiler handles them as any other.

C names mean what nocmodl makes them mean: `_l<x>` is a LOCAL, an argument or a FUNCTION's
value; a plain name is a mechanism variable (PARAMETER/ASSIGNED/STATE, RANGE or GLOBAL), or t,
dt, v, celsius; `_ion_<x>` is the ion's value of x, as the block found it. The subset:
assignments (= += -= *= /= ++ --, and `(x = e)` in an if condition), `double x;` locals, C
arithmetic, comparisons and logic, `(double)` casts, math.h calls, if/else, switch with groups
ending in break, while, `return expr;` at the end of a FUNCTION,
printf with numeric %d %i %f %e %g %x %c conversions, fflush, hoc_execerror with literal
messages (the run stops with them, as in NEURON), and #include of standard
headers. Anything else (pointers, file I/O, hoc calls, C functions, ...) raises VerbatimError
naming the first construct; the checker then refuses the block with file:line (check.py)."""
from __future__ import annotations

import re

from . import ast as A

HEADERS = {"stdio.h", "stdlib.h", "math.h", "string.h", "errno.h", "limits.h", "float.h"}
C_MATH = {"exp", "log", "log10", "sqrt", "fabs", "sin", "cos", "tan", "asin", "acos", "atan",
          "atan2", "sinh", "cosh", "tanh", "pow", "floor", "ceil", "fmod", "erf", "erfc",
          "fmin", "fmax"}
C_TYPES = {"double", "float", "int", "long"}
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<number>(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?[fFlL]?)
  | (?P<name>[A-Za-z_]\w*)
  | (?P<string>"(\\.|[^"\\\n])*")
  | (?P<op>\+\+|--|\+=|-=|\*=|/=|==|!=|<=|>=|&&|\|\||->|[-+*/%<>=!(){};,?:&|^~\[\].])
""", re.X)
_FORMAT = re.compile(r"%(?P<flags>[-+ #0]*)(?P<width>\d*)(?:\.(?P<prec>\d+))?"
                     r"(?P<len>hh|h|ll|l|L)?(?P<conv>[diouxXeEfgGc%s])")
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "r": "\r", "0": "\0",
            "a": "\a"}
_INT_CONVERSIONS = set("diouxXc")
_C_KEYWORDS = {"switch", "case", "for", "do", "goto", "break", "continue", "static", "extern",
               "struct", "union", "typedef", "sizeof", "unsigned", "char", "void", "const"}


class VerbatimError(Exception):
    """C that pnm does not translate; .line is the line in the .mod file."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


class Context:
    """What the C in one VERBATIM block may name."""

    def __init__(self, variables, arrays, locals_, ions, function=None, assigned=()):
        self.variables = set(variables)   # mechanism variables and t, dt, v, celsius
        self.arrays = set(arrays)         # mechanism arrays (x[i])
        self.locals = set(locals_)        # arguments, LOCALs, the FUNCTION's name: _l<x>
        self.ions = set(ions)             # ion variables read: _ion_<x>
        self.function = function          # name of the enclosing FUNCTION, or None
        self.assigned = set(assigned)     # names the block assigned before the VERBATIM
        self.c_locals = {}                # C-declared local -> is int


class _Return:
    def __init__(self, expr, line):
        self.expr, self.line = expr, line


def _c_text(text, first_line):
    """The C between VERBATIM and ENDVERBATIM, comments blanked (lines kept), as
    (code, line of its first character)."""
    body = text
    start = body.find("VERBATIM") + len("VERBATIM")
    end = body.rfind("ENDVERBATIM")
    code = body[start:end]
    code = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group()), code, flags=re.S)
    code = re.sub(r"//[^\n]*", "", code)
    return code, first_line + body[:start].count("\n")


def _tokens(code, line):
    out, pos = [], 0
    for raw in code.split("\n"):
        stripped = raw.strip()
        if stripped.startswith("#"):
            header = re.fullmatch(r"#\s*include\s*[<\"]([\w./]+)[>\"]", stripped)
            if header is None or header.group(1) not in HEADERS:
                raise VerbatimError(line, f"the preprocessor line `{stripped}`")
            line += 1
            continue
        pos = 0
        while pos < len(raw):
            m = _TOKEN.match(raw, pos)
            if m is None:
                raise VerbatimError(line, f"the character {raw[pos]!r}")
            if m.lastgroup != "ws":
                out.append((m.lastgroup, m.group(), line))
            pos = m.end()
        line += 1
    out.append(("end", "", line))
    return out


class _Parser:
    """Recursive descent over the C subset, straight into NMODL statements."""

    def __init__(self, tokens, ctx):
        self.toks, self.k, self.ctx = tokens, 0, ctx
        self.int_casts = {}       # id of an (int) cast -> its token; allowed as printf args
        self.hoisted = None       # assignments inside the if condition being read

    # ---- tokens ----
    def peek(self, ahead=0):
        return self.toks[min(self.k + ahead, len(self.toks) - 1)]

    def next(self):
        tok = self.toks[self.k]
        self.k += 1
        return tok

    def accept(self, text):
        if self.peek()[1] == text and self.peek()[0] != "string":
            return self.next()
        return None

    def expect(self, text):
        tok = self.next()
        if tok[1] != text:
            self.refuse(tok, f"`{tok[1] or 'the end'}` where C needs `{text}`")
        return tok

    def refuse(self, tok, what):
        raise VerbatimError(tok[2], what)

    # ---- statements ----
    def statements(self, until=""):
        out = []
        while self.peek()[0] != "end" and self.peek()[1] != until:
            out.extend(self.statement())
        return out

    def statement(self):
        tok = self.peek()
        kind, text, line = tok
        if text == ";":
            self.next()
            return []
        if text == "{":
            self.next()
            body = self.statements("}")
            self.expect("}")
            return body
        if kind == "name" and text == "if":
            self.next()
            self.expect("(")
            self.hoisted = []
            cond = self.expr()[0]
            hoisted, self.hoisted = self.hoisted, None
            if hoisted and _has_logic(cond):
                self.refuse(tok, "an assignment inside an if condition with && or ||")
            self.expect(")")
            body = self.statement()
            orelse = self.statement() if self.accept("else") else []
            return hoisted + [A.If(cond, body, orelse, line=line)]
        if kind == "name" and text == "switch":
            return self.switch()
        if kind == "name" and text == "while":
            self.next()
            self.expect("(")
            cond = self.expr()[0]
            self.expect(")")
            return [A.While(cond, self.statement(), line=line)]
        if kind == "name" and text == "return":
            self.next()
            expr = None if self.peek()[1] == ";" else self.expr()[0]
            self.expect(";")
            return [_Return(expr, line)]
        if kind == "name" and text in C_TYPES:
            return self.declaration()
        if kind == "name" and text in _C_KEYWORDS:
            self.refuse(tok, f"the C statement `{text}` (pnm translates if/else, while, "
                        "return and assignments)")
        if kind == "name" and self.peek(1)[1] == "(":
            out = self.call_statement()
            self.expect(";")
            return out
        out = self.assignment()
        self.expect(";")
        return out

    def switch(self):
        """switch (e) { case 1: case 2: ... break; ... default: ... } as if/else: every group
        of statements ends with break (or is the last); C's fall-through is refused."""
        tok = self.next()
        self.expect("(")
        value = self.expr()[0]
        self.expect(")")
        self.expect("{")
        groups, default = [], None
        while not self.accept("}"):
            labels, is_default = [], False
            while self.peek()[1] in ("case", "default"):
                label = self.next()
                if label[1] == "default":
                    is_default = True
                else:
                    sign = -1.0 if self.accept("-") else 1.0
                    number = self.next()
                    if number[0] != "number" or not re.fullmatch(r"\d+", number[1]):
                        self.refuse(number, "a case label that is not an integer constant")
                    labels.append(sign * float(number[1]))
                self.expect(":")
            if not labels and not is_default:
                self.refuse(self.peek(), "a statement before the first case of a switch")
            body, ended = [], False
            while self.peek()[1] not in ("case", "default", "}"):
                if self.accept("break"):
                    self.expect(";")
                    ended = True
                    break
                body.extend(self.statement())
            if not ended and self.peek()[1] != "}":
                self.refuse(self.peek(), "a case that falls through to the next one (pnm "
                            "translates switch groups that end with break)")
            if is_default:
                default = body
            else:
                groups.append((labels, body))
        out = default or []
        for labels, body in reversed(groups):
            cond = None
            for number in labels:
                test = A.BinOp("==", value, A.Num(number, repr(number)))
                cond = test if cond is None else A.BinOp("||", cond, test)
            out = [A.If(cond, body, out, line=tok[2])]
        return out

    def declaration(self):
        line = self.peek()[2]
        is_int = self.next()[1] in ("int", "long")
        out = []
        while True:
            tok = self.next()
            if tok[0] != "name" or tok[1] in C_TYPES:
                self.refuse(tok, f"`{tok[1]}` in a declaration (pnm translates `double x;` "
                            "and `int i = 0;` forms)")
            name = tok[1]
            if name in self.ctx.variables or name in self.ctx.locals or \
                    name in self.ctx.c_locals or name.startswith("_"):
                self.refuse(tok, f"the C local `{name}`, which hides a name of the mechanism")
            if self.peek()[1] == "[":
                self.refuse(self.peek(), f"the C array `{name}[...]`")
            self.ctx.c_locals[name] = is_int
            out.append(A.Local([(name, None)], line=line))
            if self.accept("="):
                out.append(self.store(tok, A.Name(name), self.expr()))
            if not self.accept(","):
                break
        self.expect(";")
        return out

    def store(self, tok, target, value):
        expr, value_is_int = value
        if self.ctx.c_locals.get(target.id) and not value_is_int:
            self.refuse(tok, f"a double assigned to the int `{target.id}` (C truncates it)")
        self.ctx.assigned.add(target.id)
        return A.Assign(target, expr, line=tok[2])

    def assignment(self):
        tok = self.peek()
        if tok[1] in ("++", "--"):
            self.next()
            target = self.lvalue()
            return [self.store(tok, target, (A.BinOp(tok[1][0], target, A.Num(1.0, "1")),
                                             self.ctx.c_locals.get(target.id, False)))]
        target = self.lvalue()
        op = self.next()
        if op[1] in ("++", "--"):
            return [self.store(op, target, (A.BinOp(op[1][0], target, A.Num(1.0, "1")),
                                            self.ctx.c_locals.get(target.id, False)))]
        if op[1] == "=":
            return [self.store(op, target, self.expr())]
        if op[1] in ("+=", "-=", "*=", "/="):
            value, is_int = self.expr()
            both_int = is_int and self.ctx.c_locals.get(target.id, False)
            if op[1] == "/=" and both_int:
                self.refuse(op, "integer division")
            return [self.store(op, target, (A.BinOp(op[1][0], target, value), both_int))]
        self.refuse(op, f"`{op[1]}` after `{tok[1]}` (pnm translates assignments, calls of "
                    "printf and fflush, if/else, while and return)")

    def lvalue(self):
        tok = self.next()
        if tok[0] != "name":
            self.refuse(tok, f"`{tok[1]}` (pointers and other C)")
        target = self.variable(tok, write=True)
        if isinstance(target, A.Index) or self.peek()[1] != "[":
            return target
        self.refuse(self.peek(), f"`{tok[1]}[...]`: {tok[1]} is not an array of the mechanism")

    def call_statement(self):
        tok = self.next()
        name, line = tok[1], tok[2]
        self.expect("(")
        if name == "printf":
            fmt = self.next()
            if fmt[0] != "string":
                self.refuse(fmt, "printf without a literal format string")
            args = []
            while self.accept(","):
                args.append(self.expr())
                self.int_casts.pop(id(args[-1][0]), None)   # printf's %d takes it as C does
            self.expect(")")
            return [A.CallStmt(A.Call("printf", (A.Str(_format(fmt, args, self)),)
                                      + tuple(a for a, _ in args)), line=line)]
        if name == "fflush":
            stream = self.next()
            if stream[1] not in ("NULL", "stdout", "stderr", "0"):
                self.refuse(stream, f"fflush({stream[1]})")
            self.expect(")")
            return [A.CallStmt(A.Call("fflush", ()), line=line)]
        if name == "hoc_execerror":     # NEURON stops the run with the message(s)
            parts = []
            while True:
                arg = self.next()
                if arg[0] == "string":
                    parts.append(c_string(arg[1]))
                elif arg[1] not in ("0", "NULL"):
                    self.refuse(arg, "hoc_execerror with a message that is not a literal "
                                "string")
                if not self.accept(","):
                    break
            self.expect(")")
            return [A.CallStmt(A.Call("hoc_execerror", (A.Str(" ".join(parts)),)), line=line)]
        self.refuse(tok, f"the call {name}() (pnm translates printf, fflush and hoc_execerror "
                    "calls and "
                    "math.h functions in expressions)")

    # ---- expressions: (NMODL expression, is it a C int) ----
    def expr(self):
        return self.binary(0)

    _LEVELS = (("||",), ("&&",), ("==", "!="), ("<", "<=", ">", ">="), ("+", "-"),
               ("*", "/", "%"))

    def binary(self, level):
        if level == len(self._LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek()[1] in self._LEVELS[level] and self.peek()[0] == "op":
            op = self.next()
            right = self.binary(level + 1)
            if op[1] == "%":
                self.refuse(op, "the C operator `%`")
            if op[1] == "/" and left[1] and right[1]:
                self.refuse(op, "integer division (C truncates it)")
            is_int = (left[1] and right[1]) or op[1] not in ("+", "-", "*", "/")
            left = (A.BinOp(op[1], left[0], right[0]), is_int)
        if self.peek()[1] in ("?", "&", "|", "^", "~", "->", "."):
            self.refuse(self.peek(), f"the C operator `{self.peek()[1]}`")
        return left

    def unary(self):
        tok = self.peek()
        if tok[1] == "-":
            self.next()
            operand, is_int = self.unary()
            if isinstance(operand, A.Num):
                return A.Num(-operand.value, "-" + operand.text), is_int
            return A.Neg(operand), is_int
        if tok[1] == "+":
            self.next()
            return self.unary()
        if tok[1] == "!":
            self.next()
            return A.Not(self.unary()[0]), True
        if tok[1] == "(" and self.peek(1)[1] in C_TYPES and self.peek(2)[1] == ")":
            self.next()
            cast = self.next()[1]
            self.next()
            operand, _ = self.unary()
            if cast in ("int", "long"):
                self.int_casts[id(operand)] = tok
                return operand, True
            return operand, False
        return self.primary()

    def primary(self):
        tok = self.next()
        kind, text, line = tok
        if kind == "number":
            digits = text.rstrip("fFlL")
            is_int = re.fullmatch(r"\d+", digits) is not None
            if is_int and len(digits) > 1 and digits.startswith("0"):
                self.refuse(tok, f"the octal number {text}")
            return A.Num(float(digits), digits), is_int
        if text == "(":
            assigned = self.assignment_expression()
            if assigned is not None:
                return assigned
            inner = self.expr()
            self.expect(")")
            return inner
        if kind == "name" and self.peek()[1] == "(":
            if text not in C_MATH:
                self.refuse(tok, f"the call {text}() (pnm translates math.h functions)")
            self.next()
            args = []
            if not self.accept(")"):
                args.append(self.expr()[0])
                while self.accept(","):
                    args.append(self.expr()[0])
                self.expect(")")
            return A.Call(text, tuple(args)), False
        if kind == "name":
            return self.variable(tok), self.ctx.c_locals.get(text, False)
        self.refuse(tok, f"`{text or 'the end of the block'}`")

    def assignment_expression(self):
        """`(x = e)` inside an if condition (bg_cvode.inc's `if ((Tau[_lj] = ...) < ...)`):
        the assignment goes before the if, the expression reads x. None, tokens untouched,
        when the parentheses hold no assignment."""
        start = self.k
        if self.peek()[0] != "name" or self.peek(1)[1] not in ("=", "["):
            return None
        try:
            target = self.lvalue()
        except VerbatimError:
            self.k = start
            return None
        op = self.peek()
        if op[1] != "=" or op[0] != "op":
            self.k = start
            return None
        if getattr(self, "hoisted", None) is None:
            self.refuse(op, "an assignment inside an expression (pnm translates it only in "
                        "an if condition)")
        self.next()
        self.hoisted.append(self.store(op, target, self.expr()))
        self.expect(")")
        return target, self.ctx.c_locals.get(target.id, False)

    def variable(self, tok, write=False):
        text, ctx = tok[1], self.ctx
        if text in ctx.c_locals:
            return A.Name(text)
        if text.startswith("_l") and text[2:] in ctx.locals:
            return A.Name(text[2:])
        if text.startswith("_ion_") and text[5:] in ctx.ions and not write:
            if text[5:] in ctx.assigned:
                self.refuse(tok, f"{text} after the block assigned {text[5:]} (pnm knows the "
                            "ion's value as the block found it)")
            return A.Name(text[5:])
        if text.startswith("_p_"):
            self.refuse(tok, f"the POINTER {text}")
        if text in ctx.arrays and self.peek()[1] == "[":
            self.next()
            index = self.expr()[0]
            self.expect("]")
            return A.Index(text, index)
        if text in ctx.variables and text not in ctx.arrays:
            if text in ctx.locals:
                self.refuse(tok, f"`{text}`, the mechanism's {text}, hidden in pnm by the "
                            f"argument or LOCAL {text} (C's _l{text})")
            return A.Name(text)
        self.refuse(tok, f"`{text}`, which is not a variable of the mechanism (LOCALs and "
                    "arguments are _l<name> in C)")


def _has_logic(e):
    """Whether a condition holds && or || (C may skip an assignment inside it)."""
    if isinstance(e, A.BinOp):
        return e.op in ("&&", "||") or _has_logic(e.left) or _has_logic(e.right)
    if isinstance(e, (A.Neg, A.Not)):
        return _has_logic(e.operand)
    return False


def c_string(literal):
    """A C string literal's text, escapes decoded."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)),
                  literal[1:-1])


def printf_problem(text, nargs):
    """What pnm cannot print of printf(text, nargs numbers) (None: all fine): a %s or another
    conversion than C's numeric ones, or a count of conversions unlike the arguments'."""
    conversions = [m for m in _FORMAT.finditer(text) if m.group("conv") != "%"]
    if "%" in _FORMAT.sub("", text):
        return f"the printf format {text!r}"
    if any(m.group("conv") == "s" for m in conversions):
        return "a printf %s conversion (strings)"
    if len(conversions) != nargs:
        return f"printf with {len(conversions)} conversion(s) and {nargs} argument(s)"
    return None


def _format(tok, args, parser):
    """A printf format string's text (C escapes decoded); its conversions must be numeric and
    match the arguments: %d and the other int conversions take a C int ((int)x, int locals)."""
    text = c_string(tok[1])
    problem = printf_problem(text, len(args))
    if problem:
        parser.refuse(tok, problem)
    conversions = [m for m in _FORMAT.finditer(text) if m.group("conv") != "%"]
    for m, (expr, is_int) in zip(conversions, args):
        conv = m.group("conv")
        if (conv in _INT_CONVERSIONS) != bool(is_int):
            parser.refuse(tok, f"printf %{conv} of {'an int' if is_int else 'a double'} value "
                          "(C prints garbage; cast it or change the conversion)")
    return _FORMAT.sub(lambda m: m.group().replace(m.group("len") or "", "", 1)
                       if m.group("len") else m.group(), text)


def _always_returns(stmts):
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, _Return):
        return True
    return isinstance(last, A.If) and _always_returns(last.body) and \
        _always_returns(last.orelse)


def _has_return(stmt):
    if isinstance(stmt, _Return):
        return True
    if isinstance(stmt, A.If):
        return any(_has_return(x) for x in stmt.body + stmt.orelse)
    return isinstance(stmt, A.While) and any(_has_return(x) for x in stmt.body)


def _place_returns(stmts, ctx, tail):
    """Returns at the end of a FUNCTION become `f = expr`; the statements after an if/else
    holding a return go into its branches that do not return (so every return ends the
    block). A return anywhere else (in a loop, before other statements) is refused."""
    out = []
    for k, s in enumerate(stmts):
        last = k == len(stmts) - 1
        if isinstance(s, _Return):
            if not (tail and last):
                raise VerbatimError(s.line, "a return before the end of the FUNCTION or "
                                    "PROCEDURE")
            if ctx.function is not None:
                if s.expr is None:
                    raise VerbatimError(s.line, "`return;` in a FUNCTION")
                out.append(A.Assign(A.Name(ctx.function), s.expr, line=s.line))
            return out
        if isinstance(s, A.If):
            rest = stmts[k + 1:]
            if rest and tail and _has_return(s):     # the rest runs after the branch that
                if not _always_returns(s.body):       # does not return: copy it there
                    s.body = s.body + rest
                if not _always_returns(s.orelse):
                    s.orelse = s.orelse + rest
                last = True
            s.body = _place_returns(s.body, ctx, tail and last)
            s.orelse = _place_returns(s.orelse, ctx, tail and last)
            out.append(s)
            if last:
                return out
            continue
        if isinstance(s, A.While):
            s.body = _place_returns(s.body, ctx, False)
        out.append(s)
    return out


def translate(stmt, ctx, tail):
    """A.Verbatim -> NMODL statements; raises VerbatimError. tail: the block is the last
    statement of its FUNCTION/PROCEDURE (a `return` may end it)."""
    code, line = _c_text(stmt.text, stmt.line)
    parser = _Parser(_tokens(code, line), ctx)
    stmts = parser.statements()
    if parser.int_casts:
        raise VerbatimError(next(iter(parser.int_casts.values()))[2],
                            "an (int) cast outside a printf argument")
    return _place_returns(stmts, ctx, tail)


def headers_only(stmt):
    """Whether a VERBATIM block (outside the blocks with statements) holds nothing but
    #include lines of standard headers; raises VerbatimError on its first other construct."""
    code, line = _c_text(stmt.text, stmt.line)
    tokens = _tokens(code, line)
    if len(tokens) > 1:
        kind, text, at = tokens[0]
        raise VerbatimError(at, f"`{text}` outside a block (C declarations and functions)")
    return True
