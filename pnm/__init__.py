"""pnm: NEURON's ParallelNetManager and parallel network simulation in Python.

`from pnm import n` (or `h`) gives NEURON's names on pnm's numba engine; the parallel layer
(ParallelContext, ParallelNetManager) runs the same script on any number of MPI ranks."""

import gc as _gc

from . import compilelock as _compilelock

_compilelock.install()       # before any numba kernel is defined: compile once across ranks

from . import finit as _finit  # noqa: E402
from . import hoclang, units  # noqa: E402
from .model.mechanisms import autoload as _autoload_mechanisms
from .model.mechanisms import load_mechanisms
from .model.state import STATE
from .namespace import h
from .parallel import fingerprint as _fingerprint
from .runsystem import RUN, reset_variable_step
from . import stdmechs as _stdmechs

hoclang.attach_namespace(h)


def _hoc_files():
    """Files hoc has loaded: part of the model fingerprint of load-balance allocations."""
    interp = hoclang.existing()
    return () if interp is None else sorted(interp.loaded)


_fingerprint.FILE_SOURCES.append(_hoc_files)
_fingerprint.GENERATED.append(_stdmechs.is_builtin_translation)
_stdmechs.ensure_loaded()    # hh, pas, ExpSyn, ...: pnm/mod/ through the NMODL compiler
_autoload_mechanisms()       # ./pnm_mechanisms from `python -m pnm nrnivmodl`, as NEURON's x86_64/

n = h


def reset():
    """Forget the model and all process state (sections, NetCons, the compiled engine,
    ParallelContext's gid table, ParallelNetManagers, run control), so that a second,
    different model can be built in the same process. MPI stays initialised."""
    STATE.reset()
    RUN.reset()
    reset_variable_step()
    hoclang.reset()
    _finit.forget_all()

from .version import __version__  # noqa: E402,F401

# The import leaves ~130 000 objects the cyclic GC tracks (numba, llvmlite, lark, numpy and
# pnm's modules, mechanisms, grammar), none of them garbage. A full collection walks them all
# (~0.1 s) and a model build (1000 hoc cells) sets one off about every other run, more than
# the build's own time; frozen (gc.freeze: the permanent generation), later collections
# walk only what the program makes after the import.
_gc.freeze()


def __getattr__(name):
    if name == "ParallelNetManager":
        from .manager import ParallelNetManager
        return ParallelNetManager
    if name == "ParallelContext":
        from .parallel.context import ParallelContext
        return ParallelContext
    raise AttributeError(f"module 'pnm' has no attribute {name!r}")
