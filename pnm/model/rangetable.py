"""A section's table of range variables ("field_mech" -> array over its segments) and the
values they have before anybody sets them."""

import numpy as np

from . import mechanisms as mechs

PLAIN_DEFAULTS = {"diam": 500.0, "cm": 1.0}


def range_default(key):
    """The value a range variable "field_mech" has before anybody sets it."""
    if key in PLAIN_DEFAULTS:
        return PLAIN_DEFAULTS[key]
    mech, field = mechs.split_key(key)
    mt = mechs.DENSITY[mech]
    return mt.params.get(field, mt.ions.get(field, 0.0))


class RangeTable(dict):
    """A section's range variables: "field_mech" -> array over its segments. A mechanism's
    arrays are made on first use, with the defaults; until then value() reads the default
    (a network of default-valued mechanisms then costs no array per field). It always holds
    "diam", whose length is the section's nseg. Made as RangeTable(diam=..., cm=...)."""

    __slots__ = ()

    @property
    def nseg(self):
        return len(dict.__getitem__(self, "diam"))

    def __missing__(self, key):
        arr = self[key] = np.empty(len(self["diam"]))     # np.empty + fill: np.full's cost
        arr.fill(range_default(key))                      # without its Python wrapper
        return arr

    def value(self, key, iseg):
        arr = self.get(key)
        return range_default(key) if arr is None else arr[iseg]

    def fill(self, key, value):
        """Every segment's key = value (the array is made with value when it is new)."""
        arr = self.get(key)
        if arr is None:
            arr = self[key] = np.empty(len(self["diam"]))
        if len(arr) == 1:
            arr[0] = value          # one segment: an item set costs a fraction of fill
        else:
            arr.fill(value)
