"""FUNCTIONs and PROCEDUREs of a point process from a .mod file, called on the object as in
NEURON (`pp.seed(7)`, `syn.rate(v)`, hoc `pp.f(x)`): the generated function runs on the
instance's present values (read from the engine when it is built), with the mechanism's
GLOBALs and tables, v of the point process's node, h.t, dt and celsius; the fields it assigns
are written back. A FUNCTION returns its value, a PROCEDURE 0."""

import numpy as np

from . import mechanisms as mechs
from .state import STATE

_KERNEL_ARGS = ("inst", "glob", "tab", "i", "v", "t", "dt", "celsius")


def method(pp, name):
    """The bound FUNCTION/PROCEDURE `name` of point process pp, or None."""
    module = mechs.USER.get(pp.mech_name)
    fn = getattr(module, name + "_", None) if module is not None else None
    py = getattr(fn, "py_func", None)
    if py is None or py.__code__.co_varnames[:8] != _KERNEL_ARGS:
        return None
    nargs = py.__code__.co_argcount - len(_KERNEL_ARGS)

    def call(*args):
        if len(args) != nargs:
            raise TypeError(f"{pp.hname()}.{name}(): {nargs} argument(s) expected, "
                            f"{len(args)} given")
        return _run(pp, module, fn, [float(a) for a in args])
    call.__name__ = name
    return call


def _run(pp, module, fn, args):
    rows = [f[0] for f in module.FIELDS]
    inst = np.empty((len(rows), 1))
    for r, (field, _kind, default) in enumerate(module.FIELDS):
        inst[r, 0] = getattr(pp, field) if field in pp.field_values else default
    before = inst[:, 0].copy()
    seg = pp.get_segment() if pp.host_section is not None else None
    v = float(seg.v) if seg is not None else 0.0
    t = STATE.engine.t if STATE.engine is not None else STATE.t
    value = fn(inst, mechs.USER_GLOBALS[pp.mech_name], mechs.user_table(pp.mech_name), 0, v, t,
               STATE.dt, STATE.celsius, *args)
    for r, field in enumerate(rows):
        if inst[r, 0] != before[r] and field in pp.field_values:
            setattr(pp, field, float(inst[r, 0]))
    return float(value) if value is not None else 0.0
