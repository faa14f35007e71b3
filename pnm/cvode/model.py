"""What the global variable step integrates, and what it refuses: y's layout over the
engine's arrays (NEURON's Cvode::init_eqn order: v at the nodes with capacitance, then every
mechanism's states, mechanism by mechanism in NEURON's order, instance by instance, state by
state; a concentration STATE at the ion's value), the tolerances, the mechanisms' at_time
channels, the state kernels run before each step (`nonode_rows`), and `check_model` /
`check_settings`, which name what the variable step does not cover yet."""

import numpy as np

from ..engine import layout as L
from ..engine import usermechs, userpoints
from ..engine.userhooks import PH_ODE_SPEC, PH_STATE
from ..model import mechanisms as mechs
from ..model.state import STATE
from ..nmodl.emit import AT_TIME_NEXT


def at_time_globals(eng):
    """(GLOBALs array, index of at_time_next_) of every mechanism calling at_time."""
    out = []
    for name in mechs.USER:
        module = mechs.USER[name]
        names = [g for g, _ in getattr(module, "GLOBALS", [])]
        if AT_TIME_NEXT in names:
            out.append((mechs.USER_GLOBALS[name], names.index(AT_TIME_NEXT)))
    return out


def zero_area_points(eng, zero_area):
    """The zero-area nodes where point processes sit (x = 0 or 1 of a section), for nocap_v."""
    nodes = set()
    for name, lst in eng.pps.items():
        for pp in lst:
            seg = pp.get_segment()
            if seg is not None:
                node = eng.node_index(seg._ref_v)
                if zero_area[node]:
                    nodes.add(node)
    return np.array(sorted(nodes), dtype=np.int64)


def check_settings(settings):
    """The integrator settings NEURON would honour and this integrator does not."""
    for name, default, what in (("stiff", 2, "cvode.stiff(0 or 1): functional iteration or no "
                                 "mechanism Jacobian"),
                                ("jacobian", 0, "cvode.jacobian(1 or 2): a dense or diagonal "
                                 "Jacobian"),
                                ("use_long_double", False, "cvode.use_long_double(1)")):
        if settings[name] != default:
            raise NotImplementedError(
                f"cvode.active(1) with {what}: pnm's variable step runs NEURON's defaults only "
                f"here; set cvode.{name}({int(default)})")


# NEURON's built-in artificial cells compared under the variable step (tests/test_cvode.py);
# their events never re-initialise the integrator (no Cvode: target_->nvi_ is null)
COVERED_ARTIFICIAL = {"NetStim", "IntFire1", "IntFire2", "IntFire4"}


def check_model(eng):
    """Refuse what the variable step does not cover yet, naming it."""
    def refuse(what, fix):
        raise NotImplementedError(f"cvode.active(1) with {what}: pnm's variable step "
                                  f"integrator does not handle it yet. {fix}")
    if eng.pps.get("VClamp"):
        refuse(f"the voltage clamp {eng.pps['VClamp'][0].hname()} (NEURON's vclmp.mod stops "
               "with 'VClamp does not work with CVODE' when a level is on)",
               "Use SEClamp, or the fixed step (cvode.active(0))")
    kind = eng.ints(L.I_PS_KIND)
    if np.any((kind != L.PS_EVENT) & (kind != L.PS_VAR)):
        refuse("NetCons from other ranks", "Use the fixed step (cvode.active(0))")
    if eng.timed_calls:
        refuse("CVode.event", "Use the fixed step (cvode.active(0))")
    if eng.ilen[L.I_PLAY_SLOT] or eng.ilen[L.I_GAP_SRC] or eng.coupling.table.shape[0]:
        refuse("Vector.play, gap junctions or split cells", "Use the fixed step")
    for sec in STATE.live_sections():
        if any(seg.cm == 0.0 for seg in sec):
            refuse(f"{sec.hname()} at cm = 0 (NEURON's CVODE then needs the "
                   "differential-algebraic solver, IDA)", "Give every segment a positive cm")
    for name in _used(eng):
        module = mechs.USER[name]
        if module.KIND == "artificial_cell" and name not in COVERED_ARTIFICIAL:
            refuse(f"the artificial cell {eng.pps[name][0].hname()}", "Use the fixed step "
                   "(cvode.active(0)); NetStim and IntFire1/2/4 are covered so far")
        if any(kind == "watch" for _, kind, _ in module.FIELDS):
            refuse(f"the mechanism {name} ({module.MOD_FILE}): its WATCH conditions",
                   "Use the fixed step (cvode.active(0)) for models with it")
        why = getattr(module, "ODE_REFUSED", "its kernels predate the variable step")
        if why is not None:
            refuse(f"the mechanism {name} ({module.MOD_FILE}): {why}",
                   "Use the fixed step (cvode.active(0)) for models with it")


