"""pnm: NEURON's ParallelNetManager and parallel network simulation in Python.

`from pnm import n` (or `h`) gives NEURON's names on pnm's numba engine; the parallel layer
(ParallelContext, ParallelNetManager) runs the same script on any number of MPI ranks."""

from . import finit as _finit
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
