"""The compile step of finitialize: the live model (sections, point processes, NetCons,
recordings) into the engine's flat state (layout.py), and a handle for each model object
(binding.py). Python loops over cells happen here, once per build, never per step."""

import numpy as np

from . import layout as L
from . import continuousplay, fastimem, gaptransfer, userhooks, usermechs, userpoints
from .binding import NetConHandle, SectionHandle, SectionSlots
from .layout import PS_EVENT, PS_REMOTE, PS_VAR, T_NONE
from .nodes import NodeLayout, tree_order
from .recording import engine_records
from ..model import cvode as cvode_settings
from ..model import mechanisms as mechs, play
from ..model.shape import settle_all
from ..model.state import STATE

NODE_FIELDS = (L.F_V, L.F_RHS, L.F_D, L.F_A, L.F_B, L.F_AREA, L.F_CM)

_NO_NODES = np.zeros(0, dtype=np.int64)


class Density:
    """One density mechanism's instances: memory order = node order (results do not depend
    on it); inst[bounds[i]:bounds[i+1]] are the instance numbers of section i's segments."""

    def __init__(self, name, sections, sec_nodes):
        self.name = name
        self.sections = [s for s in sections if name in s.mechanism_names]
        nodes = np.concatenate([sec_nodes[id(s)][1:-1] for s in self.sections] or [_NO_NODES])
        order = np.argsort(nodes, kind="stable")
        self.inst = np.empty(len(nodes), dtype=np.int64)
        self.inst[order] = np.arange(len(nodes))
        self.bounds = np.cumsum([0] + [s.nseg for s in self.sections])
        self.nodes = nodes[order]


class NetConSources:
    """The live NetCons (table positions) and their sources (list passes and dicts at C
    speed: networks have millions of NetCons and few sources). The sources are in creation
    order: NEURON checks thresholds in the order its PreSyns were made (netcvode.cpp
    ps_thread_link appends to psl_thr_), which orders the spikes of one step."""

    def __init__(self, table, extra_presyns):
        self.positions = table.live_positions()
        where = self.positions.tolist()
        self.nc_presyn = [table.source[i] for i in where]
        self.targets = [table.target[i] for i in where]
        first_use = dict(zip(map(id, self.nc_presyn), self.nc_presyn))
        first_use.pop(id(None), None)
        for ps in extra_presyns:
            first_use.setdefault(id(ps), ps)
        self.presyns = sorted(first_use.values(), key=_serial)
        self.ps_index = {id(ps): p for p, ps in enumerate(self.presyns)}


def _serial(presyn):
    return presyn.serial


def live_point_processes():
    """Point processes by type, in creation order (located ones only)."""
    pps = {name: [] for name in mechs.ALL_POINT}
    for pp in STATE.live_point_processes():
        if pp.mech_type.kind == "point" and pp.host_section is None:
            continue
        pps[pp.mech_name].append(pp)
    return pps


def in_neurons_order(pps, sec_nodes):
    """Located point processes of each type in NEURON's Memb_list order: by node, the newest
    first at one node (prop_alloc puts a new point process at the head of its node's property
    list, which v_setup_vectors walks). The order sums their currents into a node's rhs (three
    IClamps at one node: the last bits of v, ModelDB 44050) and runs their INITIAL blocks.
    Artificial cells keep creation order."""
    for name, lst in pps.items():
        if len(lst) > 1 and mechs.ALL_POINT[name].kind == "point":
            node_at = {}            # (section id, x) -> node: one node_of per place
            keyed = []
            for k, pp in enumerate(lst):
                sec, x = pp.host_section, pp.host_x
                place = (id(sec), x)
                node = node_at.get(place)
                if node is None:
                    node = node_at[place] = sec_nodes[place[0]][sec.node_of(x)]
                keyed.append((node, -k))
            if any(a >= b for a, b in zip(keyed, keyed[1:])):
                order = sorted(range(len(lst)), key=keyed.__getitem__)
                lst[:] = [lst[k] for k in order]
    return pps


