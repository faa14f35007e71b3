"""The section stack: NEURON's "currently accessed section" (cas).

`access soma` sets the default section; `soma { ... }` (hoc) and `sec.push()` (Python) push a
section for the duration of a block and pop it after. hoc and Python share this one stack."""

import weakref
from contextlib import contextmanager

_stack = []
_default = [None]      # weakref to the section `access` made the default (bottom of the stack)


def default_section():
    ref = _default[0]
    sec = None if ref is None else ref()
    if sec is None or type(sec).IS_DELETED:
        return None
    return sec


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
    _default[0] = weakref.ref(sec)


def default_if_none(sec):
    """NEURON: the first section created is the accessed one until `access` says otherwise."""
    if default_section() is None:
        _default[0] = weakref.ref(sec)


def cas():
    """The currently accessed section; error if there is none."""
    if _stack:
        return _stack[-1]
    sec = default_section()
    if sec is None:
        raise RuntimeError("no accessed section: create a section and `access` it, or use "
                           "sec { ... } / sec.push()")
    return sec


def forget(sec):
    """sec was deleted: it is no longer the default section. A pushed entry stays until its
    pop, as in NEURON (`cas pnm.splitcell(...)` deletes the pushed section on some ranks, then
    pops it); using it meanwhile is the deleted section's error."""
    if default_section() is sec:
        _default[0] = None


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
