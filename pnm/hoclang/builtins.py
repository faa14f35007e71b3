"""hoc's built-in functions and classes (math, printf family, strings, List, File,
StringFunctions) with NEURON's formats."""

import math
import os
import re
import sys

from ..model.hocindex import next_index, release_index
from .errors import HocError, HocQuit
from .runtime import EPSILON, Box, HocObject, HocPointer, Template, hoc_int

_SPEC = re.compile(r"%([-+ #0]*\d*(?:\.\d+)?)[lh]*([diouxXeEfgGcs%])")


def _check(fn, name):
    def checked(x):
        try:
            return fn(x)
        except (ValueError, OverflowError) as err:
            raise HocError(f"{name}({x}): {err}") from None
    return checked


MATH = {
    "sin": math.sin, "cos": math.cos, "tan": math.tan, "atan": math.atan, "tanh": math.tanh,
    "log": _check(math.log, "log"), "log10": _check(math.log10, "log10"),
    "exp": _check(math.exp, "exp"), "sqrt": _check(math.sqrt, "sqrt"),
    "int": hoc_int, "abs": abs, "fabs": abs, "erf": math.erf, "erfc": math.erfc,
    "atan2": math.atan2, "floor": lambda x: float(math.floor(x)),
    "ceil": lambda x: float(math.ceil(x)), "asin": math.asin, "acos": math.acos,
    "sinh": math.sinh, "cosh": math.cosh, "pow": math.pow,
}


STRING_REFS = []       # Python's h.ref class (pnm.namespace adds it): a string in [0]


def text(v):
    """A string argument: a str, a hoc strdef (Box), or Python's h.ref("...")."""
    if type(v) is Box:
        return v.v
    return v[0] if type(v) in STRING_REFS else v


def put_text(out, value):
    """Store a string result in a strdef (Box) or Python's h.ref."""
    if type(out) is Box:
        out.v = value
    else:
        out[0] = value


def hoc_format(fmt, args):
    """C printf as hoc does it: %d converts the double to an integer."""
    fmt = text(fmt)
    out, pos, ai = [], 0, 0
    for m in _SPEC.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        flags, conv = m.group(1), m.group(2)
        if conv == "%":
            out.append("%")
            continue
        if ai >= len(args):
            raise HocError(f"printf {fmt!r}: more formats than arguments")
        v = text(args[ai])
        ai += 1
        if conv in "diouxXc":
            if isinstance(v, str):
                raise HocError(f"printf %{conv}: argument {ai} is a string")
            v = int(v)
            if conv in "iu":
                conv = "d"
            if conv == "c":
                v = chr(v)
        elif conv in "eEfgG":
            if isinstance(v, str):
                raise HocError(f"printf %{conv}: argument {ai} is a string, not a number")
            v = float(v)
        elif conv == "s":
            v = v if isinstance(v, str) else format_plain(v)
        out.append(("%" + flags + conv) % v)
    out.append(fmt[pos:])
    return "".join(out)


def format_plain(v):
    if isinstance(v, (float, int)):
        return "%.8g" % v
    return object_name(v)


def object_name(v):
    if v is None:
        return "NULLobject"
    if isinstance(v, HocObject):
        return repr(v)
    hname = getattr(v, "hname", None)
    if callable(hname):
        try:
            return str(hname())
        except Exception:
            pass
    return str(v)


