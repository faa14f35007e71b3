"""hoc's object_push(obj) / object_pop(): the statements between them run in obj's context
(its names and `this`), as if they were inside one of its template's procedures."""

from .errors import HocError
from .runtime import HocObject


class ObjectContext:
    """The contexts object_push() replaced: (frame, its names, its object), innermost last."""

    def __init__(self):
        self.replaced = []

    def push(self, fr, args):
        if len(args) != 1 or not isinstance(args[0], HocObject):
            raise HocError("object_push(obj): obj must be an object of a hoc template")
        self.replaced.append((fr, fr.ns, fr.obj))
        fr.ns, fr.obj = args[0].hoc_ns, args[0]
        return 0.0

    def pop(self, fr, args):
        if not self.replaced:
            raise HocError("object_pop(): there is no object_push() to undo")
        pushed, ns, obj = self.replaced.pop()
        pushed.ns, pushed.obj = ns, obj
        return 0.0
