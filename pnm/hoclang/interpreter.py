"""Stage 3: evaluate. The Interpreter holds hoc's top-level names and templates, runs compiled
closures, and binds hoc to pnm's `h` namespace so both languages share the same objects."""

import os
import sys
import types

from ..model import mechanisms as mechs
from .. import hocfuncs, hoclib, stdmechs
from ..model import secstack
from ..model.netcon import NetCon, voltage_netcon
from ..model.pointprocess import PointProcess, located_maker
from ..model.refs import NodeRef
from ..model.section import Section
from ..model.sectionapi import SectionList
from . import builtins as bi
from . import files
from .errors import HocError
from .exprs import to_python
from .locate import locate, run_located
from .objcontext import ObjectContext
from . import programinput
from .parser import declared_sections, parse, statement_trees
from .runtime import (BUILTIN_GLOBALS, EPSILON, ITER_STOP, MISSING, NO_VALUE, OBJECT_METHODS, OBJREF_OUT_METHODS,
                      PNM_PROCS, PYTHON_NAMES, RETURN, Box, Frame, HocArray, HocObject,
                      HocPointer, IterFrame, Proc, Template, objref_out_args)
from .construct import template_constructor
from .sections import SECTION_FUNCTIONS, restore_stack
from .stmts import Context, StmtCompiler

# NEURON's hoc procedures (no value, so nothing is echoed at top level)
_PROCEDURES = {"stdinit", "run", "init", "continuerun", "setdt", "steprun", "quit", "step",
               "advance", "tstop_changed", "set_ra"}
# hoc's built-in variables (not those stdrun.hoc declares, such as tstop or v_init): a template
# procedure assigning one sets it, as NEURON, rather than making a variable of the object
_CLASSES = {"List": bi.List, "File": bi.File, "StringFunctions": bi.StringFunctions,
            "SectionList": SectionList}
_STACK = secstack.entries()         # the section stack (a list; its length is the depth)


