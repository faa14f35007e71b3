"""Run pnm simulations on several processes from a notebook or a script, one line to switch:

    from pnm.backends import MPIBackend, JoblibBackend, SequentialBackend

    with MPIBackend(n_procs=4) as backend:          # one network over 4 MPI ranks
        per_rank = backend.run(build_and_run, tstop=100)
    with JoblibBackend(n_jobs=2) as backend:        # independent trials on 2 processes
        results = backend.map(one_trial, weights)

Every backend has ``run(func, *args, **kwargs) -> [value per rank]`` and
``map(func, params) -> [func(p) for p in params]``. Functions defined in a notebook work
(cloudpickle); child output is streamed to the caller; an exception in a child is raised
as :class:`RemoteError` with the child's traceback; a timeout or KeyboardInterrupt kills
every child process. ``current_backend()`` is the innermost backend of an active ``with``
(SequentialBackend outside any). The MPI protocol is in docs/backends_protocol.md.
"""

from __future__ import annotations

from . import active
from .local import JoblibBackend, SequentialBackend
from .mpi_backend import MPIBackend, find_mpiexec
from .outcome import BackendError, BackendTimeoutError, RemoteError

__all__ = ["MPIBackend", "JoblibBackend", "SequentialBackend", "RemoteError", "BackendError",
           "BackendTimeoutError", "current_backend", "find_mpiexec"]


def current_backend():
    """The backend of the innermost active ``with`` block, or a SequentialBackend."""
    return active.innermost() or SequentialBackend()
