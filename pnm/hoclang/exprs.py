"""Stage 2a: hoc expressions -> Python closures `fn(frame) -> value`, compiled once.

Names resolve as hoc resolves them: locals of the procedure, then section and range
variables of the currently accessed section, then the object's (or top level's) names, then
built-ins and pnm's `h` namespace."""

import math
import operator

from lark import Tree, Token

from .errors import HocError
from .runtime import (EPSILON, MISSING, Box, HocArray, HocObject, HocPointer, Proc, Template,
                      arg_setter, arith_result, element_pointer, hoc_div, hoc_int, hoc_mod,
                      hoc_neg, index_of, indexed_member_setter, zero_if_undefined)
from . import builtins as bi
from . import sections as secs

_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def hoc_pow(a, b):
    try:
        r = math.pow(a, b)
    except (OverflowError, ValueError) as err:
        raise HocError(f"{a}^{b}: {err}") from None
    return r


def hoc_eq(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return 1.0 if b - EPSILON <= a <= b + EPSILON else 0.0
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return 1.0 if b - EPSILON <= a <= b + EPSILON else 0.0
    return 1.0 if a is b or (isinstance(a, str) and a == b) else 0.0


_COMPARE = {
    ">": lambda a, b: 1.0 if a > b + EPSILON else 0.0,
    "<": lambda a, b: 1.0 if a < b - EPSILON else 0.0,
    ">=": lambda a, b: 1.0 if a >= b - EPSILON else 0.0,
    "<=": lambda a, b: 1.0 if a <= b + EPSILON else 0.0,
    "==": hoc_eq,
    "!=": lambda a, b: 1.0 - hoc_eq(a, b),
}
_BINOP = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": hoc_div, "%": hoc_mod}


def unwrap(v):
    """The value a name stands for in an expression."""
    t = type(v)
    if t is float or t is int:
        return v
    if t is Box:
        return v.v
    if t is HocArray:
        return v.data[0]
    return v


def to_python(v):
    """An argument as Python code receives it."""
    t = type(v)
    if t is Box:
        return v.v
    if t is HocArray:
        return v.data[0]
    return v


class ExprCompiler:
    """Compiles expression trees for one compilation context (file, procedure, template)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.interp = ctx.interp

    def expr(self, node):
        if isinstance(node, Token):
            raise HocError(f"unexpected {node!r}")
        return getattr(self, "x_" + node.data)(node)

    # ---- leaves ------------------------------------------------------------------------------
    def x_number(self, node):
        value = float(node.children[0])
        return lambda fr: value

    def x_string(self, node):
        text = _unescape(str(node.children[0])[1:-1])
        return lambda fr: text

    def x_arg(self, node):
        """$1, $s1, $o1; $&1 in an expression is the number it points to."""
        raw = self.arg_raw(node)
        if str(node.children[0])[1] != "&":
            return raw

        def deref(fr):
            return raw(fr)[0]
        return deref

    def arg_raw(self, node):
        """The argument itself ($&1: the pointer)."""
        tok = str(node.children[0])
        kind = tok[1] if tok[1] in "os&" else ""
        digits = tok[1 + len(kind):]
        i = int(digits) - 1 if digits != "i" else None
        which = self.expr(Tree("var", [Token("NAME", "i")])) if i is None else None

        def arg(fr):
            n = i if which is None else int(which(fr)) - 1
            try:
                if n < 0:
                    raise IndexError
                v = fr.args[n]
            except IndexError:
                raise HocError(f"{tok}: only {len(fr.args)} argument(s) given") from None
            if kind == "s":
                if type(v) is Box:
                    return v.v
                if not isinstance(v, str):
                    raise HocError(f"{tok}: argument {n + 1} is not a string ({v!r})")
            elif kind == "":
                if not isinstance(v, (float, int)):
                    raise HocError(f"{tok}: argument {n + 1} is not a number ({v!r}); "
                                   f"use $o{n + 1} for objects, $s{n + 1} for strings")
            return v
        return arg

    def x_var(self, node):
        name = str(node.children[0])
        if name in self.ctx.locals:
            return lambda fr: fr.loc[name]      # locals hold numbers and objects only
        raw = self.raw_name(name)
        if raw is None:
            return secs.range_getter(name)
        if name in self.ctx.externals:
            return lambda fr: unwrap(raw(fr))
        resolve = self.interp.resolve

        def var(fr):                            # raw_name's lookup and unwrap, inline
            v = fr.ns.get(name, MISSING)
            t = type(v)
            if t is float:
                return v
            if v is MISSING:
                return unwrap(resolve(name, fr))
            if t is Box:
                return v.v
            if t is HocArray:
                return v.data[0]
            return v
        return var

    def raw_name(self, name):
        """fr -> the value stored under name (Box / HocArray unwrapped later); None for
        section and range variables."""
        ctx = self.ctx
        if name in ctx.locals:
            def local(fr):
                return fr.loc[name]
            return local
        if secs.is_section_name(name):
            return None
        interp = self.interp
        if name in ctx.externals:
            top = interp.top

            def external(fr):
                v = top.get(name, MISSING)
                return interp.resolve(name, fr) if v is MISSING else v
            return external

        def lookup(fr):
            v = fr.ns.get(name, MISSING)
            return interp.resolve(name, fr) if v is MISSING else v
        return lookup

    # ---- operators ---------------------------------------------------------------------------
    def x_binop(self, node):
        a, op, b = node.children
        fa, fb, f = self.expr(a), self.expr(b), _BINOP[str(op)]
        kb = number_value(b)
        if str(op) in _ARITH and kb is not None:      # x + 1: the constant is not called
            def arith_const(fr):
                x = fa(fr)
                try:
                    r = f(x, kb)
                except TypeError:
                    raise HocError(f"{x!r} {op} {kb!r}: operands must be numbers") from None
                return r if type(r) is float else arith_result(r, x, op, kb)
            return arith_const
        if str(op) in _ARITH:
            def arith(fr):
                x, y = fa(fr), fb(fr)
                try:
                    r = f(x, y)
                except TypeError:
                    raise HocError(f"{x!r} {op} {y!r}: operands must be numbers") from None
                return r if type(r) is float else arith_result(r, x, op, y)
            return arith
        return lambda fr: f(fa(fr), fb(fr))

    def x_compare(self, node):
        a, op, b = node.children
        fa, fb, f = self.expr(a), self.expr(b), _COMPARE[str(op)]
        kb = number_value(b)
        if kb is not None:
            return lambda fr: f(fa(fr), kb)
        return lambda fr: f(fa(fr), fb(fr))

    def x_and_(self, node):
        fa, fb = self.expr(node.children[0]), self.expr(node.children[1])
        return lambda fr: 1.0 if (fa(fr) != 0.0) & (fb(fr) != 0.0) else 0.0   # both evaluated

    def x_or_(self, node):
        fa, fb = self.expr(node.children[0]), self.expr(node.children[1])
        return lambda fr: 1.0 if (fa(fr) != 0.0) | (fb(fr) != 0.0) else 0.0

    def x_neg(self, node):
        sign, operand = node.children
        f = self.expr(operand)
        if str(sign) == "+":
            return f
        return lambda fr: hoc_neg(f(fr))

    def x_not_(self, node):
        f = self.expr(node.children[0])
        return lambda fr: 1.0 if f(fr) == 0.0 else 0.0

    def x_pow(self, node):
        fa, fb = self.expr(node.children[0]), self.expr(node.children[1])
        return lambda fr: hoc_pow(fa(fr), fb(fr))

    # ---- assignment ----------------------------------------------------------------------------
    def x_assign(self, node):
        target, op, value = node.children
        setter = self.setter(target)
        fv = self.expr(value)
        op = str(op)
        if op == "=":
            def assign(fr):
                v = fv(fr)
                setter(fr, v)
                return v
            return assign
        get = self.expr(target)
        if target.data == "var":         # `n += 1` with n undeclared: NEURON makes n, from 0
            get = zero_if_undefined(get, str(target.children[0]))
        f = _BINOP[op[0]]

        def update(fr):
            x, y = get(fr), fv(fr)
            v = f(x, y)
            if type(v) is not float:
                v = arith_result(v, x, op[0], y)
            setter(fr, v)
            return v
        return update

    def setter(self, node):
        """(fr, value) -> None for an assignable expression."""
        kind = node.data
        if kind == "var":
            return self.name_setter(str(node.children[0]))
        if kind == "arg":
            return arg_setter(str(node.children[0]))
        if kind == "index":
            return self.index_setter(node)
        if kind == "member":
            obj = self.expr(node.children[0])
            name = str(node.children[1])
            set_member = self.interp.set_member
            return lambda fr, v: set_member(obj(fr), name, v)
        if kind == "call":
            return secs.range_call_setter(str(node.children[0]), self.args(node.children[1]))
        if kind == "method":       # vec.x(i) = v: hoc's call form of an indexed member
            return indexed_member_setter(self.expr(node.children[0]), str(node.children[1]),
                                         self.args(node.children[2]))
        if kind == "secvar":
            return secs.secvar_setter(self.secref(node.children[0]), str(node.children[1]))
        if kind == "secvar_at":
            return secs.secvar_at_setter(self.secref(node.children[0]), str(node.children[1]),
                                         self.expr(node.children[2]))
        raise HocError("this expression cannot be assigned to")

    def name_setter(self, name, assignment=True):
        """(fr, value) -> None; an assignment's name is declared as hoc parses it (resolve)."""
        if name in self.ctx.locals:
            def set_local(fr, v):
                fr.loc[name] = v
            return set_local
        if secs.is_section_name(name):
            return secs.range_setter(name)
        interp = self.interp
        external = name in self.ctx.externals
        if assignment:
            tmpl = self.ctx.template
            (interp.assigned_at_top if tmpl is None or external else tmpl.assigned).add(name)

        def set_name(fr, v):
            ns = interp.top if external else fr.ns
            cur = ns.get(name, MISSING)
            t = type(cur)
            if t is float:
                if not isinstance(v, (float, int)):
                    raise HocError(f"{name} = {v!r}: {name} is a number variable")
                ns[name] = float(v)
            elif t is Box:
                if not isinstance(v, str):
                    raise HocError(f"{name} = {v!r}: {name} is a strdef; assign a string")
                cur.v = v
            elif t is HocArray:
                cur.data[0] = v
            elif cur is MISSING:
                interp.assign_new(ns, name, v)
            elif isinstance(cur, Proc) or isinstance(v, str):
                raise HocError(f"{name} = {v!r}: {name} is not assignable that way")
            else:
                ns[name] = v
        return set_name

    def index_setter(self, node):
        base, idx = self.index_chain(node)
        last = idx[-1]

        def set_index(fr, v):
            container = base(fr)
            if type(container) is HocArray:
                container.data[container.offset([index_of(f(fr)) for f in idx])] = v
                return
            for f in idx[:-1]:
                container = container[index_of(f(fr))]
            container[index_of(last(fr))] = v
        return set_index

    def index_chain(self, node):
        """x[i][j] -> (raw getter of x, [i, j])."""
        idx = []
        while isinstance(node, Tree) and node.data == "index":
            idx.append(self.expr(node.children[1]))
            node = node.children[0]
        idx.reverse()
        if node.data == "var":
            base = self.raw_name(str(node.children[0]))
            if base is None:
                raise HocError(f"{node.children[0]} is a section variable, not an array")
        elif node.data == "member":
            base = self.member_raw(node)
        elif node.data == "arg":                   # $&1[i]: through the pointer
            base = self.arg_raw(node)
        else:
            base = self.expr(node)
        return base, idx

    def x_index(self, node):
        base, idx = self.index_chain(node)

        def index(fr):
            container = base(fr)
            if type(container) is HocArray:
                return container.data[container.offset([index_of(f(fr)) for f in idx])]
            if len(idx) == 1 and _is_method(container):
                return container(float(idx[0](fr)))     # hoc's `list.object[i]`: the argument
            for f in idx:
                if isinstance(container, (type, Template)):    # PWManager[0], Family[0]:
                    container = bi.object_by_index(container, index_of(f(fr)))  # by its name
                    continue
                try:
                    container = container[index_of(f(fr))]
                except (TypeError, KeyError):
                    raise HocError(f"{container!r} is not an array") from None
            return container
        return index

    # ---- objects --------------------------------------------------------------------------------
    def member_raw(self, node):
        obj, name = self.expr(node.children[0]), str(node.children[1])
        interp = self.interp
        return lambda fr: interp.get_member(obj(fr), name, raw=True)

    def x_member(self, node):
        obj, name = self.expr(node.children[0]), str(node.children[1])
        interp = self.interp
        return lambda fr: interp.get_member(obj(fr), name)

    def x_method(self, node):
        obj, name = self.expr(node.children[0]), str(node.children[1])
        args, setters = self.args(node.children[2]), self.arg_setters(node.children[2])
        call = self.interp.call_method
        # one closure per argument count: no comprehension frame per call (Python 3.11)
        if len(args) == 0:
            return lambda fr: call(fr, obj(fr), name, [], setters)
        if len(args) == 1:
            a0, = args
            return lambda fr: call(fr, obj(fr), name, [a0(fr)], setters)
        if len(args) == 2:
            a0, a1 = args
            return lambda fr: call(fr, obj(fr), name, [a0(fr), a1(fr)], setters)
        if len(args) == 3:
            a0, a1, a2 = args
            return lambda fr: call(fr, obj(fr), name, [a0(fr), a1(fr), a2(fr)], setters)
        return lambda fr: call(fr, obj(fr), name, [a(fr) for a in args], setters)

    def x_call(self, node):
        name = str(node.children[0])
        args = self.args(node.children[1])
        if secs.is_section_name(name):
            return secs.range_call(name, args)
        special = self.interp.frame_builtins.get(name)
        if special is not None and name not in self.ctx.locals:
            if not args:
                return lambda fr: special(fr, [])
            return lambda fr: special(fr, [a(fr) for a in args])
        setters = self.arg_setters(node.children[1])
        raw = self.raw_name(name)
        call = self.interp.call
        if len(args) == 0:
            return lambda fr: call(fr, name, raw(fr), [], setters)
        if len(args) == 1:
            a0, = args
            return lambda fr: call(fr, name, raw(fr), [a0(fr)], setters)
        if len(args) == 2:
            a0, a1 = args
            return lambda fr: call(fr, name, raw(fr), [a0(fr), a1(fr)], setters)
        return lambda fr: call(fr, name, raw(fr), [a(fr) for a in args], setters)

    def x_new(self, node):
        name = str(node.children[0])
        args = self.args(node.children[1])
        new = self.interp.new
        if len(args) == 0:
            return lambda fr: new(fr, name, [])
        if len(args) == 1:
            a0, = args
            return lambda fr: new(fr, name, [a0(fr)])
        if len(args) == 2:
            a0, a1 = args
            return lambda fr: new(fr, name, [a0(fr), a1(fr)])
        return lambda fr: new(fr, name, [a(fr) for a in args])

    def args(self, arglist):
        """Argument closures: names of strdefs pass their Box, &x passes a pointer."""
        out = []
        for a in arglist.children:
            if a is None:
                continue
            if a.data == "pointer":
                out.append(self.pointer(a.children[0]))
            elif a.data == "var" and not secs.is_section_name(str(a.children[0])):
                out.append(self.arg_var(str(a.children[0])))
            elif a.data == "member":
                out.append(self.member_arg(a))
            else:
                out.append(self.expr(a))
        return out

    def member_arg(self, node):
        """obj.s as an argument: a public strdef passes its Box (sf.head(x, p, str.s))."""
        obj, name = self.expr(node.children[0]), str(node.children[1])
        get_member = self.interp.get_member

        def member_arg(fr):
            o = obj(fr)
            v = o.hoc_ns.get(name) if isinstance(o, HocObject) else None
            return v if type(v) is Box and name in o.hoc_template.public else get_member(o, name)
        return member_arg

    def arg_var(self, name):
        """A variable as an argument: a strdef passes its Box (by reference)."""
        if name in self.ctx.locals:
            return lambda fr: fr.loc[name]
        if name in self.ctx.externals:
            raw = self.raw_name(name)
            return lambda fr: _arg_value(raw(fr))
        resolve = self.interp.resolve

        def arg_var(fr):
            v = fr.ns.get(name, MISSING)
            if v is MISSING:
                v = resolve(name, fr)
            return v.data[0] if type(v) is HocArray else v
        return arg_var

    def arg_setters(self, arglist):
        """For $o2 = x in the callee: setters of the caller's object variables."""
        out = []
        for a in arglist.children:
            if a is not None and a.data in ("var", "index", "arg") and not (
                    a.data == "var" and secs.is_section_name(str(a.children[0]))):
                out.append(self.setter(a))
            else:
                out.append(None)
        return tuple(out)

    def pointer(self, node):
        kind = node.data
        if kind == "var":
            name = str(node.children[0])
            if secs.is_section_name(name):
                return secs.range_pointer(name, None)
            get, set_ = self.expr(node), self.name_setter(name, assignment=False)
            if name == "t":
                return lambda fr: self.interp.h._ref_t
            return lambda fr: HocPointer(lambda: get(fr), lambda v: set_(fr, v))
        if kind == "call" and secs.is_section_name(str(node.children[0])):
            args = self.args(node.children[1])
            return secs.range_pointer(str(node.children[0]), args[0] if args else None)
        if kind == "secvar_at":
            return secs.secvar_pointer(self.secref(node.children[0]), str(node.children[1]),
                                       self.expr(node.children[2]))
        if kind == "secvar":         # &cell.soma.v: the range variable at 0.5
            return secs.secvar_pointer(self.secref(node.children[0]), str(node.children[1]),
                                       lambda fr: 0.5)
        if kind == "member":
            obj, name = self.expr(node.children[0]), str(node.children[1])
            return lambda fr: getattr(obj(fr), "_ref_" + name)
        if kind == "arg":
            return self.arg_raw(node)
        if kind == "index":
            base, idx = self.index_chain(node)

            def elem(fr):
                return element_pointer(base(fr), [index_of(f(fr)) for f in idx])
            return elem
        raise HocError("& must precede a variable, an array element or a range variable")

    # ---- sections ---------------------------------------------------------------------------------
    def secref(self, node):
        return secs.compile_secref(self, node)

    def x_secname(self, node):
        return self.secref(node)

    x_secmember = x_secname

    def x_segment(self, node):
        sec, x = self.secref(node.children[0]), self.expr(node.children[1])
        return lambda fr: sec(fr)(x(fr))

    def x_secvar(self, node):
        return secs.secvar_getter(self.secref(node.children[0]), str(node.children[1]))

    def x_secvar_at(self, node):
        return secs.secvar_at_getter(self.secref(node.children[0]), str(node.children[1]),
                                     self.expr(node.children[2]))


def _is_method(value):
    """A bound method of a built-in object (List.object, Vector.x is an array, not this):
    hoc takes `ob.method[i]` as ob.method(i)."""
    return callable(value) and hasattr(value, "__self__") and not hasattr(value, "__getitem__")


def number_value(node):
    """The value of a number literal node; None for any other expression."""
    if isinstance(node, Tree) and node.data == "number":
        return float(node.children[0])
    return None


def _arg_value(v):
    t = type(v)
    if t is HocArray:
        return v.data[0] if not isinstance(v.data[0], float) or True else v
    return v


def _unescape(text):
    if "\\" not in text:
        return text
    table = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            i += 1
            out.append(table.get(text[i], text[i]))
        else:
            out.append(c)
        i += 1
    return "".join(out)


__all__ = ["ExprCompiler", "unwrap", "to_python", "hoc_int", "number_value", "hoc_div",
           "hoc_mod", "hoc_pow", "hoc_eq"]
