"""Vectors bound to instances of point mechanisms from .mod files: a BBCOREPOINTER x that the
mechanism reads with vector_size(x) and vector_element(x, i) (pnm/mod/VecStim.mod's ptr, bound
by vs.play(vec); docs/nmodl_frontend.md). At each finitialize the bound Vectors' values are
copied behind the mechanism's table array `tab` (after its TABLE and FUNCTION_TABLE part) and
each instance's rows x (the length) and x._start (the first value's flat place in tab) are
set, so that a Vector changed or re-bound between runs is what the next run reads (NEURON's
VecStim reads it live, which differs only for a change during a run)."""

import numpy as np

from . import userhooks, userpoints
from ..model import mechanisms as mechs


def vector_rows(module):
    """[(BBCOREPOINTER name, its length's row)] of a generated module (the start's row
    follows the length's: nmodl/lower.py)."""
    rows = [r for r, (_name, kind, _d) in enumerate(module.FIELDS) if kind == "vector"]
    return [(module.FIELDS[r][0], r) for r in rows[::2]]


def fill(eng):
    """Copy every bound Vector into its mechanism's table array (growing the array, and
    describing the user arrays again, when the values no longer fit)."""
    g = eng.user_point_part
    if g < 0:
        return
    user, grown = list(eng.user), False
    for m, name in enumerate(userpoints.point_names(eng.pps)):
        vectors = vector_rows(mechs.USER[name])
        if not vectors:
            continue
        b = g + userpoints.GLOBAL_PART + userpoints.PER_POINT * m
        inst, tab = user[b], user[b + 2]
        base = end = mechs.table_used(name)
        parts = []
        for vname, row in vectors:
            for k, pp in enumerate(eng.pps[name]):
                values = pp.bound_values(vname)
                inst[row, k], inst[row + 1, k] = len(values), end
                parts.append(values)
                end += len(values)
        rows = max(1, -(-end // tab.shape[1]))
        if rows != tab.shape[0]:
            new = np.zeros((rows, tab.shape[1]))
            new.reshape(-1)[:base] = tab.reshape(-1)[:base]
            user[b + 2] = mechs.USER_TABLES[name] = tab = new
            grown = True
        if parts:
            tab.reshape(-1)[base:end] = np.concatenate(parts)
    if grown:
        eng.user = tuple(user)
        eng.user_desc = userhooks.describe(eng.user)
