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


_DIGEST = []


def sources_digest(*folders):
    """The sha256 of pnm/engine's sources and those of `folders`: what compiled code calling
    into them depends on (also the key of the mechanisms' hooks, usermechs.mechanism_hook,
    which numba caches outside pnm/engine)."""
    if folders:
        return _digest((HERE,) + folders)
    if not _DIGEST:
        _DIGEST.append(_digest((HERE,)))
    return _DIGEST[0]


def _digest(folders):
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(glob.glob(os.path.join(folder, "*.py"))):
            with open(path, "rb") as f:
                digest.update(os.path.basename(path).encode() + b"\0" + f.read())
    return digest.hexdigest()


def drop_stale_kernels(folder=HERE):
    """Drops the cached kernels of `folder` (pnm/engine, or a package whose kernels call
    pnm/engine's, such as pnm/cvode) when its sources or pnm/engine's changed."""
    digest = sources_digest() if folder == HERE else sources_digest(folder)
    stamp = os.path.join(folder, "__pycache__", "sources.sha256")
    if _stamp(stamp) == digest:
        return
    with compile_lock(folder):      # not while another process compiles into this cache
        if _stamp(stamp) != digest:        # (nor after it did)
            _drop(folder, stamp, digest)


def _stamp(stamp):
    try:
        with open(stamp) as f:
            return f.read().strip()
    except OSError:
        return None


def _drop(folder, stamp, digest):
    try:
        for path in glob.glob(os.path.join(folder, "__pycache__", "*.nb[ic]")):
            os.remove(path)
        os.makedirs(os.path.dirname(stamp), exist_ok=True)
        with open(stamp, "w") as f:
            f.write(digest)
    except OSError:
        pass     # a read-only install: numba then caches elsewhere, keyed on fresh files