def count_fields(nodes, density, pps, ncs, nrecords, plays=()):
    """The length of every float and int field."""
    fcount = np.zeros(L.N_FLOAT_FIELDS, dtype=np.int64)
    icount = np.zeros(L.N_INT_FIELDS, dtype=np.int64)
    fcount[L.F_T] = fcount[L.F_DT] = fcount[L.F_SECONDORDER] = 1
    fcount[list(NODE_FIELDS)] = nodes.nnode
    if cvode_settings.settings()["fast_imem"]:        # i_membrane_ (fastimem.py)
        fcount[[L.F_SAV_RHS, L.F_SAV_D]] = nodes.nnode
    icount[L.I_PARENT] = nodes.nnode
    icount[L.I_GROUP] = len(nodes.group_table)
    icount[L.I_GROUP_PARENT] = len(nodes.group_parent)
    fcount[L.F_USER] = usermechs.float_count(density)
    fcount[L.F_USER] += userpoints.float_count(pps)
    n_nc, nps = len(ncs.positions), len(ncs.presyns)
    fcount[[L.F_NC_DELAY, L.F_NC_WEIGHT, L.F_NC_ACTIVE]] = n_nc
    icount[[L.I_NC_SRC, L.I_NC_TTYPE, L.I_NC_TIDX, L.I_PS_NCS]] = n_nc
    fcount[[L.F_PS_THRESH, L.F_PS_FLAG, L.F_PS_DELAY]] = nps
    icount[[L.I_PS_GROUPED, L.I_PS_KIND, L.I_PS_SLOT, L.I_PS_KEY, L.I_PS_CALLBACK]] = nps
    icount[L.I_PS_START] = nps + 1
    icount[L.I_REC_SLOT] = nrecords
    npoint, play_ints = continuousplay.sizes(plays)
    fcount[[L.F_PLAY_T, L.F_PLAY_Y]] = npoint
    for fid, n in play_ints.items():
        icount[fid] = n
    icount[[L.I_GAP_SRC, L.I_GAP_TGT]], fcount[L.F_GAP_IN] = gaptransfer.sizes()
    return fcount, icount


def allocate(eng, fcount, icount):
    eng.foff = np.zeros(L.N_FLOAT_FIELDS, dtype=np.int64)
    eng.foff[1:] = np.cumsum(fcount)[:-1]
    eng.flen = fcount
    eng.ioff = np.zeros(L.N_INT_FIELDS, dtype=np.int64)
    eng.ioff[1:] = np.cumsum(icount)[:-1]
    eng.ilen = icount
    eng.S = np.zeros(int(fcount.sum()))
    eng.I = np.zeros(int(icount.sum()), dtype=np.int64)


def bind_sections(eng, sections, nodes, density):
    """Node voltages and range variables of every section; each gets its SectionHandle."""
    eng.ints(L.I_PARENT)[:] = nodes.parent
    eng.ints(L.I_GROUP)[:] = nodes.group_table
    eng.ints(L.I_GROUP_PARENT)[:] = nodes.group_parent
    eng.floats(L.F_CM)[:] = nodes.cm
    sec_nodes = nodes.sec_nodes
    range_base = {}     # "field_mech" -> (mech, offset of the field in S)
    cm_base = int(eng.foff[L.F_CM])
    slots_of = {id(s): SectionSlots(range_base, cm_base, sec_nodes[id(s)]) for s in sections}
    user_offset = 0
    for dens in density.values():        # every density mechanism comes from a .mod file
        if len(dens.inst):
            user_offset = usermechs.fill_user(eng, dens, slots_of, range_base, user_offset)
    # node voltages the sections hold (a root section also has its 0-end node)
    v = eng.floats(L.F_V)
    if sections:
        own = [slice(0, -1) if s.orientation() else slice(1, None) for s in sections]
        v[np.concatenate([sec_nodes[id(s)][k] for s, k in zip(sections, own)])] = \
            np.concatenate([s.node_v[k] for s, k in zip(sections, own)])
        roots = [s for s in sections if s.parent_section is None]
        v[[sec_nodes[id(s)][0] for s in roots]] = [s.node_v[0] for s in roots]
    for s in sections:
        s.bind(SectionHandle(eng, sec_nodes[id(s)], slots_of[id(s)]))