class List:
    """hoc's List: an ordered list of object references."""

    def __init__(self, *args):
        self._items = []
        if args:
            if len(args) > 1 or not isinstance(args[0], (str, Box)):
                raise HocError(f"List({', '.join(map(repr, args))}): give no argument, or the "
                               "name of a class or template (List(\"Vector\")) for a list of "
                               "its objects")
            self._items = objects_of_class(text(args[0]))
        self._index = next_index("List")

    @classmethod
    def numbered(cls, index):
        """A List with a given index, which a standard file reserved (stdrun.hoc's
        graphList[0..3], flush_list, fast_flush_list are List[0] to List[5])."""
        made = cls.__new__(cls)
        made._items, made._index = [], index
        return made

    def hname(self):
        return f"List[{self._index}]"

    __repr__ = hname

    def __del__(self, release=release_index):
        if getattr(self, "_index", None) is not None:     # (freed: NEURON's numbering)
            release("List")

    def append(self, o):
        self._items.append(o)
        return float(len(self._items))

    def prepend(self, o):
        self._items.insert(0, o)
        return float(len(self._items))

    def insrt(self, i, o):
        self._items.insert(int(i), o)
        return 0.0

    def remove(self, i):
        del self._items[int(i)]
        return float(len(self._items))

    def remove_all(self):
        self._items.clear()
        return 0.0

    def index(self, o):
        """The position of o, -1 if absent (an int, as NEURON's Python sees it)."""
        for i, x in enumerate(self._items):
            if x is o:
                return i
        return -1

    def count(self):
        """The number of objects (an int, as NEURON's Python sees it)."""
        return len(self._items)

    def object(self, i):
        try:
            return self._items[int(i)]
        except IndexError:
            raise HocError(f"{self.hname()}.object({int(i)}): index out of range "
                           f"(count {len(self._items)})") from None

    o = object

    def browser(self, *args):
        return 0.0

    def __iter__(self):
        return iter(list(self._items))

    def __len__(self):
        return len(self._items)

    def __getitem__(self, i):
        return self._items[i]


class StringFunctions:
    def __init__(self, *args):
        self._index = next_index("StringFunctions")

    def hname(self):
        return f"StringFunctions[{self._index}]"

    __repr__ = hname

    def __del__(self, release=release_index):
        if getattr(self, "_index", None) is not None:     # (freed: NEURON's numbering)
            release("StringFunctions")

    # NEURON 9 returns ints from len, substr, head, tail, is_point_process, is_artificial
    # and a bool from is_name
    def len(self, s):
        return len(text(s))

    def substr(self, s, sub):
        return text(s).find(text(sub))

    def head(self, s, pattern, out):
        m = re.search(text(pattern), text(s))
        put_text(out, text(s)[:m.start()] if m else "")
        return m.start() if m else -1

    def tail(self, s, pattern, out):
        m = re.search(text(pattern), text(s))
        put_text(out, text(s)[m.end():] if m else "")
        return m.end() if m else -1

    def right(self, s, n):
        put_text(s, text(s)[int(n):])
        return 1.0

    def left(self, s, n):
        put_text(s, text(s)[:int(n)])
        return 1.0

    name_declared = None        # the interpreter's name_declared (set when it is made)

    def is_name(self, name):
        """1 if name is a hoc symbol (a variable, section, procedure, template, mechanism,
        built-in function, ...), else 0; NEURON answers 1 for the empty name too."""
        name = text(name)
        if name == "":
            return True
        lookup = StringFunctions.name_declared
        if lookup is not None and lookup(name) != 0.0:
            return True
        from ..model import mechanisms
        return mechanisms.split_key(name) is not None    # gnabar_hh

    # the number of a point process type in MechanismType(1)'s list, from 1 (set by
    # pnm.namespace: the list lives in pnm.mechtype)
    point_type_number = None

    def is_point_process(self, o):
        """The point process type's number in MechanismType(1) (from 1), else 0."""
        from ..model.pointprocess import PointProcess
        if not isinstance(o, PointProcess):
            return 0
        return StringFunctions.point_type_number(o.mech_name)

    def is_artificial(self, o):
        from ..model.pointprocess import PointProcess
        if not (isinstance(o, PointProcess) and o.is_artificial):
            return 0
        return self.is_point_process(o)


