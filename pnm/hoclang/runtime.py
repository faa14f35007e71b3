"""Run-time values of the hoc interpreter: strdef boxes, arrays, procedures, templates and
their objects, call frames, pointers. Numbers are Python floats; objects are the same Python
objects pnm's `h` hands to Python."""

import math
import numbers

from .errors import HocError

EPSILON = 1e-11          # hoc's float_epsilon: comparisons and int() use it (src/oc/code.cpp)
MISSING = object()
BREAK, CONTINUE, RETURN, ITER_STOP = 1, 2, 3, 4
# hoc names that are Python keywords: NEURON's Python API spells them differently
PYTHON_NAMES = {"del": "delay"}
# NEURON's built-in variables: the same in templates (an assignment in an object sets them)
BUILTIN_GLOBALS = {"t", "dt", "celsius", "secondorder", "hoc_ac_", "clamp_resist"}
NO_VALUE = object()      # what a proc returns (a call of it has no value)
# ParallelNetManager's methods that hoc calls as procedures: their value is 0 (call_method)
PNM_PROCS = {"set_gid2node", "round_robin", "want_all_spikes", "spike_record",
             "register_cell", "set_maxstep", "maxstepsize", "pinit", "psolve", "pcontinue",
             "prun", "prstat", "gatherspikes", "splitcell"}
# methods whose result is an object, NULLobject when there is none (NetCon.pre() of a NetCon
# watching a voltage, ...): their None is hoc's nil, not the 0 of a method without a value
OBJECT_METHODS = {"pre", "syn", "precell", "postcell", "gid2obj", "gid2cell", "pp_begin",
                  "pp_next"}
# methods that assign an object variable given as an argument (MechanismType.make(objvar)),
# for Python classes that name them in hoc_objref_out
OBJREF_OUT_METHODS = {"make"}


class ObjrefOut:
    """A hoc object variable handed to such a method: ref[0] = obj assigns it (as Python's
    h.ref(None) does); ref[0] reads None."""
    __slots__ = ("frame", "setter")

    def __init__(self, frame, setter):
        self.frame, self.setter = frame, setter

    def __getitem__(self, i):
        return None

    def __setitem__(self, i, value):
        self.setter(self.frame, value)


def objref_out_args(o, name, args, setters, frame):
    """args of o.name(...) with the object variables it assigns wrapped as ObjrefOut (when o's
    class names `name` in hoc_objref_out)."""
    if not setters or name not in getattr(o, "hoc_objref_out", ()):
        return args
    return [ObjrefOut(frame, s) if s is not None else a for a, s in zip(args, setters)] \
        + list(args[len(setters):])


class Box:
    """A strdef: strings are passed to procedures by reference ($s1 = "..." writes back)."""
    __slots__ = ("v",)

    def __init__(self, v=""):
        self.v = v

    def __repr__(self):
        return self.v


class HocArray:
    """`double x[3][4]` and `objref o[3]`: a flat list with hoc's index checks."""
    __slots__ = ("name", "dims", "data")

    def __init__(self, name, dims, fill):
        self.name = name
        self.dims = tuple(dims)
        n = 1
        for d in self.dims:
            if d < 1:
                raise HocError(f"{name}: array dimension {d} must be at least 1")
            n *= d
        self.data = [fill] * n

    def offset(self, idx):
        if len(idx) != len(self.dims):
            raise HocError(f"{self.name}: wrong number of subscripts ({len(idx)} for "
                           f"{len(self.dims)})")
        off = 0
        for i, d in zip(idx, self.dims):
            if i < 0 or i >= d:
                raise HocError(f"{self.name}: subscript {i} out of range (0..{d - 1})")
            off = off * d + i
        return off

    # From Python (h.x[2], h.dend[0], h.m[1][2] = 3, len(h.x)), as NEURON's hoc arrays: an
    # index out of range is an IndexError; a row of a 2-D array is a view of its elements.
    def __len__(self):
        return self.dims[0]

    def __getitem__(self, i):
        return _ArrayPart(self, ())[i]

    def __setitem__(self, i, value):
        _ArrayPart(self, ())[i] = value


