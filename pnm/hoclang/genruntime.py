"""What the generated procedure bodies of codegen.py call: the slow paths of their inline
code (each does what the closure of exprs.py does in that case) and their global names."""

import types

from .errors import HocError
from .exprs import hoc_eq, hoc_pow, unwrap
from .runtime import (EPSILON, MISSING, NO_VALUE, Box, HocArray, HocObject, Proc, arith_result,
                      hoc_div, hoc_mod, hoc_neg)
from ..model import secstack
from ..model.refs import NodeRef, end_node_ref
from ..model.section import Section
from . import sections as secs


class Unsupported(Exception):
    """The generator does not write this node out; the closure compiler takes it."""


class MethodSite:
    """A generated o.name(args) call site (genmethod.py): the class of the last Python
    object whose method it called, and that method's function (cls None: none yet)."""
    __slots__ = ("cls", "fn")

    def __init__(self):
        self.cls = self.fn = None

    def learn(self, obj, name):
        """obj.name was a method found by getattr and called: remember its function when
        getattr(o, name) is that function bound to o for every o of obj's class (a plain
        function of the class, no __getattribute__ of the class's own, no instance
        attribute of that name)."""
        cls = type(obj)
        if cls.__getattribute__ is not object.__getattribute__ or \
                name in getattr(obj, "__dict__", ()):
            return
        for klass in cls.__mro__:
            if name in klass.__dict__:
                fn = klass.__dict__[name]
                if type(fn) is types.FunctionType:
                    self.cls, self.fn = cls, fn
                return


def slow_var(v, name, fr, resolve):
    """A name's value when it is not a plain float (see ExprCompiler.x_var)."""
    if v is MISSING:
        return unwrap(resolve(name, fr))
    return unwrap(v)


def slow_arg_var(v, name, fr, resolve):
    """A variable passed as an argument (ExprCompiler.arg_var): strdefs pass their Box."""
    if v is MISSING:
        v = resolve(name, fr)
    return v.data[0] if type(v) is HocArray else v


def arg_missing(tok, fr):
    raise HocError(f"{tok}: only {len(fr.args)} argument(s) given")


def arg_checked(v, n, kind, tok):
    """$n (kind "") or $sn (kind "s") when the value is not the plain type (x_arg's checks)."""
    if kind == "s":
        if type(v) is Box:
            return v.v
        if not isinstance(v, str):
            raise HocError(f"{tok}: argument {n + 1} is not a string ({v!r})")
    elif not isinstance(v, (float, int)):
        raise HocError(f"{tok}: argument {n + 1} is not a number ({v!r}); "
                       f"use $o{n + 1} for objects, $s{n + 1} for strings")
    return v


def arith_error(x, op, y):
    raise HocError(f"{x!r} {op} {y!r}: operands must be numbers") from None


def cas_error(err):
    raise HocError(str(err)) from None


# the types of a name's value that slow_var / slow_arg_var handle (object: MISSING)
SLOW_VAR = frozenset({Box, HocArray, object})
SLOW_ARG_VAR = frozenset({HocArray, object})
# the types of a name's current value that set_name (ExprCompiler.name_setter) does more for
# than store the new value: numbers, strdefs, arrays, procedures (Proc has no subclass), and
# MISSING (a new name)
NOT_OBJECT = frozenset({float, Box, HocArray, Proc, object})

GLOBALS = {"NODE_REF": NodeRef, "END_NODE_REF": end_node_ref, "MISSING": MISSING, "EPS": EPSILON, "Section": Section, "HocObject": HocObject,
           "HocArray": HocArray, "Proc": Proc, "NO_VALUE": NO_VALUE,
           "WRAPPED": frozenset({Box, HocArray}), "BOX": Box,
           "MEMBER_SLOW": frozenset({Box, HocArray, Proc, object}),  # get_member does more
           "SLOW_VAR": SLOW_VAR, "SLOW_ARG_VAR": SLOW_ARG_VAR,
           "NOT_OBJECT": NOT_OBJECT,
           "slow_var": slow_var, "slow_arg_var": slow_arg_var, "arg_missing": arg_missing,
           "arg_checked": arg_checked, "arith_error": arith_error,
           "arith_result": arith_result, "neg_": hoc_neg, "cas_error": cas_error,
           "CAS": secstack.cas, "STACK": secstack.entries(), "POP": secstack.pop,
           "RESTORE": secs.restore_stack,
           "SECTIONS_OF": secs.sections_of,
           "SECTIONS_IN_SCOPE": secs.sections_in_scope, "CURRENT": secs.current_section, "div": hoc_div,
           "mod": hoc_mod, "pow_": hoc_pow, "eq": hoc_eq}
