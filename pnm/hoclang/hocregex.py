"""hoc's section-name patterns (forsec "...", ifsec "...", issection("...")) as NEURON 9
reads them: `[` and `]` stand for themselves (section indices), `<...>` is a character class,
and the rest is a regular expression (`.`, `*`, `+`, `?`, `{n}`, `^`, `$`, backslash):
NEURON 9 rewrites the brackets and hands the pattern to std::regex, where its old `{2-5}`
index range is an error. forsec and ifsec search the name; issection matches all of it."""

import re

from .errors import HocError

_QUANTIFIER = re.compile(r"\{\d+(,\d*)?\}")
_CACHE = {}


def compile_pattern(pattern):
    """The Python regular expression for a hoc section-name pattern."""
    found = _CACHE.get(pattern)
    if found is not None:
        return found
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c in "[]":       # (even after a backslash, which stays a regex escape)
            out.append("\\" + c)
        elif c == "<":
            out.append("[")
        elif c == ">":
            out.append("]")
        elif c == "{":
            m = _QUANTIFIER.match(pattern, i)
            if m is None:       # NEURON 9 hands it to std::regex, which rejects it
                raise HocError(f"section name pattern {pattern!r}: unexpected character in "
                               "brace expression (a brace holds a repeat count, {n} or "
                               "{n,m}; match an index range with <0-9>*)")
            out.append(m.group(0))
            i = m.end()
            continue
        else:
            out.append(c)
        i += 1
    try:
        found = re.compile("".join(out))
    except re.error as err:
        raise HocError(f"section name pattern {pattern!r}: {err}") from None
    _CACHE[pattern] = found
    return found


def search(pattern, name):
    return compile_pattern(pattern).search(name) is not None


def fullmatch(pattern, name):
    return compile_pattern(pattern).fullmatch(name) is not None
