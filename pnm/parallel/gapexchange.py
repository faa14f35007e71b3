"""The compiled exchange of gap junctions' source values between ranks (engine/coupling.py's
EXCHANGE_SIGNATURE), over MPI from numba code (mpicall.py): NEURON's nrnmpi_v_transfer, once
per time step after the voltage update and once in finitialize, with no Python per step.

Every rank sends each peer the present values of its sources that the peer's targets need,
and writes the values it receives into the engine's slots for them (layout.F_GAP_IN), from
where the transfer copies them into the targets. Both ranks list a peer's sgids in the same
(sorted) order, so no sgid travels with the values.

The int64 table (built by transfer.exchange_table, after mpicall's header):
    [timeout_ms, npeer, nsend, nrecv, (peer, send first, send count, recv first, recv count)
     * npeer, nsend source slots, nrecv receiving slots]
The float64 buffer: nsend values to send, nrecv received, then the seconds spent waiting.
Return codes (splitwait.py): 0 done; ERR_MPI an MPI call failed; ERR_TIMEOUT a peer did not
answer before the deadline (a rank that stopped stepping: the run fails instead of hanging)."""

import numpy as np
from numba import carray, cfunc, njit

from ..engine.coupling import EXCHANGE_SIGNATURE
from . import mpicall
from .splitwait import ERR_MPI, wait_all

TAG = 5708          # on MPI_COMM_WORLD (split cells' coupling uses 5707)
HEADER = 4          # timeout_ms, npeer, nsend, nrecv
PEER_ROW = 5        # peer, send first, send count, recv first, recv count


@njit(cache=True)
def exchange(mpi, S, table, buf):
    """One exchange (see the module's docstring)."""
    npeer, nsend, nrecv = table[1], table[2], table[3]
    slots = table[HEADER + PEER_ROW * npeer:]
    for i in range(nsend):
        buf[i] = S[slots[i]]
    requests = np.zeros(2 * npeer, dtype=np.int64)
    nreq = 0
    for k in range(npeer):
        row = HEADER + PEER_ROW * k
        peer, sfirst, scount = table[row], table[row + 1], table[row + 2]
        rfirst, rcount = nsend + table[row + 3], table[row + 4]
        if rcount > 0:
            if mpicall.irecv(mpi, buf[rfirst:rfirst + rcount], peer, TAG, requests, nreq) != 0:
                return ERR_MPI
            nreq += 1
        if scount > 0:
            if mpicall.isend(mpi, buf[sfirst:sfirst + scount], peer, TAG, requests, nreq) != 0:
                return ERR_MPI
            nreq += 1
    code = wait_all(mpi, requests, nreq, table[0], buf[nsend + nrecv:])
    if code != 0:
        return code
    for i in range(nrecv):
        S[slots[nsend + i]] = buf[nsend + i]
    return 0


@cfunc(EXCHANGE_SIGNATURE, cache=True)
def mpi_gap_exchange(S, nS, table, ntable, buf, nbuf):
    """engine/coupling.py's entry point for the gap junctions' exchange."""
    t = carray(table, (ntable,))
    return exchange(t[:mpicall.HEADER], carray(S, (nS,)), t[mpicall.HEADER:],
                    carray(buf, (nbuf,)))
