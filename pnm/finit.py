"""NEURON's FInitializeHandler and frecord_init(): statements or Python callables that
finitialize runs at its four stages (runsystem.finitialize calls run_handlers):
  3  first, before the model is compiled (the structure may still change);
  0  after v is set to v_init, before the INITIAL blocks (per-section v: NeuroML's exports);
  1  (the default) after the INITIAL blocks and the event queue's start, before the first
     recorded sample (change states here; nc.event() loads the queue);
  2  at the end of finitialize.
Handlers run in creation order within a type; a handler lives as long as its object."""

import itertools
import weakref

from .model.state import STATE

TYPES = (0, 1, 2, 3)
_handlers = weakref.WeakValueDictionary()     # creation number -> FInitializeHandler
_serial = itertools.count()
_index = itertools.count()


class FInitializeHandler:
    """h.FInitializeHandler([type,] "hoc statement" or callable[, obj])."""

    def __init__(self, *args):
        kind = 1
        if args and isinstance(args[0], (int, float)) and not isinstance(args[0], bool):
            kind, args = int(args[0]), args[1:]
        if kind not in TYPES:
            raise ValueError(f"FInitializeHandler({kind}, ...): the type is 0, 1, 2 or 3")
        if not args or not (isinstance(args[0], str) or callable(args[0])):
            raise TypeError("FInitializeHandler([type,] statement[, obj]): give a hoc "
                            "statement (a string) or a Python callable")
        self.kind, self.action = kind, args[0]
        self.owner = args[1] if len(args) > 1 else None
        self.serial = next(_serial)
        self.hoc_index = next(_index)
        _handlers[self.serial] = self

    def hname(self):
        return f"FInitializeHandler[{self.hoc_index}]"

    __repr__ = hname

    def run(self):
        if callable(self.action):
            self.action()
            return
        from .hoclang import run_command
        run_command(self.action, f"<{self.hname()}>", self.owner)

    def allprint(self):
        for handler in _ordered():
            print(f"{handler.kind} {handler.action}")
        return 0.0


def _ordered():
    return [_handlers[k] for k in sorted(_handlers.keys())]


def has_handlers(kind):
    return any(h.kind == kind for h in list(_handlers.values()))


def run_handlers(kind):
    for handler in _ordered():
        if handler.kind == kind:
            handler.run()


def forget_all():
    """pnm.reset(): handlers of the model before it no longer run."""
    _handlers.clear()


def frecord_init():
    """Restart the recording Vectors with a sample of the present values (after states were
    changed following finitialize)."""
    eng = STATE.engine
    if eng is not None:
        eng.record_initial()
    return 1.0
