"""The MPI layer of pnm, in one import: ``from pnm.parallel import mpi``.

It gathers what the modules below it provide (mpi4py is imported only in comm.py):

* comm.py      -- ``world()`` (Comm under mpiexec, else SerialComm; ``PNM_MPI=1/0`` forces
                  either), the channels (``channel("user" | "spike" | "board")``: separate
                  duplicates of COMM_WORLD), non-blocking collectives with an operation check
                  (``barrier``, ``allreduce``, ``allgather_array``, ``allgatherv``,
                  ``allgather_obj``, ``gather_obj``, ``bcast_obj``, ``alltoall_obj``).
* liveness.py  -- the heartbeat: a wait fails when a peer is silent for the limit, has exited,
                  is blocked in another operation, or spins in Python outside pnm (spin.py);
                  never because a peer is slow.
* deathwatch.py -- a watcher process per rank names a rank killed by a signal.
* waiting.py   -- the silence limit (``set_timeout`` / ``get_timeout`` / ``PNM_TIMEOUT``,
                  default 60 s, 0 disables) and the errors: MPITimeoutError and its kinds
                  PeerSilentError, PeerExitedError, PeerStuckError, DeadlockError;
                  CollectiveMismatchError.
* faults.py    -- an uncaught exception or ``sys.exit(status != 0)`` on any rank aborts the
                  whole job with that rank's traceback (``install_fault_handler``, ``fatal``).
* psolve_check.py -- ``check_psolve_arguments``: tstop, t, dt and maxstep agree on every rank.
"""

from __future__ import annotations

from .comm import (CHANNELS, Comm, SerialComm, channel, dumps, load_mpi, loads, under_mpiexec,
                   world)
from .faults import fatal, install_fault_handler, user_site
from .psolve_check import check_psolve_arguments
from .waiting import (Backoff, CollectiveMismatchError, Deadline, DeadlockError,
                      MPITimeoutError, PeerExitedError, PeerSilentError, PeerStuckError,
                      get_timeout,
                      set_timeout, timeout_message)

__all__ = [
    "MPITimeoutError", "PeerSilentError", "PeerExitedError", "DeadlockError",
    "PeerStuckError", "CollectiveMismatchError", "Comm", "SerialComm", "Deadline", "Backoff", "CHANNELS",
    "world", "channel", "under_mpiexec", "set_timeout", "get_timeout", "timeout_message",
    "install_fault_handler", "fatal", "user_site", "dumps", "loads", "load_mpi",
    "check_psolve_arguments",
    "barrier", "allreduce", "allgather_array", "allgatherv",
    "allgather_obj", "gather_obj", "bcast_obj", "alltoall_obj",
]


def barrier() -> None:
    world().barrier()


def allreduce(value, op: str = "sum"):
    return world().allreduce(value, op)


def allgather_array(arr):
    return world().allgather_array(arr)


def allgatherv(arr):
    return world().allgatherv(arr)


def allgather_obj(obj) -> list:
    return world().allgather_obj(obj)


def gather_obj(obj, root: int = 0):
    return world().gather_obj(obj, root)


def bcast_obj(obj, root: int = 0):
    return world().bcast_obj(obj, root)


def alltoall_obj(objs) -> list:
    return world().alltoall_obj(objs)
