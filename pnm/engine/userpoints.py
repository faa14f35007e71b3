"""POINT_PROCESS and ARTIFICIAL_CELL mechanisms from users' .mod files in the engine.

Their instances live in S after the density mechanisms' block of F_USER (one row per FIELD, so
PointHandles, _ref_ and Vector.record work as for the built-ins). NetCons to them queue events
of type T_USER + m (m: the mechanism's place in the model's list) in the one event queue, so
ties are ordered as for ExpSyn and IntFire. A mechanism's hook (userhooks.py), written once
per mechanism as a density mechanism's (usermechs.mechanism_hook), has the phases current,
state, initial and, here (event_branches), receive (an event for an instance), watch (WATCH
conditions at the start of each step), init (the events INITIAL sent) and net_init (a
NetCon's NET_RECEIVE INITIAL; the stepper calls them in NetCon creation order, as NEURON's
init_events).

The kernels put net_send / net_event / net_move / WATCH records into their event buffer
(pnm.nmodl.runtime); `drain` turns them into queue events:
- net_send: a self event whose queue item carries code -2 - s, s a slot of the self-event
  table (slot_data[s] = weight row of the sending event, flag); flag 1 makes it the instance's
  movable event (NEURON's _tqitem);
- net_event: a spike of the instance's source (fire);
- net_move: the movable event is moved as NEURON's TQueue::move (the held least item keeps its
  place when still least, else the heap's least takes its place; an item of the heap is taken
  out; then it is queued again at the new time, behind its equals);
- WATCH: an event at t with the WATCH flag and no weights.

U layout after the density part (usermechs.py): G = the first index of this part:
  U[G] nc_row int64[n_netcons] (weight row of each NetCon in its target's table, -1),
  U[G+1] slot_data float64[cap, 2], U[G+2] slot_free int64[cap], U[G+3] slot_meta int64[1],
  U[G+4] init_list int64[n, 3] (mechanism, instance, row) of user NetCons in creation order;
  then per mechanism PER_POINT arrays: inst, glob, tab, node_index, ion_index, work, events,
  n_events, weights, nc_start, nc_rows, ps_index, tqitem, wrote, wrote_u, runs (as a density
  mechanism's, usermechs.py).
A point process that USEIONs reads and writes the ion mechanism's block (pnm/engine/ions.py)
at its node, as the density mechanisms do (its ion currents scaled by 1e2/area, as nocmodl
does for point processes: codegen); Section.add_point_process brings the ion to its section."""

import numpy as np
from numba import njit

from . import layout as L
from .binding import PointHandle
from .eventqueue import movable_hint, q_least_to_heap_head, q_remove_at, q_self
from .layout import (E_NETCON, E_TIME, E_TTYPE, Q_HAS_LEAST, Q_NET_SEND_ERROR, Q_NET_SEND_K,
                     Q_SIZE)
from .netevents import fire
from . import usermechs
from ..model import mechanisms as mechs
from ..model.state import STATE
from ..nmodl.runtime import node_runs, uses_runge

PER_POINT = 16
WROTE = 13        # the place of `wrote` in a mechanism's part (wrote_u follows)
RUNS = 15         # the place of `runs`
GLOBAL_PART = 5


def point_names(pps):
    """The point mechanisms from .mod files with instances in this model, in catalogue order
    (one without instances needs no hook: it is neither compiled nor called)."""
    return [name for name, lst in pps.items() if lst and mechs.is_user_point(name)]


def float_count(pps):
    return sum(len(mechs.USER[n].FIELDS) * len(pps[n]) for n in point_names(pps))


class UserWeights:
    """The weight vectors of NetCons whose target comes from a .mod file: one table per
    mechanism (rows = its NetCons, columns = NET_RECEIVE's arguments), which the kernels
    read and write; NetCon.weight[k] reads them through the NetConHandle."""

    def __init__(self, n_netcons):
        self.mech = np.full(n_netcons, -1, dtype=np.int64)
        self.row = np.full(n_netcons, -1, dtype=np.int64)
        self.tables = []

    def holds(self, c):
        return self.mech[c] >= 0

    def get(self, c, k):
        return float(self.tables[self.mech[c]][self.row[c], k])

    def set(self, c, k, value):
        self.tables[self.mech[c]][self.row[c], k] = value

    def sync(self, table, positions):
        """Copy the weights back into the NetCon table (before a rebuild)."""
        weights = table.values_view("weight")
        for c in np.flatnonzero(self.mech >= 0).tolist():
            w = self.tables[self.mech[c]][self.row[c]]
            p = int(positions[c])
            weights[p] = w[0]
            for k in range(1, len(w)):
                table.set_extra_weight(p, k, float(w[k]))