class Interpreter:

    def __init__(self, h):
        self.h = h
        # hoc_obj_[2]: NEURON's built-in object pair (the clipboard's vectors)
        self.top = {"float_epsilon": EPSILON, "hoc_ac_": 0.0,
                    "hoc_obj_": HocArray("hoc_obj_", [2], None)}
        self.templates = {}
        # names a top-level assignment was parsed for: hoc declares the variable (0) when it
        # parses the assignment (parse.ypp's hoc_obvar_declare), so a read that runs first
        # sees 0 instead of "undefined variable"
        self.assigned_at_top = set()
        self.loaded = set()
        self.section_names = set()
        self.file_stack = []
        self.write = lambda s: sys.stdout.write(s)
        self.builtins = dict(bi.MATH)
        self.builtins.update(SECTION_FUNCTIONS)
        self.builtins.update(hocfuncs.NAMES)   # (strdef arguments stay Boxes: system)
        self.builtins.update({
            "printf": self._printf, "sprint": self._sprint, "fprint": self._fprint,
            "strcmp": lambda a, b: float((bi.text(a) > bi.text(b)) - (bi.text(a) < bi.text(b))),
            "sscanf": bi.sscanf, "execute": self._execute, "execute1": self._execute1,
            "xopen": lambda *a: files.xopen(self, *a), "load_file": self.load_file,
            "load_proc": lambda *a: files.load_part(self, "load_proc", *a),
            "load_func": lambda *a: files.load_part(self, "load_func", *a),
            "load_template": lambda *a: files.load_part(self, "load_template", *a),
            "object_id": bi.object_id,
            "name_declared": self._name_declared, "quit": bi.quit_,
            "secname": lambda *a: secstack.cas().name(), "wopen": self._wopen,
            "xred": lambda *a: float(a[2]) if len(a) > 2 else 0.0,
        })
        self.object_context = ObjectContext()
        self.frame_builtins = {"numarg": lambda fr, a: float(len(fr.args)),
                               "argtype": self._argtype,
                               "object_push": self.object_context.push,
                               "object_pop": self.object_context.pop}
        self._out_file = None
        self._constructors = {}       # class name -> args -> new object (see _constructor)
        bi.StringFunctions.name_declared = self._name_declared     # for is_name

    # ---- running source --------------------------------------------------------------------
    def execute(self, text, filename="<hoc>", echo=True, on_statement=None):
        """Parse, compile and run hoc source at top level, one statement at a time as nrniv
        does (a statement sees what the ones before it declared; a syntax error comes after
        they ran); NEURON echoes expression values. on_statement(TopStatement) -> True takes
        over a statement (pnm.netgui uses it for cell_append / nc_append)."""
        text = text.split("\x1a", 1)[0]     # a DOS end-of-file mark (old files end with ^Z)
        self.section_names |= declared_sections(text)
        ctx = Context(self, filename, text.split("\n"))
        comp = StmtCompiler(ctx)
        fr = Frame(self.top)
        depth = secstack.depth()
        stream = programinput.push(text)      # fscan() reads the program after a statement
        try:
            for tree in statement_trees(stream, filename, self.section_names):
                for node in tree.children:
                    if on_statement is not None and \
                            on_statement(TopStatement(node, comp, fr)):
                        continue
                    fn = comp.stmt(node)
                    if echo and node.data == "expr_stmt" and \
                            node.children[0].data != "assign":
                        self._run_echo(comp, node, fr)
                    else:
                        run_located(fn, fr)
                    secstack.unwind(depth)     # hoc's initcode: each statement starts afresh
        finally:
            programinput.pop()
            secstack.unwind(depth)
        return 1.0

    def _run_echo(self, comp, node, fr):
        expr = node.children[0]
        f = comp.located(comp.expr(expr), node)
        v = f(fr)
        if v is NO_VALUE or (v is None and expr.data in ("call", "method", "member")):
            return
        if isinstance(v, str) and expr.data != "member":
            self.write(v + "\n")
        else:
            self.write("\t" + self.format_value(v) + " \n")

    def format_value(self, v):
        if isinstance(v, (float, int)):
            return "%.8g" % v
        return bi.object_name(v)

    def run_file(self, path, on_statement=None):
        text = files.read_source(path)
        self.file_stack.append(os.path.abspath(path))
        try:
            return self.execute(text, path, echo=on_statement is None,
                                on_statement=on_statement)
        finally:
            self.file_stack.pop()

    def load_file(self, *args):
        return files.load_file(self, *args)

    def _execute(self, code, obj=None):
        self._execute_in(bi.text(code), obj)
        return 0.0

    def _execute1(self, code, obj=None):
        try:
            self._execute_in(bi.text(code), obj)
            return 1.0
        except HocError as err:
            sys.stderr.write(f"{err}\n")
            return 0.0

    def _execute_in(self, code, obj):
        code = "{" + code + "\n}"     # as NEURON's execute: one block (a // comment ends first)
        if obj is None:
            return self.execute(code, "<execute>", echo=False)
        tree = parse(code, "<execute>", self.section_names)
        ctx = Context(self, "<execute>", code.split("\n"), obj.hoc_template)
        comp = StmtCompiler(ctx)
        fr = Frame(obj.hoc_ns, obj)
        for node in tree.children:
            run_located(comp.stmt(node), fr)

    # ---- printing ----------------------------------------------------------------------------
    def _printf(self, fmt, *args):
        s = bi.hoc_format(fmt, args)
        self.write(s)
        return float(len(s))

    def _sprint(self, box, fmt, *args):
        if type(box) is not Box:
            raise HocError("sprint(strdef, format, ...): the first argument must be a strdef")
        box.v = bi.hoc_format(fmt, args)
        return 1.0

    def _wopen(self, name=""):
        if self._out_file is not None:
            self._out_file.close()
        self._out_file = open(bi.text(name), "w") if bi.text(name) else None
        return 1.0

    def _fprint(self, fmt, *args):
        s = bi.hoc_format(fmt, args)
        (self._out_file.write if self._out_file is not None else self.write)(s)
        return float(len(s))

    def _name_declared(self, name, *args):
        name = bi.text(name)
        v = self.top.get(name, MISSING)
        if v is MISSING:
            if name in self.templates or name in self.builtins or name in self.frame_builtins \
                    or name in stdmechs.NAMES:      # (no load of pnm's .mod files for this)
                return 1.0
            try:
                found = getattr(self.h, name)
            except (AttributeError, LookupError):
                return 5.0 if name in self.assigned_at_top else 0.0
            return 5.0 if type(found) is float else 1.0     # h.tstop, h.dt: variables
        if isinstance(v, Section) or (type(v) is HocArray and isinstance(v.data[0], Section)):
            return 3.0
        if type(v) is Box:
            return 4.0
        if type(v) is float or (type(v) is HocArray and isinstance(v.data[0], float)):
            return 5.0
        if isinstance(v, Proc):
            return 1.0
        return 2.0

    def _argtype(self, fr, args):
        i = int(args[0]) - 1
        if i < 0 or i >= len(fr.args):
            return -1.0
        v = fr.args[i]
        if isinstance(v, (float, int)):
            return 0.0
        if isinstance(v, (str, Box)):
            return 2.0
        if isinstance(v, HocPointer):
            return 3.0
        return 1.0

    # ---- names ---------------------------------------------------------------------------------
    def resolve(self, name, fr):
        """A name not in the current object's (or top level's) table."""
        if name == "this":
            return fr.obj
        tmpl = self.templates.get(name)
        if tmpl is not None:
            return tmpl
        b = self.builtins.get(name)
        if b is not None:
            return b
        if fr.ns is not self.top and name in self.top and isinstance(self.top[name], Proc):
            pass
        try:
            return getattr(self.h, name)
        except AttributeError:
            pass
        in_object = isinstance(fr.obj, HocObject)
        if name in (fr.obj.hoc_template.assigned if in_object else self.assigned_at_top):
            fr.ns[name] = 0.0           # declared when its assignment was parsed
            return 0.0
        note = hoclib.missing_member_note(fr.obj.hoc_template.name, name) if in_object else ""
        raise HocError(f"{name} undefined variable{note}")

    def lookup_global(self, name):
        """For h.<name> from Python: a hoc top-level name, MISSING if none."""
        v = self.top.get(name, MISSING)
        if v is MISSING:
            v = self.templates.get(name, MISSING)
        if isinstance(v, Proc):
            return self._python_callable(v, self.top, None)
        if isinstance(v, Template):
            return lambda *args: self.instantiate(v, [_from_python(a) for a in args])
        if type(v) is Box:
            return v.v
        return v

    def user_procedure(self, name):
        """A procedure or function the hoc program defined at top level under `name`, as a
        Python callable; None if there is none."""
        v = self.top.get(name)
        if type(v) is not Proc:
            return None
        return self._python_callable(v, self.top, None)

    def assign_global(self, name, value):
        """h.<name> = value from Python, for names hoc declared."""
        cur = self.top.get(name, MISSING)
        if cur is MISSING:
            return False
        if type(cur) is Box:
            cur.v = str(value)
        elif isinstance(cur, (float, int)):
            self.top[name] = float(value)
        else:
            self.top[name] = value
        return True

    def assign_new(self, ns, name, v):
        if name in BUILTIN_GLOBALS:    # NEURON's built-in variables: the same in templates
            ns = self.top
        if ns is self.top and not isinstance(v, str):
            cur = getattr(self.h, name, MISSING) if name[0] != "_" else MISSING
            if isinstance(cur, (float, int)) and not isinstance(cur, bool):
                setattr(self.h, name, v)
                return
        if isinstance(v, str):
            raise HocError(f"{name} = \"{v}\": declare it first with strdef {name}")
        ns[name] = float(v) if isinstance(v, int) else v

    def define_template(self, tmpl):
        if tmpl.name in self.templates and self.templates[tmpl.name].alive:
            raise HocError(f"begintemplate {tmpl.name}: the template is already defined and "
                           "has objects")
        self.templates[tmpl.name] = tmpl

    # ---- calls ----------------------------------------------------------------------------------
    def call(self, fr, name, target, args, setters):
        if type(target) is Proc:
            if target.template is not None:
                return self.call_proc(target, fr.ns, fr.obj, args, setters, fr)
            return self.call_proc(target, self.top, None, args, setters, fr)
        if isinstance(target, Template):
            raise HocError(f"{name}(...): {name} is a template; use new {name}(...)")
        if not callable(target):
            raise HocError(f"{name} is not a function")
        r = target(*[to_python(a) if type(a) is not Box or target in self._BOX_FUNCS else a
                     for a in args]) if target not in self.builtins.values() else target(*args)
        return self._from_call(r, name in _PROCEDURES)

    _BOX_FUNCS = ()

    def _from_call(self, r, is_proc=False):
        if is_proc:
            return NO_VALUE
        if isinstance(r, bool):
            return float(r)
        if isinstance(r, int):
            return float(r)
        return r

    def call_proc(self, proc, ns, obj, args, setters=None, caller=None):
        fr = _new_instance(Frame)       # Frame(ns, obj, args, setters, caller), no class call
        fr.ns = ns
        fr.obj = obj
        fr.args = args
        fr.argset = setters
        fr.caller = caller
        fr.loc = {}
        fr.retval = None
        depth = len(_STACK)
        body = proc.body        # (LOAD_ATTR of a slot: 3.11's LOAD_METHOD does not specialise it)
        try:
            r = body(fr)
        except HocError as err:
            raise locate(err)
        except Exception as err:
            raise locate(err) from err
        if len(_STACK) > depth:       # NEURON's hoc_call checks the section stack on return
            restore_stack(depth)
        if r is not None and r == ITER_STOP:
            raise HocError(f"{proc.name}: iterator_statement outside a for loop")
        kind = proc.kind
        if kind == "proc":
            return NO_VALUE
        if kind == "func":
            return fr.retval if fr.retval is not None else 0.0
        if kind == "obfunc":
            return fr.retval
        return NO_VALUE

    def run_iterator(self, proc, ns, owner, args, body, caller):
        if type(proc) is not Proc or proc.kind != "iterator":
            raise HocError(f"for {getattr(proc, 'name', proc)}(...): not an iterator")
        fr = IterFrame(ns, owner, args, None, caller)
        fr.iter_body, fr.iter_frame, fr.abort = body, caller, None
        run_located(proc.body, fr)
        if fr.abort == RETURN:
            return RETURN
        return None

    def ns_of(self, o):
        if isinstance(o, HocObject):
            return o.hoc_ns
        raise HocError(f"{o!r}: iterators of Python objects are not supported")

    def call_method(self, fr, o, name, args, setters):
        if type(o) is HocObject:
            v = o.hoc_ns.get(name)
            if type(v) is Proc and (o is fr.obj or name in o.hoc_template.public):
                r = self.call_proc(v, o.hoc_ns, o, args, setters, fr)
                return 0.0 if r is NO_VALUE else r      # hoc methods always have a value
        if isinstance(o, HocObject):
            v = o.hoc_ns.get(name, MISSING)
            if o is not fr.obj and name not in o.hoc_template.public:
                raise HocError(f"{o}.{name}: not a public member of {o.hoc_template.name}")
            if type(v) is not Proc:
                raise HocError(f"{o}.{name}(...): not a procedure or function")
            r = self.call_proc(v, o.hoc_ns, o, args, setters, fr)
            return 0.0 if r is NO_VALUE else r      # hoc methods always have a value
        if o is None:
            raise HocError(f"NULLobject.{name}(...): the object reference is NULL")
        try:
            method = getattr(o, name)
        except AttributeError as err:
            raise HocError(f"{bi.object_name(o)}.{name}: no such method ({err})") from None
        if name in OBJREF_OUT_METHODS:        # make(objvar) assigns the caller's variable
            args = objref_out_args(o, name, args, setters, fr)
        for a in args:
            if type(a) is Box or type(a) is HocArray:
                keep = isinstance(o, (bi.File, bi.StringFunctions)) or \
                    getattr(o, "hoc_strdef_args", False)     # methods that write a strdef
                args = [a if type(a) is Box and keep else to_python(a) for a in args]
                break
        r = method(*args)
        if r is None and name in OBJECT_METHODS:
            return None
        if r is None or (name in PNM_PROCS and type(o).__name__ == "ParallelNetManager"):
            return 0.0                              # hoc methods always have a value
        if type(r) is float:
            return r
        return float(r) if isinstance(r, int) else r

    def get_member(self, o, name, raw=False):
        if isinstance(o, HocObject):
            v = o.hoc_ns.get(name, MISSING)
            if v is MISSING or name not in o.hoc_template.public:
                raise HocError(f"{o}.{name}: not a public member of {o.hoc_template.name}")
            if raw:
                return v
            if type(v) is Proc:
                return self.call_proc(v, o.hoc_ns, o, ())
            return v.v if type(v) is Box else (v.data[0] if type(v) is HocArray else v)
        if o is None:
            raise HocError(f"NULLobject.{name}: the object reference is NULL")
        try:
            v = getattr(o, PYTHON_NAMES.get(name, name))
        except AttributeError as err:
            raise HocError(f"{bi.object_name(o)}.{name}: {err}") from None
        if not raw and isinstance(v, types.MethodType):
            r = v()
            if r is None:
                return None if name in OBJECT_METHODS else 0.0
            return self._from_call(r)
        if not raw and name == "weight" and hasattr(v, "__getitem__") and \
                not isinstance(v, (float, str)):
            return v[0]
        return v

    def set_member(self, o, name, value):
        if o is not None and not isinstance(o, HocObject):     # a Python object (NetCon, ...)
            setattr(o, PYTHON_NAMES.get(name, name), value)
            return
        if isinstance(o, HocObject):
            if name not in o.hoc_template.public:
                raise HocError(f"{o}.{name}: not a public member of {o.hoc_template.name}")
            cur = o.hoc_ns.get(name, MISSING)
            if type(cur) is Box:
                cur.v = value
            else:
                o.hoc_ns[name] = value
            return
        if o is None:
            raise HocError(f"NULLobject.{name} = ...: the object reference is NULL")
        setattr(o, PYTHON_NAMES.get(name, name), value)

    # ---- objects ---------------------------------------------------------------------------------
    def new(self, fr, name, args):
        tmpl = self.templates.get(name)
        if tmpl is not None:
            return self.instantiate(tmpl, args)
        make = self._constructors.get(name)
        if make is None:
            cls = _CLASSES.get(name)
            if cls is None:
                try:
                    cls = getattr(self.h, name)   # pnm's classes, GUI ones included (headless)
                except AttributeError:
                    raise HocError(f"new {name}(): {name} is not a template or a class of "
                                   "pnm's h namespace") from None
            make = _constructor(name, cls)
            if isinstance(cls, type):           # a class: looked up once
                self._constructors[name] = make
        for a in args:
            if type(a) is Box or type(a) is HocArray:
                args = [to_python(a) for a in args]
                break
        return make(args)

    def instantiate(self, tmpl, args):
        """new tmpl(args): its declarations, then init(args) (construct.py)."""
        make = tmpl.constructor
        if make is None:
            make = tmpl.constructor = template_constructor(tmpl, self)
        return make(args)

    def python_member(self, obj, name):
        v = obj.hoc_ns.get(name, MISSING)
        if type(v) is Proc:
            return self._python_callable(v, obj.hoc_ns, obj)
        if type(v) is Box:
            return v.v
        if v is MISSING:
            raise AttributeError(f"{obj}.{name}: declared public but never defined")
        return v

    def python_set_member(self, obj, name, value):
        self.set_member(obj, name, _from_python(value))

    def _python_callable(self, proc, ns, obj):
        """Python calls a hoc procedure. Python has no reference arguments, so when the body
        hands an object back through `$on` beyond the arguments given (NetGUI's
        `proc connect2target() { $o2 = nc }`, which NEURON's register_cell calls as
        connect2target(nil, nc)), the missing arguments are supplied and a proc returns the
        object left in the last of them."""
        def call(*args):
            args = [_from_python(a) for a in args]
            handed_back = []
            setters = None
            if proc.assigned_objargs > len(args):
                given = len(args)
                args += [None] * (proc.assigned_objargs - given)
                setters = [None] * given + [lambda caller, v: handed_back.append(v)] * \
                    (proc.assigned_objargs - given)
            r = self.call_proc(proc, ns, obj, args, setters)
            if r is NO_VALUE:
                return handed_back[-1] if handed_back else None
            return r
        call.__name__ = proc.name
        return call


