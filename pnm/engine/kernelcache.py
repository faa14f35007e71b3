"""Keeps numba's on-disk cache of the kernels honest about layout.py.

numba keys a cached function on its own source file only, but the kernels freeze layout.py's
constants (field ids, event columns, codes) into their machine code. So when layout.py changes
while the kernel files do not, this drops the cached kernels of pnm/engine before any is
loaded. (An installed pnm gets fresh files and mtimes anyway; this is for working copies.)"""

import glob
import hashlib
import os

from ..compilelock import compile_lock

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = os.path.join(HERE, "__pycache__", "layout.sha256")


def drop_stale_kernels():
    with open(os.path.join(HERE, "layout.py"), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
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
