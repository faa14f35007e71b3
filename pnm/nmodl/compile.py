"""The whole pipeline for a set of mod files: parse -> check (alone and as a set) -> lower ->
generate, with the generated source cached by a hash of the .mod text and pnm's version."""
from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass

from . import check, codegen, lazyfront, lower, parse

from ..version import __version__ as PNM_VERSION
from ..util import atomic_write

PNM_NMODL_VERSION = PNM_VERSION + "+nmodl49"   # bump the suffix when generated code changes


@dataclass
class Compiled:
    mechanism: lower.Mechanism
    source_path: str         # generated Python module
    cached: bool             # True when the cache already held it


def cache_key(mod_text, mod_name):
    """The translation's name tag: the .mod file's name (its mechanism's type order) and text,
    and the translator's version. Not its folder: one text in many folders is one translation
    (and one numba compilation)."""
    return hashlib.sha256("\0".join([PNM_NMODL_VERSION, os.path.basename(mod_name),
                                      mod_text]).encode()).hexdigest()[:24]


def translation_store():
    """Where translations live, shared by every folder (their names are their contents):
    $PNM_MECH_CACHE, else $XDG_CACHE_HOME/pnm/mechanisms (~/.cache/pnm/mechanisms), in a
    folder per translator version."""
    root = os.environ.get("PNM_MECH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "pnm", "mechanisms")
    return os.path.join(root, PNM_NMODL_VERSION.replace("+", "_"))


def write_atomic(path, text):
    """Write through a temporary file in the same directory, then rename over `path`."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with atomic_write(path, "w") as f:
        f.write(text)


def translate(paths, out_dir, builtin=False):
    """Translate mod files (one compile set) into out_dir; errors raise parse.NmodlError.
    builtin=True compiles NEURON's own mechanisms (their names are the built-ins' names)."""
    mods = [parse.parse_file(p) for p in paths]
    check.check_compile_set(mods, builtin=builtin)
    results = []
    for mod in mods:
        mech = lower.lower(mod)
        target = os.path.join(out_dir, f"{mech.name}_{cache_key(mod.text, mod.path)}.py")
        cached = os.path.exists(target)         # the front is written last
        if not cached:
            source = codegen.generate(mech, PNM_NMODL_VERSION)
            write_atomic(lazyfront.kernels_path(target), source)
            write_atomic(target, lazyfront.front_source(source))
        results.append(Compiled(mech, target, cached))
    return results


def load_kernels(compiled):
    """Import a generated module (numba compiles its kernels on first call, cached on disk)."""
    name = "pnm_mech_" + os.path.splitext(os.path.basename(compiled.source_path))[0]
    spec = importlib.util.spec_from_file_location(name, compiled.source_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
