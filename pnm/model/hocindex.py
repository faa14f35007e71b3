"""NEURON's object indices (`Vector[3]`, `List[8]`): each class numbers its objects in creation
order, and starts again at 0 once no object of the class is alive (hoc_oop.cpp: the template's
index is reset when its count of objects drops to 0), so a script that frees all its Vectors and
makes a new one gets Vector[0] again. A class's objects call `next_index(name)` when made and
`release_index(name)` when freed (their __del__). NEURON's standard hoc libraries create some
objects while they load and keep them, so after `from neuron import gui` the first Vector a
script makes is Vector[3]; pnm's built-in stand-ins for those files take those indices as
NEURON's files do (never released)."""

# class name -> [next index, objects alive]
_counters = {}
# NEURON's standard hoc files pnm provides as built-ins (load_file of one defines its names)
STANDARD_FILES = {"stdrun.hoc", "nrngui.hoc", "stdlib.hoc", "netparmpi.hoc", "stdgui.hoc",
                  "noload.hoc", "loadbal.hoc", "parcom.hoc", "import3d.hoc"}

# objects each standard file creates while it loads (stdlib.hoc's hoc_sf_: pnm_stdlib.hoc) (nrniv 9.0.2, measured by creating one
# of each class after loading combinations of the files), and the files it loads first
_CREATES = {"stdrun.hoc": {"List": 6},
            "nrngui.hoc": {"Vector": 3, "List": 2, "StringFunctions": 1}}
_LOADS_FIRST = {"stdrun.hoc": ("stdlib.hoc",), "stdgui.hoc": ("stdrun.hoc",),
                "noload.hoc": ("stdrun.hoc",), "nrngui.hoc": ("stdrun.hoc",),
                "import3d.hoc": ("stdlib.hoc",)}
_loaded = set()


def next_index(class_name):
    """The index of a new object of class_name (one more object of the class alive)."""
    counter = _counters.get(class_name)
    if counter is None:
        counter = _counters[class_name] = [0, 0]
    index = counter[0]
    counter[0] = index + 1
    counter[1] += 1
    return index


def counter(class_name):
    """The [next index, objects alive] list of class_name, for a maker that counts inline
    what next_index does (the list stays the class's for the process)."""
    found = _counters.get(class_name)
    if found is None:
        found = _counters[class_name] = [0, 0]
    return found


def release_index(class_name):
    """An object of class_name was freed: when none is left alive, numbering starts at 0 again."""
    try:
        counter = _counters.get(class_name)
        if counter is None:
            return
        counter[1] -= 1
        if counter[1] <= 0:
            counter[0] = counter[1] = 0
    except Exception:       # (at interpreter exit the module's globals may be gone)
        pass


def alive(class_name):
    """How many objects of class_name are alive."""
    counter = _counters.get(class_name)
    return counter[1] if counter is not None else 0


def standard_file_is_loaded(base):
    return base in _loaded


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
