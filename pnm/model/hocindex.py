"""NEURON's object indices (`Vector[3]`, `List[8]`): each class counts the objects created, in
creation order, never reusing an index. NEURON's standard hoc libraries create some while they
load, so after `from neuron import gui` the first Vector a script makes is Vector[3]; pnm's
built-in stand-ins for those files advance the counters as NEURON's files do."""

import itertools

_counters = {}
# NEURON's standard hoc files pnm provides as built-ins (load_file of one defines its names)
STANDARD_FILES = {"stdrun.hoc", "nrngui.hoc", "stdlib.hoc", "netparmpi.hoc", "stdgui.hoc",
                  "noload.hoc", "loadbal.hoc", "parcom.hoc", "import3d.hoc"}

# objects each standard file creates while it loads (nrniv 9.0.2, measured by creating one
# of each class after loading combinations of the files), and the files it loads first
_CREATES = {"stdlib.hoc": {"StringFunctions": 1},
            "stdrun.hoc": {"List": 6},
            "nrngui.hoc": {"Vector": 3, "List": 2, "StringFunctions": 1}}
_LOADS_FIRST = {"stdrun.hoc": ("stdlib.hoc",), "stdgui.hoc": ("stdrun.hoc",),
                "noload.hoc": ("stdrun.hoc",), "nrngui.hoc": ("stdrun.hoc",),
                "import3d.hoc": ("stdlib.hoc",)}
_loaded = set()


def next_index(class_name):
    """The index of a new object of class_name."""
    counter = _counters.get(class_name)
    if counter is None:
        counter = _counters[class_name] = itertools.count()
    return next(counter)


def standard_file_loaded(base):
    """load_file(base) of one of NEURON's standard files (once per process, as load_file)."""
    if base in _loaded:
        return
    _loaded.add(base)
    for first in _LOADS_FIRST.get(base, ()):
        standard_file_loaded(first)
    for class_name, n in _CREATES.get(base, {}).items():
        for _ in range(n):
            next_index(class_name)
