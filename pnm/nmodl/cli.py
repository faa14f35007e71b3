"""`pnm nrnivmodl [DIR or FILES]`: translate mod files into ./pnm_mechanisms/, as NEURON's
nrnivmodl builds x86_64/. Translation errors are reported now, not at run time."""
from __future__ import annotations

import glob
import os
import re
import sys

from .compile import translate, translation_store
from .parse import NmodlError

OUTPUT_DIR = "pnm_mechanisms"


# NEURON's vecevent.mod (copied into many models): VecStim, an ARTIFICIAL_CELL whose C code
# (VERBATIM) reads a Vector; pnm has VecStim built in (pnm/mod/VecStim.mod, which reads the
# Vector with pnm's vector_size/vector_element), with that file's behaviour
_VECEVENT = (re.compile(r"^\s*ARTIFICIAL_CELL\s+VecStim\b", re.M),
             re.compile(r"^\s*PROCEDURE\s+play\s*\(", re.M),
             re.compile(r"^\s*PROCEDURE\s+element\s*\(", re.M),
             re.compile(r"^\s*NET_RECEIVE\s*\(\s*w\s*\)", re.M))


def is_vecevent(path):
    """Whether path is NEURON's vecevent.mod (a VecStim with play(), element() and
    NET_RECEIVE (w)), which pnm's built-in VecStim stands for."""
    with open(path, errors="replace") as f:
        text = re.sub(r"(?ms)^\s*COMMENT\b.*?^\s*ENDCOMMENT\b", "", f.read())
    return all(p.search(text) for p in _VECEVENT)


def _mod_files(args):
    if not args:
        args = ["."]
    files = []
    for arg in args:
        if os.path.isdir(arg):
            files.extend(sorted(glob.glob(os.path.join(arg, "*.mod"))))
        elif arg.endswith(".mod") and os.path.exists(arg):
            files.append(arg)
        else:
            raise FileNotFoundError(f"nrnivmodl: {arg} is neither a directory nor a .mod file")
    return files


def main(argv=None, out=None, err=None):
    """Returns the exit status: 0 translated, 1 a translation error, 2 bad arguments."""
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        files = _mod_files(argv)
    except FileNotFoundError as exc:
        print(exc, file=err)
        return 2
    if not files:
        print("nrnivmodl: no .mod files found in " + " ".join(argv or ["."]), file=err)
        return 2
    for path in [f for f in files if is_vecevent(f)]:
        print(f"  {path}: NEURON's vecevent.mod (VecStim), which pnm has built in: not "
              "translated; h.VecStim is pnm's", file=out)
        files.remove(path)
    here = os.path.abspath(OUTPUT_DIR)
    try:
        compiled = translate(files, _store(here))
    except NmodlError as exc:
        print(f"nrnivmodl: {exc}", file=err)
        return 1
    from ..model.mechanisms import write_manifest
    os.makedirs(here, exist_ok=True)
    write_manifest(here, [item.source_path for item in compiled])
    for item in compiled:
        why = "unchanged, cached" if item.cached else "new or changed .mod text"
        print(f"  {item.mechanism.path} -> {item.source_path} ({why})", file=out)
    print(f"nrnivmodl: {len(compiled)} mechanism(s), listed in "
          f"{os.path.relpath(os.path.join(here, 'manifest.txt'))}", file=out)
    return 0


def _store(here):
    """The shared translation store (compile.translation_store: a .mod text translated and
    compiled by numba once, whatever folder it is in), or ./pnm_mechanisms when the store
    cannot be written."""
    store = translation_store()
    try:
        os.makedirs(store, exist_ok=True)
        if os.access(store, os.W_OK):
            return store
    except OSError:
        pass
    return here


if __name__ == "__main__":
    sys.exit(main())
