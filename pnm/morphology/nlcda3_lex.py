"""The tokens of a Neurolucida V3 text (.asc) file, read as NEURON's read_nlcda3.hoc reads
them: a line at a time, ';' starts a comment, each token taken off the front of the line by
its sscanf patterns; and the parser's three-token window (current, look_ahead, look_ahead2)
with the rollback its tree-or-text guess needs."""

import ctypes
import ctypes.util
import re

EOF, NUMBER, LEFTPAR, RIGHTPAR, COMMA, BAR, SET, RGB, STRING, LABEL, ERR, LEFTSP, RIGHTSP = \
    range(13)
TOKEN_NAMES = ("eof", "number", "leftpar", "rightpar", "comma", "bar", "set", "rgb", "string",
               "label", "err", "leftsp", "rightsp")

_WS = "[ \t\n\r\f\v]*+"          # sscanf's whitespace directive (C isspace), no backtracking
_REST = "([^@]+)"                # %[^@]: the rest of the line, up to an '@'
_COMMENT = re.compile(_WS + ";" + _REST)
_PUNCT = [(re.compile(_WS + re.escape(c) + _REST), t) for c, t in
          (("(", LEFTPAR), (")", RIGHTPAR), (",", COMMA), ("|", BAR), ("<", LEFTSP),
           (">", RIGHTSP))]
_WORDS = [(re.compile(_WS + w + _WS + _REST), t) for w, t in
          (("set", SET), ("Set", SET), ("SET", SET), ("RGB", RGB))]
_OPEN_STRING = re.compile(_WS + '"([^"]+)')
_EMPTY_STRING = re.compile(_WS + '""' + _REST)
_LABEL = re.compile(_WS + "([A-Za-z0-9_]++)" + _REST)
_SPACE = " \t\n\r\f\v"


def _c_strtod():
    try:
        fn = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").strtod
    except (OSError, AttributeError):
        return None
    fn.restype = ctypes.c_double
    fn.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p)]
    return fn


_STRTOD = _c_strtod()
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def scan_double(text):
    """sscanf's %lf at the start of text (after white space): (value, characters used), or
    None when no number is there."""
    pos = len(text) - len(text.lstrip(_SPACE))
    if _STRTOD is None:
        m = _FLOAT.match(text, pos)
        return (float(m.group(0)), m.end()) if m else None
    raw = text[pos:].encode("latin-1", "replace")
    buf = ctypes.create_string_buffer(raw)
    end = ctypes.c_char_p()
    value = _STRTOD(buf, ctypes.byref(end))
    used = ctypes.cast(end, ctypes.c_void_p).value - ctypes.addressof(buf)
    return (value, pos + used) if used > 0 else None


class Token:
    """Import3d_LexToken: kind (token), number value x, text s, token count, line."""
    __slots__ = ("token", "x", "s", "itok", "iline")

    def __init__(self, token=EOF, x=0.0, s="", itok=0, iline=0):
        self.token, self.x, self.s, self.itok, self.iline = token, x, s, itok, iline

    def clone(self):
        return Token(self.token, self.x, self.s, self.itok, self.iline)

    def describe(self):
        return (f"token {self.itok} on line {self.iline}: {TOKEN_NAMES[self.token]} "
                f"x={self.x:g} s='{self.s}'")


class Lexer:
    """Reads the file's lines on demand; iline_ and fline are the last line read (the parser
    records them with each point, as NEURON does)."""

    def __init__(self, text_lines, quiet):
        self.text_lines = text_lines
        self.next_line = 0
        self.iline_ = 0
        self.fline = ""
        self.line = ""
        self.itoken = 0
        self.quiet = quiet

    def _getline(self):
        if self.next_line >= len(self.text_lines):
            if not self.quiet:
                print(f"\r{self.iline_} lines read")
            return None
        text = self.text_lines[self.next_line]
        self.next_line += 1
        self.iline_ += 1
        if self.iline_ % 1000 == 0 and not self.quiet:
            print(f"\r{self.iline_} lines read", end="")
        return text

    def _finish(self, tok, kind):
        tok.token = kind
        self.itoken += 1
        tok.itok = self.itoken
        tok.iline = self.iline_
        return kind

    def lex(self, tok):
        """The next token into tok (NEURON's lex())."""
        tok.x = 0.0
        tok.s = ""
        while True:
            if len(self.line) > 1:
                m = _COMMENT.match(self.line)
                if not m:
                    break
                self.line = m.group(1)
            text = self._getline()
            if text is None:
                return self._finish(tok, EOF)
            self.line = text.rstrip(_SPACE) + "\n"
            self.fline = text[:-1]
        line = self.line
        number = scan_double(line)
        if number is not None:
            tok.x = number[0]
            m = re.match(_REST, line[number[1]:])
            if m:
                self.line = m.group(1)
                return self._finish(tok, NUMBER)
        for pattern, kind in _PUNCT + _WORDS:
            m = pattern.match(line)
            if m:
                self.line = m.group(1)
                return self._finish(tok, kind)
        m = _OPEN_STRING.match(line)
        if m:
            tok.s = m.group(1)
            after = line[m.end():]
            if after.startswith('"') and len(after) > 1 and after[1] != "@":
                self.line = after[1:].split("@")[0]
                return self._finish(tok, STRING)
            print(f"Lexical error: no closing '\"' in string. The entire line {self.iline_} "
                  "in ||is")
            print(f"|{self.fline}|")
            self.line = ""
            return self._finish(tok, ERR)
        m = _EMPTY_STRING.match(line)
        if m:
            self.line = m.group(1)
            return self._finish(tok, STRING)
        m = _LABEL.match(line)
        if m:
            tok.s = m.group(1)
            self.line = m.group(2)
            return self._finish(tok, LABEL)
        return self._finish(tok, ERR)


class TokenStream:
    """current, look_ahead, look_ahead2 and NEURON's rollback (save_for_rollback,
    use_rollback, clear_rollback, read_next_token)."""

    def __init__(self, lexer):
        self.lexer = lexer
        self.current = Token()
        self.look_ahead = Token()
        self.look_ahead2 = Token()
        self.rollback = None
        self.use_rollback_ = False

    def start(self):
        if self.lexer.lex(self.current) != EOF:
            if self.lexer.lex(self.look_ahead) != EOF:
                self.lexer.lex(self.look_ahead2)

    def save_for_rollback(self):
        """False (NEURON: 'rollback in use', then a parse error) when one is pending."""
        if self.rollback is not None:
            print("rollback in use")
            return False
        self.rollback = [self.current.clone(), self.look_ahead.clone(),
                         self.look_ahead2.clone()]
        self.use_rollback_ = False
        return True

    def use_rollback(self):
        self.use_rollback_ = True
        self.current = self.rollback.pop(0)
        self.look_ahead = self.rollback.pop(0)
        self.look_ahead2 = self.rollback.pop(0)
        if not self.rollback:
            self.clear_rollback()

    def clear_rollback(self):
        self.rollback = None
        self.use_rollback_ = False

    def next(self):
        if self.use_rollback_:
            self.current = self.look_ahead
            self.look_ahead = self.look_ahead2
            self.look_ahead2 = self.rollback.pop(0)
            if not self.rollback:
                self.clear_rollback()
            return
        old = self.current
        self.current = self.look_ahead
        self.look_ahead = self.look_ahead2
        self.look_ahead2 = old
        if self.look_ahead.token != EOF:
            self.lexer.lex(self.look_ahead2)
        else:
            self.look_ahead2.token = EOF
        if self.rollback is not None:
            self.rollback.append(self.look_ahead2.clone())
