"""What each gid costs: its compartments, mechanism instances, NetCons and the events it
receives, weighted by per-instance costs measured on this machine (calibrate.py, cached), and
its memory in bytes from the compiled engine's arrays (engine/memory.py).

Cost is in seconds of computation per ms of simulated time: the per-step work of nodes and
mechanisms, plus the events delivered to the gid's targets and its NetStims' self-events, at
the calibrated per-event cost. Events are measured when the engine has run (eventcount.py:
firings of each NetCon's source since finitialize, over the simulated time); before any run
(a dry run without --dry-run-ms) NetStim NetCons deliver 1/interval per ms and gid NetCons
are charged at `event_rate_hz`."""

from dataclasses import dataclass, field

import numpy as np

from ..engine.memory import bytes_per_item
from ..model.state import STATE

DEFAULT_EVENT_RATE_HZ = 10.0    # assumed firing rate of the sources of gid NetCons


@dataclass
class CellLoad:
    gid: int
    compartments: int = 0
    mechanisms: dict = field(default_factory=dict)   # name -> instances
    netcons_in: int = 0         # NetCons onto this cell from gids
    netcons_local: int = 0      # NetCons onto this cell from local sources (NetStims, ...)
    events_per_ms: float = 0.0  # NetCon events delivered to the cell's targets
    events_measured: bool = False    # events_per_ms counted in a run (else estimated)
    self_events_per_ms: float = 0.0  # self-events of the NetStims driving the cell
    cost: float = 0.0           # seconds of computation per ms of simulated time
    memory: float = 0.0         # bytes of engine arrays

    def as_dict(self):
        return {"gid": self.gid, "cost": self.cost, "memory": round(self.memory),
                "compartments": self.compartments, "mechanisms": dict(self.mechanisms),
                "netcons_in": self.netcons_in, "netcons_local": self.netcons_local,
                "events_per_ms": self.events_per_ms, "events_measured": self.events_measured,
                "self_events_per_ms": self.self_events_per_ms}


def section_of(presyn):
    """The section a gid's spike source watches (or its point process is in), or None."""
    ref = presyn.ref
    sec = getattr(ref, "sec", None)
    if sec is None and presyn.pp is not None:
        sec = presyn.pp.host_section
    if sec is None and ref is not None and getattr(ref, "pp", None) is not None:
        sec = ref.pp.host_section
    return sec


class _Owners:
    """Which gid each section / point process belongs to, on this rank."""

    def __init__(self, gid_table, gids):
        self.of_section, self.of_pp, self.loads = {}, {}, {}
        for gid in sorted(gids):
            if not gid_table.has_cell(gid):
                continue
            self.loads[gid] = CellLoad(gid)
            ps = gid_table.presyn[gid]
            sec = section_of(ps)
            if sec is not None:
                for s in sec.wholetree():
                    self.of_section[id(s)] = gid
            elif ps.pp is not None:
                self.of_pp[id(ps.pp)] = gid
        pieces = STATE.splits.piece_gids if STATE.splits is not None else {}
        for sec in STATE.live_sections():       # pieces of split cells kept on this rank
            gid, piece_sec = pieces.get(id(sec), (None, None))
            if piece_sec is sec and id(sec) not in self.of_section:
                self.of_section[id(sec)] = gid
                self.loads.setdefault(gid, CellLoad(gid))

    def gid_of_target(self, target):
        if target is None:
            return None
        gid = self.of_pp.get(id(target))
        if gid is None and target.host_section is not None:
            gid = self.of_section.get(id(target.host_section))
        return gid


