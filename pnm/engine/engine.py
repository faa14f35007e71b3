"""The engine: compiles the live model (sections, point processes, NetCons, recordings) into
flat structure-of-arrays state at finitialize, and advances it with the numba kernels.

Interface for the parallel layer (which knows no numerics): `advance(t_until)` runs whole
steps and returns the spikes (source index, time) it produced; `inject(sources, times)` queues
the events of spikes that arrived from elsewhere; `presyn_index(presyn)` names sources."""

import contextlib
import gc
import itertools

import numpy as np

from . import kernels as K
from .layout import (FLOAT_FIELDS, INT_FIELDS, TARGET_TYPE, HH_TABLE_N, PS_VAR, PS_EVENT,
                     PS_REMOTE, T_NONE, field_id)
from . import layout as L
from ..model.state import STATE
from ..model import mechanisms as mechs
from ..model import netcon as netcon_tables
from ..model.netcon import values_view
from ..model.section import range_default

ART_ORDER = ["NetStim", "IntFire1", "IntFire2", "IntFire4", "VecStim"]
PP_FIELD_PS = {"IntFire1": L.I_IF1_PS, "IntFire2": L.I_IF2_PS, "IntFire4": L.I_IF4_PS,
               "NetStim": L.I_NS_PS, "VecStim": L.I_VS_PS}
PP_NODE = {"ExpSyn": L.I_ES_NODE, "Exp2Syn": L.I_E2_NODE, "IClamp": L.I_IC_NODE}


_NO_NODES = np.zeros(0, dtype=np.int64)


def _tree_order(sections):
    """NEURON's section order: roots in creation order, then breadth first."""
    roots = [s for s in sections if s._parent is None]
    order, level = [], roots
    while level:
        order.extend(level)
        level = [c for s in level for c in s._children if not c._deleted]
    return order


class _SectionSlots:
    """Where a bound section's range variables live in S: slots[key] is the array of S
    indices of field key ("gnabar_hh", "cm") over the section's segments. Stored compactly:
    one instance-number array per mechanism, not one slot array per field."""

    __slots__ = ("bases", "inst", "cm_base", "nodes")

    def __init__(self, bases, cm_base, nodes):
        self.bases = bases      # shared by the engine's sections
        self.inst = {}          # mechanism -> instance number of each segment
        self.cm_base = cm_base  # cm is a node field: S index = cm_base + centre node
        self.nodes = nodes

    @property
    def cm(self):
        return self.cm_base + self.nodes[1:-1]

    def __contains__(self, key):
        return key == "cm" or (key in self.bases and self.bases[key][0] in self.inst)

    def __getitem__(self, key):
        if key == "cm":
            return self.cm
        mech, base = self.bases[key]
        return base + self.inst[mech]

    def items(self):
        yield "cm", self.cm
        for key, (mech, base) in self.bases.items():
            if mech in self.inst:
                yield key, base + self.inst[mech]


class _PointBinding:
    """A bound point process: its engine, its instance number, and where each of its
    mechanism's fields starts in S (shared by all instances of the mechanism)."""

    __slots__ = ("engine", "index", "bases")

    def __init__(self, engine, index, bases):
        self.engine, self.index, self.bases = engine, index, bases

    def __getitem__(self, key):      # binding["engine"], as for sections
        return getattr(self, key)


