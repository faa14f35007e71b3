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


_DIGEST = []


def sources_digest():
    """The sha256 of pnm/engine's sources: what compiled code calling into them depends on
    (also the key of the mechanisms' hooks, usermechs.mechanism_hook, which numba caches
    outside pnm/engine)."""
    if not _DIGEST:
        digest = hashlib.sha256()
        for path in sorted(glob.glob(os.path.join(HERE, "*.py"))):
            with open(path, "rb") as f:
                digest.update(os.path.basename(path).encode() + b"\0" + f.read())
        _DIGEST.append(digest.hexdigest())
    return _DIGEST[0]


def drop_stale_kernels():
    digest = sources_digest()
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
