"""pc.multisplit: cells cut at any nodes into pieces on any ranks (NEURON's multisplit, solved
exactly as its backbone_style 2 does), and the plan the compiled step (multicouple.py) follows.

    pc.multisplit(sec(x), sid[, backbone_style])   (or x, sid, sec=sec; hoc: sec pc.multisplit(x, sid))
        the node at sec(x) is split node `sid`: nodes with one sid, on any ranks, are one node
    pc.multisplit()
        every rank, after its last multisplit(x, sid): the ranks learn each other's pieces

A piece is a tree (the user cuts the cell with disconnect/delete, as in NEURON) with one or two
sids; the sids and pieces of one cell must form a tree. Pieces of one cell may share a rank.
pnm solves every cell exactly whatever the backbone_style (NEURON's styles 0 and 1 approximate
long backbones; style 2, the default, is exact)."""

import numpy as np

from ..model.state import STATE
from ..engine.coupling import Coupling
from . import mpi
from .splittable import split_table


class PlanError(ValueError):
    pass


def _segment(args, sec):
    """(section, x, sid, style) from multisplit's arguments."""
    first, rest = args[0], args[1:]
    if hasattr(first, "sec") and hasattr(first, "x"):
        sec, x = first.sec, float(first.x)
    else:
        if sec is None:
            from ..model import secstack
            sec = secstack.cas()
        x = float(first)
    if not rest:
        raise TypeError("pc.multisplit(sec(x), sid[, backbone_style]): the sid is missing")
    sid = rest[0]
    style = rest[1] if len(rest) > 1 else 2
    if int(sid) != sid or sid < 0:
        raise ValueError(f"pc.multisplit({sec}({x:g}), {sid!r}): a sid is a non-negative integer")
    if style not in (0, 1, 2):
        raise ValueError(f"pc.multisplit({sec}({x:g}), {sid}, {style!r}): backbone_style is "
                         "0, 1 or 2")
    if not 0 <= x <= 1:
        raise ValueError(f"pc.multisplit({sec}({x:g}), {sid}): x must be in [0, 1]")
    return sec, x, int(sid), style


def multisplit(pc, args, sec=None):
    """pc.multisplit(...) (see the module docstring)."""
    table = _table()
    if args:
        s, x, sid, _style = _segment(args, sec)
        if table.plan is not None:
            raise RuntimeError(f"pc.multisplit({s}({x:g}), {sid}): pc.multisplit() was already "
                               "called; mark every split node before it")
        table.marks.append((s, x, sid))
        STATE.changed()
        return
    table.plan = make_plan(_local_pieces(table.marks), int(pc.id()))
    STATE.changed()


def _table():
    return split_table()


def _local_pieces(marks):
    """This rank's pieces: [(sids), [(section, x)...]] by tree, in order of first mark; or
    the error text (reported on every rank after the exchange)."""
    pieces, where = [], {}
    for s, x, sid in marks:
        if type(s).IS_DELETED:
            return None, f"pc.multisplit: {s} was deleted after being marked with sid {sid}"
        key = id(s.root())
        if key not in where:
            where[key] = len(pieces)
            pieces.append(([], []))
        sids, points = pieces[where[key]]
        if sid in sids:
            return None, (f"pc.multisplit: sid {sid} is marked twice on the tree of {s}; a sid "
                          "names one node of a piece")
        sids.append(sid)
        points.append((s, x))
        if len(sids) > 2:
            return None, (f"pc.multisplit: the tree of {s} has sids {sids}; a piece may have at "
                          "most two split nodes (NEURON's rule): cut it into more pieces")
    return pieces, None


