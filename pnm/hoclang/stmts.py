"""Stage 2b: hoc statements, procedures and templates -> Python closures.

A statement closure takes the frame and returns None, or BREAK / CONTINUE / RETURN /
ITER_STOP to unwind loops and procedures without exceptions."""

from lark import Tree

from .errors import HocError, HocQuit
from .codegen import compile_body
from .construct import plain_declaration
from .exprs import ExprCompiler, number_value
from .locate import StatementSite, mark
from .runtime import (BREAK, CONTINUE, ITER_STOP, RETURN, Box, HocArray, Proc, Template,
                      expose_public, index_of)
from . import sections as secs


class Context:
    """What the compiler knows where it stands: file, procedure locals, template."""

    def __init__(self, interp, filename, lines, template=None, locals_=(), externals=(),
                 kind=None):
        self.interp, self.filename, self.lines = interp, filename, lines
        self.template, self.kind = template, kind
        self.locals = set(locals_)
        self.externals = set(externals)

    def nested(self, kind, locals_):
        ext = self.template.external if self.template else ()
        return Context(self.interp, self.filename, self.lines, self.template, locals_, ext, kind)


class StmtCompiler(ExprCompiler):

    def stmt(self, node):
        try:
            return self._stmt(node)
        except HocError as err:
            line, col = getattr(node.meta, "line", None), getattr(node.meta, "column", None)
            src = self.ctx.lines[line - 1] if line and line <= len(self.ctx.lines) else None
            raise err.located(self.ctx.filename, line, col, src)

    def _stmt(self, node):
        fn = getattr(self, "s_" + node.data, None)
        if fn is None:
            fn = self.s_expr_stmt if node.data not in ("block",) else self.s_block
            compiled = fn(Tree("expr_stmt", [node]) if fn == self.s_expr_stmt else node)
        else:
            compiled = fn(node)
        marked = mark(compiled, self.site(node))
        return marked if marked is not None else self.located(compiled, node)

    def site(self, node):
        line = getattr(node.meta, "line", None)
        col = getattr(node.meta, "column", None)
        lines = self.ctx.lines
        src = lines[line - 1] if line and line <= len(lines) else None
        return StatementSite(self.ctx.filename, line, col, src)

    def located(self, fn, node):
        """fn wrapped so that its errors carry node's location (for closures run once, such
        as an echoed top-level expression; statements are marked instead, see locate.py)."""
        site = self.site(node)

        def run(fr):
            try:
                return fn(fr)
            except HocError as err:
                raise err.located(site.filename, site.line, site.column, site.source_line)
            except Exception as err:
                raise HocError(f"{type(err).__name__}: {err}", site.filename, site.line,
                               site.column, site.source_line) from err
        return run

    def statement_nodes(self, nodes):
        """The statements of a block that run (declarations of locals do not); a loop or if
        whose body ends in an object expression followed on its line by a statement gets that
        statement (`for i=0,n-1 sr.child[i] print secname()` is NEURON's `ob stmt` body)."""
        nodes = [n for n in nodes if n is not None and not _is_decl_only(n)]
        i = 0
        while i + 1 < len(nodes):
            where = _trailing_body(nodes[i])
            if where is not None and _is_object_expr_stmt(where[0].children[where[1]]) and \
                    _line(nodes[i + 1]) == getattr(where[0].children[where[1]].meta,
                                                   "end_line", None):
                owner, k = where
                owner.children[k] = Tree("block", [owner.children[k], nodes.pop(i + 1)],
                                         owner.children[k].meta)
                continue
            i += 1
        return nodes

    def is_object_stmt_at(self, nodes, i):
        """Whether nodes[i] starts NEURON's `object stmt` (see take_stmt)."""
        node = nodes[i]
        return i + 1 < len(nodes) and _is_object_expr_stmt(node) and \
            _line(nodes[i + 1]) == getattr(node.meta, "end_line", None)

    def body(self, nodes):
        nodes = self.statement_nodes(nodes)
        stmts, i = [], 0
        while i < len(nodes):
            compiled, i = self.take_stmt(nodes, i)
            stmts.append(compiled)
        if len(stmts) == 1:
            return stmts[0]
        if 1 < len(stmts) <= _UNROLLED_MAX:
            return _unrolled_block(stmts)

        def block(fr):
            for s in stmts:
                r = s(fr)
                if r is not None:
                    return r
        return block

    def take_stmt(self, nodes, i):
        """The statement at nodes[i] -> (closure, index after it). An object expression
        followed by a statement on its line is NEURON's `object stmt` (sections.object_stmt),
        one statement however many juxtaposed `o.f()` precede the last one."""
        node = nodes[i]
        if self.is_object_stmt_at(nodes, i):
            inner, after = self.take_stmt(nodes, i + 1)
            compiled = secs.object_stmt(self.expr(node.children[0]), inner)
            return mark(compiled, self.site(node)) or self.located(compiled, node), after
        return self.stmt(node), i + 1

    def s_block(self, node):
        return self.body(node.children)

    def s_expr_stmt(self, node):
        expr = node.children[0]
        if isinstance(expr, Tree) and expr.data == "assign" and str(expr.children[1]) == "=":
            target, fv = expr.children[0], self.expr(expr.children[2])
            const = number_value(expr.children[2])
            if target.data == "var" and str(target.children[0]) not in self.ctx.locals and \
                    secs.is_section_name(str(target.children[0])):
                return secs.range_assign_stmt(str(target.children[0]), fv, const)
            setter = self.setter(target)
            if const is not None:
                def assign_const(fr):
                    setter(fr, const)
                return assign_const

            def assign(fr):                    # the value of a statement is not used
                setter(fr, fv(fr))
            return assign
        f = self.expr(expr)

        def run(fr):
            f(fr)
        return run

    # ---- declarations ------------------------------------------------------------------------
    def s_strdef(self, node):
        names = [str(c) for c in node.children]

        def run(fr):
            for n in names:
                cur = fr.ns.get(n)
                if type(cur) is Box:
                    cur.v = ""
                else:
                    fr.ns[n] = Box("")
        return run

    def _arrays(self, node, fill):
        decls = [(str(d.children[0]), [self.expr(e) for e in d.children[1:]])
                 for d in node.children]

        def run(fr):
            for name, dims in decls:
                if dims:
                    fr.ns[name] = HocArray(name, [index_of(f(fr)) for f in dims], fill)
                elif fill is None:
                    fr.ns[name] = None
                else:
                    fr.ns[name] = 0.0
        return run

    def s_double(self, node):
        return self._arrays(node, 0.0)

    def s_objref(self, node):
        return self._arrays(node, None)

    def s_local(self, node):
        return lambda fr: None

    s_localobj = s_local

    # ---- control flow ---------------------------------------------------------------------------
    def s_return_(self, node):
        value = node.children[0] if node.children else None     # `return` alone: no child
        if value is None:
            return lambda fr: RETURN
        f = self.expr(value)

        def ret(fr):
            fr.retval = f(fr)
            return RETURN
        return ret

    def s_break_(self, node):
        return lambda fr: BREAK

    def s_continue_(self, node):
        return lambda fr: CONTINUE

    def s_stop(self, node):
        def stop(fr):
            raise HocQuit(0)
        return stop

    def s_iterator_statement(self, node):
        if self.ctx.kind != "iterator":
            raise HocError("iterator_statement used outside an iterator declaration")

        def run(fr):
            depth = secs.secstack.depth()
            r = fr.iter_body(fr.iter_frame)
            if r is not None:
                secs.restore_stack(depth)
            if r == BREAK or r == RETURN:
                fr.abort = r
                return ITER_STOP
        return run

    def s_if_(self, node):
        cond, then, other = node.children
        fc, ft = self.expr(cond), self.stmt(then)
        fe = self.stmt(other) if other is not None else None
        if fe is None:
            def if_(fr):
                if fc(fr):
                    return ft(fr)
            return if_

        def if_else(fr):
            return ft(fr) if fc(fr) else fe(fr)
        return if_else

    def s_while_(self, node):
        fc, fb = self.expr(node.children[0]), self.stmt(node.children[1])

        def loop(fr):
            depth = secs.secstack.depth()
            while fc(fr):
                r = fb(fr)
                if r is not None:
                    secs.restore_stack(depth)
                    if r != CONTINUE:
                        return None if r == BREAK else r
        return loop

    def s_for_short(self, node):
        name, start, end, body = node.children
        fs, fe, fb = self.expr(start), self.expr(end), self.stmt(body)
        if str(name) in self.ctx.locals:
            return _for_local(str(name), fs, fe, fb)
        setter, get = self.name_setter(str(name)), self.expr(Tree("var", [name]))

        def loop(fr):
            stop = fe(fr) + 1e-11
            setter(fr, fs(fr))
            depth = secs.secstack.depth()
            while get(fr) <= stop:
                r = fb(fr)
                if r is not None:
                    secs.restore_stack(depth)
                    if r != CONTINUE:
                        return None if r == BREAK else r
                setter(fr, get(fr) + 1.0)
        return loop

    def s_for_c(self, node):
        init, cond, inc, body = node.children
        fi = self.stmt(init) if init is not None else None
        fc = self.expr(cond) if cond is not None else (lambda fr: 1.0)
        fn = self.stmt(inc) if inc is not None else None
        fb = self.stmt(body)

        def loop(fr):
            if fi is not None:
                fi(fr)
            depth = secs.secstack.depth()
            while fc(fr):
                r = fb(fr)
                if r is not None:
                    secs.restore_stack(depth)
                    if r != CONTINUE:
                        return None if r == BREAK else r
                if fn is not None:
                    fn(fr)
        return loop

    def _for_seg(self, name, with_ends, body):
        setter, fb = self.name_setter(name), self.stmt(body)

        def loop(fr):
            sec = secs.current_section()
            depth = secs.secstack.depth()
            for x in secs.segment_xs(sec, with_ends(fr)):
                setter(fr, x)
                r = fb(fr)
                if r is not None:
                    secs.restore_stack(depth)
                    if r != CONTINUE:
                        return None if r == BREAK else r
        return loop

    def s_for_seg(self, node):
        return self._for_seg(str(node.children[0]), lambda fr: True, node.children[1])

    def s_for_seg0(self, node):
        f = self.expr(node.children[1])
        return self._for_seg(str(node.children[0]), lambda fr: abs(f(fr)) >= 1e-11,
                             node.children[2])

    def s_for_iter(self, node):
        call, body = node.children
        if call.data not in ("call", "method"):
            raise HocError("for <iterator>(...) expects an iterator call")
        fb = self.stmt(body)
        interp = self.interp
        if call.data == "call":
            name, args = str(call.children[0]), self.args(call.children[1])
            raw = self.raw_name(name)

            def target(fr):
                return raw(fr), fr.ns, fr.obj
        else:
            obj, name, args = self.expr(call.children[0]), str(call.children[1]), \
                self.args(call.children[2])

            def target(fr):
                o = obj(fr)
                return interp.get_member(o, name, raw=True), interp.ns_of(o), o

        def loop(fr):
            proc, ns, owner = target(fr)
            return interp.run_iterator(proc, ns, owner, [a(fr) for a in args], fb, fr)
        return loop

    def s_print_(self, node):
        # a string member of an object (o.s) prints with a space after it, as numbers do;
        # a strdef or a literal without (NEURON's print)
        items = [(self.expr(c), getattr(c, "data", None) == "member") for c in node.children]
        out = self.interp.write

        def print_(fr):
            parts = []
            for f, member in items:
                v = f(fr)
                if isinstance(v, str):
                    parts.append(v + " " if member else v)
                else:
                    parts.append(self.interp.format_value(v) + " ")
            out("".join(parts) + "\n")
        return print_

    def s_delete(self, node):
        name = str(node.children[0])
        return lambda fr: fr.ns.pop(name, None) and None

    # ---- sections ---------------------------------------------------------------------------------
    def s_create(self, node):
        decls = [(str(d.children[0]), [self.expr(e) for e in d.children[1:]])
                 for d in node.children]
        interp = self.interp

        def run(fr):
            for name, dims in decls:
                secs.create(interp, fr, name, [index_of(f(fr)) for f in dims] if dims else ())
        return run

    def s_connect(self, node):
        child, cx, parent = node.children
        fc = self.secref(child)
        fx = self.expr(cx) if cx is not None else (lambda fr: 0.0)
        fp = self.expr(parent)
        if getattr(parent, "data", None) == "segment":     # connect child(cx), parent(px)
            return secs.connect_to_segment(fc, fx, self.secref(parent.children[0]),
                                           self.expr(parent.children[1]))
        args = parent.children[1].children if getattr(parent, "data", None) == "call" else ()
        raw = self.raw_name(str(parent.children[0])) if len(args) == 1 and \
            args[0] is not None and args[0].data != "pointer" else None
        if raw is None:
            return lambda fr: secs.connect(fc(fr), fx(fr), fp(fr))
        return secs.connect_to_section_at(fc, fx, fp, raw, self.expr(args[0]))

    def s_connect_member(self, node):
        """connect sref.sec(cx), px — and hoc's `sb.sec connect sa.sec(0), 1`."""
        fc = secs.member_section(self.interp, self.expr(node.children[0]), str(node.children[1]))
        fx, fp = self.expr(node.children[2]), self.expr(node.children[3])
        return lambda fr: secs.connect(fc(fr), fx(fr), fp(fr))

    def s_access_member(self, node):
        f = secs.member_section(self.interp, self.expr(node.children[0]), str(node.children[1]))
        return lambda fr: secs.secstack.access(f(fr))

    def s_access(self, node):
        f = self.secref(node.children[0])
        return lambda fr: secs.secstack.access(f(fr))

    def s_insert(self, node):
        return secs.insert(str(node.children[0]))

    def s_uninsert(self, node):
        return secs.uninsert(str(node.children[0]))

    def s_section_stmt(self, node):
        return secs.section_stmt(self.secref(node.children[0]), self.stmt(node.children[1]))

    def s_forall(self, node):
        return secs.forall(self.stmt(node.children[0]))

    def s_forsec(self, node):
        return secs.forsec(self.expr(node.children[0]), self.stmt(node.children[1]))

    def s_ifsec(self, node):
        return secs.forsec(self.expr(node.children[0]), self.stmt(node.children[1]),
                           only_if=True)

    def s_range_assign(self, node):
        name = str(node.children[0])
        return secs.range_assign(name, *[self.expr(c) for c in node.children[1:]])

    def s_sec_range_assign(self, node):
        """dend.diam(0:1) = 2:4: the taper on that section (as `dend { diam(0:1) = 2:4 }`)."""
        name = str(node.children[1])
        taper = secs.range_assign(name, *[self.expr(c) for c in node.children[2:]])
        return secs.section_stmt(self.secref(node.children[0]), taper)

    def s_setpointer(self, node):
        """setpointer syn.vgap, sec.v(x): a .mod file's POINTER points at a variable."""
        var, target = (self.pointer(c) for c in node.children)
        return secs.setpointer(var, target)

    # ---- definitions ------------------------------------------------------------------------------
    def s_defn(self, node):
        kind, name, block = str(node.children[0]), str(node.children[1]), node.children[2]
        locals_ = set()
        for st in block.children:
            if isinstance(st, Tree) and st.data in ("local", "localobj"):
                locals_.update(str(c) for c in st.children)
        sub = StmtCompiler(self.ctx.nested(kind, locals_))
        objlocals = {str(c) for st in block.children
                     if isinstance(st, Tree) and st.data == "localobj" for c in st.children}
        init = {n: 0.0 for n in locals_ - objlocals}
        init.update({n: None for n in objlocals})
        body = compile_body(sub, block.children, name, init)
        proc = Proc(name, kind, body, self.ctx.template, self.ctx.filename,
                    _assigned_objargs(block))
        tmpl = self.ctx.template
        if tmpl is not None:
            tmpl.procs[name] = proc
            return lambda fr: None

        def define(fr):
            fr.ns[name] = proc
        return define

    def s_template(self, node):
        name = str(node.children[0])
        tmpl = Template(name)
        ctx = Context(self.interp, self.ctx.filename, self.ctx.lines, tmpl)
        items = node.children[1:-1]
        for it in items:
            if it is not None and it.data == "external":
                tmpl.external.update(str(c) for c in it.children)
        ctx.externals = set(tmpl.external)
        sub = StmtCompiler(ctx)
        with secs.template_scope() as scope:
            for it in items:
                if it is None:
                    continue
                if it.data == "public":
                    tmpl.public.update(str(c) for c in it.children)
                    expose_public(tmpl.public)
                elif it.data == "defn":
                    sub.stmt(it)        # defines tmpl.procs[name]; nothing to run per object
                elif it.data != "external":
                    tmpl.decls.append(sub.stmt(it))
                    tmpl.decl_forms.append(plain_declaration(it))
                    scope.declare(it)
        interp = self.interp
        return lambda fr: interp.define_template(tmpl)


