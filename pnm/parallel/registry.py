"""What the run system needs to know from the parallel layer, without importing MPI: the spike
sources that exist because of gids (output cells, sources of remote spikes) and hooks that see
the spikes each run produces. The live ParallelContexts are kept in STATE.contexts."""

from ..model.state import STATE
from ..util import LazyModule
from . import lbmode

# they define numba kernels: imported when an engine is built
splitcell = LazyModule("pnm.parallel.splitcell")
transfer = LazyModule("pnm.parallel.transfer")


_stop_query = None
_stop_marker = None


def set_stop_query(query):
    """The run system's h.stoprun test (it lives above this layer)."""
    global _stop_query
    _stop_query = query


def set_stop_marker(mark):
    """The run system's `stoprun |= tstopbit` (a CVode.event without action stopped a run)."""
    global _stop_marker
    _stop_marker = mark


def mark_stopped():
    if _stop_marker is not None:
        _stop_marker()


def stop_requested():
    """True when h.stoprun is set: a serial psolve stops after the step whose CVode.event
    action set it, as NEURON's fixed-step group does."""
    return _stop_query is not None and _stop_query()


def register_context(pc):
    if pc not in STATE.contexts:
        STATE.contexts.append(pc)


def canonical_order():
    """On more than one rank, events due at exactly the same time are delivered in the
    canonical order (engine/eventqueue.py), the same on any number of ranks; on one rank,
    with or without a ParallelContext, in NEURON's insertion order, so that a one-process run
    gives NEURON's exact spikes when ties decide them (NEURON's own tie order on N ranks
    follows its exchange schedule and differs from its one-process order)."""
    return any(pc.nhost() > 1 for pc in STATE.contexts)


def extra_presyns():
    out = []
    for pc in STATE.contexts:
        out.extend(pc.engine_presyns())
    return out


def after_init(engine, spikes):
    for pc in STATE.contexts:
        pc.after_init(engine, spikes)


def after_steps(engine, spikes):
    for pc in STATE.contexts:
        pc.after_steps(engine, spikes)


def simulation_skipped(what):
    """True in a `python -m pnm --dry-run` once t has reached its --dry-run-ms (what: the
    call skipped, said once)."""
    return lbmode.skip_simulation(what, STATE.t)


def dry_run():
    """Whether this is a `python -m pnm --dry-run` (simulation calls stop at its --dry-run-ms)."""
    return bool(lbmode.LB.dry_run)


def simulation_stop(what, tstop):
    """The tstop a simulation call runs to: tstop, or in a dry run at most --dry-run-ms."""
    return lbmode.capped_tstop(what, tstop)


def simulation_done():
    """After psolve/continuerun: a dry run measures its model once --dry-run-ms is reached."""
    lbmode.simulation_done(STATE.t)


def split_points():
    """(section, x) of this rank's pieces of split cells: the engine roots them there."""
    return splitcell.split_points()


def engine_built(engine):
    """A new engine: the coupling step of its split pieces (splitcell.py), and the exchange
    of its gap junctions' values with other ranks (transfer.py), if any."""
    splitcell.install_coupling(engine)
    transfer.install_exchange(engine)