def watch_rows(module):
    return [row for row, (_name, kind, _d) in enumerate(module.FIELDS) if kind == "watch"]


def bind_points(eng, pps, offset):
    """Instance values (defaults, then what each object holds) in S at F_USER + offset, and
    each instance's PointHandle. Returns the instance arrays by mechanism."""
    base = int(eng.foff[L.F_USER]) + offset
    out = {}
    for name in point_names(pps):
        lst, module = pps[name], mechs.USER[name]
        n = len(lst)
        inst = eng.S[base:base + len(module.FIELDS) * n].reshape(len(module.FIELDS), n)
        bases = {}
        for row, (field, _kind, default) in enumerate(module.FIELDS):
            inst[row] = [pp.field_values.get(field, default) for pp in lst]
            bases[field] = base + row * n
        for k, pp in enumerate(lst):
            pp.bind(PointHandle(eng, k, bases))
        base += inst.size
        out[name] = inst
    return out


def node_indices(name, lst, sec_nodes):
    if mechs.ALL_POINT[name].kind == "artificial":
        return np.zeros(len(lst), dtype=np.int64)
    return np.array([sec_nodes[id(pp.host_section)][pp.host_section.node_of(pp.host_x)]
                     for pp in lst], dtype=np.int64)


def point_arrays(eng, pps, insts, targets, ions, ion_u):
    """The U entries of the user point mechanisms (module docstring), and the NetCons'
    target types. targets: the target object of each compiled NetCon (engine order)."""
    names = point_names(pps)
    n_nc = len(targets)
    weights = UserWeights(n_nc)
    where = {}          # id(pp) -> (mechanism, instance)
    for m, name in enumerate(names):
        where.update((id(pp), (m, k)) for k, pp in enumerate(pps[name]))
    ttype, tidx = eng.ints(L.I_NC_TTYPE), eng.ints(L.I_NC_TIDX)
    per_mech = [[] for _ in names]
    for c, target in enumerate(targets):
        hit = where.get(id(target)) if target is not None else None
        if hit is not None:
            m, k = hit
            weights.mech[c], weights.row[c] = m, len(per_mech[m])
            per_mech[m].append((c, k))
            ttype[c], tidx[c] = L.T_USER + m, k
    table = STATE.netcons
    positions = eng.nc_positions
    init_list = []
    part = []
    n_instances = 0
    for m, name in enumerate(names):
        module, lst = mechs.USER[name], pps[name]
        n = len(lst)
        n_instances += n
        nargs = max(1, len(module.NET_RECEIVE_ARGS))
        w = np.zeros((max(1, len(per_mech[m])), nargs))
        for row, (c, k) in enumerate(per_mech[m]):
            p = int(positions[c])
            w[row, 0] = table.values["weight"][p]
            for col in range(1, nargs):
                w[row, col] = table.extra_weight(p, col)
            init_list.append((c, m, k, row))
        weights.tables.append(w)
        by_instance = sorted(range(len(per_mech[m])), key=lambda r: per_mech[m][r][1])
        counts = np.bincount([per_mech[m][r][1] for r in by_instance], minlength=n)
        nc_start = np.zeros(n + 1, dtype=np.int64)
        nc_start[1:] = np.cumsum(counts)
        node_index = node_indices(name, lst, eng.sec_nodes)
        ps = [pp.own_presyn() for pp in lst]
        ps_index = np.array([eng.ps_index.get(id(s), -1) if s is not None else -1 for s in ps],
                            dtype=np.int64)
        part += [insts[name], mechs.USER_GLOBALS[name], mechs.user_table(name), node_index,
                 ion_columns(eng, module, name, lst, node_index, ions),
                 np.zeros(module.WORK_SHAPE), np.zeros((4 * n + 1024, 4)),
                 np.zeros(1, dtype=np.int64), w, nc_start,
                 np.array(by_instance, dtype=np.int64), ps_index,
                 np.full(n, -1, dtype=np.int64), wrote_where(module, node_index, ions),
                 usermechs.wrote_u(module, ion_u), node_runs(node_index)]
    init_list.sort()
    cap = max(65536, 8 * n_instances)
    head = [weights.row.copy(), np.zeros((cap, 2)), np.zeros(cap, dtype=np.int64),
            np.zeros(1, dtype=np.int64),
            np.array([t[1:] for t in init_list] or np.zeros((0, 3)), dtype=np.int64).reshape(-1, 3)]
    eng.user_weights = weights if names else None
    grow_queue_margin(eng, n_instances)
    return tuple(head + part)


