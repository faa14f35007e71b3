"""ParallelContext.setup_transfer: the check, on every rank at once, that the gap junctions
(and other source_var / target_var pairs) declared on all ranks fit together, and the plan of
which source values each rank sends to which (gapexchange.py sends them every time step).

Every rank sends the sgids of its sources and of its targets to all (one allgather); each
rank then finds the same problems and raises the same error, so no rank is left waiting:
an sgid published twice, a target whose sgid has no source anywhere."""

import numpy as np

from ..engine.coupling import Coupling
from ..engine.gaptransfer import received_slots
from ..model.transfer import transfers
from .mpicall import with_header
from .splitcell import coupling_timeout_ms, this_rank

MAX_LISTED = 8


def setup_transfer(comm, rank):
    table = transfers()
    mine = (sorted(table.sources), sorted({sgid for _pp, _ref, sgid in table.targets}))
    everyone = comm.allgather_obj(mine)
    owner, problems = find_problems(everyone)
    if problems:
        more = len(problems) - MAX_LISTED
        listed = problems[:MAX_LISTED] + ([f"... and {more} more"] if more > 0 else [])
        raise RuntimeError(f"pc.setup_transfer() (rank {rank} of {len(everyone)}): "
                           + "; ".join(listed))
    table.incoming, table.outgoing = {}, {}
    for sgid in mine[1]:
        if owner[sgid] != rank:
            table.incoming.setdefault(owner[sgid], []).append(sgid)
    for peer, (_sources, targets) in enumerate(everyone):
        if peer != rank:
            needed = [sgid for sgid in targets if owner[sgid] == rank]
            if needed:
                table.outgoing[peer] = needed
    table.is_setup = True


def find_problems(everyone):
    """(the rank of each sgid's source, the problems) of the declarations everyone[rank] =
    (source sgids, target sgids)."""
    owner, problems = {}, []
    for rank, (sources, _targets) in enumerate(everyone):
        for sgid in sources:
            if sgid in owner:
                problems.append(f"source var sgid {sgid} already in use (source_var on ranks "
                                f"{owner[sgid]} and {rank})")
            else:
                owner[sgid] = rank
    for rank, (_sources, targets) in enumerate(everyone):
        for sgid in targets:
            if sgid not in owner:
                problems.append(f"No source_var for target_var sid = {sgid} (the target is "
                                f"on rank {rank}; no rank published that sgid)")
    return owner, problems


def install_exchange(engine):
    """After a build: hand the engine the compiled exchange of the source values its rank
    sends and receives (none when every pair is within the rank)."""
    table = transfers()
    peers = sorted(set(table.incoming) | set(table.outgoing))
    if not peers:
        return
    from .gapexchange import mpi_gap_exchange   # compiled only for gaps across ranks
    head, sends, nrecv = [], [], 0
    for peer in peers:
        out, into = table.outgoing.get(peer, []), table.incoming.get(peer, [])
        head += [peer, len(sends), len(out), nrecv, len(into)]
        sends += [engine.slot(table.sources[sgid]) for sgid in out]
        nrecv += len(into)
    recvs = received_slots(engine).tolist()     # remote_sgids() order: by peer, then sgid
    assert len(recvs) == nrecv, (len(recvs), nrecv)
    timeout_ms = coupling_timeout_ms()
    rows = np.array([timeout_ms, len(peers), len(sends), nrecv] + head + sends + recvs,
                    dtype=np.int64)

    def describe(code):
        return (f"gap junctions: rank {this_rank()} could not exchange source values with "
                f"rank(s) {peers} in a time step (code {code}: a peer did not answer within "
                f"{timeout_ms / 1000:g} s, or an MPI call failed); does every rank run the "
                "same simulation (same tstop, dt, setup_transfer on every rank)?")
    engine.set_gap_exchange(Coupling(mpi_gap_exchange, with_header(rows),
                                     np.zeros(len(sends) + len(recvs) + 1), describe))