def count_items(gid_table, gids=None, counter=None, event_rate_hz=DEFAULT_EVENT_RATE_HZ):
    """{gid: CellLoad with counts and events per ms} for this rank's cells (gids: those to
    count, default every gid the table owns), and the gid NetCons [(source gid, target gid,
    delay)] onto them. counter (eventcount.EventCounter): measured events when it covers
    some simulated time."""
    owners = _Owners(gid_table, gid_table.owned if gids is None else gids)
    loads = owners.loads
    for sec in STATE.live_sections():
        gid = owners.of_section.get(id(sec))
        if gid is None:
            continue
        cl = loads[gid]
        nseg = int(sec.nseg)
        cl.compartments += nseg + (1 if sec.parent_section is None else 0)
        for name in sec.mechanism_names:
            cl.mechanisms[name] = cl.mechanisms.get(name, 0) + nseg
    stims = {}
    for pp in STATE.live_point_processes():
        gid = owners.gid_of_target(pp)
        if gid is not None:
            cl = loads[gid]
            cl.mechanisms[pp.mech_name] = cl.mechanisms.get(pp.mech_name, 0) + 1
        elif pp.mech_name == "NetStim":
            stims[id(pp)] = pp
    ms = counter.simulated_ms() if counter is not None else 0.0
    edges = []
    table = STATE.netcons
    delays, active = table.values_view("delay"), table.values_view("active")
    for p in table.live_positions().tolist():
        gid = owners.gid_of_target(table.target[p])
        if gid is None:
            continue
        src = table.source[p]
        cl = loads[gid]
        stim = src.pp if src is not None and src.gid < 0 else None
        if src is not None and src.gid >= 0:
            cl.netcons_in += 1
            edges.append((int(src.gid), gid, float(delays[p])))
            estimate = event_rate_hz / 1000.0
        else:
            cl.netcons_local += 1
            is_stim = stim is not None and stim.mech_name == "NetStim"
            estimate = _netstim_rate(stim) if is_stim else 0.0
            if is_stim and stims.pop(id(stim), None) is not None:   # a NetStim driving it
                cl.mechanisms["NetStim"] = cl.mechanisms.get("NetStim", 0) + 1
                cl.self_events_per_ms += _netstim_rate(stim)
        if ms > 0:
            cl.events_measured = True
            if src is not None and active[p] != 0.0:
                cl.events_per_ms += counter.firings_of(src) / ms
        else:
            cl.events_per_ms += estimate
    return loads, edges


def _netstim_rate(stim):
    """Events per ms of a NetStim (1 / interval while it has spikes to give)."""
    values = stim.field_values
    interval, number = float(values["interval"]), float(values["number"])
    return 0.0 if number <= 0 or interval <= 0 else 1.0 / interval


def price(loads, costs, engine, dt):
    """Fill cost and memory of each CellLoad from per-item costs and the engine's arrays."""
    steps_per_ms = 1.0 / dt
    per_item = bytes_per_item(engine) if engine is not None else None
    for cl in loads.values():
        step = cl.compartments * costs["node"]
        step += sum(n * costs.get(name, costs["default_mechanism"])
                    for name, n in cl.mechanisms.items())
        events = cl.events_per_ms + cl.self_events_per_ms
        cl.cost = steps_per_ms * step + events * costs["event"]
        if per_item is not None:
            cl.memory = (cl.compartments * per_item["node"] + per_item["presyn"]
                         + sum(n * per_item.get(name, 0.0) for name, n in cl.mechanisms.items())
                         + (cl.netcons_in + cl.netcons_local) * per_item["netcon"])
    return loads


def section_costs(sections, costs, dt):
    """Seconds of computation per ms simulated of each section, as price() charges a gid:
    its nodes (nseg, plus the 0-end node of a root), the mechanism instances in it and the
    point processes located on it (events are not charged: they belong to no section)."""
    default = costs["default_mechanism"]
    points = {}
    for pp in STATE.live_point_processes():
        host = pp.host_section
        if host is not None:
            points.setdefault(id(host), []).append(pp.mech_name)
    out = []
    for sec in sections:
        nseg = int(sec.nseg)
        step = (nseg + (1 if sec.parent_section is None else 0)) * costs["node"]
        step += sum(nseg * costs.get(name, default) for name in sec.mechanism_names)
        step += sum(costs.get(name, default) for name in points.get(id(sec), ()))
        out.append(step / dt)
    return out


def uncharged_piece_cost(gid_table, gids, costs, dt):
    """Cost of this rank's pieces of split cells (splitcell, pc.multisplit) that no gid here
    is charged for: the pieces without the spike detector of their cell's gid."""
    table = STATE.splits
    if table is None:
        return 0.0
    owners = _Owners(gid_table, gids)
    split_roots = {id(p.section.root()) for p in table.live_points()}
    split_roots |= {id(s.root()) for s, _, _ in table.marks if not type(s).IS_DELETED}
    secs = [s for s in STATE.live_sections()
            if id(s) not in owners.of_section and id(s.root()) in split_roots]
    return float(sum(section_costs(secs, costs, dt)))


def measure(gid_table, costs, engine, dt, event_rate_hz=DEFAULT_EVENT_RATE_HZ, gids=None,
            counter=None):
    """This rank's [CellLoad] (sorted by gid) and gid edges (see count_items)."""
    loads, edges = count_items(gid_table, gids, counter, event_rate_hz)
    price(loads, costs, engine, dt)
    return [loads[g] for g in sorted(loads)], edges


def imbalance(values):
    values = np.asarray(values, dtype=float)
    return float(values.max() / values.mean()) if len(values) and values.mean() > 0 else 1.0