def ion_columns(eng, module, name, lst, node_index, ions):
    """Where each ION_COLUMNS value of each instance sits in S: the row of the ion's block
    (usermechs.make_ion: ions[name] = ([block, glob, style], ion instance at each node)), or
    the variable a POINTER points at (lst: the instances)."""
    from ..model.pointers import PointPointer
    out = np.zeros((len(module.ION_COLUMNS), len(node_index)), dtype=np.int64)
    if module.IONS and mechs.ALL_POINT[name].kind == "artificial":
        raise ValueError(f"{name} ({module.__file__}): an ARTIFICIAL_CELL has no membrane, "
                         "so it cannot USEION; make it a POINT_PROCESS")
    for col, (ion, var) in enumerate(module.ION_COLUMNS):
        if ion == "<pointer>":
            out[col] = [usermechs.pointer_slot(eng, PointPointer(pp, var)) for pp in lst]
            continue
        if len(node_index) == 0:        # no instance here: the ion may be absent too
            continue
        (block, _g, _s), at_node = ions[ion + "_ion"]
        where = at_node[node_index]
        if (where < 0).any():
            raise RuntimeError(f"{name} ({module.__file__}): the {ion}_ion mechanism is missing "
                               "at a point process's node (pnm bug: Section.add_point_process "
                               "inserts it)")
        out[col] = block[0] + usermechs.ion_row(ion, var) * block[1] + where
    return out


def wrote_where(module, node_index, ions):
    """Per ion whose concentration the mechanism writes: the ion instance at each instance's
    node (nrn_wrote_conc after INITIAL, ions.wrote_conc)."""
    wrote = usermechs.wrote_ions(module)
    out = np.zeros((len(wrote), len(node_index)), dtype=np.int64)
    for r, ion in enumerate(wrote):
        if len(node_index):
            out[r] = ions[ion + "_ion"][1][node_index]
    return out


def net_send_error(eng):
    """The message for the instance whose net_send went back in time (layout's
    Q_NET_SEND_ERROR, cleared here), or None: the point process's own explanation
    (pp.net_send_error(t), VecStim's in stdmechs.py), else the rule."""
    code = int(eng.queue_meta[L.Q_NET_SEND_ERROR])
    if code == 0:
        return None
    eng.queue_meta[L.Q_NET_SEND_ERROR] = 0
    pp = eng.pps[point_names(eng.pps)[code - L.T_USER]][int(eng.queue_meta[L.Q_NET_SEND_K])]
    explain = getattr(pp, "net_send_error", None)
    return (explain(eng.t) if explain is not None else None) or (
        f"{pp.hname()}: net_send asked for an event earlier than t = {eng.t!r} (NEURON aborts "
        "here with 'net_send td-t < 0'); the delays its .mod file gives net_send must be >= 0")


def grow_queue_margin(eng, n_instances):
    """Room for the self events of user point processes (each may queue a few per step)."""
    eng.q_margin += 4 * n_instances
    need = 2 * eng.q_margin + 1024
    if len(eng.queue_f) < need:
        eng.queue_f = np.zeros((need, L.N_EVENT_F))
        eng.queue_i = np.zeros((need, L.N_EVENT_I), dtype=np.int64)


# ---- numba: the event side ------------------------------------------------------------------