def make_plan(local, rank):
    """Every rank's pieces (one allgather, on every rank), checked: the global piece list and
    the cells (connected sids)."""
    pieces, error = local
    sent = ([tuple(sids) for sids, _ in pieces] if pieces is not None else None, error)
    everyone = mpi.allgather_obj(sent)
    errors = [f"rank {r}: {e}" for r, (_, e) in enumerate(everyone) if e]
    if errors:
        raise PlanError("; ".join(errors))
    glob = [(r, k, sids) for r, (lst, _) in enumerate(everyone) for k, sids in enumerate(lst)]
    parent = {}

    def find(s):
        while parent.setdefault(s, s) != s:
            s = parent[s]
        return s
    for _, _, sids in glob:
        roots = [find(s) for s in sids]
        if len(roots) == 2:
            if roots[0] == roots[1]:
                raise PlanError(f"pc.multisplit(): the pieces with sids {sorted(sids)} close a "
                                "loop; the pieces of a cell and their sids must form a tree")
            parent[roots[1]] = roots[0]
    cells = {}
    for g, (_, _, sids) in enumerate(glob):
        cells.setdefault(find(sids[0]), []).append(g)
    return {"rank": rank, "pieces": glob, "cells": list(cells.values()),
            "points": [points for _, points in pieces]}


def split_points(table):
    """(section, x) for the engine: per local piece its first sid (the root), then its second."""
    if table.plan is None:
        if table.marks:
            raise RuntimeError("pc.multisplit(sec(x), sid) was called but not pc.multisplit(): "
                               "every rank must call pc.multisplit() (no arguments) after its "
                               "last multisplit(sec(x), sid), before finitialize")
        return []
    return [p for points in table.plan["points"] for p in points]


def coupling_fields(plan, nodes, parents, timeout_ms):
    """multicouple.py's fields for this rank, from the plan and the engine's split nodes and
    parent array (nodes: per local piece, its sids' nodes in order)."""
    me, glob = plan["rank"], plan["pieces"]
    mine = [g for g, (r, _, _) in enumerate(glob) if r == me]
    my_cells = [c for c in plan["cells"] if any(g in mine for g in c)]
    rel = sorted(g for c in my_cells for g in c)
    rel_of = {g: i for i, g in enumerate(rel)}
    cell_of, cell_rows, cpieces, sid_index, nsid_total = {}, [], [], {}, 0
    for c, members in enumerate(my_cells):
        sids = sorted({s for g in members for s in glob[g][2]})
        sid_index.update({(c, s): i for i, s in enumerate(sids)})
        cell_rows += [len(sids), len(cpieces) // 3, len(members), nsid_total]
        nsid_total += len(sids)
        for g in sorted(members):
            cell_of[g] = c
            idx = [sid_index[(c, s)] for s in glob[g][2]] + [-1]
            cpieces += [rel_of[g], idx[0], idx[1]]
    local, path = [], []
    for k, g in enumerate(mine):
        pn = nodes[k]
        c = cell_of[g]
        idx = [sid_index[(c, s)] for s in glob[g][2]] + [-1]
        chain = []
        if len(pn) == 2:
            n = pn[1]
            while n != pn[0]:
                if n < 0:
                    raise PlanError("pc.multisplit(): a piece's second split node is not in the "
                                    "tree of its first")
                chain.append(n)
                n = parents[n]
        local += [rel_of[g], pn[0], pn[1] if len(pn) == 2 else -1, len(path), len(chain), c,
                  idx[0], idx[1]]
        path += chain
    peers, send, recv = [], [], []
    for peer in sorted({glob[g][0] for g in rel} - {me}):
        theirs = [g for g in rel if glob[g][0] == peer]
        shared = [c for c in my_cells if any(glob[g][0] == peer for g in c)]
        out = [rel_of[g] for g in mine if any(g in c for c in shared)]
        peers += [peer, len(out), len(theirs)]
        send += out
        recv += [rel_of[g] for g in theirs]
    meta = [timeout_ms, len(rel), nsid_total]
    return [meta, local, path, peers, send, recv, cell_rows, cpieces], len(rel)


def install(engine, table, timeout_ms, describe):
    from .mpicall import with_header
    from .multicouple import multisplit_coupling
    from .multisolve import REC, pack_fields
    plan = table.plan
    flat = [int(n) for n in engine.split_nodes]
    nodes, k = [], 0
    for points in plan["points"]:
        nodes.append(flat[k:k + len(points)])
        k += len(points)
    fields, nrel = coupling_fields(plan, nodes, engine.node_parents(), timeout_ms)
    engine.set_coupling(Coupling(multisplit_coupling, with_header(pack_fields(fields)),
                                 np.zeros(nrel * REC + 1), describe))
