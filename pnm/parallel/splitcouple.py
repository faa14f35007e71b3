"""The compiled coupling step of split cells (engine/coupling.py's contract), over MPI from
numba code (mpicall.py; cached on disk like the engine): no Python per time step.

Every time step, after each rank has triangularized its pieces toward their split nodes, each
rank sends to each peer the (d, rhs) of the split nodes it shares with that peer, receives the
peer's, and adds them: both ranks then hold the whole split node's equation and solve it
identically (a + b == b + a in floating point), as NEURON's splitcell does.

The int64 table (built by splitcell.coupling_table, after mpicall's header):
    [mpicall header, timeout_ms, npeer, (peer rank, first, count) * npeer, split nodes ...]
the nodes shared with a peer, in the order both ranks agree on, are nodes[first:first+count].
The float64 buffer holds 4 values per node (send d, rhs; receive d, rhs), then one value: the
seconds spent waiting for peers, summed (splitcell.take_coupling_wait reads and clears it).

Return codes: 0 done; ERR_MPI an MPI call failed; ERR_TIMEOUT a peer did not answer before
the deadline in the table (a rank that stopped stepping: the run fails instead of hanging)."""

import numpy as np
from numba import carray, cfunc, njit

from ..engine.coupling import COUPLING_SIGNATURE
from . import mpicall
from .splitwait import ERR_MPI, ERR_TIMEOUT, wait_all  # noqa: F401 (ERR_TIMEOUT: callers)

TAG = 5707          # on MPI_COMM_WORLD; pnm's own traffic is on duplicates of it
HEADER = 2          # timeout_ms, npeer
PEER_ROW = 3        # peer, first, count


@njit(cache=True)
def post(mpi, d, rhs, table, buf, requests):
    """Pack and start every send and receive; returns nonzero if MPI refused one."""
    npeer = table[1]
    nodes = table[HEADER + PEER_ROW * npeer:]
    total = nodes.shape[0]
    for k in range(npeer):
        row = HEADER + PEER_ROW * k
        peer, first, count = table[row], table[row + 1], table[row + 2]
        send = buf[2 * first:2 * (first + count)]
        recv = buf[2 * (total + first):2 * (total + first + count)]
        for j in range(count):
            node = nodes[first + j]
            send[2 * j] = d[node]
            send[2 * j + 1] = rhs[node]
        if mpicall.irecv(mpi, recv, peer, TAG, requests, 2 * k) != 0:
            return ERR_MPI
        if mpicall.isend(mpi, send, peer, TAG, requests, 2 * k + 1) != 0:
            return ERR_MPI
    return 0


@njit(cache=True)
def exchange(mpi, d, rhs, table, buf):
    """One coupling step (see the module's docstring)."""
    npeer = table[1]
    requests = np.zeros(2 * npeer, dtype=np.int64)
    code = post(mpi, d, rhs, table, buf, requests)
    if code != 0:
        return code
    code = wait_all(mpi, requests, 2 * npeer, table[0], buf[buf.shape[0] - 1:])
    if code != 0:
        return code
    nodes = table[HEADER + PEER_ROW * npeer:]
    total = nodes.shape[0]
    for i in range(total):
        node = nodes[i]
        d[node] += buf[2 * (total + i)]
        rhs[node] += buf[2 * (total + i) + 1]
    return 0


@cfunc(COUPLING_SIGNATURE, cache=True)
def mpi_coupling(d, rhs, a, b, area, nnode, table, ntable, buf, nbuf):
    """engine/coupling.py's entry point."""
    t = carray(table, (ntable,))
    return exchange(t[:mpicall.HEADER], carray(d, (nnode,)), carray(rhs, (nnode,)),
                    t[mpicall.HEADER:], carray(buf, (nbuf,)))