def _used(eng):
    """The .mod mechanisms with instances (density, then point processes)."""
    return [name for name, n in eng.user_blocks if n and not mechs.is_ion(name)] + \
        userpoints.point_names(eng.pps)


def _blocks(eng):
    """(name, its fields, instances, its first place in S) of the ions' and .mod mechanisms'
    blocks (build.py's layout: density blocks, then the point processes')."""
    base = int(eng.foff[L.F_USER])
    out = []
    blocks = [(name, usermechs.field_names(name), n) for name, n in eng.user_blocks]
    blocks += [(name, [f[0] for f in mechs.USER[name].FIELDS], len(eng.pps[name]))
               for name in userpoints.point_names(eng.pps)]
    for name, fields, n in blocks:
        out.append((name, fields, n, base))
        base += len(fields) * n
    return out


def node_rank(eng):
    """Each node's place in NEURON's node order: cell after cell (root sections in creation
    order), a cell's sections breadth first, a section's segments in order (pnm interleaves
    cells of one shape, nodes.py). Zero-area nodes rank last."""
    parent = eng.node_parents()
    rank = np.full(len(parent), len(parent), dtype=np.int64)
    r = 0
    for root in [sec for sec in eng.sections if sec.parent_section is None]:
        level = [root]
        while level:
            for sec in level:
                for node in eng.sec_nodes[id(sec)][1:-1]:
                    rank[node] = r
                    r += 1
            level = [c for sec in level for c in sec.child_sections]
    return rank


def _instance_order(eng, inst, rank):
    """(A block's instances in NEURON's order: by the rank of their node (a stable sort: the
    instances at one node keep their order), its ion_index). inst: the block's array in
    eng.user."""
    for k, a in enumerate(eng.user):
        if a is inst or (isinstance(a, np.ndarray) and a.ndim == 2 and a.shape == inst.shape
                         and a.__array_interface__["data"][0] ==
                         inst.__array_interface__["data"][0]):
            return np.argsort(rank[eng.user[k + 3]], kind="stable"), eng.user[k + 4]
    raise RuntimeError("cvode: a mechanism's instance block is not among the engine's arrays")


def state_slots(eng, rank):
    """(places in S of the mechanisms' states in y's order, of their derivatives, their
    tolerance factors): mechanisms in NEURON's order (usermechs.catalogue_place), each
    instance by instance (by node, NEURON's order), state by state (its ode_map order)."""
    sslot, dslot, tolerance = [], [], []
    blocks = [b for b in _blocks(eng) if not mechs.is_ion(b[0])]
    blocks.sort(key=lambda b: usermechs.catalogue_place(b[0]))
    for name, fields, n, base in blocks:
        module = mechs.USER[name]
        states = getattr(module, "ODE_STATES", None) or []
        if not states:
            continue
        inst = eng.S[base:base + len(fields) * n].reshape(len(fields), n)
        order, ion_index = _instance_order(eng, inst, rank)
        ions = getattr(module, "ODE_STATE_IONS", [-1] * len(states))
        for i in order:
            for s, tol, col in zip(states, module.ODE_TOLERANCES, ions):
                # a concentration STATE is the ion's (NEURON's ode_map: _pv = &_ion_cai)
                sslot.append(base + fields.index(s) * n + i if col < 0 else ion_index[col, i])
                dslot.append(base + fields.index(s + "'") * n + i)
                tolerance.append(tol)
    return (np.array(sslot, dtype=np.int64), np.array(dslot, dtype=np.int64),
            np.array(tolerance, dtype=float))


def nonode_rows(eng):
    """The hook table's state rows of the mechanisms without states in y (their hooks have
    no ode_spec row): Cvode::do_nonode calls them before each step."""
    H = eng.hook_table          # a mechanism is its part of U (column 2, b): its fixed-step
    ode = set(H[H[:, 0] == PH_ODE_SPEC, 2].tolist())    # and variable-step hooks differ
    keep = [r for r in range(H.shape[0]) if H[r, 0] == PH_STATE and H[r, 2] not in ode]
    return np.ascontiguousarray(H[keep])


def cell_points(eng):
    """Per point mechanism (its event type T_USER + m): whether it sits on a cell (its events
    re-initialise the integrator) rather than being an artificial cell."""
    return np.array([mechs.USER[name].KIND != "artificial_cell"
                     for name in userpoints.point_names(eng.pps)] or [False], dtype=np.bool_)
