"""pnm's hoc interpreter: parse (hoc.lark) -> compile to closures (exprs, stmts) -> evaluate
(interpreter) over the same objects Python's `h` hands out."""

from .errors import HocError, HocQuit, HocSyntaxError

_interp = None


def get_interpreter():
    """The one interpreter behind `h` (created on first use)."""
    global _interp
    if _interp is None:
        from ..namespace import h
        from .interpreter import Interpreter
        _interp = Interpreter(h)
    return _interp


__all__ = ["HocError", "HocQuit", "HocSyntaxError", "get_interpreter", "existing"]


def existing():
    """The interpreter if hoc has run at all (so `h` lookups stay cheap otherwise)."""
    return _interp