@njit(cache=True, error_model="numpy")
def slot_take(slot_data, slot_free, slot_meta, row, flag):
    n = slot_meta[0]
    if n == 0:
        raise RuntimeError("pnm: too many pending net_send events of mechanisms from .mod "
                           "files (a net_send loop?)")
    n -= 1
    slot_meta[0] = n
    s = slot_free[n]
    slot_data[s, 0] = row
    slot_data[s, 1] = flag
    return s


@njit(cache=True, error_model="numpy")
def event_row(nc, flag, nc_row, slot_data, slot_free, slot_meta, tqitem, k):
    """The weight row of a dequeued event (NetCon: its row; self event: the sender's row,
    and its slot is freed; WATCH: -1). A flag-1 event clears the movable event (nocmodl's
    `if (_lflag == 1.) *_tqitem = nullptr`)."""
    if flag == 1.0:
        tqitem[k] = -1
    if nc >= 0:
        return nc_row[nc]
    if nc <= -2:
        s = -2 - nc
        row = int(slot_data[s, 0])
        slot_free[slot_meta[0]] = s
        slot_meta[0] += 1
        return row
    return -1


@njit(cache=True, error_model="numpy")
def net_move(queue_f, queue_i, queue_meta, least_f, least_i, slot_data, tqitem, ttype, k,
             tt, tnow):
    """NEURON's net_move of instance k's movable self event to time tt (TQueue::move)."""
    s = tqitem[k]
    if s < 0:
        raise RuntimeError("net_move: no pending self event with flag=1 (NEURON: 'No event "
                           "with flag=1 for net_move')")
    if tt < tnow:
        raise RuntimeError("net_move: the new time is earlier than t (NEURON: 'net_move tt < t')")
    code = -2 - s
    if queue_meta[Q_HAS_LEAST] != 0 and least_i[E_NETCON] == code and least_i[E_TTYPE] == ttype:
        if queue_meta[Q_SIZE] == 0 or tt <= queue_f[0, E_TIME]:
            least_f[E_TIME] = tt        # still the least: it keeps its place
            return
        # move_least: the heap's least becomes the held one, the item is queued again
        q_least_to_heap_head(queue_f, queue_i, queue_meta, least_f, least_i)
    else:
        # taken out of the queue (not left behind voided: an item left at its old time would
        # be the least that the moved item is compared with, and NEURON's quirk in
        # TQueue::move, the old least going back behind its equals, would not happen)
        at = movable_hint(queue_meta, ttype, code)      # where the heap noted it: O(1)
        j = queue_meta[at] if at >= 0 else -1
        if not (0 <= j < queue_meta[Q_SIZE] and queue_i[j, E_NETCON] == code
                and queue_i[j, E_TTYPE] == ttype):
            j = -1
            for i in range(queue_meta[Q_SIZE]):          # no (right) note: search
                if queue_i[i, E_NETCON] == code and queue_i[i, E_TTYPE] == ttype:
                    j = i
                    break
        if j >= 0:
            q_remove_at(queue_f, queue_i, queue_meta, j)
    q_self(queue_f, queue_i, queue_meta, least_f, least_i, tt, tnow, slot_data[s, 1], ttype, k,
           code)


@njit(cache=True, error_model="numpy")
def drain(S, foff, flen, I, ioff, ilen, events, n_events, ttype, row, tnow, ps_index, tqitem,
          slot_data, slot_free, slot_meta, queue_f, queue_i, queue_meta, least_f, least_i,
          spk_f, spk_i, spk_n):
    """Queue the records a kernel left in its event buffer (module docstring); row is the
    weight row of the event being handled (-1: none)."""
    for j in range(n_events[0]):
        time = events[j, 0]
        kind = events[j, 1]
        k = int(events[j, 2])
        flag = events[j, 3]
        if kind == 0.0:
            if time < tnow:     # NEURON aborts ('net_send td-t = ...'): noted, not queued;
                if queue_meta[Q_NET_SEND_ERROR] == 0:   # the engine raises (_check_net_send)
                    queue_meta[Q_NET_SEND_ERROR] = ttype
                    queue_meta[Q_NET_SEND_K] = k
                continue
            s = slot_take(slot_data, slot_free, slot_meta, row, flag)
            q_self(queue_f, queue_i, queue_meta, least_f, least_i, time, tnow, flag, ttype, k,
                   -2 - s)
            if flag == 1.0:
                tqitem[k] = s
        elif kind == 1.0:
            if time < tnow:
                raise RuntimeError("net_event: the spike time is earlier than t")
            ps = ps_index[k]
            if ps >= 0:
                fire(S, foff, flen, I, ioff, ilen, ps, time, queue_f, queue_i, queue_meta,
                     least_f, least_i, spk_f, spk_i, spk_n)
        elif kind == 2.0:
            net_move(queue_f, queue_i, queue_meta, least_f, least_i, slot_data, tqitem, ttype,
                     k, time, tnow)
        else:
            q_self(queue_f, queue_i, queue_meta, least_f, least_i, time, tnow, flag, ttype, k,
                   -1)
    n_events[0] = 0


