"""Split cells: one cell's tree cut at a node into pieces on different ranks, solved as one
(NEURON's ParallelNetManager.splitcell and ParallelContext.splitcell_connect).

netparmpi.hoc's splitcell(hostcas, hostparent) cuts at the currently accessed section (cas)
and its parent: the cas subtree lives on hostcas, the rest of the cell on hostparent (which must
be hostcas +- 1), and each rank deletes what it does not keep. NEURON re-roots the sections so
that both pieces start at the cut; pnm leaves the sections as they are and roots each piece at
the cut node when it compiles the model (engine/nodes.py), which gives the same equations.

Every time step each piece is triangularized toward the cut node, the two ranks exchange that
node's d and rhs and both solve the whole node's equation (splitcouple.py, compiled: no Python
per step); spikes are exchanged at min-delay intervals as for any cell. The gid of a split
cell belongs on the rank that has its spike detector's section.

Pieces are paired by order: the k-th connection a rank makes to a peer meets the k-th that
peer makes to it (every rank runs the same script, so splitcell calls come in one order)."""

import numpy as np

from ..model.state import STATE
from ..engine.coupling import Coupling
from . import multisplit, waiting
from .splittable import split_table


def split_points():
    """(section, x) of every live join on this rank, for the engine build (splitcell's, or
    multisplit's: one model uses one of them)."""
    if STATE.splits is None:
        return []
    table = STATE.splits
    ms = multisplit.split_points(table)
    if ms and table.points:
        raise RuntimeError("this model uses both splitcell and multisplit; split its cells "
                           "with one of them (multisplit does all that splitcell does)")
    return ms or [(p.section, p.x) for p in table.live_points()]


def _host(value, what, nhost, call):
    try:
        host = int(value)
    except (TypeError, ValueError):
        raise TypeError(f"{call}: {what} must be a rank number, not {value!r}") from None
    if host != value or not 0 <= host < nhost:
        raise ValueError(f"{call}: {what} = {value!r} is out of range; ranks are 0 to "
                         f"{nhost - 1} (pc.nhost() = {nhost})")
    return host


def end_node(sec, x):
    """The (section, x) that names the node at sec(x) with x = 1, or x = 0 of a root section;
    None when that node is the centre of a segment (p(0) of a section attached at 0 < x < 1)."""
    while x == 0 and sec.parent_section is not None:
        sec, x = sec.parent_section, sec.parent_x
    return (sec, x) if x in (0, 1) else None


def check_splitcell(cas, hostcas, hostp, nhost):
    """Every check of splitcell, the same on every rank (same arguments, same cell)."""
    call = f"ParallelNetManager.splitcell({hostcas!r}, {hostp!r}) at {cas}"
    hostcas = _host(hostcas, "hostcas", nhost, call)
    hostp = _host(hostp, "hostparent", nhost, call)
    if abs(hostp - hostcas) != 1:
        raise ValueError(f"{call}: hostparent must be hostcas + 1 or hostcas - 1 (NEURON's "
                         "splitcell joins neighbouring ranks)")
    if type(cas).IS_DELETED:
        raise ValueError(f"{call}: the section was deleted (is this cell already split?)")
    for names in split_table().cut_cells:
        if cas.name() in names:
            raise ValueError(f"{call}: this cell is already split by an earlier splitcell; "
                             "splitcell cuts a cell into two pieces only (NEURON's rule)")
    if cas.parent_section is None:
        raise ValueError(f"{call}: {cas} is a root section: splitcell cuts between the "
                         "accessed section and its parent; access a section that has a parent")
    x = cas.parent_x
    if x not in (0, 1):
        raise ValueError(f"{call}: {cas} connects to {cas.parent_section}({x:g}); splitcell "
                         "cuts only at a connection point 0 or 1 of the parent")
    node = end_node(cas.parent_section, x)
    if node is None:
        raise ValueError(f"{call}: {cas} connects to {cas.parent_section}(0), which is the "
                         "middle of a segment of an ancestor; cut where the node is a section end")
    return hostcas, hostp, node


