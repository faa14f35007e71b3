"""NetCon and its source (PreSyn): threshold detection on a variable or the net_event of a
point process, delivered to a target after a delay with a weight. As in NEURON, NetCons that
watch the same source share one PreSyn, and so one threshold."""

import itertools
import math
import weakref


from . import mechanisms as mechs
from . import hoccommand, secstack
from .pointprocess import PointProcess
from .refs import Ref, NodeRef, RangeRef, PointRef, check_in_section_data
from .section import Section
from .hocindex import counter as hoc_counter, next_index, release_index
from .state import STATE


class PreSyn:
    """The spike source behind NetCons: a watched variable with a threshold, or a point
    process that calls net_event. Holds the spike recorders and, under MPI, the gid."""

    _created = itertools.count()

    def __init__(self, ref=None, pp=None):
        self.ref = ref
        # the point process is held weakly: as in NEURON, a source nobody else references is
        # freed, and its PreSyn with it (PointProcess.__del__ calls disconnect)
        self._pp = None if pp is None else weakref.ref(pp)
        self.serial = next(PreSyn._created)   # creation order: orders equal-time events
        self.threshold = 10.0
        self.gid = -1
        self.recorders = []     # (tvec, idvec or None, id)
        self.callback = None    # NetCon.record(callable or "hoc statement")

    @property
    def pp(self):
        """The point process whose net_event this is, or None."""
        pp = self._pp
        return None if pp is None else pp()

    def disconnect(self):
        """The source object is gone (NEURON deletes the PreSyn with it): NetCons from it have
        no source any more (nc.pre() is None, nc.valid() 0), its recordings stop (their Vectors
        keep what they hold) and a record-only entry leaves the table."""
        self.recorders = []
        self.callback = None
        STATE.netcons.drop_source(self)
        STATE.changed()

    def call_back(self, t):
        """PreSyn::record's statement: run at the spike, with h.t the spike time."""
        STATE.t = t
        if isinstance(self.callback, str):
            hoccommand.run(self.callback, "<NetCon.record>")
        else:
            self.callback()

    def set_threshold(self, value):
        self.threshold = value
        handle = STATE.netcons.engine_handle
        if handle is not None:
            handle.set_threshold(self, value)

    def describe(self):
        return self.pp.hname() if self.pp is not None else self.ref.describe()

    @staticmethod
    def of(source):
        """The PreSyn of a source (created on first use)."""
        sec = source.section_ref() if type(source) is NodeRef else None
        if sec is not None and not type(sec).IS_DELETED:  # the usual source, soma(x)._ref_v
            return _voltage_presyn(sec, source)
        if isinstance(source, PointProcess) and "x" in source.mech_type.fields and \
                source.mech_name not in mechs.NET_RECEIVERS:
            # NEURON (NetCvode::install_deliver): a point process without NET_RECEIVE that
            # has a variable x is watched through x against the threshold (ModelDB 28316's
            # SpikeGenerator); NetCon.pre() is still the point process
            ref = source._ref_x
            table, key, pp = source.presyn_table(create=True), ref.field, None
        elif isinstance(source, PointProcess):
            table, key, ref, pp = source.presyn_table(create=True), None, None, source
        elif isinstance(source, (NodeRef, RangeRef)):
            table, key, ref, pp = source.sec.presyn_table(create=True), source.key(), source, None
        elif isinstance(source, PointRef):
            table, key, ref, pp = source.pp.presyn_table(create=True), source.field, source, None
        else:
            table = None
        if table is not None:
            ps = table.get(key)
            if ps is None:
                ps = table[key] = _new_presyn(ref, pp)
            return ps
        raise TypeError(f"NetCon source {source!r} must be a reference such as "
                        "soma(0.5)._ref_v (with sec=soma), a point process / artificial cell, "
                        "or None")


def _voltage_presyn(sec, source):
    """The PreSyn of source, a NodeRef (soma(x)._ref_v) on the live section sec, made on
    first use: one per node."""
    table = sec.presyn_table(True)
    key = ("v", id(sec), sec.node_of(source.x))     # source.key()
    ps = table.get(key)
    if ps is None:
        ps = table[key] = _new_presyn(source, None)
    return ps


def _new_presyn(ref, pp):
    """PreSyn(ref=ref, pp=pp) without the class call (~1.5 k instructions)."""
    ps = _new_instance(PreSyn)
    ps.__init__(ref, pp)
    return ps


