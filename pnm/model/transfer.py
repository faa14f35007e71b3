"""Values sent from one place of the model to a point process's variable every time step
(gap junctions): ParallelContext.source_var / target_var / setup_transfer, NEURON's
partrans.cpp. This module keeps what the calls declared; the parallel layer checks the
declarations of all ranks at setup_transfer (parallel/transfer.py), and the engine copies
each source into its targets at NEURON's points of the step (engine/gaptransfer.py).

A source is a variable of a section (normally the voltage, sec(x)._ref_v) published under an
integer sgid; a target is a variable of a point process (gap._ref_vgap), fed from an sgid."""

from .pointers import PointerVar
from .refs import PointRef, SectionLocation
from .state import STATE


class Transfers:
    """The declarations of this rank: sources by sgid, targets in the order declared."""

    def __init__(self):
        self.sources = {}       # sgid -> Ref (a section's variable)
        self.targets = []       # (point process, Ref, sgid)
        self.is_setup = True    # nothing declared: nothing to set up
        # set by setup_transfer: peer rank -> sgids (sorted) whose values that rank sends us,
        # and the sgids of our sources it needs
        self.incoming, self.outgoing = {}, {}

    def declared(self):
        STATE.changed()
        self.is_setup = False

    def check_ready(self):
        """At the engine's build (finitialize): setup_transfer came after the last
        declaration, and every target has its source on this rank."""
        if not self.is_setup:
            raise RuntimeError("ParallelContext.setup_transfer() needs to be called: after "
                               "the last pc.source_var / pc.target_var and before "
                               "finitialize (on every rank)")
        remote = set(self.remote_sgids())
        for _pp, _ref, sgid in self.targets:
            if sgid not in self.sources and sgid not in remote:
                raise RuntimeError(f"No source_var for target_var sid = {sgid}")

    def remote_sgids(self):
        """The sgids whose values other ranks send, by peer rank, then sgid."""
        return [sgid for peer in sorted(self.incoming) for sgid in self.incoming[peer]]

    def pairs(self):
        """(source, target Ref) of every target, in the order declared; the source is a Ref,
        or for a source on another rank its position in remote_sgids()."""
        remote = {sgid: k for k, sgid in enumerate(self.remote_sgids())}
        return [(self.sources[sgid] if sgid in self.sources else remote[sgid], ref)
                for _pp, ref, sgid in self.targets]


def transfers():
    """This rank's declarations (made on first use; STATE.reset() forgets them)."""
    if STATE.transfer is None:
        STATE.transfer = Transfers()
    return STATE.transfer


def sgid_arg(sgid, call, argno):
    try:
        value = float(sgid)
    except (TypeError, ValueError):
        raise TypeError(f"pc.{call}: arg {argno} (the sgid) must be a number, not "
                        f"{sgid!r}") from None
    if value < 0 or value != int(value):
        raise ValueError(f"pc.{call}: {call} sgid must be an integer >= 0: arg {argno} is "
                         f"{value:g}")
    return int(value)


def source_var(ref, sgid, sec):
    """pc.source_var(sec(x)._ref_v, sgid, sec=sec); hoc: `sec pc.source_var(&v(x), sgid)`.
    The variable must be in sec, the accessed section (as NEURON requires)."""
    sgid = sgid_arg(sgid, "source_var", 2)
    if not isinstance(ref, SectionLocation) or ref.live_section() is not sec:
        what = ref.describe() if hasattr(ref, "describe") else repr(ref)
        raise ValueError(f"pc.source_var({what}, {sgid}): Pointer to src is not in the "
                         f"currently accessed section {sec}; publish a variable of the "
                         "section itself (Python: pc.source_var(sec(x)._ref_v, sgid, "
                         "sec=sec); hoc: sec pc.source_var(&v(x), sgid))")
    table = transfers()
    if sgid in table.sources:
        raise ValueError(f"pc.source_var({ref.describe()}, {sgid}): source var sgid {sgid} "
                         f"already in use (by {table.sources[sgid].describe()}); each "
                         "source needs its own sgid")
    table.sources[sgid] = ref
    table.declared()


def target_var(args):
    """pc.target_var(pp, pp._ref_var, sgid) or pc.target_var(pp._ref_var, sgid); hoc:
    pc.target_var(pp, &pp.var, sgid). The target must be a variable of a point process."""
    args = list(args)
    if len(args) not in (2, 3):
        raise TypeError("pc.target_var(pp, pp._ref_var, sgid) or pc.target_var(pp._ref_var, "
                        f"sgid): {len(args)} arguments given")
    pp = args.pop(0) if len(args) == 3 else None
    ref, sgid = args
    sgid = sgid_arg(sgid, "target_var", 3 if pp is not None else 2)
    what = ref.describe() if hasattr(ref, "describe") else repr(ref)
    if isinstance(ref, PointerVar):
        raise TypeError(f"pc.target_var(..., {what}, {sgid}): {ref.name} is a POINTER of "
                        f"{ref.mech} ({ref.mod_file()}); NEURON refuses it too (Invalid "
                        "pointer). Declare the target ASSIGNED in the NEURON block's RANGE "
                        "(e.g. RANGE vgap, ASSIGNED { vgap (mV) }) and target it")
    if pp is not None and not (isinstance(ref, PointRef) and ref.pp is pp):
        raise ValueError(f"pc.target_var({pp}, {what}, {sgid}): Target ref not in {pp}; "
                         "the target must be a variable of that point process "
                         "(pc.target_var(pp, pp._ref_vgap, sgid); hoc: pc.target_var(pp, "
                         "&pp.vgap, sgid))")
    if not isinstance(ref, PointRef):
        raise TypeError(f"pc.target_var({what}, {sgid}): the target must be a variable of a "
                        "point process (pc.target_var(pp, pp._ref_vgap, sgid); hoc: "
                        "pc.target_var(pp, &pp.vgap, sgid))")
    table = transfers()
    table.targets.append((ref.pp, ref, sgid))
    table.declared()
