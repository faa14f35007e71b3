"""Keeps numba's on-disk cache of the kernels honest about layout.py.

numba keys a cached function on its own source file only, but the kernels freeze layout.py's
constants (field ids, event columns, codes) into their machine code. So when layout.py changes
while the kernel files do not, this drops the cached kernels of pnm/engine before any is
loaded. (An installed pnm gets fresh files and mtimes anyway; this is for working copies.)"""

import glob
import hashlib
import os

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = os.path.join(HERE, "__pycache__", "layout.sha256")


def drop_stale_kernels():
    with open(os.path.join(HERE, "layout.py"), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    try:
        with open(STAMP) as f:
            if f.read().strip() == digest:
                return
    except OSError:
        pass
    try:
        for path in glob.glob(os.path.join(HERE, "__pycache__", "*.nb[ic]")):
            os.remove(path)
        os.makedirs(os.path.dirname(STAMP), exist_ok=True)
        with open(STAMP, "w") as f:
            f.write(digest)
    except OSError:
        pass     # a read-only install: numba then caches elsewhere, keyed on fresh files
