"""Waiting for the other pieces of split cells inside a compiled time step (mpicall.py), with
a deadline: shared by splitcouple.py and multicouple.py."""

from .. import compilelock

compilelock.install()        # before this module's numba kernels are defined

from numba import njit

from .mpicall import testall, wtime

ERR_MPI = 1         # an MPI call failed
ERR_TIMEOUT = 2     # a peer did not answer within the deadline


@njit(cache=True)
def wait_all(mpi, requests, count, timeout_ms, waited):
    """Wait for the first `count` requests (mpicall's slots); ERR_TIMEOUT after timeout_ms
    (0: no limit), ERR_MPI. The time waited is added to waited[0]."""
    limit = timeout_ms * 1e-3
    start = wtime(mpi)
    while True:
        status, done = testall(mpi, requests, count)
        if status != 0:
            return ERR_MPI
        now = wtime(mpi)
        if done:
            waited[0] += now - start
            return 0
        if limit > 0 and now - start > limit:
            return ERR_TIMEOUT
