"""A section's table of range variables ("field_mech" -> its values over the segments), the
values they have before anybody sets them, and the section's node voltages as they change
with nseg.

A value the same in every segment is kept as one Python float until somebody needs the
array (an engine reading the table, a segment's own value written): building a network
then makes no numpy array for a section whose range variables are uniform, whatever its
nseg (NEURON's hoc build keeps them in C; here an array of one or a few elements costs more
than the rest of `sec.g_pas = x`)."""

import numpy as np

from . import mechanisms as mechs

PLAIN_DEFAULTS = {"diam": 500.0, "cm": 1.0}
_ndarray = np.ndarray


def range_default(key):
    """The value a range variable "field_mech" has before anybody sets it."""
    if key in PLAIN_DEFAULTS:
        return PLAIN_DEFAULTS[key]
    mech, field = mechs.split_key(key)
    mt = mechs.DENSITY[mech]
    return mt.params.get(field, mt.ions.get(field, 0.0))


class RangeTable(dict):
    """A section's range variables: "field_mech" -> a float (the value of every segment) or
    an array over its nseg segments. `table[key]` is always the array: a uniform value
    becomes one (kept from then on) when read that way, and a key nobody set gets one with
    its default; value() and fill() read and write without making arrays, and a mechanism's
    fields nobody set are not in the table (value() gives the default). items() and get()
    give the stored form (float or array: both broadcast into an array slice).
    Made as RangeTable(PLAIN_DEFAULTS) with nseg = 1."""

    __slots__ = ("nseg",)

    def __getitem__(self, key):
        """The array of key over the segments (made from a uniform value or the default)."""
        got = dict.get(self, key)
        if type(got) is _ndarray:
            return got
        arr = np.empty(self.nseg)
        arr.fill(range_default(key) if got is None else got)
        dict.__setitem__(self, key, arr)
        return arr

    def value(self, key, iseg):
        """Segment iseg's value of key, a float."""
        got = dict.get(self, key)
        if type(got) is _ndarray:
            return float(got[iseg])
        return range_default(key) if got is None else got

    def fill(self, key, value):
        """Every segment's key = value (a float: stored as it is unless an array holds key)."""
        arr = self.get(key)
        if type(arr) is _ndarray:       # somebody may hold it (a bound engine's copy source)
            arr.fill(value)
        else:       # (a dict's own store: RangeTable has no __setitem__ of its own)
            self[key] = value if type(value) is float else float(value)

    def set_value(self, key, iseg, value):
        """Segment iseg's key = value."""
        if self.nseg == 1 and type(dict.get(self, key)) is not _ndarray:
            dict.__setitem__(self, key, float(value))
        else:
            self[key][iseg] = value

    def resize(self, old, new):
        """nseg old -> new: each new segment takes the value of the old segment that holds
        its centre (a uniform value stays as it is)."""
        self.nseg = new
        arrays = None
        for key, got in self.items():       # (a loop: a comprehension is a call in 3.11)
            if type(got) is _ndarray:
                if arrays is None:
                    arrays = []
                arrays.append((key, got))
        if arrays is None:
            return
        if old == 1:
            for key, arr in arrays:
                dict.__setitem__(self, key, arr.repeat(new))
        else:
            pick = _picks(old, new)
            for key, arr in arrays:
                dict.__setitem__(self, key, arr[pick])


def _picks(old, new):
    """For each of new segments, the old segment that contains its centre."""
    return np.minimum(((np.arange(new) + 0.5) / new * old).astype(int), old - 1)


def resized_node_v(node_v, old, new):
    """A section's node voltages (a float when all are equal, else an array: 0 end, nseg
    centres, 1 end) after nseg old -> new."""
    if type(node_v) is float:
        return node_v
    if old == 1:
        return node_v.repeat((1, new, 1))
    out = np.empty(new + 2)
    out[1:-1] = node_v[1:-1][_picks(old, new)]
    out[0], out[-1] = node_v[0], node_v[-1]
    return out