_new_instance = object.__new__


def _from_python(v):
    if isinstance(v, int):          # bool included
        return float(v)
    return v


def _constructor(name, cls):
    """args -> the new object of `new name(args)` for a Python class (args already plain):
    a point process at x of the accessed section, a NetCon from a reference with the
    accessed section as sec=, anything else called with the arguments as given."""
    if isinstance(cls, type) and issubclass(cls, PointProcess):
        artificial = mechs.ALL_POINT[cls.mech_name].kind == "artificial"
        located = located_maker(cls)

        def point_process(args):
            if args and isinstance(args[0], (float, int)):
                if artificial:
                    return cls()
                sec = _STACK[-1] if _STACK else None        # secstack.cas(), inline
                if sec is None:
                    sec = secstack.cas()
                x = args[0]
                if type(x) is float and 0.0 <= x <= 1.0 and type(sec) is Section:
                    return located(x, sec)      # sec(x)'s location, without the segment
                return cls(sec(x))
            return cls(*args)
        return point_process
    if name == "NetCon":
        def netcon(args):
            if len(args) == 2 and type(args[0]) is NodeRef and cls is NetCon:
                # NetCon(&v(x), target): the accessed section is its sec=
                sec = _STACK[-1] if _STACK else None        # secstack.cas(), inline
                try:
                    return voltage_netcon(args[0], args[1],
                                          secstack.cas() if sec is None else sec)
                except RuntimeError:
                    return cls(*args)
            if len(args) >= 2 and hasattr(args[0], "resolve"):
                try:
                    return cls(*args, sec=secstack.cas())
                except RuntimeError:
                    return cls(*args)
            return cls(*args)
        return netcon
    return lambda args: cls(*args)


class TopStatement:
    """A top-level statement offered to an on_statement hook: `call_name` is the function a
    bare call statement calls (None otherwise); arg(i) evaluates its i-th argument; run()
    runs the statement as usual."""

    def __init__(self, node, comp, fr):
        self._node, self._comp, self._fr = node, comp, fr
        expr = node.children[0] if node.data == "expr_stmt" and node.children else None
        self._call = expr if expr is not None and getattr(expr, "data", None) == "call" \
            else None
        self.call_name = str(self._call.children[0]) if self._call is not None else None
        self.line = getattr(node.meta, "line", None)

    @property
    def nargs(self):
        arglist = self._call.children[1]
        return len([a for a in arglist.children if a is not None])

    def arg(self, i):
        """The value of argument i (0-based), evaluated now, with file:line on error."""
        node = self._call.children[1].children[i]
        return self._comp.located(self._comp.expr(node), self._node)(self._fr)

    def new_class_name(self, i):
        """The template or class name when argument i is `new Name(...)`, else None."""
        node = self._call.children[1].children[i]
        if getattr(node, "data", None) == "new":
            return str(node.children[0])
        return None

    def run(self):
        run_located(self._comp.stmt(self._node), self._fr)
