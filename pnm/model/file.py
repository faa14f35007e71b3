"""h.File: NEURON's file object (ropen/wopen/aopen/close, printf, scanvar/scanstr/gets, eof,
seek/tell, ...), which Vector.printf/scanf/fread/fwrite/vread/vwrite read and write; and
c_format, C's printf formatting of hoc values."""

import os
import re
import tempfile

from ..util import atomic_write
from .hocindex import next_index, release_index

_SPEC = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?(?:hh|h|ll|l|L|q|j|z|t)?([diouxXeEfFgGaAcs%])")


def c_format(fmt, args):
    """C printf formatting as hoc's printf does it: numbers converted to int for %d/%o/%x/%c,
    length modifiers (%ld, %lf) accepted."""
    args = list(args)
    out = []
    pos = 0
    for m in _SPEC.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        flags, width, precision, conv = m.groups()
        if conv == "%":
            out.append("%")
            continue
        if width == "*":
            width = str(int(args.pop(0)))
        if precision == "*":
            precision = str(int(args.pop(0)))
        if not args:
            raise TypeError(f"printf({fmt!r}): not enough arguments for the format")
        value = args.pop(0)
        spec = "%" + flags + (width or "") + ("." + precision if precision is not None else "")
        if conv in "diouxXc":
            conv = "d" if conv in "iu" else conv
            value = int(value)
        elif conv == "s":
            value = value if isinstance(value, str) else _hoc_number_text(value)
        else:
            value = float(value)
        out.append(_hex_float(value, conv) if conv in "aA" else (spec + conv) % value)
    out.append(fmt[pos:])
    return "".join(out)


def _hex_float(value, conv):
    """C's %a: 0x1.8p+0 (Python's float.hex pads the mantissa with zeros)."""
    if value == 0:      # NEURON 9 (fmt) prints zero as 0x0p-1022
        text = ("-" if str(value).startswith("-") else "") + "0x0p-1022"
        return text.upper() if conv == "A" else text
    text = float(value).hex()
    if "p" in text and "." in text:
        mantissa, exponent = text.split("p")
        mantissa = mantissa.rstrip("0").rstrip(".")
        text = mantissa + "p" + exponent
    return text.upper() if conv == "A" else text


def format_double(fmt, value, who):
    """NEURON 9's Vector.printf formatting of one double (fmt's type-checked printf): only
    the floating conversions (e f g a, either case) are valid, and at most one."""
    specs = [m for m in _SPEC.finditer(fmt) if m.group(4) != "%"]
    if any(m.group(4) not in "eEfFgGaA" or "*" in (m.group(2) or "") + (m.group(3) or "")
           for m in specs):
        raise ValueError(f"{who}: invalid format specifier in {fmt!r} (Vector.printf "
                         "formats doubles: use %g, %f, %e or %a)")
    if len(specs) > 1:
        raise ValueError(f"{who}: argument not found for the second specifier in {fmt!r}")
    return c_format(fmt, (value,) if specs else ())


def _hoc_number_text(value):
    return "%g" % value if isinstance(value, (int, float)) else str(value)