# ---- the hooks (the branches usermechs.mechanism_hook writes, and the table's rows) ---------

def hook_rows(eng, names, g):
    """The hook table's rows (userhooks.py) of the point mechanisms `names` (catalogue order:
    m is the index), whose part of U starts at g (module docstring)."""
    from . import userhooks as uh
    rows = []
    for m, name in enumerate(names):
        module = mechs.USER[name]
        b = g + GLOBAL_PART + PER_POINT * m
        address = usermechs.mechanism_hook(module, eng.user[b:b + PER_POINT], WROTE, RUNS,
                                           lambda module=module: event_branches(module),
                                           POINT_IMPORTS)
        phases = usermechs.density_phases(module) + [uh.PH_INIT]
        if hasattr(module, "net_receive"):
            phases += [uh.PH_RECEIVE, uh.PH_NET_INIT] + ([uh.PH_WATCH] if watch_rows(module)
                                                          else [])
        rows += [(phase, address, b, g, m, usermechs.catalogue_place(name)) for phase in phases]
        eng.ode_hook_parts.append((name, b, g, m, PER_POINT, WROTE, RUNS))
    return rows


POINT_IMPORTS = """from pnm.engine.layout import T_USER
from pnm.engine.userpoints import drain, event_row
"""
SLOTS = ("        slot_data = u_f64_2(UD, g + 1)\n        slot_free = u_i64_1(UD, g + 2)\n"
         "        slot_meta = u_i64_1(UD, g + 3)\n")


def drain_line(row):
    """drain when the kernel left records (A7: n_events); a call with its 24 arguments would
    cost more than most NET_RECEIVE blocks."""
    return ("        if A7[0] != 0:\n"
            f"            drain(S, foff, flen, I, ioff, ilen, A6, A7, T_USER + m, {row}, t, "
            "A11, A12, slot_data, slot_free, slot_meta, queue_f, queue_i, queue_meta, "
            "least_f, least_i, spk_f, spk_i, spk_n)\n")


def event_branches(module):
    """{phase: the lines of its branch} of a point mechanism's event hooks (module
    docstring), in its hook after the density-like branches (usermechs.density_branches,
    whose readers A<i> and node views these use)."""
    from . import userhooks as uh
    args = usermechs.KERNEL_ARGS
    out = {uh.PH_INIT: ["        A12[:] = -1\n"]
           + [f"        A0[{row}, :] = 0.0\n" for row in watch_rows(module)]
           + [SLOTS, drain_line(-1)]}
    if hasattr(module, "net_receive"):
        out[uh.PH_RECEIVE] = [
            SLOTS,
            "        row = event_row(nc, flag, u_i64_1(UD, g), slot_data, slot_free, "
            "slot_meta, A12, k)\n",
            f"        _m.net_receive({args}, k, A8, row, flag, A9, A10)\n", drain_line("row")]
        if getattr(module, "NET_INIT", False):
            out[uh.PH_NET_INIT] = [SLOTS, f"        _m.net_init({args}, k, A8, row)\n",
                                   drain_line("row")]
        else:       # NEURON's init_events: weight[1:] = 0 without NET_RECEIVE INITIAL
            out[uh.PH_NET_INIT] = ["        A8[row, 1:] = 0.0\n"]
        if watch_rows(module):
            out[uh.PH_WATCH] = [SLOTS, f"        _m.watch_check({args})\n", drain_line(-1)]
    return out