def voltage_netcon(source, target, sec):
    """NetCon(source, target, sec=sec) for a NodeRef source (hoc's `sec nc = new
    NetCon(&v(x), target)`): NetCon.__init__'s usual case without the class call (a target
    that receives events, sec a Section); any other case is the class call, with its errors."""
    if type(sec) is not Section or (target is not None and not (
            isinstance(target, PointProcess) and type(target).mech_name in mechs.NET_RECEIVERS)):
        return NetCon(source, target, sec=sec)
    src = source.section_ref()
    if src is not None and not type(src).IS_DELETED:      # PreSyn.of(source), its usual case
        presyn = _voltage_presyn(src, source)
    else:
        presyn = PreSyn.of(source)
    nc = _new_instance(NetCon)
    count = _NETCON_COUNT      # next_index("NetCon"), inline
    nc._name = name = count[0]
    count[0] = name + 1
    count[1] += 1
    nc._index = STATE.netcons.add(presyn, target, name)
    STATE.structure_version += 1     # changed(), inline
    return nc


_new_instance = object.__new__
_NETCON_COUNT = hoc_counter("NetCon")


class _Weight:
    """nc.weight: indexable like NEURON's weight vector, as long as the target's NET_RECEIVE
    has arguments (one for the built-ins)."""

    def __init__(self, nc):
        self._nc = nc

    def __getitem__(self, i):
        return self._nc._get_weight(self._check(i))

    def __setitem__(self, i, value):
        self._nc._set_weight(self._check(i), _number(self._nc, "weight", value))

    def __len__(self):
        target = self._nc.target
        return 1 if target is None else mechs.weight_count(target.mech_name)

    def _check(self, i):
        n = len(self)
        try:
            k = int(i)
        except (TypeError, ValueError):
            raise TypeError(f"{self._nc}.weight[{i!r}]: the index must be an integer") from None
        if k < 0:
            k += n
        if not 0 <= k < n:
            target = self._nc._target_name()
            if n == 1:
                raise IndexError(f"{self._nc}.weight[{i}]: the target {target} takes one "
                                 "weight; use weight[0]")
            raise IndexError(f"{self._nc}.weight[{i}]: index out of range; the target {target} "
                             f"takes {n} weights "
                             f"(its NET_RECEIVE arguments); use weight[0]..weight[{n - 1}]")
        return k

    def __repr__(self):
        return "[" + ", ".join(repr(self[k]) for k in range(len(self))) + "]"


def _number(nc, name, value):
    if type(value) is float and value == value:     # a number, not nan: as it is
        return value
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{nc}.{name} = {value!r}: must be a number") from None
    if math.isnan(value):
        raise ValueError(f"{nc}.{name} = nan: must be a number")
    return value