class _ArrayPart:
    """h.m[1] of `double m[2][3]`: the elements whose first subscripts are `lead`."""
    __slots__ = ("array", "lead")

    def __init__(self, array, lead):
        self.array, self.lead = array, lead

    def __len__(self):
        return self.array.dims[len(self.lead)]

    def _index(self, i):
        idx = self.lead + (int(i),)
        dims = self.array.dims
        if not 0 <= idx[-1] < dims[len(idx) - 1]:
            raise IndexError(f"{self.array.name}: subscript {idx[-1]} out of range "
                             f"(0..{dims[len(idx) - 1] - 1})")
        return idx

    def __getitem__(self, i):
        idx = self._index(i)
        if len(idx) < len(self.array.dims):
            return _ArrayPart(self.array, idx)
        return self.array.data[self.array.offset(idx)]

    def __setitem__(self, i, value):
        idx = self._index(i)
        if len(idx) < len(self.array.dims):
            raise TypeError(f"{self.array.name}{list(idx)}: assign to an element, "
                            f"e.g. {self.array.name}[i][j] = value")
        data, at = self.array.data, self.array.offset(idx)
        data[at] = float(value) if type(data[at]) is float else value


class Proc:
    """A proc/func/obfunc/iterator: body is the compiled closure, run with a fresh Frame."""
    __slots__ = ("name", "kind", "body", "template", "filename", "assigned_objargs")

    def __init__(self, name, kind, body, template=None, filename=None, assigned_objargs=0):
        self.name, self.kind, self.body = name, kind, body
        self.template, self.filename = template, filename
        # highest n of `$on = ...` in the body: objects it hands back through its arguments
        self.assigned_objargs = assigned_objargs

    def __repr__(self):
        return f"<hoc {self.kind} {self.name}>"


class Frame:
    """One activation: arguments, locals, the object whose names are in scope (ns/obj)."""
    __slots__ = ("args", "argset", "caller", "loc", "ns", "obj", "retval")
    iter_body = iter_frame = abort = None       # an IterFrame's own (set by run_iterator)

    def __init__(self, ns, obj=None, args=(), argset=None, caller=None):
        self.ns = ns        # one store each: a fraction faster than a tuple assignment
        self.obj = obj
        self.args = args
        self.argset = argset
        self.caller = caller
        self.loc = {}
        self.retval = None


class IterFrame(Frame):
    """The frame of an iterator run by `for it(...) stmt`: the body to run at each
    iterator_statement, the caller's frame it runs in, and how the loop was left."""
    __slots__ = ("iter_body", "iter_frame", "abort")


class Template:
    """begintemplate ... endtemplate: declarations run for each new object, then init()."""

    def __init__(self, name):
        self.name = name
        self.public = set()
        self.external = set()
        self.decls = []          # closures fr -> None, run in each new object's frame
        self.decl_forms = []     # per decl: (kind, names) when plain (construct.py), or None
        self.constructor = None  # args -> new object (construct.py), made at the first new
        self.procs = {}
        self.assigned = set()    # names an assignment in its procedures was parsed for (0)
        self.count = 0           # the next object's index (NEURON's T[index])
        self.alive = 0           # objects alive; at 0 the numbering starts again (hoc_oop.cpp)

    def __repr__(self):
        return f"<hoc template {self.name}>"


class HocObjectSlots:
    """A HocObject's storage: new_object fills one in with plain stores (HocObject's own
    __setattr__ is Python's assignment of a public name), then makes it a HocObject."""
    __slots__ = ("hoc_template", "hoc_ns", "_index", "_interp", "__weakref__")


def new_object(template, interp):
    """A new HocObject of template (HocObject(template, interp) without the class call and
    its four object.__setattr__)."""
    obj = _new_instance(HocObjectSlots)
    obj.hoc_template = template
    obj.hoc_ns = {}
    obj._index = template.count
    obj._interp = interp
    obj.__class__ = HocObject
    template.count += 1
    template.alive += 1
    return obj


