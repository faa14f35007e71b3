"""FUNCTIONs and PROCEDUREs of a mechanism from a .mod file, called as in NEURON: on a point
process object (`pp.seed(7)`, `syn.rate(v)`, hoc `pp.f(x)`), on a density mechanism of a
segment (`seg.kd.rates(v)`), or from h/hoc as `rates_kd(v)` on the instance chosen by
`setdata_kd(seg)` (hoc `sec setdata_kd(x)`). The generated function runs on the instance's
present values (read from the engine when it is built), with the mechanism's GLOBALs and
tables, v of the instance's node, h.t, dt and celsius; the fields it assigns are written back.
A FUNCTION returns its value, a PROCEDURE 1 (NEURON's hoc and Python wrappers).
As nocmodl, a function of a density mechanism that reads no per-instance variable (directly or
through the functions it calls) needs no setdata; one that does is refused without it."""

import inspect
import re
import weakref

import numpy as np

from . import mechanisms as mechs
from .state import STATE

_KERNEL_ARGS = ("inst", "glob", "tab", "i", "v", "t", "dt", "celsius")
_CALLS = re.compile(r"\b(\w+)_\(inst,")
_PER_INSTANCE = ("parameter", "assigned", "state")
_setdata = {}           # density mechanism -> (weakref to section, x) of setdata_<mech>
_needs_data = {}        # (mechanism, function) -> whether it reads per-instance variables


def _generated(module, name):
    """(numba function, its Python function, number of arguments) of FUNCTION/PROCEDURE name."""
    fn = getattr(module, name + "_", None) if module is not None else None
    py = getattr(fn, "py_func", None)
    if py is None or py.__code__.co_varnames[:8] != _KERNEL_ARGS:
        return None
    return fn, py, py.__code__.co_argcount - len(_KERNEL_ARGS)


def _is_function(py, name):
    return f"l_{name}" in py.__code__.co_varnames      # a FUNCTION keeps its value in l_<name>


def method(pp, name):
    """The bound FUNCTION/PROCEDURE `name` of point process pp, or None."""
    module = mechs.USER.get(pp.mech_name)
    found = _generated(module, name)
    if found is None:
        return None
    fn, py, nargs = found

    def call(*args):
        _check_count(f"{pp.hname()}.{name}", nargs, args)
        inst = _instance(module, lambda field, kind: getattr(pp, field)
                         if field in pp.field_values else None)
        before = inst[:, 0].copy()
        seg = pp.get_segment() if pp.host_section is not None else None
        value = _run(module, pp.mech_name, fn, inst, float(seg.v) if seg is not None else 0.0,
                     args)
        _write_back(module, inst, before, lambda field: field in pp.field_values,
                    lambda field, x: setattr(pp, field, x))
        return value if _is_function(py, name) else 1.0
    call.__name__ = name
    return call


def segment_method(seg, mech, name):
    """seg.<mech>.<name>: the FUNCTION/PROCEDURE of the density mechanism at seg, or None."""
    module = mechs.USER.get(mech)
    found = _generated(module, name)
    if found is None:
        return None

    def call(*args):
        return _call_density(mech, name, found, seg.sec, seg.x, args,
                             f"{seg}.{mech}.{name}")
    call.__name__ = name
    return call