def fill_netcons(eng, ncs, table):
    """NetCon fields in bulk (one pass at C speed per field, one array assignment each)."""
    pos = ncs.positions
    n_nc = len(pos)
    eng.netcon_handle = NetConHandle(eng, pos, len(table.live))
    for name, fid in NetConHandle.FIELD.items():
        eng.floats(fid)[:] = table.values_view(name)[pos]
    ps_row = dict(ncs.ps_index)
    ps_row[id(None)] = -1
    eng.ints(L.I_NC_SRC)[:] = np.fromiter(map(ps_row.__getitem__, map(id, ncs.nc_presyn)),
                                          dtype=np.int64, count=n_nc)
    # targets: none until userpoints.point_arrays sets those of .mod point processes
    eng.ints(L.I_NC_TTYPE)[:] = T_NONE
    eng.ints(L.I_NC_TIDX)[:] = -1


def fill_presyns(eng, presyns):
    """Each source's NetCons (sorted by source, creation order within), kind and slot."""
    src = eng.ints(L.I_NC_SRC)
    order = np.argsort(src, kind="stable")
    order = order[src[order] >= 0]
    eng.ints(L.I_PS_NCS)[:len(order)] = order
    counts = np.bincount(src[src >= 0], minlength=len(presyns))
    eng.ints(L.I_PS_START)[1:] = np.cumsum(counts)
    kinds, slots = eng.ints(L.I_PS_KIND), eng.ints(L.I_PS_SLOT)
    eng.floats(L.F_PS_THRESH)[:] = [ps.threshold for ps in presyns]
    for p, ps in enumerate(presyns):
        if ps.pp is not None:
            kinds[p] = PS_EVENT
            slots[p] = -1
        elif ps.ref is not None:
            kinds[p] = PS_VAR
            slots[p] = eng.slot(ps.ref)
        else:
            kinds[p] = PS_REMOTE
            slots[p] = -1


def allocate_queue(eng, n_nc, pps, npresyn):
    """The event queue and the spike buffer, with room for a step's worth of events."""
    n_art = sum(len(v) for k, v in pps.items() if mechs.ALL_POINT[k].kind == "artificial")
    eng.q_margin = 2 * n_nc + 4 * n_art + 64
    cap = 2 * eng.q_margin + 1024
    eng.queue_f = np.zeros((cap, L.N_EVENT_F))
    eng.queue_i = np.zeros((cap, L.N_EVENT_I), dtype=np.int64)
    # after the entries, where each artificial cell's movable self event sits in the heap
    # (eventqueue.movable_hint: net_move finds it without searching the heap)
    eng.queue_meta = np.zeros(L.N_QUEUE_META + 2 * n_art + 64, dtype=np.int64)
    eng.least_f = np.zeros(L.N_EVENT_F)
    eng.least_i = np.zeros(L.N_EVENT_I, dtype=np.int64)
    eng.spk_margin = npresyn * 2 + 64
    eng.spk_f = np.zeros(2 * eng.spk_margin + 1024)
    eng.spk_i = np.zeros(len(eng.spk_f), dtype=np.int64)
    eng.spk_n = np.zeros(1, dtype=np.int64)


