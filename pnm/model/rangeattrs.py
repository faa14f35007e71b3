"""sec.<range variable> in Python (sec.gnabar_hh = x, sec.ena, sec._ref_gnabar_hh, sec._ref_v):
one property per name on Section, for every name the mechanism catalogue can resolve,
installed again whenever a mechanism is registered. Not __getattr__ / __setattr__: CPython
3.11 leaves every attribute read (write) of a class with one unspecialised, the model's uses
of a section's own slots included (sec._nseg, sec.range_table, ...). A name the catalogue
does not know is Python's AttributeError, as NEURON's ('nrn.Section' object has no
attribute)."""

from . import mechanisms as mechs

INSTALLED = set()       # the names installed on Section (dir(sec) leaves them out)
SEGMENT_NAMES = ("_ref_v", "i_membrane_", "_ref_i_membrane_")   # the middle segment's


def _middle_value(name):
    """sec.name: the value at the section's middle, as NEURON (an error naming section and
    mechanism while that is not inserted); sec.name = x: every segment's."""
    def get(sec):
        return sec.range_value(sec.range_key(name), sec.seg_index(0.5))

    def set(sec, value):
        sec.set_range_all(name, value)
    get.__name__ = set.__name__ = name
    return property(get, set)


def _middle_segment(name):
    """sec._ref_name, sec.i_membrane_: the middle segment's."""
    def get(sec):
        return getattr(sec(0.5), name)
    get.__name__ = name
    return property(get)


def install(cls):
    """Put a property on cls (Section) for each range variable name the catalogue knows
    that cls does not have yet."""
    names = [(name, _middle_segment) for name in SEGMENT_NAMES]
    for name in mechs.range_variable_names():
        names.append((name, _middle_value))
        names.append(("_ref_" + name, _middle_segment))
    for name, make in names:
        if name in INSTALLED or name.startswith("__") or hasattr(cls, name):
            continue
        setattr(cls, name, make(name))
        INSTALLED.add(name)
