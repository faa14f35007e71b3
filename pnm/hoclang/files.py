"""hoc's file loading: load_file (once per file; NEURON's standard files are pnm built-ins, its
GUI-tool files pnm's own from pnm.hoclib), xopen (every time), load_proc/load_func/
load_template (only when the name is not yet defined)."""

import os
import sys

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


def read_source(path):
    """A hoc file's text, with its line ends made \\n (as text mode reads: DOS files' \\r\\n,
    old Mac \\r). NEURON reads bytes: a file that is not UTF-8 (legacy programs with Latin-1
    bytes in comments, ModelDB 2730's bulb.hoc) is read as Latin-1, one character per byte,
    instead of stopping with a decoding error."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


_KIND = {"load_proc": ("proc",), "load_func": ("func", "obfunc"),
         "load_template": ("begintemplate",)}


def load_part(interp, which, *names):
    """load_proc/load_func/load_template("name", ...): for each name not yet defined, load the
    first hoc file that declares it at the start of a line (`proc name`), searching as NEURON
    does: the current directory, $HOC_LIBRARY_PATH, then NEURON's library (its index in
    pnm/hoclib/lib_index.txt; pnm's stand-ins for those files). Returns 1."""
    kinds = _KIND[which]
    for name in names:
        name = bi.text(name)
        if interp.lookup_global(name) is not MISSING:
            continue
        library = hoclib.library_index().get(name)
        if library is not None and library[0] in kinds and library[1] in STANDARD_FILES:
            # pnm provides the names of NEURON's standard files before they are loaded:
            # defined once the file is (loading it creates NEURON's objects, List[0]...)
            if hocindex.standard_file_is_loaded(library[1]):
                continue
        elif name in interp.builtins:
            continue
        path = _declaring_file(kinds, name)
        if path is None:
            sys.stderr.write(f"Couldn't find a file that declares {name}\n")
            continue
        sys.stderr.write(f"Getting {name} from {path}\n")
        load_file(interp, path)
    return 1.0


def _declaring_file(kinds, name):
    heads = tuple(f"{kind} {name}" for kind in kinds)
    directories = ["."] + [d for d in os.environ.get("HOC_LIBRARY_PATH", "").replace(
        ":", " ").split() if d]
    for directory in directories:
        try:
            entries = sorted(e for e in os.listdir(directory) if e.endswith((".oc", ".hoc")))
        except OSError:
            continue
        for entry in entries:
            path = os.path.join(directory, entry)
            try:
                with open(path, errors="replace") as f:
                    if any(line.startswith(heads) for line in f):
                        return path
            except OSError:
                continue
    library = hoclib.library_index().get(name)
    if library is not None and library[0] in kinds:
        return _NEURONHOME_LIB + library[1]
    return None