_new_instance = object.__new__


class HocObject(HocObjectSlots):
    """An instance of a hoc template. Python sees its public names as attributes."""
    __slots__ = ()

    def __init__(self, template, interp):
        object.__setattr__(self, "hoc_template", template)
        object.__setattr__(self, "hoc_ns", {})
        object.__setattr__(self, "_index", template.count)
        object.__setattr__(self, "_interp", interp)
        template.count += 1
        template.alive += 1

    def __del__(self):
        try:
            template = self.hoc_template
        except AttributeError:
            return
        template.alive -= 1
        if template.alive <= 0:
            template.count = template.alive = 0

    def __repr__(self):
        return f"{self.hoc_template.name}[{self._index}]"

    hname = __repr__

    def _public(self, name):
        if name not in self.hoc_template.public:
            raise AttributeError(f"{self}.{name}: {name!r} is not a public member of template "
                                 f"{self.hoc_template.name} (public: {sorted(self.hoc_template.public)})")

    # Python reads a public name (`cell.soma`) through a property that expose_public()
    # puts on this class for each name some template makes public, not through __getattr__:
    # a class with __getattr__ has every attribute read unspecialised by CPython (3.11's
    # LOAD_ATTR), which the interpreter's own reads of hoc_ns / hoc_template paid for

    def __setattr__(self, name, value):
        self._public(name)
        self._interp.python_set_member(self, name, value)


def _public_member(name):
    def get(self):
        self._public(name)
        return self._interp.python_member(self, name)
    get.__name__ = name
    return property(get)


def expose_public(names):
    """Python sees these public names of a template as attributes of its objects (one
    property per name on HocObject, for every template: an object whose template does not
    make the name public raises AttributeError, as a name no template makes public does).
    Names HocObject has itself (hname, hoc_ns, ...) keep their meaning, as before."""
    for name in names:
        if name.startswith("__") or hasattr(HocObject, name):
            continue
        setattr(HocObject, name, _public_member(name))


class HocPointer:
    """&x, &x[i], $&1: a settable reference to a hoc number."""
    __slots__ = ("get", "set", "array", "offset")

    def __init__(self, get, set, array=None, offset=0):
        self.get, self.set, self.array, self.offset = get, set, array, offset

    def __getitem__(self, i):
        if self.get is None:                     # into a hoc array
            return self.array.data[self.offset + int(i)]
        if i and self.array is not None:         # &vec.x[k], then p[i]: element k + i
            return self.array[self.offset + int(i)]
        return self.get()

    def __setitem__(self, i, value):
        if self.get is None:
            self.array.data[self.offset + int(i)] = float(value)
        elif i and self.array is not None:
            self.array[self.offset + int(i)] = float(value)
        else:
            self.set(float(value))

    def value(self):
        return self.get()


def top_level_pointer(top, name):
    """h._ref_<name> from Python: a pointer to hoc's top-level number `name`, or for an array
    of numbers what indexing gives the element's pointer (h._ref_a[1][2], and [k] on that
    the k-th element after it, as NEURON's pointer arithmetic); None for any other name."""
    v = top.get(name, MISSING)
    if type(v) is float:
        return HocPointer(lambda: top[name], lambda x: top.__setitem__(name, x))
    if type(v) is HocArray and type(v.data[0]) is float:
        return _ArraySubscripts(v, ())
    return None


class _ArraySubscripts:
    """h._ref_a[i]...: the subscripts so far of an element pointer into hoc array a."""
    __slots__ = ("arr", "subscripts")

    def __init__(self, arr, subscripts):
        self.arr, self.subscripts = arr, subscripts

    def __getitem__(self, i):
        subscripts = self.subscripts + (int(i),)
        if len(subscripts) < len(self.arr.dims):
            return _ArraySubscripts(self.arr, subscripts)
        return HocPointer(None, None, self.arr, self.arr.offset(list(subscripts)))


