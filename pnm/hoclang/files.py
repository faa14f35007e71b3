"""hoc's file loading: load_file (once per file; NEURON's standard files are pnm built-ins, its
GUI-tool files pnm's own from pnm.hoclib), xopen (every time), load_proc/load_func/
load_template (only when the name is not yet defined)."""

import os

from .. import hoclib
from ..model import hocindex
from . import builtins as bi
from .errors import HocError, missing_file_notice
from .runtime import MISSING, Box

STANDARD_FILES = hocindex.STANDARD_FILES
# the standard files that load stdlib.hoc, whose hoc procedures pnm keeps in pnm_stdlib.hoc
_WITH_STDLIB = {"stdlib.hoc", "stdrun.hoc", "nrngui.hoc", "noload.hoc", "stdgui.hoc",
                "import3d.hoc"}
_NEURONHOME_LIB = "$(NEURONHOME)/lib/hoc/"


def standard_file(interp, base):
    """One of NEURON's standard files: pnm's built-ins stand for it (once per process)."""
    hocindex.standard_file_loaded(base)
    if base == "import3d.hoc" and "nil" not in interp.top:     # it declares objref nil
        interp.execute("objref tobj, nil\n", base, echo=False)
    if base in _WITH_STDLIB:
        path = os.path.join(hoclib.DIRECTORY, "pnm_stdlib.hoc")
        if path not in interp.loaded:
            interp.loaded.add(path)
            with open(path) as f:
                interp.execute(f.read(), path, echo=False)
    return 1.0


def find(interp, name):
    """The path of hoc file `name`: as given, next to the file being loaded, then pnm's
    version of a NEURON library file; None if none."""
    candidates = [name]
    if interp.file_stack and not os.path.isabs(name):
        candidates.append(os.path.join(os.path.dirname(interp.file_stack[-1]), name))
    for c in candidates:
        if os.path.isfile(c):
            return c
    try:
        return hoclib.library_path(name)
    except hoclib.NotProvided as err:
        raise HocError(str(err)) from None


def load_file(interp, *args):
    """load_file([force,] name) or load_file(name, "symbol"): once per file (the second form
    loads only when symbol is not defined)."""
    strings = [a for a in args if isinstance(a, (str, Box))]
    if len(strings) == 2:
        if interp.lookup_global(bi.text(strings[1])) is not MISSING:
            return 1.0
        args = (strings[0],)
    name = bi.text(args[-1])
    force = len(args) > 1 and not isinstance(args[0], (str, Box)) and args[0]
    base = os.path.basename(name)
    if base in STANDARD_FILES:
        return standard_file(interp, base)
    path = find(interp, name)
    if path is None:       # NEURON: "Couldn't find", load_file returns 0, the program goes on
        return missing_file_notice(name, interp.file_stack[-1] if interp.file_stack else None)
    key = os.path.abspath(path)
    if key in interp.loaded and not force:
        return 1.0
    interp.loaded.add(key)
    return interp.run_file(path)


def xopen(interp, name, *args):
    """xopen(file): run file (again each time); NEURON's standard files are pnm built-ins."""
    name = bi.text(name)
    if name.startswith(_NEURONHOME_LIB) and os.path.basename(name) in STANDARD_FILES:
        return standard_file(interp, os.path.basename(name))
    path = find(interp, name)
    if path is None:
        raise HocError(f"xopen(\"{name}\"): file not found")
    return interp.run_file(path)


def load_part(interp, name, *files):
    """load_proc/load_func/load_template(name, file): load file unless name is defined."""
    if name is not None and interp.top.get(bi.text(name)) is not None:
        return 1.0
    for f in files:
        return load_file(interp, f)
    raise HocError(f"load_proc/load_func(\"{bi.text(name)}\"): give the file to load from")
