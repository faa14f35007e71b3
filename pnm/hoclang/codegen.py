"""Stage 2c: a procedure body as one generated Python function.

The closures of exprs.py/stmts.py cost a Python call per tree node. A proc/func/obfunc body
is instead written out as the source of one Python function `body(fr)`: each hoc statement
becomes a few lines of straight-line code (temporaries `t1, t2, ...` hold the values of
sub-expressions, in hoc's order of evaluation), hoc loops become Python loops, a section
statement a push/try/pop. Node kinds the generator does not write out (and any statement
whose compilation raises) are compiled by the closure compiler as before and called from the
generated code, so every construct keeps exactly its closure semantics and messages.

The generated function behaves as the closure body did: it returns None, or one of BREAK /
CONTINUE / RETURN / ITER_STOP; a `break`, `continue` or `return` inside a loop restores the
section stack as the loop closures do. Errors are located through a LineSites table carried
as the code's last constant: the generated line that was running gives the StatementSite
(locate.innermost_site)."""

import keyword
import math
import types

from lark import Tree

from .errors import HocError
from .genmethod import method_call
from .genruntime import GLOBALS, Unsupported
from .locate import LineSites
from .nodeshape import has_continue, has_exit, is_literal, v_pointer_x
from .runtime import BUILTIN_GLOBALS, PYTHON_NAMES
from . import sections as secs

_MAX_NESTING = 12         # Python allows 20 statically nested blocks


def compile_body(comp, nodes, name, locals_init):
    """The body of a procedure (statement nodes) -> body(fr), one generated function.
    comp: the StmtCompiler of the procedure's context; locals_init: {local: initial value}."""
    gen = _Generator(comp)
    return gen.function(nodes, name, locals_init)


