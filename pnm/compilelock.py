"""Compile once, whatever the number of processes: numba compiles a cached function under a
lock file shared by every process on this machine that uses the same cache, so when three
ranks start cold, one compiles and saves to numba's on-disk cache while the others wait on
the lock and then load what it saved (instead of three compiling the same kernels on two
cores).

How: ``Dispatcher.compile`` (numba's entry for one new signature: it looks in the on-disk
cache, else compiles and saves) runs, for the outermost call of a thread, under an exclusive
``flock`` of ``$TMPDIR/pnm-numba-<uid>-<hash>.lock``, the hash of the function's source
directory and NUMBA_CACHE_DIR (copies of pnm elsewhere compile independently).  The process that gets the lock second finds
the signature in the cache.  Blocking in ``flock`` releases the GIL, so the waiting rank's
heartbeat thread keeps beating (the other ranks see it alive); the kernel releases the lock
if the holder dies.  Functions without ``cache=True`` compile without the lock (nothing to
share).  A first compile prints what is compiled and why, and how long it took, on stderr.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sys
import tempfile
import threading
import time
import weakref

from .numbaload import import_numba

import_numba()               # before numba's first import: without SciPy (numbaload.py)

from numba.core import event  # noqa: E402
from numba.core.dispatcher import Dispatcher  # noqa: E402

__all__ = ["install", "compile_lock", "lock_path"]

_state = threading.local()       # depth: outermost compile of this thread holds the lock
_cached = weakref.WeakSet()      # dispatchers with cache=True
_original_compile = Dispatcher.compile
_original_enable_caching = Dispatcher.enable_caching
_installed = False


def lock_path(source_dir: str) -> str:
    """The lock file of the numba cache that serves the sources in ``source_dir``."""
    key = os.path.abspath(source_dir) + "\0" + os.environ.get("NUMBA_CACHE_DIR", "")
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"pnm-numba-{os.getuid()}-{digest}.lock")


@contextlib.contextmanager
def compile_lock(source_dir: str):
    """Hold the compile lock of ``source_dir``'s cache (re-entrant within a thread: nested
    compiles run under the outermost one's lock)."""
    if getattr(_state, "depth", 0):
        _state.depth += 1
        try:
            yield
        finally:
            _state.depth -= 1
        return
    fd = None
    try:
        fd = os.open(lock_path(source_dir), os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:
        if fd is not None:
            os.close(fd)
        fd = None            # no lock possible (odd file system): compile unshared
    _state.depth, _state.announced, _state.started = 1, False, None
    try:
        yield
    finally:
        _state.depth = 0
        if _state.started is not None:
            _say(f"pnm: compiled in {time.monotonic() - _state.started:.0f} s; cached for "
                 "later runs")
        if fd is not None:
            os.close(fd)     # releases the flock


def _enable_caching(self):
    _original_enable_caching(self)
    _cached.add(self)


def _compile(self, sig):
    if self not in _cached:
        return _original_compile(self, sig)
    with compile_lock(os.path.dirname(self.py_func.__code__.co_filename)):
        return _original_compile(self, sig)


def _say(text: str) -> None:
    rank = os.environ.get("PMI_RANK") or os.environ.get("OMPI_COMM_WORLD_RANK")
    prefix = f"[rank {rank}] " if rank is not None else ""
    try:
        sys.stderr.write(prefix + text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


class _Announce(event.Listener):
    """The first real compile (a cache miss) under the lock says what and why."""

    def on_start(self, ev):
        if not getattr(_state, "depth", 0) or _state.announced:
            return
        _state.announced, _state.started = True, time.monotonic()
        func = ev.data["dispatcher"].py_func
        if func.__module__.startswith("pnm_hooks_"):     # usermechs.mechanism_hook
            _say(f"pnm: compiling the .mod mechanism {func.__module__[10:].rsplit('_', 1)[0]} "
                 "with numba (its first use with this pnm); seconds, once")
            return
        _say(f"pnm: compiling {func.__module__}.{func.__qualname__} with numba: numba's "
             "on-disk cache has no copy for these sources and argument types (the first run "
             "after installing or changing pnm, or a .mod mechanism's first use); this can "
             "take a minute, once. Other processes on this machine wait for it, then load "
             "the result")

    def on_end(self, ev):
        pass


def install() -> None:
    """Route numba's compilation of cached functions through the lock (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    Dispatcher.enable_caching = _enable_caching
    Dispatcher.compile = _compile
    event.register("numba:compile", _Announce())