def build(eng, extra_presyns, split_points=()):
    """Compile the live model into eng (an Engine without state yet); split_points: see
    NodeLayout."""
    settle_all()               # diameters pending after diam assignments on 3-D sections
    sections = tree_order(STATE.live_sections())
    nodes = NodeLayout(sections, split_points)
    eng.split_nodes, eng.edge_src = nodes.split_nodes, nodes.edge_src
    density = {name: Density(name, sections, nodes.sec_nodes) for name in mechs.DENSITY}
    pps = in_neurons_order(live_point_processes(), nodes.sec_nodes)
    table = STATE.netcons
    ncs = NetConSources(table, extra_presyns)
    eng.sections, eng.nnode, eng.sec_nodes, eng.pps = sections, nodes.nnode, nodes.sec_nodes, pps
    eng.nc_positions, eng.presyns, eng.ps_index = ncs.positions, ncs.presyns, ncs.ps_index
    eng.records = engine_records()
    eng.plays = play.continuous_plays()
    eng.play_layout = continuousplay.layout_of(eng.plays)
    allocate(eng, *count_fields(nodes, density, pps, ncs, len(eng.records), eng.plays))
    eng.S[eng.foff[L.F_T]] = STATE.t
    eng.S[eng.foff[L.F_DT]] = STATE.dt
    bind_sections(eng, sections, nodes, density)
    insts = userpoints.bind_points(eng, pps, usermechs.float_count(density))
    fill_netcons(eng, ncs, table)
    table.engine_handle = eng.netcon_handle
    fill_presyns(eng, ncs.presyns)
    eng.rec_slots_changed()
    allocate_queue(eng, len(ncs.positions), pps, len(ncs.presyns))
    bind_user_mechanisms(eng, sections, nodes, density, pps, ncs, insts)
    gaptransfer.fill(eng)


def bind_user_mechanisms(eng, sections, nodes, density, pps, ncs, insts):
    """The user mechanisms' arrays U (density: usermechs.py; point processes, artificial
    cells: userpoints.py), their descriptor and the table of their hooks (userhooks.py), which
    the one compiled stepper calls."""
    names = usermechs.user_names(density)
    points = userpoints.point_names(pps)
    eng.user_weights = None
    # mechanisms whose state update NEURON changes under secondorder (engine.py refuses it)
    eng.no_secondorder = [(name, getattr(mechs.USER.get(name), "MOD_FILE", name), method)
                          for name in list(names) + list(points)
                          for method in getattr(mechs.USER.get(name), "SECONDORDER_METHODS", ())]
    # where the users' mechanisms are (snapshot.py): the S blocks of density mechanisms and
    # ions with instances, and the first U entry of the point processes' part (-1: none)
    eng.user_blocks = [(name, len(density[name].inst)) for name in usermechs.block_names(density)]
    eng.user_point_part = -1
    eng.ode_hook_parts = []   # (name, b, g, m, width, wrote, runs): usermechs.ode_hook_rows
    if not names and not points:
        eng.user, eng.user_desc, eng.hook_table = (), userhooks.NO_DESCRIPTOR, userhooks.NO_HOOKS
        return
    diam = np.zeros(nodes.nnode)
    for s in sections:
        diam[nodes.sec_nodes[id(s)][1:-1]] = s.range_table["diam"]
    eng.user = usermechs.make_user_arrays(eng, density, diam)
    ions = [n for n in usermechs.block_names(density) if mechs.is_ion(n)]
    rows = usermechs.hook_rows(eng, names, ions)
    if points:
        g = eng.user_point_part = len(eng.user)
        eng.user += userpoints.point_arrays(eng, pps, insts, ncs.targets, eng.user_ions,
                                            eng.user_ion_u)
        rows += userpoints.hook_rows(eng, points, g)
    if fastimem.enabled(eng):
        rows += fastimem.electrode_rows(rows)
    rows.sort(key=lambda row: row[-1])       # NEURON's mechanism order, density and point alike
    eng.hook_table = np.array([row[:-1] for row in rows],
                              dtype=np.int64).reshape(-1, userhooks.H_WIDTH)
    eng.user_desc = userhooks.describe(eng.user)     # eng.user keeps the arrays alive
    eng.update_geometry()
