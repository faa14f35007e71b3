"""POINT_PROCESS and ARTIFICIAL_CELL mechanisms from users' .mod files as NEURON classes:
`h.MySyn(seg)`, `h.MySyn(x, sec=...)`, `h.MyCell()`. An instance is a PointProcess like the
built-ins (fields of the .mod file's PARAMETER/STATE/ASSIGNED/RANGE names, loc, get_segment,
hname `MySyn[0]`); the engine compiles it with the mechanism's generated kernels
(pnm/engine/userpoints.py)."""

from . import mechanisms as mechs
from .pointprocess import PointProcess

CLASSES = {}


def point_class(name):
    """The class of user point mechanism `name` (one per name, made on first use)."""
    if not mechs.is_user_point(name):
        raise KeyError(name)
    cls = CLASSES.get(name)
    if cls is None or cls.module is not mechs.USER[name]:
        module = mechs.USER[name]
        kind = "artificial cell" if module.KIND == "artificial_cell" else "point process"
        doc = (f"{name}: {kind} from {getattr(module, '__file__', '?')} (translated by "
               "`python -m pnm nrnivmodl`)")
        cls = type(name, (PointProcess,), {"mech_name": name, "__doc__": doc,
                                           "module": module})
        CLASSES[name] = cls
    return cls