_UNROLLED_MAX = 24
_UNROLLED = {}      # n -> the source of a block function calling s0 .. s(n-1) in turn


def _unrolled_block(stmts):
    """The block as one function that calls each statement in turn (no loop), returning the
    first BREAK/CONTINUE/RETURN/ITER_STOP code, as the looping block does."""
    n = len(stmts)
    src = _UNROLLED.get(n)
    if src is None:
        lines = [f"def make({', '.join(f's{i}' for i in range(n))}):", "    def block(fr):"]
        for i in range(n - 1):
            lines += [f"        r = s{i}(fr)", "        if r is not None:", "            return r"]
        lines += [f"        return s{n - 1}(fr)", "    return block"]
        src = _UNROLLED[n] = compile("\n".join(lines), "<hoc block>", "exec")
    ns = {}
    exec(src, ns)
    return ns["make"](*stmts)


def _for_local(name, fs, fe, fb):
    """for i = a, b { } over a local i (the loop variable lives in the frame's locals)."""
    def loop(fr):
        stop = fe(fr) + 1e-11
        loc = fr.loc
        loc[name] = fs(fr)
        depth = secs.secstack.depth()
        while loc[name] <= stop:
            r = fb(fr)
            if r is not None:
                secs.restore_stack(depth)
                if r != CONTINUE:
                    return None if r == BREAK else r
            loc[name] += 1.0
    return loop


