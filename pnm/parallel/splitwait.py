"""Waiting for the other pieces of split cells inside a compiled time step (numba-mpi), with
a deadline: shared by splitcouple.py and multicouple.py (kept apart from their cfuncs, which
compile when imported)."""

import numba_mpi
from numba import njit

ERR_MPI = 1         # an MPI call failed
ERR_TIMEOUT = 2     # a peer did not answer within the deadline


@njit
def wait_all(requests, timeout_ms, waited):
    """Wait for every request; ERR_TIMEOUT after timeout_ms (0: no limit), ERR_MPI. The time
    waited is added to waited[0]."""
    limit = timeout_ms * 1e-3
    start = numba_mpi.wtime()
    while True:
        status, done = numba_mpi.testall(requests)
        if status != 0:
            return ERR_MPI
        now = numba_mpi.wtime()
        if done:
            waited[0] += now - start
            return 0
        if limit > 0 and now - start > limit:
            return ERR_TIMEOUT
