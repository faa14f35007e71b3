"""The section stack: NEURON's "currently accessed section" (cas).

`access soma` sets the default section; `soma { ... }` (hoc) and `sec.push()` (Python) push a
section for the duration of a block and pop it after. hoc and Python share this one stack."""

import weakref
from contextlib import contextmanager

_stack = []
_default = [None]      # weakref to the section `access` made the default (bottom of the stack)
_unchecked = [0]       # open push_section()s: NEURON skips its stack check until they are popped


def default_section():
    """The accessed section when nothing is pushed: the one `access` named or the first
    created; when that one was deleted, the first section still alive, in creation order (a
    re-created section goes to the end), as NEURON."""
    ref = _default[0]
    sec = None if ref is None else ref()
    if sec is None or type(sec).IS_DELETED:
        if ref is None:
            return None
        from .state import STATE
        alive = STATE.live_sections()
        if not alive:
            return None
        sec = alive[0]
        _default[0] = weakref.ref(sec)
    return sec


def push(sec):
    """Make sec the currently accessed section until the matching pop()."""
    _stack.append(sec)


def pop():
    """Undo the last push(); returns the section that was on top."""
    if not _stack:
        raise RuntimeError("pop_section(): the section stack is empty (more pops than pushes)")
    return _stack.pop()


def push_top():
    """Push the currently accessed section again (hoc's `object stmt`: NEURON pushes the top
    entry, None when nothing is pushed, and pops it after the statement)."""
    _stack.append(_stack[-1] if _stack else None)


def level_push(sec):
    """push_section(sec): as push(); NEURON checks no stack balance until pop_section()."""
    _unchecked[0] += 1
    push(sec)


def level_pop():
    """pop_section(): pop, ending one level_push()'s exemption from the balance check. On an
    empty stack nothing happens and None is returned, as NEURON's nrn_popsec (programs pop
    after `print pp.get_loc()`, whose push hoc already undid at the end of that statement)."""
    _unchecked[0] = max(0, _unchecked[0] - 1)
    return pop() if _stack else None


def check_skipped():
    """True between push_section() and its pop_section() (NEURON's skip_secstack_check)."""
    return _unchecked[0] > 0


def top():
    """The entry on top of the stack (None: nothing pushed, or a push_top() of nothing)."""
    return _stack[-1] if _stack else None


def access(sec):
    """`access sec`: the default section when nothing is pushed."""
    _default[0] = weakref.ref(sec)


def default_if_none(sec):
    """NEURON: the first section created is the accessed one until `access` says otherwise."""
    if _default[0] is None:     # once one was created, default_section() finds the next
        _default[0] = weakref.ref(sec)


def cas():
    """The currently accessed section; error if there is none."""
    if _stack and _stack[-1] is not None:
        return _stack[-1]
    sec = default_section()
    if sec is None:
        raise RuntimeError("no accessed section: create a section and `access` it, or use "
                           "sec { ... } / sec.push()")
    return sec


def forget(sec):
    """sec was deleted: it is no longer the default section (default_section then takes the
    first section alive). A pushed entry stays until its pop, as in NEURON (`cas
    pnm.splitcell(...)` deletes the pushed section on some ranks, then pops it); using it
    meanwhile is the deleted section's error."""
    return None


def depth():
    return len(_stack)


def entries():
    """The stack itself, top last (always this one list): for code that pushes and pops
    inline, as the hoc interpreter's generated procedures do (append = push; pop when not
    empty = pop; len = depth)."""
    return _stack


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
