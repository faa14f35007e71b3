"""Domain decomposition: which gids live on which rank (Arbor's `domain_decomposition`).

A Decomposition is a plain value: the number of ranks and, for each rank, its gids. It comes
from an allocation file (allocation.py), from round robin, or from the ranks' gid tables
(collective). ParallelContext.balanced_gid2node and ParallelNetManager.round_robin place gids
by it, the gid table's network check verifies placement against it, and the load report
charges each rank the cost of its gids. `pieces` holds split cells: gid -> [(rank, piece)]
(a split gid is in no rank list; its pieces are numbered 0..k-1); allocation files carry them
(format version 2, mode split), and a script cuts them with pc.balance_plan() (splitbalance.py)."""

from dataclasses import dataclass, field


class DecompositionError(ValueError):
    pass


@dataclass
class Decomposition:
    nranks: int
    ranks: list                      # ranks[r] = sorted gids on rank r
    pieces: dict = field(default_factory=dict)
    source: str = "round robin"      # where it came from (a file name, "round robin", ...)

    def __post_init__(self):
        self.ranks = [sorted(int(g) for g in gids) for gids in self.ranks]
        if len(self.ranks) != self.nranks:
            raise DecompositionError(f"{self.source}: {len(self.ranks)} rank lists for "
                                     f"{self.nranks} ranks")
        self._rank_of = {}
        for r, gids in enumerate(self.ranks):
            for g in gids:
                if g in self._rank_of:
                    raise DecompositionError(
                        f"{self.source}: gid {g} is placed twice (ranks {self._rank_of[g]} and "
                        f"{r}); each gid must be on exactly one rank")
                self._rank_of[g] = r
        self.pieces = {int(g): sorted((int(r), int(k)) for r, k in parts)
                       for g, parts in self.pieces.items()}
        for g, parts in self.pieces.items():
            self._check_pieces(g, parts)

    def _check_pieces(self, gid, parts):
        where = f"{self.source}: split gid {gid}"
        if gid in self._rank_of:
            raise DecompositionError(f"{where} is also placed whole on rank "
                                     f"{self._rank_of[gid]}; a gid is whole or split, not both")
        if sorted(k for _, k in parts) != list(range(len(parts))):
            raise DecompositionError(f"{where}: pieces {sorted(k for _, k in parts)}; "
                                     "they must be numbered 0..k-1, each once")
        bad = [r for r, _ in parts if not 0 <= r < self.nranks]
        if bad:
            raise DecompositionError(f"{where}: a piece on rank {bad[0]}, outside 0.."
                                     f"{self.nranks - 1}")

    @classmethod
    def round_robin(cls, gids, nranks):
        ranks = [[] for _ in range(nranks)]
        for g in gids:
            ranks[int(g) % nranks].append(int(g))
        return cls(nranks, ranks, source="round robin")

    @classmethod
    def from_gid_tables(cls, comm, gid_table):
        """Collective: the decomposition the ranks have built (each rank's owned gids)."""
        ranks = comm.allgather_obj(sorted(gid_table.owned))
        return cls(len(ranks), ranks, source="gid tables")

    @property
    def gids(self):
        return set(self._rank_of) | set(self.pieces)

    def __contains__(self, gid):
        return int(gid) in self._rank_of

    def rank_of(self, gid, what="set_gid2node"):
        try:
            return self._rank_of[int(gid)]
        except KeyError:
            if int(gid) in self.pieces:
                raise DecompositionError(
                    f"{what}({gid}): gid {gid} is split into pieces on ranks "
                    f"{[r for r, _ in self.pieces[int(gid)]]} in the allocation {self.source}; "
                    f"{what} places whole cells: build gid {gid} on those ranks and cut it "
                    f"(plan = pc.balance_plan(); plan.cut({gid}, <a section of the cell>, pc); "
                    "then pc.multisplit() on every rank), or run with --lb-mode complexity") \
                    from None
            raise DecompositionError(
                f"{what}({gid}): gid {gid} is not in the allocation {self.source} "
                f"({len(self._rank_of)} gids); the model differs from the one of the dry run: "
                "run `python -m pnm --dry-run` again") from None

    def gids_on(self, rank):
        return list(self.ranks[rank])

    def check_gids(self, gids, what):
        """The model's gid set (e.g. range(ncell) of round_robin) equals the allocation's."""
        want = set(int(g) for g in gids)
        have = self.gids
        if want != have:
            missing = sorted(want - have)[:5]
            extra = sorted(have - want)[:5]
            raise DecompositionError(
                f"{what}: the allocation {self.source} does not match the model: "
                + (f"gids {missing} of the model are missing from it" if missing else "")
                + ("; " if missing and extra else "")
                + (f"it has gids {extra} the model does not" if extra else "")
                + "; run `python -m pnm --dry-run` again for this model")

    def totals(self, weight):
        """Per-rank sum of weight(gid)."""
        return [float(sum(weight(g) for g in gids)) for gids in self.ranks]