class NetCon:
    """h.NetCon(source, target[, threshold, delay, weight], sec=section)."""

    # _index: the position key in the tables above (creation order; everything else lives
    # there); _name: NEURON's object index NetCon[_name], which restarts at 0 once no NetCon
    # is alive
    __slots__ = ("_index", "_name", "__weakref__")

    def __init__(self, source, target, threshold=None, delay=None, weight=None, sec=None):
        if target is not None:
            if not isinstance(target, PointProcess):
                raise TypeError(f"NetCon(..., {target!r}): the target must be a point process "
                                "with NET_RECEIVE (ExpSyn, Exp2Syn, IntFire1, ...) or None")
            if target.mech_name not in mechs.NET_RECEIVERS:     # not mech_type.is_target
                raise TypeError(f"NetCon(..., {target.hname()}): {target.mech_name} has no "
                                "NET_RECEIVE block, so it cannot receive events; "
                                "target a synapse such as ExpSyn or an artificial cell")
        if type(source) is NodeRef and type(sec) is Section:
            presyn = PreSyn.of(source)  # soma(x)._ref_v, sec=soma: the checks below pass
        else:
            if isinstance(source, Ref) and sec is not None and not isinstance(sec, Section):
                raise TypeError(f"NetCon(..., sec={sec!r}): sec must be a Section")
            if isinstance(source, Ref):
                check_in_section_data(source, "NetCon")
            presyn = None if source is None else PreSyn.of(source)
        self._name = name = next_index("NetCon")
        self._index = STATE.netcons.add(presyn, target, name)
        STATE.structure_version += 1     # changed(), inline
        if threshold is not None:
            self.threshold = threshold
        if delay is not None:
            self.delay = delay
        if weight is not None:
            self.weight[0] = weight

    def __del__(self):
        # as NEURON: a NetCon nobody references is gone from the simulation
        try:
            netcons = STATE.netcons
            p = netcons.position(self._index)
            if p >= 0:
                netcons.forget(p)
                STATE.changed()
        except (AttributeError, TypeError):
            pass    # __init__ raised before registering it, or the interpreter is exiting
        try:
            self._name
        except AttributeError:
            return
        release_index("NetCon")

    # ---- the model's view of a NetCon (used by the parallel layer and the engine) ----------
    @property
    def index(self):
        """The NetCon's creation number (NEURON's NetCon[index])."""
        return self._index

    def _position(self):
        p = STATE.netcons.position(self._index)
        if p < 0:
            raise RuntimeError(f"{self}: this NetCon belongs to a model that was reset "
                               "(pnm.reset()); create it again")
        return p

    @property
    def presyn(self):
        """The PreSyn this NetCon watches (None for NetCon(None, target))."""
        netcons = STATE.netcons
        if netcons.gone:
            netcons.settle()
        return netcons.source[self._position()]

    @presyn.setter
    def presyn(self, ps):
        STATE.netcons.source[self._position()] = ps

    @property
    def target(self):
        return STATE.netcons.target[self._position()]

    def __repr__(self):
        return f"NetCon[{self._name}]"

    hname = __repr__

    def _target_name(self):
        return self.target.hname() if self.target is not None else "None"

    # engine-bound variables: through the handle the engine gave the NetCon table ----------
    def _get(self, name):
        p = self._position()
        handle = STATE.netcons.engine_handle
        if handle is not None and handle.compiled(p):
            return handle.get(p, name)
        return STATE.netcons.values[name][p]

    def _set(self, name, value):
        netcons = STATE.netcons
        p = self._index - netcons.first_index      # netcons.position(self._index), inline
        if not 0 <= p < len(netcons.live):
            p = self._position()        # raises: a NetCon of a model that was reset
        handle = netcons.engine_handle
        if handle is not None and handle.compiled(p):
            handle.set(p, name, value)
        netcons.values[name][p] = value

    def _get_weight(self, k):
        if k == 0:
            return self._get("weight")
        p = self._position()
        handle = STATE.netcons.engine_handle
        if handle is not None and handle.compiled(p):
            return handle.get_weight(p, k)
        return STATE.netcons.extra_weight(p, k)

    def _set_weight(self, k, value):
        if k == 0:
            self._set("weight", value)
            return
        p = self._position()
        handle = STATE.netcons.engine_handle
        if handle is not None and handle.compiled(p):
            handle.set_weight(p, k, value)
        STATE.netcons.set_extra_weight(p, k, value)

    @property
    def weight(self):
        return _Weight(self)

    def wcnt(self):
        """The length of the weight vector (NEURON's NetCon.wcnt(): a float in Python)."""
        return float(len(_Weight(self)))

    @weight.setter
    def weight(self, value):
        if type(value) is not float or value != value:     # _number's usual case inline
            value = _number(self, "weight", value)
        netcons = STATE.netcons         # self._set("weight", value), its usual case inline:
        p = self._index - netcons.first_index
        if 0 <= p < len(netcons.live) and netcons.engine_handle is None:
            netcons.values["weight"][p] = value
        else:
            self._set("weight", value)

    @property
    def delay(self):
        return self._get("delay")

    @delay.setter
    def delay(self, value):
        if type(value) is not float or value != value:     # _number's usual case inline
            value = _number(self, "delay", value)
        if value < 0:
            raise ValueError(f"{self}.delay = {value}: a delay cannot be negative; give a delay >= 0 (ms)")
        netcons = STATE.netcons         # self._set("delay", value), its usual case inline
        p = self._index - netcons.first_index
        if 0 <= p < len(netcons.live) and netcons.engine_handle is None:
            netcons.values["delay"][p] = value
        else:
            self._set("delay", value)

    @property
    def threshold(self):
        return self.presyn.threshold if self.presyn is not None else 10.0

    @threshold.setter
    def threshold(self, value):
        if type(value) is not float or value != value:     # _number's usual case inline
            value = _number(self, "threshold", value)
        netcons = STATE.netcons
        p = self._index - netcons.first_index      # self._position(), its usual case inline
        if not 0 <= p < len(netcons.live):
            p = self._position()
        if netcons.gone:
            netcons.settle()
        presyn = netcons.source[p]
        if presyn is None:
            return
        if netcons.engine_handle is None:   # presyn.set_threshold(value), its usual case inline
            presyn.threshold = value
        else:
            presyn.set_threshold(value)

    def active(self, flag=None):
        """nc.active([flag]): as NEURON, returns the value before the call; a NetCon without
        a target is never active and ignores flag."""
        old = self._get("active") != 0.0
        if flag is None or self.target is None:
            return old
        self._set("active", 1.0 if flag else 0.0)
        return old

    # topology queries ---------------------------------------------------------------------
    def syn(self):
        return self.target

    def pre(self):
        ps = self.presyn
        if ps is None:
            return None
        if ps.pp is None and type(ps.ref) is PointRef:    # a point process watched through x
            return ps.ref.pp
        return ps.pp

    def preseg(self):
        ps = self.presyn
        if ps is None or ps.ref is None or not isinstance(ps.ref, NodeRef):
            return None
        return ps.ref.sec(ps.ref.x)

    def postseg(self):
        return None if self.target is None else self.target.get_segment()

    def preloc(self):
        """x of the source's node, its section pushed (the caller pops it), as NEURON; -1 for
        a source that is not a voltage (nothing pushed)."""
        return _push_node_x(self.preseg())

    def postloc(self):
        """x of the target's node, its section pushed (the caller pops it), as NEURON; -1
        without a located target."""
        return _push_node_x(self.postseg())

    def precell(self):
        """The cell object of the source's section; None for a source without one (an
        artificial cell, also inside a template: NEURON's NULLobject)."""
        seg = self.preseg()
        if seg is not None:
            return seg.sec.cell()
        pp = self.pre()
        sec = getattr(pp, "host_section", None)
        return None if sec is None else sec.cell()

    def postcell(self):
        seg = self.postseg()
        return None if seg is None else seg.sec.cell()

    def srcgid(self):
        return -1 if self.presyn is None else self.presyn.gid

    def valid(self):
        """As NEURON: true when the NetCon has a target and its source, if it had one, was
        not freed (NetCon(None, target) is valid: NEURON gives it a PreSyn of its own)."""
        STATE.netcons.settle()
        return self.target is not None and self._position() not in STATE.netcons.source_gone

    # recording and events ------------------------------------------------------------------
    def record(self, tvec=None, idvec=None, rid=None):
        """nc.record(tvec[, idvec[, id]]): append the source's spike times (and ids);
        nc.record(callable or "hoc statement"): run it at each spike of the source, with h.t
        the spike time, before the step goes on ("" removes it)."""
        if self.presyn is None:
            raise ValueError(f"{self}.record(): this NetCon has no source to record")
        ps = self.presyn
        STATE.recorders_version += 1
        from .vector import Vector
        if idvec is None and not isinstance(tvec, Vector) and (isinstance(tvec, str)
                                                                or callable(tvec)):
            ps.callback = tvec if tvec != "" else None
            return
        if tvec is None:
            ps.recorders.clear()
            return
        if not isinstance(tvec, Vector) or (idvec is not None and not isinstance(idvec, Vector)):
            raise TypeError(f"{self}.record(tvec[, idvec]): give h.Vector objects, or a "
                            "Python callable or hoc statement to run at each spike")
        if rid is None:
            rid = ps.gid if ps.gid >= 0 else self._index
        ps.recorders = [(tvec, idvec, float(rid))]
        STATE.register_record(tvec)

    def event(self, t, flag=None):
        handle = STATE.netcons.engine_handle
        if handle is None:
            raise RuntimeError(f"{self}.event({t}): call h.finitialize() first; "
                               "events are placed on the queue of an initialized run")
        p = self._position()
        if not handle.compiled(p):
            raise RuntimeError(f"{self}.event(): call h.finitialize() after creating the NetCon")
        handle.event(p, float(t))


def check_netcon_targets():
    """Before a build: a NetCon whose target point process lost its section (deleted) is
    an error naming both (NEURON 9 crashes there)."""
    table = STATE.netcons
    if STATE.sources_checked != STATE.sections_lost:     # sources on sections now gone
        STATE.sources_checked = STATE.sections_lost
        table.settle()
        for p, ps in enumerate(table.source):
            if ps is not None and ps.ref is not None and not ps.ref.alive:
                table.source[p] = None
    inert = {id(pp): pp for pp in STATE.live_point_processes() if pp.is_inert()}
    if not inert:
        return
    for p in table.live_positions().tolist():
        target = table.target[p]
        if target is not None and id(target) in inert:
            raise RuntimeError(
                f"NetCon[{table.names[p]}]: its target {target.hname()} is not located "
                "in a section (its section was deleted); delete the NetCon (drop every "
                f"reference to it) or locate {target.hname()} again with .loc(seg) before "
                "finitialize")


def _push_node_x(seg):
    """preloc/postloc: push seg's section and return its node's x; -1 without a segment."""
    if seg is None:
        return -1.0
    secstack.level_push(seg.sec)
    return seg.sec.x_of_node(seg.sec.node_of(seg.x))
