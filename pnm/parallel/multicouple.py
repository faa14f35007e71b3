"""The compiled coupling step of multisplit cells (engine/coupling.py's contract): cells cut at
any number of nodes (split ids, sids) into pieces with one or two sids each, on any ranks, solved
exactly, as NEURON's multisplit with backbone_style 2 (reduced tree) does.

Every piece is rooted at its first sid s1 and triangularized by the engine. A piece with a
second sid s2 still carries s2's row, eliminated along the path s2 -> s1 (the backbone). For the
piece's voltages at its sids, x = G J + g, where J are the currents other pieces inject at the
sids (row units) and g the values without them; G and g come from walks along the backbone.
Its share of the reduced system over the cell's sids is then S = G^-1 and S g (for one sid: d
and rhs of the root). Every rank receives the shares of all pieces of its cells, adds them in
one global order (rows scaled by node area where the pieces' areas at a sid differ), solves
the small system by Gaussian elimination, and fixes each root at its value; a backbone gets its
current J2 = (S x - S g)[1] pushed up the path, and back substitution does the rest.

The int64 table is mpicall's header, then a list of fields (see pack_fields / field); the float buffer holds one
record of REC values per relevant piece, then one value: the seconds spent waiting for peers,
summed (splitcell.take_coupling_wait reads and clears it)."""

import numpy as np
from numba import carray, cfunc, njit

from ..engine.coupling import COUPLING_SIGNATURE
from . import mpicall
from .multisolve import (CELL, CELL_ROW, CPIECE, LOCAL, LOCAL_ROW, META, PATH, PEER, PEER_ROW,
                         PIECE_ROW, RECV, REC, SEND, apply_solution, field, pack_fields,
                         piece_share, solve_cell)
from .splitwait import ERR_MPI, wait_all

TAG = 5708


@njit(cache=True)
def exchange_records(mpi, table, records, timeout_ms, waited):
    peers, send, recv = field(table, PEER), field(table, SEND), field(table, RECV)
    npeer = peers.shape[0] // PEER_ROW
    nsend, nrecv = send.shape[0], recv.shape[0]
    sbuf = np.empty(nsend * REC)
    rbuf = np.empty(nrecv * REC)
    for i in range(nsend):
        sbuf[i * REC:(i + 1) * REC] = records[send[i]]
    requests = np.zeros(2 * npeer, dtype=np.int64)
    so, ro = 0, 0
    for k in range(npeer):
        peer, ns, nr = peers[PEER_ROW * k], peers[PEER_ROW * k + 1], peers[PEER_ROW * k + 2]
        if mpicall.irecv(mpi, rbuf[ro * REC:(ro + nr) * REC], peer, TAG, requests, 2 * k) != 0:
            return ERR_MPI
        if mpicall.isend(mpi, sbuf[so * REC:(so + ns) * REC], peer, TAG, requests,
                         2 * k + 1) != 0:
            return ERR_MPI
        so += ns
        ro += nr
    code = wait_all(mpi, requests, 2 * npeer, timeout_ms, waited)
    if code != 0:
        return code
    for i in range(nrecv):
        records[recv[i]] = rbuf[i * REC:(i + 1) * REC]
    return 0


@njit(cache=True)
def multisplit_step(mpi, d, rhs, a, b, area, table, records, waited):
    meta, local, path = field(table, META), field(table, LOCAL), field(table, PATH)
    cells, cpieces = field(table, CELL), field(table, CPIECE)
    nlocal = local.shape[0] // LOCAL_ROW
    for k in range(nlocal):
        row = local[LOCAL_ROW * k:LOCAL_ROW * (k + 1)]
        piece_share(d, rhs, a, b, area, row, path, records[row[0]])
    code = exchange_records(mpi, table, records, meta[0], waited)
    if code != 0:
        return code
    ncell = cells.shape[0] // CELL_ROW
    xd = np.zeros(meta[2])
    xr = np.zeros(meta[2])
    for c in range(ncell):
        n, first, count, off = cells[CELL_ROW * c:CELL_ROW * (c + 1)]
        solve_cell(cpieces[PIECE_ROW * first:PIECE_ROW * (first + count)], records, n,
                   xd[off:off + n], xr[off:off + n])
    for k in range(nlocal):
        row = local[LOCAL_ROW * k:LOCAL_ROW * (k + 1)]
        c = row[5]
        n, off = cells[CELL_ROW * c], cells[CELL_ROW * c + 3]
        apply_solution(d, rhs, a, row, path, records[row[0]], xd[off:off + n], xr[off:off + n], n)
    return 0


@cfunc(COUPLING_SIGNATURE, cache=True)
def multisplit_coupling(d, rhs, a, b, area, nnode, table, ntable, buf, nbuf):
    """engine/coupling.py's entry point for multisplit cells."""
    whole = carray(table, (ntable,))
    t = whole[mpicall.HEADER:]
    nrel = field(t, META)[1]
    fbuf = carray(buf, (nbuf,))
    return multisplit_step(whole[:mpicall.HEADER], carray(d, (nnode,)), carray(rhs, (nnode,)), carray(a, (nnode,)),
                           carray(b, (nnode,)), carray(area, (nnode,)), t,
                           fbuf[:nrel * REC].reshape((nrel, REC)), fbuf[nbuf - 1:])