class _Generator:

    def __init__(self, comp):
        self.comp, self.ctx, self.interp = comp, comp.ctx, comp.interp
        self.glob = dict(GLOBALS, resolve=self.interp.resolve, call=self.interp.call,
                         call_method=self.interp.call_method, new=self.interp.new,
                         call_proc=self.interp.call_proc, get_member=self.interp.get_member,
                         set_member=self.interp.set_member, TOP=self.interp.top)
        self.lines, self.sites = [], []
        self.indent, self.site, self.ntemp, self.nest = 1, None, 0, 0
        self.loops = []           # depth variables of the enclosing generated loops
        # the temporary holding the accessed section, while the generated code knows it
        # (from a section statement's push until a statement that may change the stack)
        self.known_cas = None

    # ---- output -----------------------------------------------------------------------------
    def emit(self, text):
        self.lines.append("    " * self.indent + text)
        self.sites.append(self.site)

    def temp(self):
        self.ntemp += 1
        return f"t{self.ntemp}"

    def const(self, obj):
        name = f"k{len(self.glob)}"
        self.glob[name] = obj
        return name

    def function(self, nodes, name, locals_init):
        self.glob["NAME"] = name
        self.statements(nodes)
        head = ["def body(fr):", "    ns = fr.ns"]
        if locals_init:
            head.append(f"    fr.loc = loc = {self.const(locals_init)}.copy()")
        src = "\n".join(head + self.lines + ["    return None"])
        table = [None] * (len(head) + 1) + self.sites + [None]
        code = compile(src, f"<hoc {name}>", "exec")
        exec(code, self.glob)
        fn = self.glob["body"]
        code = fn.__code__
        code = code.replace(co_consts=code.co_consts + (LineSites(table),))
        return types.FunctionType(code, self.glob, fn.__name__)

    # ---- statements ---------------------------------------------------------------------------
    def statements(self, nodes):
        nodes = self.comp.statement_nodes(nodes)
        i = 0
        while i < len(nodes):
            if self.comp.is_object_stmt_at(nodes, i):
                self.known_cas = None
                compiled, i = self.comp.take_stmt(nodes, i)
                self.call_stmt(compiled)
                continue
            self.stmt(nodes[i])
            i += 1

    def stmt(self, node):
        start, saved = len(self.lines), (self.site, self.indent, self.nest, list(self.loops))
        self.site = self.comp.site(node)
        cas, self.known_cas = self.known_cas, None
        try:
            method = getattr(self, "g_" + node.data, None)
            if method is None or self.nest > _MAX_NESTING:
                raise Unsupported(node.data)
            keeps_cas = method(node, cas)
            self.known_cas = cas if keeps_cas else None
        except (Unsupported, HocError):
            self.known_cas = None
            del self.lines[start:], self.sites[start:]
            self.site, self.indent, self.nest, self.loops = saved
            self.site = self.comp.site(node)
            self.call_stmt(self.comp.stmt(node))
        self.site = saved[0]

    def call_stmt(self, compiled):
        """A statement compiled to a closure: call it, pass its code on."""
        self.emit(f"r = {self.const(compiled)}(fr)")
        self.emit("if r is not None:")
        self.indent += 1
        if self.loops:
            self.emit(f"RESTORE({self.loops[-1]})")
            self.emit("if r == 2:")
            self.emit("    continue")
            self.emit("if r == 1:")
            self.emit("    break")
            for d in reversed(self.loops[:-1]):
                self.emit(f"RESTORE({d})")
        self.emit("return r")
        self.indent -= 1

    def block_of(self, node):
        """node's statements at one more indentation ('pass' when it has none)."""
        self.indent += 1
        self.nest += 1
        start = len(self.lines)
        if isinstance(node, Tree) and node.data == "block":
            self.statements(node.children)
        elif node is not None:
            self.stmt(node)
        if len(self.lines) == start:
            self.emit("pass")
        self.nest -= 1
        self.indent -= 1

    def g_block(self, node, cas=None):
        self.known_cas = cas
        self.statements(node.children)
        return self.known_cas is not None

    def g_local(self, node, cas=None):
        return True

    g_localobj = g_local

    def g_expr_stmt(self, node, cas=None):
        expr = node.children[0]
        if not isinstance(expr, Tree):
            raise Unsupported("token")
        if expr.data == "assign" and str(expr.children[1]) == "=":
            target, value = expr.children[0], expr.children[2]
            if target.data == "var" and str(target.children[0]) not in self.ctx.locals and \
                    secs.is_section_name(str(target.children[0])):
                setter = self.const(secs.section_setter(str(target.children[0])))
                sec = cas or self.cas()            # the section first, as range_assign_stmt
                value = self.expr(value)
                self.emit(f"{setter}({sec}, {value})")
                return cas is not None and is_literal(value)
            self.assign(target, self.expr(value))
            return
        self.expr(expr)

    def g_if_(self, node, cas=None):
        cond, then, other = node.children
        self.emit(f"if {self.expr(cond)}:")
        self.block_of(then)
        if other is not None:
            self.emit("else:")
            self.block_of(other)

    def g_section_stmt(self, node, cas=None):
        sec = self.secref(node.children[0])
        self.emit(f"STACK.append({sec})")
        self.emit("try:")
        self.known_cas = sec
        self.block_of(node.children[1])
        self.emit("except BaseException:")
        self.emit("    POP()")
        self.emit("    raise")
        self.emit("STACK.pop() if STACK else POP()")     # POP(): the error of an empty stack

    def g_insert(self, node, cas=None):
        name = str(node.children[0])
        secs.insert(name)                          # the check of an unknown mechanism
        self.emit(f"{cas or 'CURRENT()'}.insert({name!r})")
        return cas is not None

    def g_connect(self, node, cas=None):
        """connect child(cx), sec(px), sec a section name: sections.connect_to_segment
        written out (the closure for any other parent)."""
        child, cx, parent = node.children
        if getattr(parent, "data", None) != "segment":
            raise Unsupported("connect")
        c = self.secref(child)
        x = self.expr(cx) if cx is not None else "0.0"
        p, px = self.secref(parent.children[0]), self.expr(parent.children[1])
        known_x = is_literal(px) and 0.0 <= float(px) <= 1.0
        self.emit(f"if type({p}) is Section" + ("" if known_x else
                  f" and type({px}) is float and 0.0 <= {px} <= 1.0") + ":")
        self.emit(f"    {c}.connect({p}, {px}, {x})")
        self.emit("else:")
        self.emit(f"    {self.const(secs.connect)}({c}, {x}, {p}({px}))")
        return True

    def g_forsec(self, node, cas=None):
        if has_exit(node.children[1]):
            raise Unsupported("forsec with break/continue/return")
        self.sections_loop(f"SECTIONS_OF({self.expr(node.children[0])}, fr)", node.children[1],
                           known=False)       # a Python iterable may hold None (then the cas
                                              # is the default section)

    def g_forall(self, node, cas=None):
        if has_exit(node.children[0]):
            raise Unsupported("forall with break/continue/return")
        self.sections_loop("SECTIONS_IN_SCOPE(fr)", node.children[0], known=True)

    def sections_loop(self, sections, body, known):
        """forsec/forall without a way out of the body: each section pushed, body, popped."""
        depth, sec = self.temp(), self.temp()
        self.emit(f"{depth} = len(STACK)")
        self.emit(f"for {sec} in {sections}:")
        self.emit(f"    STACK.append({sec})")
        self.emit("    try:")
        self.indent += 1
        self.nest += 1
        self.known_cas = sec if known else None
        self.loop_body(depth, body)
        self.nest -= 1
        self.emit("finally:")
        self.emit("    STACK.pop() if STACK else POP()")
        self.indent -= 1

    def loop_body(self, depth, body, after=None):
        self.loops.append(depth)
        self.indent += 1
        self.nest += 1
        start = len(self.lines)
        self.stmt(body) if body is not None else None
        if after is not None:
            after()
        if len(self.lines) == start:
            self.emit("pass")
        self.nest -= 1
        self.indent -= 1
        self.loops.pop()

    def g_while_(self, node, cas=None):
        depth = self.temp()
        self.emit(f"{depth} = len(STACK)")
        self.emit("while True:")
        self.indent += 1
        self.emit(f"if not {self.expr(node.children[0])}:")
        self.emit("    break")
        self.indent -= 1
        self.loop_body(depth, node.children[1])

    def g_for_short(self, node, cas=None):
        name, start, end, body = node.children
        name = str(name)
        if has_continue(body):
            raise Unsupported("continue in a for loop")
        stop, depth = self.temp(), self.temp()
        self.emit(f"{stop} = {self.expr(end)} + 1e-11")
        if name in self.ctx.locals:
            self.emit(f"loc[{name!r}] = {self.expr(start)}")
            self.emit(f"{depth} = len(STACK)")
            # not `while cond`, whose back jump CPython 3.11 does not count to quicken code
            self.emit("while True:")
            self.emit(f"    if not loc[{name!r}] <= {stop}:")
            self.emit("        break")
            self.loop_body(depth, body, lambda: self.emit(f"loc[{name!r}] += 1.0"))
            return
        setter = self.const(self.comp.name_setter(name))
        var = Tree("var", [node.children[0]])
        self.emit(f"{setter}(fr, {self.expr(start)})")
        self.emit(f"{depth} = len(STACK)")
        self.emit("while True:")
        self.indent += 1
        self.emit(f"if not ({self.expr(var)} <= {stop}):")
        self.emit("    break")
        self.indent -= 1
        self.loop_body(depth, body,
                       lambda: self.emit(f"{setter}(fr, {self.expr(var)} + 1.0)"))

    def g_for_c(self, node, cas=None):
        init, cond, inc, body = node.children
        if has_continue(body):
            raise Unsupported("continue in a for loop")
        if init is not None:
            self.stmt(init)
        depth = self.temp()
        self.emit(f"{depth} = len(STACK)")
        self.emit("while True:")
        if cond is not None:
            self.indent += 1
            self.emit(f"if not {self.expr(cond)}:")
            self.emit("    break")
            self.indent -= 1
        self.loop_body(depth, body, (lambda: self.stmt(inc)) if inc is not None else None)

    def g_break_(self, node, cas=None):
        if not self.loops:
            self.emit("return 1")
            return
        self.emit(f"RESTORE({self.loops[-1]})")
        self.emit("break")

    def g_continue_(self, node, cas=None):
        if not self.loops:
            self.emit("return 2")
            return
        self.emit(f"RESTORE({self.loops[-1]})")
        self.emit("continue")

    def g_return_(self, node, cas=None):
        if node.children and node.children[0] is not None:     # `return` alone: no child
            self.emit(f"fr.retval = {self.expr(node.children[0])}")
        for d in reversed(self.loops):
            self.emit(f"RESTORE({d})")
        self.emit("return 3")

    # ---- assignment -----------------------------------------------------------------------------
    def cas(self):
        sec = self.temp()
        self.emit("try:")                          # cas(), its usual case inline
        self.emit(f"    {sec} = STACK[-1] if STACK and STACK[-1] is not None else CAS()")
        self.emit("except RuntimeError as err:")
        self.emit("    cas_error(err)")
        return sec

    def assign(self, target, value):
        """target = value (value: a temporary or literal, already evaluated)."""
        kind = target.data
        if kind == "var":
            name = str(target.children[0])
            if name in self.ctx.locals:
                self.emit(f"loc[{name!r}] = {value}")
                return
            setter = self.const(self.comp.name_setter(name))
            if name in self.ctx.externals or secs.is_section_name(name):
                self.emit(f"{setter}(fr, {value})")
                return
            cur = self.temp()
            self.emit(f"{cur} = ns.get({name!r}, MISSING)")
            plain = "" if is_literal(value) else f" and type({value}) is float"
            self.emit(f"if type({cur}) is float{plain}:")
            self.emit(f"    ns[{name!r}] = {value}")
            if not is_literal(value):     # an object variable takes any non-string value
                self.emit(f"elif type({cur}) not in NOT_OBJECT and not isinstance({value}, str):")
                self.emit(f"    ns[{name!r}] = {value}")
            if self.ctx.template is not None and name not in BUILTIN_GLOBALS:   # a new name
                self.emit(f"elif {cur} is MISSING and ns is not TOP{plain}:")   # in an object
                self.emit(f"    ns[{name!r}] = {value}")
            self.emit("else:")
            self.emit(f"    {setter}(fr, {value})")
            return
        if kind == "member":
            obj, name = self.expr(target.children[0]), str(target.children[1])
            attr = PYTHON_NAMES.get(name, name)
            self.emit(f"if {obj} is not None and not isinstance({obj}, HocObject):")
            self.emit(f"    {obj}.{attr} = {value}" if attr.isidentifier() and not
                      keyword.iskeyword(attr) else f"    setattr({obj}, {attr!r}, {value})")
            self.emit("else:")
            self.emit(f"    set_member({obj}, {name!r}, {value})")
            return
        self.emit(f"{self.const(self.comp.setter(target))}(fr, {value})")

    # ---- expressions: each returns a literal or a temporary ------------------------------------
    def expr(self, node):
        if not isinstance(node, Tree):
            raise Unsupported("token")
        method = getattr(self, "e_" + node.data, None)
        if method is not None:
            try:
                return method(node)
            except Unsupported:
                pass
        return self.closure(self.comp.expr(node))

    def closure(self, fn):
        t = self.temp()
        self.emit(f"{t} = {self.const(fn)}(fr)")
        return t

    def value(self, text):
        t = self.temp()
        self.emit(f"{t} = {text}")
        return t

    def e_number(self, node):
        v = float(node.children[0])
        return repr(v) if math.isfinite(v) else self.const(v)

    def e_var(self, node):
        name = str(node.children[0])
        if name in self.ctx.locals:
            return self.value(f"loc[{name!r}]")
        if name in self.ctx.externals or secs.is_section_name(name):
            raise Unsupported(name)
        t = self.value(f"ns.get({name!r}, MISSING)")
        self.emit(f"if type({t}) in SLOW_VAR:")
        self.emit(f"    {t} = slow_var({t}, {name!r}, fr, resolve)")
        return t

    def e_arg(self, node):
        tok = str(node.children[0])
        kind = tok[1] if tok[1] in "os&" else ""
        digits = tok[1 + len(kind):]
        if not digits.isdigit() or int(digits) < 1 or kind == "&":    # ($&1: exprs.x_arg)
            raise Unsupported(tok)
        n = int(digits) - 1
        self.emit(f"if len(fr.args) <= {n}:")
        self.emit(f"    arg_missing({tok!r}, fr)")
        t = self.value(f"fr.args[{n}]")
        if kind in ("", "s"):
            plain = "float" if kind == "" else "str"
            self.emit(f"if type({t}) is not {plain}:")
            self.emit(f"    {t} = arg_checked({t}, {n}, {kind!r}, {tok!r})")
        return t

    def e_binop(self, node):
        a, op, b = node.children
        x, y, op = self.expr(a), self.expr(b), str(op)
        if op in "+-*":
            t = self.temp()
            self.emit("try:")
            self.emit(f"    {t} = {x} {op} {y}")
            self.emit("except TypeError:")
            self.emit(f"    arith_error({x}, {op!r}, {y})")
            self.emit(f"if type({t}) is not float:")
            self.emit(f"    {t} = arith_result({t}, {x}, {op!r}, {y})")
            return t
        return self.value(f"{'div' if op == '/' else 'mod'}({x}, {y})")

    def e_compare(self, node):
        a, op, b = node.children
        x, y, op = self.expr(a), self.expr(b), str(op)
        if op in ("==", "!="):                     # hoc_eq, its float case inline
            floats = " and ".join(f"type({v}) is float" for v in (x, y) if not is_literal(v))
            near = f"{y} - EPS <= {x} <= {y} + EPS" if op == "==" else \
                f"not {y} - EPS <= {x} <= {y} + EPS"
            other = f"eq({x}, {y})" if op == "==" else f"1.0 - eq({x}, {y})"
            if not floats:
                return self.value(f"1.0 if {near} else 0.0")
            return self.value(f"(1.0 if {near} else 0.0) if {floats} else {other}")
        bound = {">": "+", "<": "-", ">=": "-", "<=": "+"}[op]
        return self.value(f"1.0 if {x} {op} {y} {bound} EPS else 0.0")

    def e_and_(self, node):
        x, y = self.expr(node.children[0]), self.expr(node.children[1])
        return self.value(f"1.0 if ({x} != 0.0) & ({y} != 0.0) else 0.0")

    def e_or_(self, node):
        x, y = self.expr(node.children[0]), self.expr(node.children[1])
        return self.value(f"1.0 if ({x} != 0.0) | ({y} != 0.0) else 0.0")

    def e_neg(self, node):
        sign, operand = node.children
        x = self.expr(operand)
        if str(sign) == "+":
            return x
        return repr(-float(x)) if is_literal(x) else self.value(f"neg_({x})")

    def e_not_(self, node):
        return self.value(f"1.0 if {self.expr(node.children[0])} == 0.0 else 0.0")

    def e_pow(self, node):
        x, y = self.expr(node.children[0]), self.expr(node.children[1])
        return self.value(f"pow_({x}, {y})")

    def e_assign(self, node):
        target, op, value = node.children
        if str(op) != "=":
            raise Unsupported("compound assignment")
        v = self.expr(value)
        self.assign(target, v)
        return v

    def e_member(self, node):
        """o.name: a hoc object's public variable read directly (get_member for the rest)."""
        obj, name = self.expr(node.children[0]), str(node.children[1])
        t = self.temp()
        self.emit(f"if type({obj}) is HocObject and {name!r} in {obj}.hoc_template.public:")
        self.emit(f"    {t} = {obj}.hoc_ns.get({name!r}, MISSING)")
        self.emit(f"    if type({t}) in MEMBER_SLOW:")
        self.emit(f"        {t} = get_member({obj}, {name!r})")
        self.emit("else:")
        self.emit(f"    {t} = get_member({obj}, {name!r})")
        return t

    def e_method(self, node):
        return method_call(self, node)

    def e_call(self, node):
        name, arglist = str(node.children[0]), node.children[1]
        if secs.is_section_name(name) or name in self.ctx.externals:
            raise Unsupported(name)
        special = self.interp.frame_builtins.get(name)
        if special is not None and name not in self.ctx.locals:
            args = self.args(arglist)
            return self.value(f"{self.const(special)}(fr, [{', '.join(args)}])")
        setters = self.const(self.comp.arg_setters(arglist))
        if name in self.ctx.locals:
            raw = self.value(f"loc[{name!r}]")
        else:
            raw = self.value(f"ns.get({name!r}, MISSING)")
            self.emit(f"if {raw} is MISSING:")
            self.emit(f"    {raw} = resolve({name!r}, fr)")
        args = self.args(arglist)
        return self.value(f"call(fr, {name!r}, {raw}, [{', '.join(args)}], {setters})")

    def e_new(self, node):
        args = self.args(node.children[1])
        return self.value(f"new(fr, {str(node.children[0])!r}, [{', '.join(args)}])")

    def args(self, arglist):
        """The argument values, as ExprCompiler.args passes them."""
        out = []
        for a in arglist.children:
            if a is None:
                continue
            if a.data == "pointer":                  # references: the closures of exprs.py
                out.append(self.pointer_arg(a.children[0]))
            elif a.data == "member":
                out.append(self.member_arg(a))
            elif a.data == "var" and not secs.is_section_name(str(a.children[0])):
                out.append(self.arg_var(str(a.children[0])))
            else:
                out.append(self.expr(a))
        return out

    def pointer_arg(self, node):
        """&v(x), x a number in [0, 1] (NetCon sources): the accessed section's NodeRef
        written out, as sections.range_pointer's ref_v makes it; else the closure."""
        closure = self.const(self.comp.pointer(node))
        x = v_pointer_x(node)
        if x is None or not secs.is_section_name("v"):
            return self.value(f"{closure}(fr)")
        sec = self.cas()
        make = "END_NODE_REF" if x in (0.0, 1.0) else "NODE_REF"      # (an end: no lookup)
        return self.value(f"{make}({sec}, {x!r}) if type({sec}) is Section else {closure}(fr)")

    def member_arg(self, node):
        """o.name as an argument: ExprCompiler.member_arg written out (a public strdef passes
        its Box, anything else get_member's value)."""
        obj, name = self.expr(node.children[0]), str(node.children[1])
        t = self.value(f"{obj}.hoc_ns.get({name!r}, MISSING) if type({obj}) is HocObject and "
                       f"{name!r} in {obj}.hoc_template.public else MISSING")
        self.emit(f"if type({t}) in MEMBER_SLOW and type({t}) is not BOX:")   # (a plain value:
        self.emit(f"    {t} = get_member({obj}, {name!r})")             # get_member's too)
        return t

    def arg_var(self, name):
        if name in self.ctx.locals:
            return self.value(f"loc[{name!r}]")
        if name in self.ctx.externals:
            return self.closure(self.comp.arg_var(name))
        t = self.value(f"ns.get({name!r}, MISSING)")
        self.emit(f"if type({t}) in SLOW_ARG_VAR:")
        self.emit(f"    {t} = slow_arg_var({t}, {name!r}, fr, resolve)")
        return t

    def secref(self, node):
        """A section reference -> a temporary holding the Section."""
        fn = self.const(self.comp.secref(node))
        name = str(node.children[0]) if node.data == "secname" else None
        if name is None or any(c is not None for c in node.children[1:]) or \
                name in self.ctx.locals or name in self.ctx.externals:
            return self.value(f"{fn}(fr)")
        t = self.value(f"ns.get({name!r})")
        self.emit(f"if type({t}) is not Section:")
        self.emit(f"    {t} = {fn}(fr)")
        return t
