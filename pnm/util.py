"""Small helpers shared across pnm.

atomic_write: every file pnm writes (figures, spike files, allocation files, caches) goes
through it, so a failure midway (an exception, a full disk, a killed process) leaves the
previous file as it was instead of a truncated one.

LazyModule: a module imported at its first use, so that `import pnm` does not load numba
and the engine (about a second of every process's start) until a simulation needs them."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import tempfile

__all__ = ["atomic_write", "LazyModule"]


class LazyModule:
    """Stands for the module ``name``: the first attribute read imports it; every read then
    returns the module's present attribute. ``loaded()`` tells whether it was imported."""

    def __init__(self, name: str):
        self.name = name
        self.module = None

    def loaded(self) -> bool:
        return self.name in sys.modules

    def __getattr__(self, attr):
        # only for names not set in __init__: the module's attributes (h.fadvance() reads
        # one per step, so the module is looked up once, not imported by name each time)
        if self.module is None:
            self.module = importlib.import_module(self.name)
        return getattr(self.module, attr)


@contextlib.contextmanager
def atomic_write(path, mode: str = "wb", encoding: str | None = None):
    """``with atomic_write(path) as f: f.write(...)``: write a temporary file in the same
    directory, then rename it over ``path`` (os.replace, atomic on POSIX) only when the
    block ends without an exception.  The new file keeps the old one's permissions (or
    gets the usual ones for a new file)."""
    if "w" not in mode:
        raise ValueError(f"atomic_write({path!r}, mode={mode!r}): the mode must write "
                         "('w', 'wb', 'wt')")
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _permissions(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _permissions(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
