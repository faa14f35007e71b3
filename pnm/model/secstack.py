"""The section stack: NEURON's "currently accessed section" (cas).

`access soma` sets the default section; `soma { ... }` (hoc) and `sec.push()` (Python) push a
section for the duration of a block and pop it after. hoc and Python share this one stack."""

from contextlib import contextmanager

_stack = []
_default = [None]      # the section `access` made the default (bottom of the stack)


def push(sec):
    """Make sec the currently accessed section until the matching pop()."""
    _stack.append(sec)


def pop():
    """Undo the last push(); returns the section that was on top."""
    if not _stack:
        raise RuntimeError("pop_section(): the section stack is empty (more pops than pushes)")
    return _stack.pop()


def access(sec):
    """`access sec`: the default section when nothing is pushed."""
    _default[0] = sec


def cas():
    """The currently accessed section; error if there is none."""
    if _stack:
        return _stack[-1]
    sec = _default[0]
    if sec is None or getattr(sec, "_deleted", False):
        raise RuntimeError("no accessed section: create a section and `access` it, or use "
                           "sec { ... } / sec.push()")
    return sec


def depth():
    return len(_stack)


def unwind(to_depth):
    """Drop entries above to_depth (after an error left pushes unmatched)."""
    del _stack[to_depth:]


@contextmanager
def pushed(sec):
    """with pushed(sec): ... — sec is the cas inside the block."""
    push(sec)
    try:
        yield sec
    finally:
        pop()
