"""ParallelContext.setup_transfer: the check, on every rank at once, that the gap junctions
(and other source_var / target_var pairs) declared on all ranks fit together.

Every rank sends the sgids of its sources and of its targets to all (one allgather); each
rank then finds the same problems and raises the same error, so no rank is left waiting:
an sgid published twice, a target whose sgid has no source anywhere, and a source and its
target on different ranks, which pnm does not exchange (each time step would need the source
values sent between the ranks, at the point NEURON's nrnmpi_v_transfer runs; put both cells
of a gap on one rank)."""

from ..model.transfer import transfers

MAX_LISTED = 8


def setup_transfer(comm, rank):
    table = transfers()
    mine = (sorted(table.sources), sorted({sgid for _pp, _ref, sgid in table.targets}))
    everyone = comm.allgather_obj(mine)
    problems = find_problems(everyone)
    if problems:
        more = len(problems) - MAX_LISTED
        listed = problems[:MAX_LISTED] + ([f"... and {more} more"] if more > 0 else [])
        raise RuntimeError(f"pc.setup_transfer() (rank {rank} of {len(everyone)}): "
                           + "; ".join(listed))
    table.is_setup = True


def find_problems(everyone):
    """The problems of the declarations everyone[rank] = (source sgids, target sgids)."""
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
                problems.append(f"No source_var for target_var sgid = {sgid} (the target is "
                                f"on rank {rank}; no rank published that sgid)")
            elif owner[sgid] != rank:
                problems.append(f"sgid {sgid}: its source is on rank {owner[sgid]} and a "
                                f"target on rank {rank}; pnm transfers values within a rank "
                                "only (place both cells of a gap junction on one rank)")
    return problems
