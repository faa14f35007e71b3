"""The numba engine: compiles the model into flat arrays and advances it (see engine.py)."""

from .. import compilelock
from .kernelcache import drop_stale_kernels

compilelock.install()        # before any numba kernel is defined: compile once across ranks

drop_stale_kernels()