def element_pointer(arr, subscripts):
    """&a[i][j] of a hoc array, &vec.x[i] of an indexable object: a HocPointer."""
    if type(arr) is HocArray:
        return HocPointer(None, None, arr, arr.offset(subscripts))
    if len(subscripts) == 1 and hasattr(arr, "__setitem__"):
        i = subscripts[0]
        arr[i]                                     # (out of range: the error here)
        # (array, offset: the elements from i on, for table_f(&vec.x[0], n, &xvec.x[0]))
        return HocPointer(lambda: arr[i], lambda v: arr.__setitem__(i, v), arr, i)
    raise HocError(f"&{arr!r}[...]: not a hoc array")


def hoc_int(x):
    """int() as hoc: truncation toward zero after nudging by float_epsilon."""
    return float(int(x - EPSILON)) if x < 0 else float(int(x + EPSILON))


def index_of(x):
    """A subscript: hoc truncates (x + epsilon)."""
    return int(x + EPSILON) if x >= 0 else int(x - EPSILON)


def arith_result(r, x, op, y=None):
    """r, the value of hoc's `x op y` (or `-x`), when it is a number. hoc's arithmetic is on
    numbers only: a Vector operand, whose Python operators NEURON's Python has, is an error."""
    if isinstance(r, numbers.Real):
        return r
    text = f"{op}{x!r}" if y is None else f"{x!r} {op} {y!r}"
    raise HocError(f"{text}: operands must be numbers")


def hoc_div(a, b):
    if (type(a) is not float or type(b) is not float) and not (
            isinstance(a, numbers.Real) and isinstance(b, numbers.Real)):
        arith_result(None, a, "/", b)
    if b == 0:
        raise HocError("division by zero")
    return a / b


def hoc_mod(a, b):
    """hoc_cyclic: the result is in [0, b)."""
    if b <= 0:
        raise HocError("a%b, b<=0")
    r = a
    if r >= b:
        r = a - math.floor(a / b) * b
    elif r <= -b:
        r = a + math.floor(-a / b) * b
    if r > b:
        r -= b
    if r < 0:
        r += b
    return r


def hoc_neg(x):
    try:
        r = -x
    except TypeError:
        r = None
    return r if type(r) is float else arith_result(r, x, "-")


def indexed_member_setter(obj, name, args):
    """(fr, value) -> None for hoc's `o.name(i) = value` (vec.x(2) = 7): one index."""
    if len(args) != 1:
        raise HocError(f".{name}(...) = value: one index is assigned to")
    index = args[0]

    def set_indexed(fr, v):
        target = getattr(obj(fr), name, None)
        if not hasattr(target, "__setitem__"):
            raise HocError(f".{name}(i) = value: {name} is not an array")
        target[int(index(fr))] = v
    return set_indexed


def zero_if_undefined(get, name):
    """get, but 0 while name is undeclared (hoc's `n += 1` makes n)."""
    undefined = f"{name} undefined variable"

    def value(fr):
        try:
            return get(fr)
        except HocError as err:
            if err.message != undefined:
                raise
            return 0.0
    return value


def arg_setter(tok):
    """(fr, value) -> None for `$1 = x`, `$s1 = "..."`, `$&1 = x`, `$o1 = obj` ($si: LOCAL i)."""
    kind = tok[1] if tok[1] in "os&" else ""
    digits = tok[1 + len(kind):]
    fixed = int(digits) - 1 if digits != "i" else None    # $si: the LOCAL i's argument

    def set_arg(fr, v):
        i = fixed if fixed is not None else index_of(fr.loc["i"]) - 1
        if not 0 <= i < len(fr.args):
            raise HocError(f"{tok} = ...: only {len(fr.args)} argument(s) given")
        cur = fr.args[i]
        if kind == "s" and type(cur) is Box:
            cur.v = v
            return
        if kind == "&" and isinstance(cur, HocPointer):
            cur[0] = v
            return
        args = list(fr.args)
        args[i] = v
        fr.args = args
        if kind == "o" and fr.argset is not None and i < len(fr.argset) and fr.argset[i]:
            fr.argset[i](fr.caller, v)
    return set_arg