def splitcell(pc, hostcas, hostp, cas):
    """netparmpi.hoc's splitcell at section cas; returns nothing (the pieces stay)."""
    nhost, me = int(pc.nhost()), int(pc.id())
    hostcas, hostp, (psec, px) = check_splitcell(cas, hostcas, hostp, nhost)
    whole = cas.wholetree()
    table = split_table()
    table.cut_cells.append(frozenset(s.name() for s in whole))
    cas_piece = cas.subtree()
    inside = set(map(id, cas_piece))
    parent_piece = [s for s in whole if id(s) not in inside]
    if me != hostcas:
        for s in reversed(cas_piece):
            s.delete()
    if me != hostp:
        for s in reversed(parent_piece):
            s.delete()
    if me == hostcas:
        table.add(cas, 0, hostp)
    if me == hostp:
        table.add(psec, px, hostcas)
    STATE.changed()


def splitcell_connect(pc, host, sec):
    """pc.splitcell_connect(host): the root node of sec's tree is joined to the root node of
    the corresponding piece on rank host (which makes the matching call)."""
    nhost, me = int(pc.nhost()), int(pc.id())
    call = f"pc.splitcell_connect({host!r}) at {sec}"
    host = _host(host, "host", nhost, call)
    if host == me:
        raise ValueError(f"{call}: host is this rank ({me}); a piece is joined to another rank")
    split_table().add(sec.root(), 0, host)
    STATE.changed()


def coupling_timeout_ms():
    """How long a step waits for a peer: 10 silence limits (the peers of a split cell step
    together, but a peer may still be busy between finitialize and its first step), at least
    10 s; 0 when the limit is disabled."""
    limit = waiting.get_timeout()
    return 0 if limit <= 0 else int(1000 * max(10.0, 10 * limit))


def coupling_table(points, nodes, timeout_ms):
    """splitcouple.py's int64 table: joins grouped by peer, ordered by pairing ordinal."""
    order = sorted(range(len(points)), key=lambda i: (points[i].peer, points[i].ordinal))
    peers = sorted({p.peer for p in points})
    head, body = [timeout_ms, len(peers)], []
    for peer in peers:
        mine = [nodes[i] for i in order if points[i].peer == peer]
        head += [peer, len(body), len(mine)]
        body += mine
    return np.array(head + body, dtype=np.int64), np.zeros(4 * len(body) + 1)


def install_coupling(engine):
    """After a build: hand the engine the compiled coupling of its split pieces (none: the
    built-in no-op)."""
    if STATE.splits is not None and STATE.splits.plan is not None:
        from .splitwait import ERR_TIMEOUT
        timeout_ms = coupling_timeout_ms()
        multisplit.install(engine, STATE.splits, timeout_ms,
                           lambda code: _failure(code, ERR_TIMEOUT, timeout_ms, "its peers"))
        return
    points = [] if STATE.splits is None else STATE.splits.points
    if not points:
        return
    from .mpicall import with_header
    from .splitcouple import ERR_TIMEOUT, mpi_coupling     # compiled only for split cells
    nodes = [int(n) for n in engine.split_nodes]
    timeout_ms = coupling_timeout_ms()
    table, buf = coupling_table(points, nodes, timeout_ms)
    peers = sorted({p.peer for p in points})

    engine.set_coupling(Coupling(mpi_coupling, with_header(table), buf,
                                 lambda code: _failure(code, ERR_TIMEOUT, timeout_ms,
                                                       f"rank(s) {peers}")))


def _failure(code, timeout_code, timeout_ms, peers):
    if code == timeout_code:
        return (f"split cells: rank {this_rank()} waited {timeout_ms / 1000:g} s for the split "
                f"node values of {peers} in a time step; does every rank run the same "
                "simulation (same tstop, dt, and every piece's splitcell_connect/multisplit)?")
    return (f"split cells: an MPI call failed (code {code}) exchanging split node values "
            f"with {peers}")


def take_coupling_wait(engine):
    """Seconds the engine's time steps spent waiting for the other pieces of split cells since
    the last call (pc.vtransfer_time(1); not computation)."""
    coupling = engine.coupling
    if not coupling.active:
        return 0.0
    waited = float(coupling.buffer[-1])
    coupling.buffer[-1] = 0.0
    return waited


def this_rank():
    from . import mpi
    return mpi.world().rank