def h_function(attr):
    """h.<name>_<mech> (a FUNCTION/PROCEDURE of a density mechanism from a .mod file) or
    h.setdata_<mech>, as a callable; None for another name."""
    if attr.startswith("setdata_") and attr[8:] in mechs.USER and \
            mechs.USER[attr[8:]].KIND == "density":
        mech = attr[8:]

        def setdata(x, sec=None):
            from . import secstack
            if hasattr(x, "sec") and hasattr(x, "x"):      # a segment
                sec, x = x.sec, x.x
            elif sec is None:
                sec = secstack.cas()
            if mech not in sec.mechanism_names:
                raise RuntimeError(f"setdata_{mech}({float(x):g}): {sec.name()} has no {mech} "
                                   f"(insert it first: {sec.name()}.insert({mech!r}))")
            _setdata[mech] = (weakref.ref(sec), float(x))
            return 1.0
        setdata.__name__ = attr
        return setdata
    at = attr.rfind("_")
    while at > 0:
        mech, name = attr[at + 1:], attr[:at]
        module = mechs.USER.get(mech)
        if module is not None and module.KIND == "density":
            found = _generated(module, name)
            if found is not None:
                def call(*args):
                    where = _setdata.get(mech)
                    sec = where[0]() if where is not None else None
                    if sec is not None and mech not in sec.mechanism_names:
                        sec = None
                    if sec is None and _reads_instance(module, name):
                        raise RuntimeError(
                            f"No data for {name}_{mech}. Requires prior call to setdata_{mech} "
                            "and that the specified mechanism instance still be in existence.")
                    return _call_density(mech, name, found, sec,
                                         where[1] if sec is not None else 0.5, args,
                                         f"{name}_{mech}")
                call.__name__ = attr
                return call
        at = attr.rfind("_", 0, at)
    return None


def _reads_instance(module, name, seen=None):
    key = (module.MECHANISM, name)
    if key in _needs_data:
        return _needs_data[key]
    seen = seen if seen is not None else set()
    seen.add(name)
    found = _generated(module, name)
    source = inspect.getsource(found[1]) if found is not None else ""
    body = source.split(":", 1)[-1]
    reads = "inst[" in body or any(
        callee not in seen and _generated(module, callee) is not None
        and _reads_instance(module, callee, seen) for callee in _CALLS.findall(body))
    _needs_data[key] = reads
    return reads


def _call_density(mech, name, found, sec, x, args, what):
    fn, py, nargs = found
    _check_count(what, nargs, args)
    module = mechs.USER[mech]
    if sec is None:
        inst = _instance(module, lambda field, kind: None)
        value = _run(module, mech, fn, inst, 0.0, args)
    else:
        iseg = sec.seg_index(x)
        inst = _instance(module, lambda field, kind: _density_value(sec, mech, field, kind,
                                                                    iseg))
        before = inst[:, 0].copy()
        value = _run(module, mech, fn, inst, sec.node_voltage(sec.node_of(x)), args)
        _write_back(module, inst, before, lambda field: True,
                    lambda field, v: sec.set_range_value(f"{field}_{mech}", iseg, v))
    return value if _is_function(py, name) else 1.0


def _density_value(sec, mech, field, kind, iseg):
    """The instance's value of field at segment iseg, None when it has none."""
    try:
        if kind in _PER_INSTANCE:
            return sec.range_value(f"{field}_{mech}", iseg)
        if kind in ("ion_read", "ion_write"):        # an ion variable (ek, cai)
            for ion, read, write, _valence in mechs.USER[mech].IONS:
                if field in read or field in write:
                    return sec.range_value(f"{field}_{ion}_ion", iseg)
        if kind == "pointer":                         # the variable it points at, when set
            from .pointers import density_targets
            target = density_targets(sec, mech, field)[iseg]
            return None if target is None else target.value
    except (KeyError, TypeError, AttributeError):
        pass
    return None


def _check_count(what, nargs, args):
    if len(args) != nargs:
        raise TypeError(f"{what}(): {nargs} argument(s) expected, {len(args)} given")


def _instance(module, value):
    """The one-instance field array: value(field, kind), or the field's default for None."""
    inst = np.empty((len(module.FIELDS), 1))
    for r, (field, kind, default) in enumerate(module.FIELDS):
        x = value(field, kind)
        inst[r, 0] = default if x is None else x
    return inst


def _run(module, mech, fn, inst, v, args):
    t = STATE.engine.t if STATE.engine is not None else STATE.t
    value = fn(inst, mechs.USER_GLOBALS[mech], mechs.user_table(mech), 0, v, t, STATE.dt,
               STATE.celsius, *[float(a) for a in args])
    return float(value) if value is not None else 0.0


def _write_back(module, inst, before, present, store):
    """The fields the call assigned, back to the instance."""
    for r, (field, kind, _default) in enumerate(module.FIELDS):
        if inst[r, 0] != before[r] and kind in _PER_INSTANCE + ("random",) and present(field):
            store(field, float(inst[r, 0]))
