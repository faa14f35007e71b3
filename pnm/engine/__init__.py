"""The numba engine: compiles the model into flat arrays and advances it (see engine.py)."""

from .kernelcache import drop_stale_kernels

drop_stale_kernels()