class File:
    """hoc's File: ropen/wopen/aopen, printf, scanf, gets, seek, tell, close."""

    def __init__(self, name=None):
        self._name = text(name) if name is not None else ""
        self._f = None
        self._index = next_index("File")

    def hname(self):
        return f"File[{self._index}]"

    __repr__ = hname

    def __del__(self, release=release_index):
        if getattr(self, "_index", None) is not None:     # (freed: NEURON's numbering)
            release("File")

    def _open(self, name, mode):
        if name is not None:
            self._name = text(name)
        try:
            self._f = open(self._name, mode)
            return 1.0
        except OSError:
            self._f = None
            return 0.0

    def ropen(self, name=None):
        return self._open(name, "r")

    def wopen(self, name=None):
        return self._open(name, "w")

    def aopen(self, name=None):
        return self._open(name, "a")

    def close(self, *ignored):
        """f.close(): NEURON's takes no argument and ignores any given (f.close("name"))."""
        if self._f is not None:
            self._f.close()
            self._f = None
        return 0.0

    def isopen(self):
        return 1.0 if self._f is not None else 0.0

    def printf(self, fmt, *args):
        """As NEURON's File.printf: returns 0 (so a top-level f.printf(...) echoes 0)."""
        self._f.write(hoc_format(fmt, args))
        return 0.0

    def gets(self, box):
        line = self._f.readline()
        if not line:
            return -1.0
        box.v = line
        return float(len(line))

    def scanf(self):
        tok = _next_token(self._f)
        if tok is None:
            raise HocError(f"File {self._name}: scanf at end of file")
        return float(tok)

    def scan_number(self):
        """NEURON's hoc_scan (File.scanvar, Vector.scanf): the next whitespace-separated word
        that starts with a number (words starting with i, n, I, N skipped), then the
        whitespace after it."""
        while True:
            tok = _next_token(self._f)
            if tok is None:
                raise HocError(f"{self._name}: EOF in fscan")
            if tok[:1] in ("i", "n", "I", "N"):
                continue
            m = _NUMBER.match(tok) or _INF_NAN.match(tok)
            if m is not None:
                self._skip_space()
                return float(m.group(0))

    scanvar = scan_number

    def _skip_space(self):
        f = self._f
        while True:
            pos = f.tell()
            c = f.read(1)
            if not c:
                return
            if not c.isspace():
                f.seek(pos)
                return

    def eof(self):
        pos = self._f.tell()
        more = self._f.read(1)
        self._f.seek(pos)
        return 0.0 if more.strip() or more else 1.0

    def seek(self, offset=0, origin=0):
        """f.seek([offset[, origin]]): C's fseek (origin 0 the start, 1 the position, 2 the
        end); 0 on success, -1 otherwise. f.seek() goes back to the start."""
        f = self._open_file("seek")
        origin = int(origin)
        try:
            base = {0: 0, 1: None, 2: None}[origin]
        except KeyError:
            return -1.0
        if origin == 1:
            base = f.tell()
        elif origin == 2:
            base = f.seek(0, 2)
        target = base + int(offset)
        if target < 0:
            return -1.0
        f.seek(target)
        return 0.0

    def tell(self):
        """f.tell(): the position in the file (C's ftell)."""
        return float(self._open_file("tell").tell())

    def _open_file(self, what):
        if self._f is None:
            raise HocError(f"{self.hname()}.{what}(): the file is not open; ropen, wopen or "
                           "aopen it first")
        return self._f

    def getname(self, box):
        box.v = self._name
        return 0.0

    def unlink(self):
        try:
            os.unlink(self._name)
            return 1.0
        except OSError:
            return 0.0


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INF_NAN = re.compile(r"[+-]?(?:inf(?:inity)?|nan)", re.I)


def _next_token(f):
    tok = ""
    while True:
        c = f.read(1)
        if not c:
            return tok or None
        if c.isspace():
            if tok:
                return tok
            continue
        tok += c


_SCAN_NUMBER = re.compile(r"[-+]?((\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|inf(inity)?|nan)", re.I)
_SCAN_INT = re.compile(r"[-+]?\d+")
_SCAN_DIRECTIVE = re.compile(r"%(l?[fgde]|s)")


