"""numba without SciPy at start-up.

``import numba`` asks whether BLAS is there for ``np.dot`` and its kin by importing
``scipy.linalg.cython_blas`` (numba/np/arraymath.py, ``_HAVE_BLAS``), which imports all of
``scipy.linalg``: 0.4 s of CPU in every process (every MPI rank) where SciPy is installed, a
fifth of a rank's start-up. pnm's kernels use no BLAS. ``import_numba()`` imports numba and
that module (numba loads it anyway at its first compile or cache load) with ``scipy.linalg``
held back, then sets ``_HAVE_BLAS`` to whether SciPy can be imported (found
without importing it), the answer numba would have reached: kernels that do use linear algebra
(the user's own) still get it, since numba imports ``scipy.linalg`` when it compiles one.

Every pnm module that defines kernels imports numba after this module's ``import_numba()``
ran (pnm/compilelock.py calls it on import; tests/test_architecture.py checks that a
simulation leaves SciPy unimported). Where numba was imported before pnm, nothing changes.
"""

from __future__ import annotations

import importlib.util
import sys

__all__ = ["import_numba"]

_HELD_BACK = "scipy.linalg"
_BLAS_FLAG = "_HAVE_BLAS"        # numba.np.arraymath's answer (numba's internal name)


def import_numba():
    """The numba module, imported without SciPy's linear algebra if it is not loaded yet."""
    if "numba" in sys.modules:
        return sys.modules["numba"]
    hold = _HELD_BACK not in sys.modules
    if hold:
        sys.modules[_HELD_BACK] = None      # makes `import scipy.linalg...` raise ImportError
    try:
        import numba
        import numba.np.arraymath  # noqa: F401  (numba loads it at its first compile or cache load)
    finally:
        if hold and sys.modules.get(_HELD_BACK, 0) is None:
            del sys.modules[_HELD_BACK]
    arraymath = sys.modules.get("numba.np.arraymath")
    if hold and arraymath is not None and getattr(arraymath, _BLAS_FLAG, None) is False:
        setattr(arraymath, _BLAS_FLAG, _scipy_found())
    return numba


def _scipy_found() -> bool:
    try:
        return importlib.util.find_spec("scipy") is not None    # looks, imports nothing
    except (ImportError, ValueError):
        return False