def _assigned_objargs(block):
    """The highest n such that the body assigns `$on = ...` (0 if none)."""
    highest = 0
    for node in block.iter_subtrees():
        if node.data == "assign" and getattr(node.children[0], "data", None) == "arg":
            tok = str(node.children[0].children[0])
            if tok.startswith("$o") and tok[2:].isdigit():
                highest = max(highest, int(tok[2:]))
    return highest


_BODY_LAST = frozenset(("for_short", "for_c", "for_seg", "for_seg0", "for_iter", "while_",
                        "forall", "forsec", "ifsec", "section_stmt"))


def _trailing_body(node):
    """(owner, index) of the statement a compound statement ends with (the innermost one when
    its body is itself a loop or if), or None."""
    found = None
    while isinstance(node, Tree):
        if node.data in _BODY_LAST:
            k = len(node.children) - 1
        elif node.data == "if_":
            k = 2 if node.children[2] is not None else 1
        else:
            return found
        if not isinstance(node.children[k], Tree):
            return found
        found = (node, k)
        node = node.children[k]
    return found


def _line(node):
    return getattr(getattr(node, "meta", None), "line", None)


def _is_object_expr_stmt(node):
    """An expression statement hoc's grammar reads as `ob` (src/oc/parse.ypp): a chain of
    `.name` / `.name(...)` on an object variable, $oN, an obfunc call or an array element, or
    a bare $oN."""
    if not (isinstance(node, Tree) and node.data == "expr_stmt"):
        return False
    expr = node.children[0]
    if not isinstance(expr, Tree):
        return False
    if expr.data == "arg":
        return str(expr.children[0]).startswith("$o")
    if expr.data not in ("member", "method") and not (     # also an object's array member,
            expr.data == "index" and isinstance(expr.children[0], Tree)    # sr.child[i]
            and expr.children[0].data == "member"):
        return False
    root = expr
    while isinstance(root, Tree) and root.data in ("member", "method", "index"):
        root = root.children[0]
    return isinstance(root, Tree) and (root.data in ("var", "call") or (
        root.data == "arg" and str(root.children[0]).startswith("$o")))


def _is_decl_only(node):
    return isinstance(node, Tree) and node.data in ("local", "localobj")
