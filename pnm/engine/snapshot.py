"""Snapshots of a compiled model's dynamic state, for h.SaveState (model/savestate.py).

What a snapshot holds is what NEURON's SaveState holds (src/nrniv/savstate.cpp):
- t and every node's voltage;
- the STATE variables of every mechanism, and the ion variables NEURON calls ambiguous
  (e, ci, co: ena, cai, ko, ...);
- every field of a mechanism with a NET_RECEIVE block (its logic state: t0, refractory, ...);
- the "net" part: NetCon weight vectors, each spike source's threshold and above-threshold
  flag, and the pending event queue with its bookkeeping (the self-event table and movable
  events of .mod point processes).
`put(..., keep_queue=True)` (SaveState.restore(1)) writes everything but the net part, as
NEURON's restore(1) returns before it. PARAMETERs and ASSIGNED variables of mechanisms without
NET_RECEIVE and recording Vectors are not part of the state.

A snapshot fits only an engine of the same structure: `signature(eng)` describes it (field
sizes, instances per mechanism, NetCons, sources) and `put` refuses a snapshot whose
signature differs, naming what changed."""

import numpy as np

from . import layout as L
from . import usermechs, userpoints
from ..model import mechanisms as mechs

NET_FLOATS = (L.F_NC_WEIGHT, L.F_PS_FLAG, L.F_PS_THRESH)
NET_INTS = ()       # int fields of the net part (none since IntFire2/4 come from .mod files)
QUEUE_META = (L.Q_SIZE, L.Q_INSERTIONS, L.Q_HAS_LEAST)
POINT_NET_ARRAYS = (8, 12)        # a .mod point process's weights and tqitem (userpoints.py)
POINT_HEAD_ARRAYS = (1, 2, 3)     # slot_data, slot_free, slot_meta of the self-event table


class Snapshot:
    """t, the structure it fits (signature), the saved values of S (at the indices `where`),
    and the net part (a list of arrays: weights and sources, the queue, .mod event tables)."""

    def __init__(self, t, signature, where, values, net):
        self.t, self.signature, self.where, self.values, self.net = t, signature, where, values, net

    def arrays(self):
        """Everything as named arrays (for a file): np.savez's keyword arguments."""
        out = {"t": np.array([self.t]), "where": self.where, "values": self.values}
        for k, a in enumerate(self.net):
            out[f"net{k}"] = a
        return out

    @classmethod
    def from_arrays(cls, signature, arrays):
        net = []
        while f"net{len(net)}" in arrays:
            net.append(arrays[f"net{len(net)}"])
        return cls(float(arrays["t"][0]), signature, arrays["where"], arrays["values"], net)


def signature(eng):
    """The structure a snapshot depends on, as {what: count} (names a user can read)."""
    sig = {"sections": len(eng.sections), "nodes": int(eng.nnode),
           "NetCons": len(eng.nc_positions), "spike sources": len(eng.presyns)}
    for name, lst in eng.pps.items():
        if lst:
            sig[f"{name} point processes"] = len(lst)
    for fid in range(L.N_FLOAT_FIELDS):
        sig[f"float field {fid}"] = int(eng.flen[fid])
    for fid in range(L.N_INT_FIELDS):
        sig[f"int field {fid}"] = int(eng.ilen[fid])
    for k, a in enumerate(_net_user_arrays(eng)):
        sig[f"user event array {k}"] = int(a.size)
    return sig


def differences(saved, now):
    """What differs between two signatures, readable: ["nodes: saved 12, now 15", ...] (the
    counts of sections, nodes, NetCons and objects when they differ, else the fields')."""
    keys = list(saved) + [k for k in now if k not in saved]
    out = [f"{k}: saved {saved.get(k, 0)}, now {now.get(k, 0)}" for k in keys
           if saved.get(k, 0) != now.get(k, 0)]
    plain = [line for line in out if "field" not in line and "user event" not in line]
    return plain or out


