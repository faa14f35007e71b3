"""Keeps numba's on-disk cache of the kernels honest about the modules they call.

numba keys a cached function on its own source file only, but a kernel freezes what it calls
from other modules into its machine code: layout.py's constants (field ids, event columns,
codes), the hooks' calling convention (userhooks.py), the event queue... So when any module
of pnm/engine changes, this drops the cached kernels of pnm/engine before any is loaded.
(An installed pnm gets fresh files and mtimes anyway; this is for working copies.)"""

import glob
import hashlib
import os

from ..compilelock import compile_lock

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = os.path.join(HERE, "__pycache__", "sources.sha256")


def drop_stale_kernels():
    digest = hashlib.sha256()
    for path in sorted(glob.glob(os.path.join(HERE, "*.py"))):
        with open(path, "rb") as f:
            digest.update(os.path.basename(path).encode() + b"\0" + f.read())
    digest = digest.hexdigest()
    if _stamp() == digest:
        return
    with compile_lock(HERE):      # not while another process compiles into this cache
        if _stamp() != digest:        # (nor after it did)
            _drop(digest)


def _stamp():
    try:
        with open(STAMP) as f:
            return f.read().strip()
    except OSError:
        return None


def _drop(digest):
    try:
        for path in glob.glob(os.path.join(HERE, "__pycache__", "*.nb[ic]")):
            os.remove(path)
        os.makedirs(os.path.dirname(STAMP), exist_ok=True)
        with open(STAMP, "w") as f:
            f.write(digest)
    except OSError:
        pass     # a read-only install: numba then caches elsewhere, keyed on fresh files