@contextlib.contextmanager
def gc_paused():
    """Building allocates objects per section, node and NetCon and frees almost none, so
    the cyclic collector's full passes over a large model (0.2 s at 5000 cells) find
    nothing; pause it, and restore the user's setting after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Engine:
    def __init__(self, extra_presyns=()):
        self.structure_version = STATE.structure_version
        self.geometry_version = -1
        with gc_paused():
            self._build(extra_presyns)

    # ------------------------------------------------------------------------------------
    # build
    # ------------------------------------------------------------------------------------
    def _build(self, extra_presyns):
        fcount = np.zeros(len(FLOAT_FIELDS), dtype=np.int64)
        icount = np.zeros(len(INT_FIELDS), dtype=np.int64)
        fcount[L.F_T] = fcount[L.F_DT] = 1
        fcount[L.F_HH_TABLE] = 6 * HH_TABLE_N

        sections = _tree_order(STATE.live_sections())
        self.sections = sections
        sec_nodes, parent, cm_nodes, groups = self._layout_nodes(sections)
        nnode = len(parent)
        self.nnode = nnode
        self.sec_nodes = sec_nodes       # id(section) -> global node of each j of Section._v
        for fid in (L.F_V, L.F_RHS, L.F_D, L.F_A, L.F_B, L.F_AREA, L.F_CM):
            fcount[fid] = nnode
        icount[L.I_PARENT] = nnode
        # shape groups: (first node, cells, nodes per cell, offset of its local parent list)
        group_table, group_parent = [], []
        for base, ncell, lparent in groups:
            group_table += [base, ncell, len(lparent), len(group_parent)]
            group_parent += list(lparent)
        icount[L.I_GROUP] = len(group_table)
        icount[L.I_GROUP_PARENT] = len(group_parent)

        # density mechanism instances: memory order = node order (results do not depend on
        # it); inst[k] is the instance number of segment k of the mechanism's sections
        dens = {}
        for name in mechs.DENSITY:
            secs = [s for s in sections if name in s._mechs]
            nodes = np.concatenate([sec_nodes[id(s)][1:-1] for s in secs] or [_NO_NODES])
            order = np.argsort(nodes, kind="stable")
            inst = np.empty(len(nodes), dtype=np.int64)
            inst[order] = np.arange(len(nodes))
            bounds = np.cumsum([0] + [s._nseg for s in secs])
            dens[name] = (secs, bounds, inst, nodes[order])
        for name, (_, _, inst, _) in dens.items():
            mt = mechs.DENSITY[name]
            for f in mt.fields:
                fcount[field_id(name, f)] = len(inst)
        icount[L.I_HH_NODE] = len(dens["hh"][2])
        icount[L.I_PAS_NODE] = len(dens["pas"][2])
        pas_runs = self._runs(dens["pas"][3])
        icount[L.I_PAS_RUNS] = len(pas_runs)

        # point processes by type, creation order
        pps = {name: [] for name in mechs.ALL_POINT}
        for pp in STATE.live_point_processes():
            if pp._type.kind == "point" and (pp._sec is None or pp._sec._deleted):
                continue
            pps[pp._mech_name].append(pp)
        self.pps = pps
        for name, lst in pps.items():
            mt = mechs.ALL_POINT[name]
            for f in mt.fields:
                fcount[field_id(name, f)] = len(lst)
            if name in PP_NODE:
                icount[PP_NODE[name]] = len(lst)
            if name in PP_FIELD_PS:
                icount[PP_FIELD_PS[name]] = len(lst)
        fcount[L.F_E2_FACTOR] = len(pps["Exp2Syn"])
        icount[L.I_IF2_SELF] = len(pps["IntFire2"])
        icount[L.I_IF4_SELF] = len(pps["IntFire4"])
        for fid in (L.I_NS_ID1, L.I_NS_ID2, L.I_NS_ID3, L.I_NS_DRAWS):
            icount[fid] = len(pps["NetStim"])
        vs_times = [pp._times() for pp in pps["VecStim"]]
        icount[L.I_VS_START] = len(pps["VecStim"]) + 1
        self.vs_times = np.concatenate(vs_times) if vs_times else np.zeros(0)
        fcount[L.F_VS_TIMES] = 0

        # NetCons and their sources
        nc_index = netcon_tables.live_indices()
        self.nc_index = nc_index
        # sources in order of first use (list passes and dicts at C speed: networks have
        # millions of NetCons and few sources)
        source, target = netcon_tables.SOURCE, netcon_tables.TARGET
        nc_presyn = [source[i] for i in nc_index.tolist()]
        first_use = dict(zip(map(id, nc_presyn), nc_presyn))
        first_use.pop(id(None), None)
        for ps in extra_presyns:
            first_use.setdefault(id(ps), ps)
        presyns = list(first_use.values())
        ps_index = {key: p for p, key in enumerate(first_use)}
        self.presyns = presyns
        self.ps_index = ps_index
        for fid in (L.F_NC_DELAY, L.F_NC_WEIGHT, L.F_NC_ACTIVE):
            fcount[fid] = len(nc_index)
        for fid in (L.I_NC_SRC, L.I_NC_TTYPE, L.I_NC_TIDX):
            icount[fid] = len(nc_index)
        fcount[L.F_PS_THRESH] = fcount[L.F_PS_FLAG] = fcount[L.F_PS_DELAY] = len(presyns)
        icount[L.I_PS_GROUPED] = len(presyns)
        icount[L.I_PS_KIND] = icount[L.I_PS_SLOT] = icount[L.I_PS_KEY] = len(presyns)
        icount[L.I_PS_START] = len(presyns) + 1
        icount[L.I_PS_NCS] = len(nc_index)

        # records
        self.records = [v for v in STATE.live_records() if v._record is not None]
        icount[L.I_REC_SLOT] = len(self.records)

        # allocate
        self.fo = np.zeros(len(FLOAT_FIELDS), dtype=np.int64)
        self.fo[1:] = np.cumsum(fcount)[:-1]
        self.fn = fcount
        self.io = np.zeros(len(INT_FIELDS), dtype=np.int64)
        self.io[1:] = np.cumsum(icount)[:-1]
        self.inn = icount
        self.S = np.zeros(int(fcount.sum()))
        self.I = np.zeros(int(icount.sum()), dtype=np.int64)

        S = self.S
        S[self.fo[L.F_T]] = STATE.t
        S[self.fo[L.F_DT]] = STATE.dt
        self.ivw(L.I_PARENT)[:] = parent
        self.ivw(L.I_GROUP)[:] = group_table
        self.ivw(L.I_GROUP_PARENT)[:] = group_parent

        self.fvw(L.F_CM)[:] = cm_nodes

        # bind sections: node voltages and range variables
        v = self.fvw(L.F_V)
        self._range_base = {}     # "field_mech" -> (mech, offset of the field in S)
        cm_base = int(self.fo[L.F_CM])
        range_slots = {id(s): _SectionSlots(self._range_base, cm_base, sec_nodes[id(s)])
                       for s in sections}
        for name, (secs, bounds, inst, node_arr) in dens.items():
            mt = mechs.DENSITY[name]
            if name == "hh":
                self.ivw(L.I_HH_NODE)[:] = node_arr
            else:
                self.ivw(L.I_PAS_NODE)[:] = node_arr
                self.ivw(L.I_PAS_RUNS)[:] = pas_runs
            # field values: the default, then the arrays sections have (set or synced)
            keys = {}
            for f in mt.fields:
                fid = field_id(name, f)
                key = f"{f}_{name}"
                self._range_base[key] = (name, int(self.fo[fid]))
                self.fvw(fid)[:] = range_default(key)
                keys[key] = self.fvw(fid)
            # each section's instance numbers (one array for all fields of the mechanism)
            for sec, a, b in zip(secs, bounds[:-1].tolist(), bounds[1:].tolist()):
                where = inst[a:b]
                range_slots[id(sec)].inst[name] = where
                if len(sec._range) > 2:         # more than diam and cm: values of its own
                    for key, arr in sec._range.items():
                        if key in keys:
                            keys[key][where] = arr
        # node voltages the sections hold (a root section also has its 0-end node)
        if sections:
            v[np.concatenate([sec_nodes[id(s)][1:] for s in sections])] = \
                np.concatenate([s._v[1:] for s in sections])
            roots = [s for s in sections if s._parent is None]
            v[[sec_nodes[id(s)][0] for s in roots]] = [s._v[0] for s in roots]
        for s in sections:
            s._binding = {"engine": self, "nodes": sec_nodes[id(s)], "slots": range_slots[id(s)]}

        # bind point processes
        for name, lst in pps.items():
            mt = mechs.ALL_POINT[name]
            bases = {}
            for f in mt.fields:
                fid = field_id(name, f)
                bases[f] = int(self.fo[fid])
                self.fvw(fid)[:] = [pp._vals[f] for pp in lst]
            for k, pp in enumerate(lst):
                object.__setattr__(pp, "_binding", _PointBinding(self, k, bases))
                object.__setattr__(pp, "_engine_index", k)
            if name in PP_NODE:
                self.ivw(PP_NODE[name])[:] = [sec_nodes[id(pp._sec)][pp._sec._node_of(pp._x)]
                                              for pp in lst]
            if name in PP_FIELD_PS:
                arr = self.ivw(PP_FIELD_PS[name])
                for k, pp in enumerate(lst):
                    ps = pp.__dict__.get("_presyn")
                    arr[k] = ps_index.get(id(ps), -1) if ps is not None else -1
        if pps["NetStim"]:
            streams = np.array([pp._stream for pp in pps["NetStim"]], dtype=np.int64)
            for col, fid in enumerate((L.I_NS_ID1, L.I_NS_ID2, L.I_NS_ID3)):
                self.ivw(fid)[:] = streams[:, col]
        starts = np.zeros(len(pps["VecStim"]) + 1, dtype=np.int64)
        starts[1:] = np.cumsum([len(t) for t in vs_times]) if vs_times else []
        self.ivw(L.I_VS_START)[:] = starts

        # NetCons (bulk: one pass at C speed per field, one array assignment each)
        n_nc = len(nc_index)
        # engine index of each NetCon by its creation number (an array, not an int per object)
        self.eidx_of = np.full(len(values_view("delay")), -1, dtype=np.int64)
        self.eidx_of[self.nc_index] = np.arange(n_nc)
        self.fvw(L.F_NC_DELAY)[:] = values_view("delay")[self.nc_index]
        self.fvw(L.F_NC_WEIGHT)[:] = values_view("weight")[self.nc_index]
        self.fvw(L.F_NC_ACTIVE)[:] = values_view("active")[self.nc_index]
        ps_row = dict(ps_index)
        ps_row[id(None)] = -1
        self.ivw(L.I_NC_SRC)[:] = np.fromiter(map(ps_row.__getitem__, map(id, nc_presyn)),
                                              dtype=np.int64, count=n_nc)
        # targets: row r of (ttype, tidx) for each bound point process; row 0 for none
        t_row = {id(None): 0}
        t_type, t_idx = [T_NONE], [-1]
        for name, lst in pps.items():
            if name in TARGET_TYPE:
                t_row.update(zip(map(id, lst), range(len(t_type), len(t_type) + len(lst))))
                t_type += [TARGET_TYPE[name]] * len(lst)
                t_idx += range(len(lst))
        targets = [target[i] for i in nc_index.tolist()]
        rows = np.fromiter(map(t_row.get, map(id, targets), itertools.repeat(0)),
                           dtype=np.int64, count=n_nc)
        self.ivw(L.I_NC_TTYPE)[:] = np.array(t_type, dtype=np.int64)[rows]
        self.ivw(L.I_NC_TIDX)[:] = np.array(t_idx, dtype=np.int64)[rows]
        # sources
        src = self.ivw(L.I_NC_SRC)
        order = np.argsort(src, kind="stable")
        order = order[src[order] >= 0]
        self.ivw(L.I_PS_NCS)[:len(order)] = order
        counts = np.bincount(src[src >= 0], minlength=len(presyns))
        self.ivw(L.I_PS_START)[1:] = np.cumsum(counts)
        kinds, slots = self.ivw(L.I_PS_KIND), self.ivw(L.I_PS_SLOT)
        self.fvw(L.F_PS_THRESH)[:] = [ps.threshold for ps in presyns]
        for p, ps in enumerate(presyns):
            if ps.pp is not None:
                kinds[p] = PS_EVENT
                slots[p] = -1
            elif ps.ref is not None:
                kinds[p] = PS_VAR
                slots[p] = self.slot(ps.ref)
            else:
                kinds[p] = PS_REMOTE
                slots[p] = -1
        self.rec_slots_changed()

        # event queue and spike buffer
        self.q_margin = 2 * n_nc + 4 * sum(len(v) for k, v in pps.items()
                                                   if mechs.ALL_POINT[k].kind == "artificial") + 64
        cap = 2 * self.q_margin + 1024
        self.qf = np.zeros((cap, 3))
        self.qi = np.zeros((cap, 5), dtype=np.int64)
        # heap size, counter, least set, VecStim error, canonical tie order, self-event codes
        self.qm = np.zeros(6, dtype=np.int64)
        self.lf = np.zeros(3)
        self.li = np.zeros(5, dtype=np.int64)
        self.spk_margin = len(presyns) * 2 + 64
        self.spk_f = np.zeros(2 * self.spk_margin + 1024)
        self.spk_i = np.zeros(len(self.spk_f), dtype=np.int64)
        self.spk_n = np.zeros(1, dtype=np.int64)
        self.table = self.fvw(L.F_HH_TABLE)
        self.update_geometry()

    @staticmethod
    def _runs(nodes):
        """Runs of consecutive node indices: flat (node0, instance0, length) triplets."""
        if len(nodes) == 0:
            return np.zeros(0, dtype=np.int64)
        breaks = np.flatnonzero(np.diff(nodes) != 1) + 1
        starts = np.concatenate(([0], breaks))
        lengths = np.diff(np.concatenate((starts, [len(nodes)])))
        return np.stack([nodes[starts], starts, lengths], axis=1).ravel().astype(np.int64)

    @staticmethod
    def _layout_nodes(sections):
        """Global node numbering. Within a cell (a tree) nodes follow NEURON's order: the root
        node, then each section's nodes (centres, then the 1 end) with sections breadth
        first. Cells of the same shape are interleaved (node j of cell c of a group at
        base + j*ncells + c), so that the Hines solve works on independent cells in
        consecutive iterations; every cell sees the same operations in the same order, so
        the numbers are those of NEURON's layout."""
        trees = {}
        for s in sections:
            r = s.root()
            trees.setdefault(id(r), []).append(s)
        groups = {}
        for secs in trees.values():
            # flat: the local node of each j of Section._v, section after section;
            # at[id(sec)]: where the section starts in flat
            flat, at = [], {}
            lparent = [-1]
            lcm = [0.0]
            n = 1
            for s in secs:
                ns = s._nseg
                if s._parent is None:
                    first = 0
                else:
                    p = s._parent
                    first = flat[at[id(p)] + p._node_of(s._parentx)]
                at[id(s)] = len(flat)
                flat.append(first)
                flat.extend(range(n, n + ns + 1))
                lparent.append(first)               # node n's parent; then a chain
                lparent.extend(range(n, n + ns))
                lcm.extend(s._range["cm"].tolist())
                lcm.append(0.0)
                n += ns + 1
            groups.setdefault(tuple(lparent), []).append((secs, at, flat, lcm))
        sec_nodes = {}
        parent = []
        cm_nodes = []
        base = 0
        group_list = []
        for key, members in groups.items():
            m, ncell = len(key), len(members)
            lp = np.array(key, dtype=np.int64)
            cols = np.arange(ncell, dtype=np.int64)
            par = np.where((lp >= 0)[:, None], base + lp[:, None] * ncell + cols[None, :], -1)
            cmv = np.array([lcm for *_, lcm in members]).T
            # global node = base + local * ncell + c: one array op per group (or per cell,
            # when cells of one node shape are cut into sections differently)
            if len({len(flat) for _, _, flat, _ in members}) == 1:
                rows = base + np.array([flat for _, _, flat, _ in members]) * ncell \
                    + cols[:, None]
            else:
                rows = [base + np.array(flat) * ncell + c
                        for c, (_, _, flat, _) in enumerate(members)]
            for (secs, at, _, _), row in zip(members, rows):
                for sec in secs:
                    o = at[id(sec)]
                    sec_nodes[id(sec)] = row[o:o + sec._nseg + 2]
            parent.extend(par.ravel().tolist())
            cm_nodes.extend(cmv.ravel().tolist())
            group_list.append((base, ncell, key))
            base += m * ncell
        return sec_nodes, parent, cm_nodes, group_list

    # views of fields
    def fvw(self, fid):
        o = self.fo[fid]
        return self.S[o:o + self.fn[fid]]

    def ivw(self, fid):
        o = self.io[fid]
        return self.I[o:o + self.inn[fid]]

    # ------------------------------------------------------------------------------------
    # geometry: areas and coupling coefficients (recomputed when L/diam/Ra/3-D points change)
    # ------------------------------------------------------------------------------------
    def update_geometry(self):
        from ..model.shape import segment_areas, PI
        area = self.fvw(L.F_AREA)
        rinv = np.zeros(self.nnode)
        area[:] = 100.0
        # sections without 3-D points, all at once: NEURON's nrn_area_ri for a cylinder per
        # segment, term for term as in segment_areas
        plain = [s for s in self.sections if s._pt3d is None or len(s._pt3d) <= 1]
        if plain:
            nseg = np.array([s._nseg for s in plain], dtype=np.int64)
            dx = np.repeat(np.array([s._L for s in plain]) / nseg, nseg)
            ra = np.repeat(np.array([s._Ra for s in plain]), nseg)
            diam = np.concatenate([s._range["diam"] for s in plain])
            centres = np.concatenate([s._binding["nodes"][1:-1] for s in plain])
            ends = np.array([s._binding["nodes"][-1] for s in plain], dtype=np.int64)
            last = np.cumsum(nseg) - 1
            area[centres] = PI * diam * dx
            rleft = 1e-2 * ra * (dx / 2) / (PI * diam * diam / 4.)
            rright = np.concatenate(([0.0], rleft[:-1]))
            rright[last[:-1] + 1] = 0.0           # a section's first segment: nothing right
            rinv[centres] = 1. / (rleft + rright)
            rinv[ends] = 1. / rleft[last]
        for s in self.sections:
            if s._pt3d is not None and len(s._pt3d) > 1:
                nodes = s._binding["nodes"]
                areas, rin, rin_end = segment_areas(s)
                area[nodes[1:-1]] = areas
                rinv[nodes[1:-1]] = rin
                rinv[nodes[-1]] = rin_end
        a, b = self.fvw(L.F_A), self.fvw(L.F_B)
        parent = self.ivw(L.I_PARENT)
        a[:] = 0.0
        b[:] = 0.0
        nz = parent >= 0
        a[nz] = -1.e2 * rinv[nz] / area[parent[nz]]
        b[nz] = -1.e2 * rinv[nz] / area[nz]
        self.geometry_version = STATE.geometry_version

    # ------------------------------------------------------------------------------------
    # slots of references
    # ------------------------------------------------------------------------------------
    def slot(self, ref):
        try:
            return ref.resolve(self)
        except KeyError:
            raise ValueError(f"{ref!r}: the variable is not part of the simulation "
                             "(was its section deleted?)") from None

    def slot_of_node(self, sec, node):
        b = sec._binding
        if b is None or b["engine"] is not self:
            raise KeyError(sec)
        return self.fo[L.F_V] + b["nodes"][node]

    def slot_of_range(self, sec, key, iseg):
        b = sec._binding
        if b is None or b["engine"] is not self:
            raise KeyError(sec)
        return b["slots"][key][iseg]

    def slot_of_point(self, pp, field):
        b = pp._binding
        if b is None or b.engine is not self:
            raise KeyError(pp)
        return b.bases[field] + b.index

    def slot_of_time(self):
        return self.fo[L.F_T]

    def rec_slots_changed(self):
        self.ivw(L.I_REC_SLOT)[:] = [self.slot(v._record) for v in self.records]

    def records_changed(self):
        recs = [v for v in STATE.live_records() if v._record is not None]
        if len(recs) != len(self.records) or any(a is not b for a, b in zip(recs, self.records)):
            STATE.changed()

    # ------------------------------------------------------------------------------------
    # bound variable access (model objects call these while compiled)
    # ------------------------------------------------------------------------------------
    def get_section_v(self, sec, node):
        return float(self.S[self.slot_of_node(sec, node)])

    def set_section_v(self, sec, node, value):
        self.S[self.slot_of_node(sec, node)] = value

    def get_section_range(self, sec, key, iseg):
        slots = sec._binding["slots"]
        if key in slots:
            return float(self.S[slots[key][iseg]])
        return float(sec._range[key][iseg])

    def set_section_range(self, sec, key, iseg, value):
        slots = sec._binding["slots"]
        if key in slots:
            self.S[slots[key][iseg]] = value

    def section_field_changed(self, sec, key):
        slots = sec._binding["slots"]
        if key in slots:
            self.S[slots[key]] = sec._range[key]

    def sync_section(self, sec):
        b = sec._binding
        nodes = b["nodes"]
        v = self.fvw(L.F_V)
        sec._v[1:] = v[nodes[1:]]
        if sec._parent is None:
            sec._v[0] = v[nodes[0]]
        rng = sec._range
        for key, slots in b["slots"].items():
            vals = self.S[slots]
            if key in rng:
                rng[key][:] = vals
            elif np.any(vals != range_default(key)):   # keep defaults array-free
                rng[key] = vals

    def get_point(self, pp, field):
        b = pp._binding
        return float(self.S[b.bases[field] + b.index])

    def set_point(self, pp, field, value):
        b = pp._binding
        self.S[b.bases[field] + b.index] = value

    _NC_FIELD = {"delay": L.F_NC_DELAY, "weight": L.F_NC_WEIGHT, "active": L.F_NC_ACTIVE}

    def has_netcon(self, nc):
        """Whether nc is compiled into this engine (it existed at the last build)."""
        return nc._index < len(self.eidx_of) and self.eidx_of[nc._index] >= 0

    def get_netcon(self, nc, name):
        return float(self.fvw(self._NC_FIELD[name])[self.eidx_of[nc._index]])

    def set_netcon(self, nc, name, value):
        self.fvw(self._NC_FIELD[name])[self.eidx_of[nc._index]] = value

    def set_threshold(self, presyn, value):
        p = self.ps_index.get(id(presyn))
        if p is not None:
            self.fvw(L.F_PS_THRESH)[p] = value

    def presyn_index(self, presyn):
        return self.ps_index.get(id(presyn), -1)

    def sync_all(self):
        """Copy every engine value back into the model objects (before a rebuild)."""
        for s in self.sections:
            if s._binding is not None and s._binding["engine"] is self:
                self.sync_section(s)
        for lst in self.pps.values():
            if lst:
                for f, base in lst[0]._binding.bases.items():
                    for pp, val in zip(lst, self.S[base:base + len(lst)].tolist()):
                        pp._vals[f] = val
        if len(self.nc_index):
            for name, fid in self._NC_FIELD.items():
                values_view(name)[self.nc_index] = self.fvw(fid)

    def release(self):
        """Unbind every model object (after sync_all) and drop references to them."""
        for s in self.sections:
            if s._binding is not None and s._binding["engine"] is self:
                s._binding = None
        for lst in self.pps.values():
            for pp in lst:
                object.__setattr__(pp, "_binding", None)
        self.eidx_of = self.eidx_of[:0]
        self.sections, self.pps, self.presyns, self.records = [], {}, [], []

    # ------------------------------------------------------------------------------------
    # running
    # ------------------------------------------------------------------------------------
    @property
    def t(self):
        return float(self.S[self.fo[L.F_T]])

    @t.setter
    def t(self, value):
        self.S[self.fo[L.F_T]] = value

    def set_dt(self, dt):
        self.S[self.fo[L.F_DT]] = dt

    _NO_REC = np.zeros((0, 0))
    _NO_INT = np.zeros(1, dtype=np.int64)
    _NO_PS = np.zeros(0, dtype=np.int64)
    _NO_T = np.zeros(0)

    def _kernel(self, mode, rec_buf=_NO_REC, rec_n=_NO_INT, t=0.0, n=0, celsius=0.0,
                vinit=0.0, setv=False, ps_list=_NO_PS, t_list=_NO_T):
        """Call kernels.kernel (the one compiled entry point) with this engine's arrays;
        every argument has one type in every mode, so numba compiles it once."""
        return K.kernel(mode, self.S, self.fo, self.fn, self.I, self.io, self.inn, self.table,
                        self.qf, self.qi, self.qm, self.lf, self.li, self.spk_f, self.spk_i,
                        self.spk_n, self.vs_times, rec_buf, rec_n, float(t), int(n),
                        int(self.q_margin), int(self.spk_margin), float(celsius),
                        float(vinit), bool(setv), ps_list, t_list)

    def finitialize(self, vinit, setv, canonical=False):
        """canonical: order equal-time events canonically (see kernels.py) instead of in
        NEURON's insertion order."""
        if self.geometry_version != STATE.geometry_version:
            self.update_geometry()
        self.qm[4] = 1 if canonical else 0
        # the sender key of the canonical order: the gid, else a creation number
        self.ivw(L.I_PS_KEY)[:] = [ps.gid if ps.gid >= 0 else K.NOGID_KEY + ps.serial
                                   for ps in self.presyns]
        self.S[self.fo[L.F_DT]] = STATE.dt
        self.spk_n[0] = 0
        self._group_presyns()
        self._load_vecstim_times()
        with gc_paused():      # the first call loads the compiled kernel: numba makes objects
            self._kernel(K.MODE_INIT, celsius=STATE.celsius, vinit=vinit, setv=setv)
        self._check_vecstim()
        for vec in self.records:
            vec.resize(0)
        for ps in self.presyns:
            # PreSyn::init: NetCon.record (and spike_record) vectors restart at finitialize
            for tvec, idvec, _rid in ps.recorders:
                tvec.resize(0)
                if idvec is not None:
                    idvec.resize(0)
        if self.records:
            self.records_append(self.S[self.ivw(L.I_REC_SLOT)][:, None])
        return self.collect_spikes()

    def records_append(self, block):
        for r, vec in enumerate(self.records):
            vec._extend(block[r])

    def advance(self, t_until, max_steps=None):
        """Whole fixed steps while t < t_until. Returns (source indices, times) of the spikes
        produced, after appending them to their recorders."""
        if self.geometry_version != STATE.geometry_version:
            self.update_geometry()
        dt = float(self.S[self.fo[L.F_DT]])
        span = max(0.0, t_until - self.t)
        est = int(min(span / dt, 1e9)) + 2
        if max_steps is not None:
            est = min(est, max_steps + 1)
        remaining = max_steps if max_steps is not None else 1 << 62
        nrec = len(self.records)
        rec_buf = np.zeros((nrec, min(est, 1 << 16) if nrec else 0))
        rec_n = np.zeros(1, dtype=np.int64)
        while True:
            steps, status = self._kernel(K.MODE_ADVANCE, rec_buf=rec_buf, rec_n=rec_n,
                                         t=t_until, n=remaining)
            remaining -= steps
            if status == 0:
                break
            if status == 3:
                if nrec:
                    self.records_append(rec_buf[:, :rec_n[0]])
                self.collect_spikes()
                self._check_vecstim()
            if status == 2:
                self.records_append(rec_buf[:, :rec_n[0]])
                rec_n[0] = 0
            if status == 1:
                self._grow()
        if nrec:
            self.records_append(rec_buf[:, :rec_n[0]])
        return self.collect_spikes()

    def _group_presyns(self):
        """NEURON's init_events: a source whose NetCons (more than two) all have one delay
        sends a single queue event that is fanned out on delivery (use_min_delay_)."""
        start = self.ivw(L.I_PS_START)
        ncs = self.ivw(L.I_PS_NCS)[:start[-1]]      # NetCons without a source are not listed
        delay = self.fvw(L.F_NC_DELAY)
        grouped = self.ivw(L.I_PS_GROUPED)
        psdelay = self.fvw(L.F_PS_DELAY)
        counts = np.diff(start)
        grouped[:] = 0
        if len(ncs) == 0:
            return
        d = delay[ncs]
        first = np.repeat(d[start[:-1].clip(max=len(d) - 1)], counts)
        same = np.ones(len(counts), dtype=bool)
        diff = d != first
        if diff.any():
            owner = np.repeat(np.arange(len(counts)), counts)
            same[owner[diff]] = False
        ok = (counts > 2) & same
        grouped[ok] = 1
        psdelay[ok] = delay[ncs[start[:-1][ok]]]

    def _load_vecstim_times(self):
        """VecStim reads its Vector at each finitialize (vecevent.mod reads it live), so a
        Vector changed in place after vs.play(vec) is seen without rebuilding the engine."""
        vss = self.pps["VecStim"]
        if not vss:
            return
        times = [pp._times() for pp in vss]
        starts = np.zeros(len(vss) + 1, dtype=np.int64)
        starts[1:] = np.cumsum([len(t) for t in times])
        self.vs_times = np.concatenate(times)
        self.ivw(L.I_VS_START)[:] = starts

    def _check_vecstim(self):
        """Raise for the VecStim whose Vector went back in time (NEURON's nrn_net_send aborts
        with 'net_send td-t = ...'); nothing is queued for it, so it has stopped."""
        k = int(self.qm[3]) - 1
        if k < 0:
            return
        self.qm[3] = 0
        vs = self.pps["VecStim"][k]
        start = self.ivw(L.I_VS_START)
        times = self.vs_times[start[k]:start[k + 1]]
        i = int(self.fvw(L.F_VS_INDEX)[k]) - 1
        prev = f"its event at t = {float(times[i - 1])!r}" if i > 0 else "finitialize (t = 0)"
        raise RuntimeError(
            f"{vs}: element {i} of the Vector it plays is {float(times[i])!r}, earlier than {prev}; "
            "VecStim needs times >= 0 in non-decreasing order (NEURON aborts here with "
            "'net_send td-t < 0'). Sort the Vector (vec.sort()) and drop negative times "
            "before vs.play(vec), then call h.finitialize() again")

    def _grow(self):
        if self.qm[0] + self.q_margin > len(self.qf):
            self._grow_queue_by(self.q_margin)
        if self.spk_n[0] + self.spk_margin > len(self.spk_f):
            cap = 2 * len(self.spk_f) + self.spk_margin
            self.spk_f = np.concatenate([self.spk_f, np.zeros(cap - len(self.spk_f))])
            self.spk_i = np.concatenate([self.spk_i, np.zeros(cap - len(self.spk_i), np.int64)])

    def _recorder_groups(self):
        """Recorders grouped by the Vectors they fill: [(tvec, idvec, member, rid)] with
        member[p] true for sources recording there and rid[p] the id they record."""
        key = STATE.recorders_version
        if getattr(self, "_rec_key", None) == key:
            return self._rec_groups
        groups = {}
        nps = len(self.presyns)
        for p, presyn in enumerate(self.presyns):
            for tvec, idvec, rid in presyn.recorders:
                g = groups.get((id(tvec), id(idvec)))
                if g is None:
                    g = groups[(id(tvec), id(idvec))] = (tvec, idvec, np.zeros(nps, bool),
                                                          np.zeros(nps))
                g[2][p] = True
                g[3][p] = rid
        self._rec_key, self._rec_groups = key, list(groups.values())
        return self._rec_groups

    def collect_spikes(self):
        """The spikes since the last call (source index, time), in the order they happened;
        appended to their recorders' Vectors (chronologically, as NEURON records them)."""
        n = int(self.spk_n[0])
        ps = self.spk_i[:n].copy()
        ts = self.spk_f[:n].copy()
        self.spk_n[0] = 0
        if n:
            groups = self._recorder_groups()
            if len(groups) <= 16:
                for tvec, idvec, member, rid in groups:
                    sel = member[ps]
                    if sel.any():
                        tvec._extend(ts[sel])
                        if idvec is not None:
                            idvec._extend(rid[ps[sel]])
            else:       # many small recorders (one Vector per cell): source by source
                order = np.argsort(ps, kind="stable")
                bounds = np.flatnonzero(np.diff(ps[order])) + 1
                for group in np.split(order, bounds):
                    presyn = self.presyns[ps[group[0]]]
                    for tvec, idvec, rid in presyn.recorders:
                        tvec._extend(ts[group])
                        if idvec is not None:
                            idvec._extend(np.full(len(group), rid))
        return ps, ts

    def inject(self, sources, times):
        """Queue the NetCon events of spikes produced elsewhere (source index, spike time)."""
        if len(sources) == 0:
            return
        starts = self.ivw(L.I_PS_START)
        src = np.asarray(sources, dtype=np.int64)
        need = int((starts[src + 1] - starts[src]).sum())
        while self.qm[0] + need + self.q_margin > len(self.qf):
            self._grow_queue_by(need)
        self._kernel(K.MODE_INJECT, ps_list=np.asarray(sources, dtype=np.int64),
                     t_list=np.asarray(times, dtype=np.float64))

    def _grow_queue_by(self, need):
        cap = 2 * len(self.qf) + need
        qf = np.zeros((cap, self.qf.shape[1]))
        qi = np.zeros((cap, self.qi.shape[1]), dtype=np.int64)
        qf[:len(self.qf)] = self.qf
        qi[:len(self.qi)] = self.qi
        self.qf, self.qi = qf, qi

    def netcon_event(self, nc, te):
        if not self.has_netcon(nc):
            raise RuntimeError(f"{nc}.event(): call h.finitialize() after creating the NetCon")
        if self.qm[0] + 2 > len(self.qf):
            self._grow_queue_by(16)
        c = int(self.eidx_of[nc._index])
        self._kernel(K.MODE_NETCON_EVENT, t=te, n=c)