class File:
    """h.File([name])."""

    def __init__(self, name=None):
        self._name = "" if name is None else str(name)
        self._stream = None
        self.hoc_index = next_index("File")

    def hname(self):
        return f"File[{self.hoc_index}]"

    __repr__ = hname

    def __del__(self, release=release_index):
        if getattr(self, "hoc_index", None) is not None:     # (freed: NEURON's numbering)
            release("File")

    # ---- opening ---------------------------------------------------------------------
    def _open(self, name, mode):
        if name is not None:
            self.close()
            self._name = str(name)
        self.close()
        try:
            self._stream = open(os.path.expandvars(self._name), mode)
        except OSError:
            self._stream = None
        return 1.0 if self._stream is not None else 0.0

    def ropen(self, name=None):
        return self._open(name, "rb")

    def wopen(self, name=None):
        return self._open(name, "wb")

    def aopen(self, name=None):
        return self._open(name, "ab")

    def close(self, *ignored):
        """f.close(): NEURON's takes no argument and ignores any given (f.close("name"))."""
        if self._stream is not None:
            self._stream.close()
        self._stream = None
        return 0.0

    def isopen(self):
        return 1.0 if self._stream is not None else 0.0

    def getname(self, target=None):
        if target is not None:
            target[0] = self._name
        return self._name

    def dir(self):
        return ""

    def chooser(self, *args):
        """No file chooser without a display: as NEURON without one, nothing happens."""
        from ..graphics import notice
        notice.no_display_once()
        return 1.0

    def mktemp(self):
        fd, path = tempfile.mkstemp(prefix="hoc")
        os.close(fd)
        os.unlink(path)
        self.close()
        self._name = path
        return 1.0

    def unlink(self):
        try:
            os.unlink(self._name)
            return 1.0
        except OSError:
            return 0.0

    # ---- the stream, for Vector's I/O ---------------------------------------------------
    def stream(self):
        """The open binary stream; an error naming the file if it is not open."""
        if self._stream is None:
            raise OSError(f"{self._name or self}: file is not open (call ropen/wopen/aopen)")
        return self._stream

    def write_text(self, text):
        self.stream().write(text.encode())

    def scan_number(self):
        """hoc_scan: the next whitespace-separated word that starts with a number (words
        starting with i, n, I, N skipped), then the whitespace after it."""
        stream = self.stream()
        while True:
            word = self._next_word(stream)
            if word is None:
                raise EOFError(f"{self._name}: EOF in fscan")
            if word[:1] in (b"i", b"n", b"I", b"N"):
                continue
            m = re.match(rb"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", word)
            if m is None:
                m = re.match(rb"[+-]?(?:inf(?:inity)?|nan)", word, re.I)
            if m is not None:
                self._skip_space(stream)
                return float(m.group(0))

    @staticmethod
    def _skip_space(stream):
        while True:
            c = stream.read(1)
            if not c:
                return
            if not c.isspace():
                stream.seek(-1, 1)
                return

    def _next_word(self, stream):
        self._skip_space(stream)
        chars = []
        while True:
            c = stream.read(1)
            if not c:
                break
            if c.isspace():
                stream.seek(-1, 1)
                break
            chars.append(c)
        return b"".join(chars) if chars else None

    # ---- NEURON's methods ------------------------------------------------------------
    def printf(self, fmt, *args):
        self.write_text(c_format(fmt, args))
        return 0.0

    def scanvar(self):
        return self.scan_number()

    def scanstr(self, target):
        word = self._next_word(self.stream())
        if word is None:
            return -1.0
        target[0] = word.decode(errors="replace")
        return float(len(word))

    def gets(self, target):
        line = self.stream().readline()
        if not line:
            return -1.0
        target[0] = line.decode(errors="replace")
        return float(len(line))

    def eof(self):
        stream = self.stream()
        c = stream.read(1)
        if not c:
            return 1.0
        stream.seek(-1, 1)
        return 0.0

    def flush(self):
        self.stream().flush()
        return 1.0

    def seek(self, offset=0, whence=0):
        try:
            self.stream().seek(int(offset), int(whence))
            return 0.0
        except OSError:
            return -1.0

    def tell(self):
        return self.stream().tell()

    def vwrite(self, *args):
        raise NotImplementedError(f"{self}.vwrite(n, &x): pnm has no hoc pointers to double "
                                  "arrays; use vec.vwrite(file) or vec.fwrite(file)")

    def vread(self, *args):
        raise NotImplementedError(f"{self}.vread(n, &x): pnm has no hoc pointers to double "
                                  "arrays; use vec.vread(file) or vec.fread(file, n)")


def write_atomically(path, write):
    """Call write(stream) on a temporary file next to path, then rename it onto path, so
    that a reader never sees half a file."""
    path = os.fspath(path)
    with atomic_write(path, "wb") as stream:
        write(stream)
    return path
