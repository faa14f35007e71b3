"""pnm's hoc interpreter: parse (hoc.lark) -> compile to closures (exprs, stmts), procedure
bodies to one generated Python function each (codegen, genruntime) -> evaluate (interpreter)
over the same objects Python's `h` hands out."""

from .errors import HocError, HocQuit, HocSyntaxError

_interp = None
_namespace = None


def attach_namespace(h):
    """Give the interpreter the `h` it evaluates over (pnm/__init__ does this once), so that
    this package never imports the namespace that imports it."""
    global _namespace
    _namespace = h
    from ..model import hoccommand
    hoccommand.set_runner(run_command)


def get_interpreter():
    """The one interpreter behind `h` (created on first use)."""
    global _interp
    if _interp is None:
        from .interpreter import Interpreter
        if _namespace is None:
            raise RuntimeError("pnm.hoclang: import pnm first (it attaches the h namespace)")
        _interp = Interpreter(_namespace)
    return _interp


def run_command(text, where, owner=None):
    """A statement an object keeps as a string and runs later (FInitializeHandler,
    CVode.event): as NEURON's HocCommand, `{text}` (so `a = 1  b = 2` runs), at top level or
    in the owner object's context."""
    interp = get_interpreter()
    if owner is None:
        return interp.execute("{" + text + "\n}\n", where, echo=False)    # (a // comment ends first)
    return interp.builtins["execute"](text, owner)


__all__ = ["HocError", "HocQuit", "HocSyntaxError", "get_interpreter", "existing", "attach_namespace",
           "reset", "run_command"]


def reset():
    """Forget hoc's globals, procedures and templates (pnm.reset calls this)."""
    global _interp
    _interp = None


def existing():
    """The interpreter if hoc has run at all (so `h` lookups stay cheap otherwise)."""
    return _interp
