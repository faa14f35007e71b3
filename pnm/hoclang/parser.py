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


def load():
    """Build the grammar's parser now (the first parse does otherwise): `python -m pnm`
    loads it before freezing its start-up objects for the cyclic GC (__main__.py)."""
    _lark()


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


_COMMENTS_AND_STRINGS = re.compile(r'"(?:[^"\\\n]|\\.)*"|/\*.*?\*/|//[^\n]*', re.S)


def declared_sections(text):
    """Names that `create` statements in text declare."""
    found = set()
    text = re.sub(r"\\\r?\n", " ", text)        # a backslash continues the line
    text = _COMMENTS_AND_STRINGS.sub(" ", text)    # "// create RE cells" declares nothing
    for m in _CREATE.finditer(text):
        decl = re.sub(r"\[[^\]]*\]", "", m.group(1).split("//")[0])
        found.update(_DECL_NAME.findall(decl))
    return found


# one line `ref.sec statement` (ref: a name, maybe indexed, maybe a chain of members; also
# a SectionRef's parent, trueparent, root and child[i])
_SECREF_STMT = re.compile(r"[A-Za-z_]\w*(\[[^\]\n]*\])?(\.\w+(\[[^\]\n]*\])?)*"
                          r"\.(sec|parent|trueparent|root|child\[[^\]\n]*\])"
                          r"[ \t]+[^\s=.(\[][^\n]*\n?\Z")
_DEFN_HEADER = re.compile(r"\s*(proc|func|obfunc|iterator)\s+\w+\s*\(\s*\)\s*")


def split_statements(text):
    """[(first_line, chunk, end)]: the top-level statements of text, each with the lines it
    spans and the offset in text just after it.

    nrniv parses and runs one top-level statement at a time, so a statement may use names the
    ones before it declared (a section created by a loaded file) and a syntax error comes after
    the earlier statements ran. A statement ends at a newline outside braces, strings, /* */
    comments, templates and line continuations; `proc p()` waits for its body."""
    chunks, start, i, n = [], 0, 0, len(text)
    depth, in_template, code = 0, False, []
    line = first = 1
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            code.append(text[i:j + 1])
            i = j + 1
            continue
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
            continue
        if c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "\\" and text.startswith("\n", i + 1):
            i += 2
            line += 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "\n":
            stmt = "".join(code)
            word = stmt.split(None, 1)[0] if stmt.strip() else ""
            if in_template and re.match(r"\s*endtemplate\b", stmt.rsplit("\n", 1)[-1]):
                in_template = False
            elif word == "begintemplate":
                in_template = True
            if depth <= 0 and not in_template and not _DEFN_HEADER.fullmatch(stmt):
                if stmt.strip():
                    chunks.append((first, text[start:i + 1], i + 1))
                start, first, code, depth = i + 1, line + 1, [], 0
                line += 1
                i += 1
                continue
            line += 1
        code.append(c)
        i += 1
    if "".join(code).strip():
        chunks.append((first, text[start:], n))
    return chunks


_HELP = re.compile(r"[ \t]*help\b")


def statement_trees(stream, filename, section_names):
    """The parse trees of the top-level statements of stream.text (a programinput stream),
    one at a time, so each sees the sections the ones before it created; when a statement
    read the program text (fscan), parsing goes on after what it read."""
    text, base, line_base = stream.text, 0, 0
    chunks, k = split_statements(text), 0
    while k < len(chunks):
        first, chunk, end = chunks[k]
        stream.pos, stream.consumed = base + end, False
        if _HELP.match(chunk):    # hoc's top-level `help ...`: the rest of the line is its
            from ..graphics.notice import no_display_once   # NEURON's GUI help browser:
            no_display_once()                 # headless, the one notice, as other GUI calls
            rest = chunk.split("\n", 1)
            if len(rest) == 1 or not rest[1].strip():
                k += 1
                continue
            first, chunk = first + 1, rest[1]
        yield parse(chunk, filename, section_names, first + line_base)
        if stream.consumed:
            base = stream.pos
            line_base = text.count("\n", 0, base)
            chunks, k = split_statements(text[base:]), 0
        else:
            k += 1


def parse(text, filename="<hoc>", section_names=(), first_line=1):
    """Parse hoc source; raises HocSyntaxError with file, line, column and caret. A chunk of a
    file (split_statements) gives its first_line."""
    if not text.endswith("\n"):
        text += "\n"
    parser = _lark()
    _SectionNames.names = set(section_names) | declared_sections(text)
    try:
        try:
            tree = parser.parse(text)
        except lark.exceptions.UnexpectedInput:
            if not _SECREF_STMT.search(text):
                raise
            # `sr.sec stmt` (sr.parent ...) at top level: hoc's `ob stmt`, which the grammar takes inside
            # braces only (stmts.py runs it in sr's section)
            tree = parser.parse("{" + text.rstrip("\n") + "}\n")
    except lark.exceptions.UnexpectedInput as err:
        line = getattr(err, "line", None)
        column = getattr(err, "column", None)
        lines = text.split("\n")
        src = lines[line - 1] if line and 0 < line <= len(lines) else None
        if line is not None:
            line += first_line - 1
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
    if first_line != 1:
        _shift_lines(tree, first_line - 1)
    return tree


def _shift_lines(tree, offset):
    for node in tree.iter_subtrees():
        meta = node.meta
        if not meta.empty:
            meta.line += offset
            meta.end_line += offset
