"""FUNCTION_TABLEs of mechanisms from .mod files: NEURON's `table_<f>_<mech>(...)` gives a
table's values, `<f>_<mech>(args)` looks one up (also pp.table_<f>(...) and pp.<f>(...) on a
point process), as src/oc/functabl.cpp does:

    table_f(c)                          a constant (every argument)
    table_f(yvec, xvec)                 1 argument: values at the points of xvec (Vectors)
    table_f(y, n1, min1, max1, ...)     y holds n1 x n2 ... values in row order; each
    table_f(y, n1, xvec1, ...)          argument evenly spaced from min to max, or at xvec

(y and xvec: Vectors, hoc's &vec.x[0], or Python sequences.) Lookups interpolate linearly in
1 and 2 dimensions and clamp at the ends (pnm.nmodl.runtime.function_table). pnm copies the
values when table_f is called: call it again after changing the Vectors (NEURON reads them
where they are). The values live in the mechanism's table array (model/mechanisms.py
USER_TABLES) after its TABLEs, so the kernels find them; a new table takes effect at the next
finitialize."""

import numpy as np

from . import mechanisms as mechs

SPECS = {}      # mechanism -> {function: (constant value, values, [(n, min, max, xvec)])}


def _function(mech, name):
    for fname, nargs, head in getattr(mechs.USER.get(mech), "FUNCTION_TABLES", ()):
        if fname == name:
            return nargs, head
    return None


def lookup(attr):
    """h.table_tau1_k3st -> its setter, h.tau1_k3st -> its lookup; None otherwise."""
    setter = attr.startswith("table_")
    rest = attr[6:] if setter else attr
    at = rest.find("_")
    while at > 0:
        mech, name = rest[at + 1:], rest[:at]
        if _function(mech, name) is not None:
            return table_setter(mech, name) if setter else table_lookup(mech, name)
        at = rest.find("_", at + 1)
    return None


def table_lookup(mech, name):
    nargs, head = _function(mech, name)

    def function(*args):
        if len(args) != nargs:
            raise TypeError(f"{name}_{mech}: FUNCTION_TABLE {name} takes {nargs} argument(s), "
                            f"{len(args)} given")
        from ..nmodl.runtime import function_table
        return float(function_table(mechs.user_table(mech), head,
                                    tuple(float(a) for a in args)))
    function.__name__ = f"{name}_{mech}"
    return function


def table_setter(mech, name):
    def table(*args):
        specify(mech, name, args)
        return 0.0
    table.__name__ = f"table_{name}_{mech}"
    return table


def _values(arg, what):
    """A Vector, hoc's &vec.x[0] / &array[0], or a sequence of numbers, as float64."""
    array = getattr(arg, "array", None)
    if array is not None and hasattr(arg, "offset"):           # hoc pointer into an array
        as_numpy = getattr(array, "as_numpy", None)   # no slice of a Vector: a new Vector
        data = as_numpy() if as_numpy is not None else getattr(array, "data", array)
        return np.array(data[arg.offset:], dtype=float)
    try:
        return np.asarray(arg, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"{what}: {arg!r} is not a Vector or a sequence of numbers") from None


def _is_number(x):
    return isinstance(x, (int, float, np.floating, np.integer)) and not isinstance(x, bool)


def specify(mech, name, args):
    """table_<name>_<mech>(*args) (module docstring)."""
    nargs, _head = _function(mech, name)
    what = f"table_{name}_{mech}"
    previous = SPECS.get(mech, {}).get(name, (0.0, None, None))[0]
    if len(args) == 1 and _is_number(args[0]):
        c = float(args[0])
        spec = (c, np.array([c]), [(1, 1e20, 1e20, None)] * nargs)
    elif len(args) == 2 and not _is_number(args[0]) and not _is_number(args[1]):
        if nargs > 1:
            raise ValueError(f"{what}(yvec, xvec): Vector arguments are allowed only for "
                             f"functions of one variable ({name} has {nargs}; NEURON's error "
                             "too): give table, n1, min1, max1, n2, ...")
        y, x = _values(args[0], what), _values(args[1], what)
        if len(y) != len(x) or len(y) == 0:
            raise ValueError(f"{what}(yvec, xvec): the Vectors' sizes differ ({len(y)}, "
                             f"{len(x)}; NEURON: 'Vector arguments not same size')")
        spec = (previous, y, [(len(y), 0.0, 0.0, x)])
    else:
        spec = (previous,) + _sized(what, nargs, args)
    SPECS.setdefault(mech, {})[name] = spec
    _write(mech)


def _sized(what, nargs, args):
    usage = (f"{what}(values, n1, min1, max1, ...) or (values, n1, xvec1, ...) for its "
             f"{nargs} argument(s)")
    rest, axes = list(args[1:]), []
    for _ in range(nargs):
        if not rest or not _is_number(rest[0]):
            raise TypeError(f"{usage}: got {len(args)} arguments")
        n = int(rest.pop(0))
        if n < 1:
            raise ValueError(f"{what}: size {n} < 1 (NEURON: 'size arg < 1 in hoc_spec_table')")
        if len(rest) >= 2 and _is_number(rest[0]) and _is_number(rest[1]):
            lo, hi = float(rest.pop(0)), float(rest.pop(0))
            if hi < lo:
                raise ValueError(f"{what}: min {lo:g} > max {hi:g} (NEURON's error too)")
            axes.append((n, lo, hi, None))
        elif rest and not _is_number(rest[0]):
            x = _values(rest.pop(0), what)
            if len(x) < n:
                raise ValueError(f"{what}: {len(x)} argument values for size {n}")
            axes.append((n, 0.0, 0.0, x[:n]))
        else:
            raise TypeError(f"{usage}: an argument needs min and max or a Vector")
    if rest:
        raise TypeError(f"{usage}: {len(rest)} argument(s) too many")
    y = _values(args[0], what)
    count = int(np.prod([a[0] for a in axes]))
    if len(y) < count:
        raise ValueError(f"{what}: the table holds {len(y)} values, its sizes need {count}")
    return y[:count], axes


def _write(mech):
    """The mechanism's table array: its TABLEs' rows as they were, then every FUNCTION_TABLE's
    header and values (pnm.nmodl.runtime's layout)."""
    from ..nmodl.runtime import FT_ARG, FT_HEAD
    module = mechs.USER[mech]
    old = mechs.user_table(mech)
    width = module.TABLE_SHAPE[1]
    parts, end = [], module.FT_DATA
    headers = np.zeros(module.FT_DATA)
    kept = min(old.size, module.FT_DATA)
    headers[:kept] = old.reshape(-1)[:kept]
    for fname, _nargs, head in module.FUNCTION_TABLES:
        spec = SPECS.get(mech, {}).get(fname)
        if spec is None:
            continue
        value, y, axes = spec
        headers[head:head + 3] = (1.0, value, end)
        parts.append(y)
        end += len(y)
        for k, (n, lo, hi, x) in enumerate(axes):
            a = head + FT_HEAD + FT_ARG * k
            headers[a:a + 4] = (n, lo, hi, -1.0 if x is None else end)
            if x is not None:
                parts.append(x)
                end += len(x)
    flat = np.concatenate([headers] + parts)
    rows = -(-len(flat) // width)
    table = np.zeros((rows, width))
    table.reshape(-1)[:len(flat)] = flat
    mechs.USER_TABLES[mech] = table
    mechs.TABLE_USED[mech] = len(flat)
    from .state import STATE
    STATE.changed()