def _saved_slots(eng):
    """Indices into S of the values a snapshot keeps (without the net part)."""
    parts = [np.arange(eng.foff[L.F_V], eng.foff[L.F_V] + eng.flen[L.F_V])]
    base = int(eng.foff[L.F_USER])
    # users' density mechanisms and ions (usermechs.fill_user's blocks), then point processes
    blocks = [(name, usermechs.field_names(name), n) for name, n in eng.user_blocks]
    blocks += [(name, [f[0] for f in mechs.USER[name].FIELDS], len(eng.pps[name]))
               for name in userpoints.point_names(eng.pps)]
    for name, fields, n in blocks:
        rows = _saved_rows(name, fields)
        for row in rows:
            parts.append(np.arange(base + row * n, base + (row + 1) * n))
        base += len(fields) * n
    return np.concatenate(parts).astype(np.int64)


def _saved_rows(name, fields):
    if mechs.is_ion(name):
        return [0, 1, 2]                                  # e, ci, co: NEURON's ambiguous
    module = mechs.USER[name]
    kinds = {f: kind for f, kind, _ in module.FIELDS}
    if hasattr(module, "net_receive"):      # all but where bound Vectors are (boundvectors.py)
        return [row for row, f in enumerate(fields) if kinds.get(f) != "vector"]
    return [row for row, f in enumerate(fields) if kinds.get(f) == "state"]


def _net_user_arrays(eng):
    """The .mod point processes' arrays of the net part (weights, self events)."""
    g = eng.user_point_part
    if g < 0:
        return []
    out = [eng.user[g + k] for k in POINT_HEAD_ARRAYS]
    for m in range(len(userpoints.point_names(eng.pps))):
        first = g + userpoints.GLOBAL_PART + m * userpoints.PER_POINT
        out += [eng.user[first + k] for k in POINT_NET_ARRAYS]
    return out


def take(eng):
    """The engine's state now (a copy)."""
    where = _saved_slots(eng)
    size = int(eng.queue_meta[L.Q_SIZE])
    net = [np.concatenate([eng.floats(fid) for fid in NET_FLOATS]),
           np.concatenate([eng.ints(fid) for fid in NET_INTS] + [np.zeros(0, np.int64)]),
           eng.queue_meta[list(QUEUE_META)].copy(), eng.queue_f[:size].copy(),
           eng.queue_i[:size].copy(), eng.least_f.copy(), eng.least_i.copy()]
    net += [a.copy() for a in _net_user_arrays(eng)]
    return Snapshot(eng.t, signature(eng), where, eng.S[where].copy(), net)


def check(eng, snap, who):
    """Raise when snap does not fit eng's structure."""
    changed = differences(snap.signature, signature(eng))
    if changed:
        raise RuntimeError(
            f"{who}: the saved state does not fit the model as it is now (NEURON: 'Stored state "
            f"inconsistent with current neuron structure'): {'; '.join(changed[:6])}. Between "
            "save and restore, do not create or delete sections, point processes or NetCons, "
            "change nseg or insert/uninsert mechanisms")


def put(eng, snap, keep_queue=False, who="SaveState.restore()"):
    """Write snap back into eng (t, voltages, states); with keep_queue the net part (weights,
    thresholds, the event queue) stays as it is."""
    check(eng, snap, who)
    eng.t = snap.t
    eng.S[snap.where] = snap.values
    if keep_queue:
        eng.check_event_order = True      # events due before t: an error at the next step
        return
    flat, ints, meta, qf, qi, lf, li, *user = snap.net
    at = 0
    for fid in NET_FLOATS:
        n = int(eng.flen[fid])
        eng.floats(fid)[:] = flat[at:at + n]
        at += n
    at = 0
    for fid in NET_INTS:
        n = int(eng.ilen[fid])
        eng.ints(fid)[:] = ints[at:at + n]
        at += n
    size = len(qf)
    eng.ensure_queue_room(size)
    eng.queue_meta[list(QUEUE_META)] = meta
    eng.queue_f[:size] = qf
    eng.queue_i[:size] = qi
    eng.least_f[:] = lf
    eng.least_i[:] = li
    for dst, src in zip(_net_user_arrays(eng), user):
        dst[...] = src

