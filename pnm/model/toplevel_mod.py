"""Mod files with `SUFFIX nothing`: no mechanism, a library of hoc top-level names. As NEURON
(nocmodl), their FUNCTIONs and PROCEDUREs are called without a suffix (hoc `f(x)`, Python
`h.f(x)`) and their PARAMETERs and GLOBALs are hoc variables (`h.a`, `a = 3`). Several
such files coexist; nrnivmodl (pnm.nmodl.check) refuses two that define one name."""

import numpy as np

from .state import STATE

_KERNEL_ARGS = ("inst", "glob", "tab", "i", "v", "t", "dt", "celsius")


class _Library:
    """One translated SUFFIX nothing file: its one instance's values, GLOBALs and tables."""

    def __init__(self, module):
        self.module = module
        self.inst = np.array([[default] for _, _, default in module.FIELDS], dtype=float)
        self.inst = self.inst.reshape(len(module.FIELDS), 1)
        self.glob = np.array([value for _, value in module.GLOBALS], dtype=float)
        self.tab = np.zeros(module.TABLE_SHAPE)
        self.globals = {name: k for k, (name, _) in enumerate(module.GLOBALS)}

    def function(self, name):
        fn = getattr(self.module, name + "_", None)
        py = getattr(fn, "py_func", None)
        if py is None or py.__code__.co_varnames[:8] != _KERNEL_ARGS:
            return None
        nargs = py.__code__.co_argcount - len(_KERNEL_ARGS)
        # a PROCEDURE (no local l_<name> holding a FUNCTION's value) returns 1 to hoc, as
        # nocmodl's hoc wrappers do
        procedure = "l_" + name not in py.__code__.co_varnames
        library = self

        def call(*args):
            if len(args) != nargs:
                raise TypeError(f"{name}() of {library.module.MOD_FILE}: {nargs} argument(s) "
                                f"expected, {len(args)} given")
            t = STATE.engine.t if STATE.engine is not None else STATE.t
            value = fn(library.inst, library.glob, library.tab, 0, 0.0, t, STATE.dt,
                       STATE.celsius, *[float(a) for a in args])
            return 1.0 if procedure else float(value)
        call.__name__ = name
        return call

    def variable(self, name):
        """(array, index) of GLOBAL or PARAMETER `name`, or None. Other ASSIGNEDs are range
        variables of no mechanism: the functions use them, hoc cannot reach them (NEURON
        crashes on h.name then)."""
        if name in self.globals:
            return self.glob, self.globals[name]
        return None


LIBRARIES = {}      # translated file path -> _Library
_FOUND = {}         # name -> function or (array, index), filled as names are asked for


def add(module):
    """Register a generated module of a SUFFIX nothing file (model.mechanisms.register_user)."""
    LIBRARIES[module.__file__] = _Library(module)
    _FOUND.clear()


def _find(name):
    if name not in _FOUND:
        for library in LIBRARIES.values():
            found = library.function(name) or library.variable(name)
            if found is not None:
                _FOUND[name] = found
                break
        else:
            return None
    return _FOUND[name]


def lookup(name):
    """h.name: a SUFFIX nothing file's function, or its variable's value; None otherwise."""
    found = _find(name) if LIBRARIES else None
    if found is None or callable(found):
        return found
    array, index = found
    return float(array[index])


def assign(name, value):
    """h.name = value for a SUFFIX nothing file's variable; False when no file has it."""
    found = _find(name) if LIBRARIES else None
    if found is None or callable(found):
        return False
    array, index = found
    array[index] = float(value)
    return True