def sscanf(src, fmt, *ptrs):
    """sscanf(string, format, &x, ..., strdef) as C's (%f %lf %g %e %d %s): conversions
    assigned one by one until the input stops matching; the number assigned, -1 when the
    input ended before the first conversion."""
    s, fmt = text(src), text(fmt)
    pos, n, k, i = 0, 0, 0, 0
    while i < len(fmt):
        c = fmt[i]
        if c.isspace():                              # any run of input whitespace
            while pos < len(s) and s[pos].isspace():
                pos += 1
            i += 1
            continue
        directive = _SCAN_DIRECTIVE.match(fmt, i)
        if directive is None and c == "%" and not fmt.startswith("%%", i):
            raise HocError(f"sscanf(..., \"{fmt}\"): conversion {fmt[i:i + 3]!r} is not "
                           "provided; use %f, %lf, %g, %e, %d or %s")
        if directive is None and c == "%":           # %% matches one %
            c, i = "%", i + 1
        if directive is None:                        # a literal character
            if pos >= len(s) or s[pos] != c:
                break
            pos, i = pos + 1, i + 1
            continue
        while pos < len(s) and s[pos].isspace():
            pos += 1
        if pos >= len(s):
            return -1.0 if n == 0 else float(n)
        kind = directive.group(1)[-1]
        if kind == "s":
            m = re.compile(r"\S+").match(s, pos)
        else:
            m = (_SCAN_INT if kind == "d" else _SCAN_NUMBER).match(s, pos)
        if m is None or k >= len(ptrs):
            break
        if kind == "s":
            put_text(ptrs[k], m.group(0))
        else:
            ptrs[k][0] = float(m.group(0))
        pos, i, k, n = m.end(), directive.end(), k + 1, n + 1
    return float(n)


def object_id(o, index=0):
    """object_id(obj): a number unique to the object (0 for NULLobject); object_id(obj, 1):
    the index in its name, Vector[3] -> 3 (-1 for NULLobject)."""
    if index:
        if o is None:
            return -1.0
        name = object_name(o)
        return float(name[name.rindex("[") + 1:-1]) if name.endswith("]") else -1.0
    return float(id(o)) if o is not None else 0.0


def quit_(*args):
    sys.stdout.flush()
    raise HocQuit(int(args[0]) if args else 0)


__all__ = ["MATH", "hoc_format", "List", "File", "StringFunctions", "sscanf",
           "EPSILON", "HocPointer"]


def _hoc_index(obj):
    name = obj.hname()
    return int(name[name.rindex("[") + 1:-1])


def objects_of_class(name):
    """`List("Vector")`, `List("Cell")`: every live object of the class, template or point
    process named `name`, in creation order (NEURON lists a template's objects)."""
    import gc
    found = []
    for obj in gc.get_objects():
        if type(obj) is HocObject:
            if obj.hoc_template.name == name:
                found.append(obj)
        elif getattr(type(obj), "mech_name", None) == name or (
                type(obj).__name__ == name and callable(getattr(obj, "hname", None))):
            try:
                obj.hname()
            except Exception:      # half made (its constructor raised)
                continue
            found.append(obj)
    found.sort(key=_hoc_index)
    return found


_kept = []        # objects made on request by object_by_index (nrngui.hoc's PWManager[0])


def object_by_index(cls, i):
    """hoc's `PWManager[0]`, `Vector[3]`: the live object of class cls named with index i
    (NEURON names objects by class and creation index)."""
    class_name = cls.name if isinstance(cls, Template) else cls.__name__
    for obj in objects_of_class(class_name):
        if _hoc_index(obj) == i:
            return obj
    name = f"{class_name}[{i}]"
    if isinstance(cls, Template):          # a hoc template's object, Family[0]
        raise HocError(f"{name}: there is no such object (hoc names the objects of a template "
                       "by creation index)")
    if cls.__name__ == "PWManager" and i == 0:      # nrngui.hoc makes it in NEURON
        _kept.append(cls())
        return _kept[-1]
    raise HocError(f"{name}: there is no such object (hoc names the objects of a class by "
                   "creation index)")
