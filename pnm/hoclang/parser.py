"""Stage 1 of the hoc pipeline: text -> lark parse tree (grammar in hoc.lark).

hoc's own lexer knows each name's type; here section names are recognised the same way, from
the `create` statements of the text being parsed plus the sections already declared."""

import os
import re

import lark
from lark.lexer import Token

from .errors import HocSyntaxError

_GRAMMAR = os.path.join(os.path.dirname(__file__), "hoc.lark")
_parser = None
_CREATE = re.compile(r"\bcreate\b([^\n{}]*)")
_DECL_NAME = re.compile(r"(?:^|,)\s*([A-Za-z_]\w*)")


def _lark():
    global _parser
    if _parser is None:
        with open(_GRAMMAR) as f:
            _parser = lark.Lark(f.read(), parser="lalr", propagate_positions=True, cache=True,
                                postlex=_SectionNames(), maybe_placeholders=True)
    return _parser


class _SectionNames:
    """Post-lexer: NAME -> SECNAME for names declared by `create`."""
    always_accept = ()
    names = set()

    def process(self, stream):
        names = self.names
        for tok in stream:
            if tok.type == "NAME" and tok.value in names:
                yield Token.new_borrow_pos("SECNAME", tok.value, tok)
            else:
                yield tok


def declared_sections(text):
    """Names that `create` statements in text declare."""
    found = set()
    for m in _CREATE.finditer(text):
        decl = re.sub(r"\[[^\]]*\]", "", m.group(1).split("//")[0])
        found.update(_DECL_NAME.findall(decl))
    return found


def parse(text, filename="<hoc>", section_names=()):
    """Parse hoc source; raises HocSyntaxError with file, line, column and caret."""
    if not text.endswith("\n"):
        text += "\n"
    parser = _lark()
    _SectionNames.names = set(section_names) | declared_sections(text)
    try:
        return parser.parse(text)
    except lark.exceptions.UnexpectedInput as err:
        line = getattr(err, "line", None)
        column = getattr(err, "column", None)
        lines = text.split("\n")
        src = lines[line - 1] if line and 0 < line <= len(lines) else None
        what = "syntax error"
        tok = getattr(err, "token", None)
        if tok is not None and tok.type != "$END":
            shown = "end of line" if tok.type == "_NL" else repr(str(tok))
            what = f"syntax error near {shown}"
        elif isinstance(err, lark.exceptions.UnexpectedCharacters):
            what = f"syntax error: unexpected character {text[err.pos_in_stream]!r}"
        else:
            what = "syntax error: unexpected end of input (missing '}'?)"
        raise HocSyntaxError(what, filename, line, column, src) from None
