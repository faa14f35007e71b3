"""The engine: the compiled model (build.py makes it at finitialize) and its run driver.

Interface for the run system and the parallel layer (which knows no numerics):
`finitialize(vinit, setv, canonical)`, `advance(t_until[, max_steps])` runs whole steps and
returns the spikes (source index, time) it produced; `inject(sources, times)` queues the events
of spikes that arrived from elsewhere; `presyn_index(presyn)` names sources; `sync_all()` and
`release()` hand the values back to the model and drop the handles before a rebuild.
Split cells: `Engine(extra_presyns, split_points)` roots each piece at its split node,
`split_nodes` lists those nodes, and `set_coupling(Coupling(...))` (coupling.py) installs the
parallel layer's compiled coupling step.
Model objects reach engine state only through their handles (binding.py)."""

import contextlib
import gc
import sys

import numpy as np

from . import layout as L
from . import boundvectors, continuousplay, fastimem, stepper, usermechs, userpoints
from .build import build
from .coupling import Coupling
from .recording import SpikeRecording, engine_records
from .timedcalls import TimedCalls
from ..model import mechanisms as mechs
from ..model import cvode as cvode_settings
from ..model.random123 import globalindex
from ..model.state import STATE


def _joined(parts):
    """The spikes of several advances, in order."""
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


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


class Engine(SpikeRecording):
    def __init__(self, extra_presyns=(), split_points=()):
        """split_points: (section, x) pairs, each the node at which a piece of a split cell
        is joined to its other pieces; build roots the piece there (nodes.py)."""
        self.structure_version = STATE.structure_version
        self.coupling = Coupling()
        self.gap_exchange = Coupling()
        self.geometry_version = -1
        self.live = True            # False after release(): every handle then goes stale
        self.check_event_order = False      # set by a restore that keeps the queue (snapshot.py)
        self.timed_calls = TimedCalls()     # CVode.event calls (timedcalls.py)
        self.callback_key = -1              # STATE.recorders_version of I_PS_CALLBACK
        with gc_paused():
            build(self, extra_presyns, split_points)

    # views of fields
    def floats(self, fid):
        o = self.foff[fid]
        return self.S[o:o + self.flen[fid]]

    def ints(self, fid):
        o = self.ioff[fid]
        return self.I[o:o + self.ilen[fid]]

    # ------------------------------------------------------------------------------------
    # geometry: areas and coupling coefficients (recomputed when L/diam/Ra/3-D points change)
    # ------------------------------------------------------------------------------------
    def update_geometry(self):
        from ..model.shape import segment_areas, settle_all, PI
        settle_all()
        area = self.floats(L.F_AREA)
        rinv = np.zeros(self.nnode)
        area[:] = 100.0
        # sections without 3-D points, all at once: NEURON's nrn_area_ri for a cylinder per
        # segment, term for term as in segment_areas
        plain = [s for s in self.sections if s.pt3d_points is None or len(s.pt3d_points) <= 1]
        if plain:
            nseg = np.array([s.nseg for s in plain], dtype=np.int64)
            dx = np.repeat(np.array([s.stored_L for s in plain]) / nseg, nseg)
            ra = np.repeat(np.array([s.Ra for s in plain]), nseg)
            # in node order: from the 1 end for a section connected by its 1 end
            step = [-1 if s.orientation() else 1 for s in plain]
            diam = np.concatenate([s.range_table["diam"][::k] for s, k in zip(plain, step)])
            centres = np.concatenate([self.sec_nodes[id(s)][1:-1][::k]
                                      for s, k in zip(plain, step)])
            ends = np.array([self.sec_nodes[id(s)][0 if k < 0 else -1]
                             for s, k in zip(plain, step)], dtype=np.int64)
            last = np.cumsum(nseg) - 1
            area[centres] = PI * diam * dx
            rleft = 1e-2 * ra * (dx / 2) / (PI * diam * diam / 4.)
            rright = np.concatenate(([0.0], rleft[:-1]))
            rright[last[:-1] + 1] = 0.0           # a section's first segment: nothing right
            rinv[centres] = 1. / (rleft + rright)
            rinv[ends] = 1. / rleft[last]
        for s in self.sections:
            if s.pt3d_points is not None and len(s.pt3d_points) > 1:
                nodes = self.sec_nodes[id(s)]
                k = -1 if s.orientation() else 1          # node order, as above
                areas, rin, rin_end = segment_areas(s)
                area[nodes[1:-1][::k]] = areas
                rinv[nodes[1:-1][::k]] = rin
                rinv[nodes[0 if k < 0 else -1]] = rin_end
        if self.edge_src is not None:       # re-rooted pieces of split cells
            rinv = np.where(self.edge_src >= 0, rinv[np.maximum(self.edge_src, 0)], 0.0)
        a, b = self.floats(L.F_A), self.floats(L.F_B)
        parent = self.ints(L.I_PARENT)
        a[:] = 0.0
        b[:] = 0.0
        nz = parent >= 0
        a[nz] = -1.e2 * rinv[nz] / area[parent[nz]]
        b[nz] = -1.e2 * rinv[nz] / area[nz]
        for s in self.sections:     # rallbranch: the first node's effect on its parent
            rall = s.rallbranch
            if rall != 1.0:
                nodes = self.sec_nodes[id(s)]
                first = nodes[-2] if s.orientation() else nodes[1]
                a[first] = -1.e2 * rall * rinv[first] / area[parent[first]]
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

    def slot_of_time(self):
        return self.foff[L.F_T]

    def rec_slots_changed(self):
        self.ints(L.I_REC_SLOT)[:] = [self.slot(v.recorded_ref) for v in self.records]

    records_stale = False     # a Vector.record made since the build (records_changed)

    def records_changed(self):
        """A Vector.record made after this engine was built: as in NEURON (whose record
        lists are made at finitialize), it records from the next finitialize on, which then
        rebuilds the engine; the run goes on meanwhile."""
        recs = engine_records()
        if len(recs) != len(self.records) or any(a is not b for a, b in zip(recs, self.records)):
            self.records_stale = True

    def set_threshold(self, presyn, value):
        p = self.ps_index.get(id(presyn))
        if p is not None:
            self.floats(L.F_PS_THRESH)[p] = value

    def presyn_index(self, presyn):
        return self.ps_index.get(id(presyn), -1)

    @property
    def netcon_count(self):
        return len(self.nc_positions)

    def compiled_netcon_indices(self):
        """NetCon.index of every NetCon compiled into this engine, in creation order."""
        return (STATE.netcons.first_index + self.nc_positions).tolist()

    def sync_all(self):
        """Copy every engine value back into the model objects (before a rebuild)."""
        for s in self.sections:
            s.sync_from_engine()
        for lst in self.pps.values():
            for pp in lst:
                pp.sync_from_engine()
        if len(self.nc_positions):
            table = STATE.netcons
            for name, fid in self.netcon_handle.FIELD.items():
                table.values_view(name)[self.nc_positions] = self.floats(fid)
            if self.user_weights is not None:
                self.user_weights.sync(table, self.nc_positions)

    def release(self):
        """Unbind every model object (after sync_all) and drop references to them."""
        self.live = False
        for s in self.sections:
            s.bind(None)
        for lst in self.pps.values():
            for pp in lst:
                pp.bind(None)
        if STATE.netcons.engine_handle is self.netcon_handle:
            STATE.netcons.engine_handle = None
        self.sections, self.pps, self.presyns, self.records = [], {}, [], []

    # ------------------------------------------------------------------------------------
    # running
    # ------------------------------------------------------------------------------------
    @property
    def t(self):
        return float(self.S[self.foff[L.F_T]])

    @t.setter
    def t(self, value):
        self.S[self.foff[L.F_T]] = value

    def set_dt(self, dt):
        self.S[self.foff[L.F_DT]] = dt

    no_secondorder = ()     # (mechanism, .mod file, METHOD) refusing secondorder (build.py)
    _NO_REC = np.zeros((0, 0))
    _NO_INT = np.zeros(1, dtype=np.int64)
    _NO_PS = np.zeros(0, dtype=np.int64)
    _NO_T = np.zeros(0)

    def _kernel(self, mode, rec_buf=_NO_REC, rec_n=_NO_INT, t=0.0, n=0, celsius=0.0,
                vinit=0.0, setv=False, ps_list=_NO_PS, t_list=_NO_T):
        """Call kernels.kernel (the one compiled entry point) with this engine's arrays;
        every argument has one type in every mode, so numba compiles it once."""
        if STATE.secondorder != 0 and self.no_secondorder:
            name, mod_file, method = self.no_secondorder[0]
            raise NotImplementedError(
                f"h.secondorder = {STATE.secondorder}: mechanism {name} ({mod_file}) integrates "
                f"its states with METHOD {method}, which NEURON then advances by a "
                "Crank-Nicolson half step that pnm does not provide (pnm's secondorder covers "
                "cnexp mechanisms and the built-ins); set h.secondorder = 0")
        self.S[self.foff[L.F_SECONDORDER]] = STATE.secondorder     # h.secondorder, as it is now
        return stepper.kernel(mode, self.S, self.foff, self.flen, self.I, self.ioff, self.ilen,
                        self.queue_f, self.queue_i, self.queue_meta, self.least_f, self.least_i, self.spk_f, self.spk_i,
                        self.spk_n, rec_buf, rec_n, float(t), int(n),
                        int(self.q_margin), int(self.spk_margin), float(celsius),
                        float(vinit), bool(setv), ps_list, t_list, self.hook_table, self.user_desc,
                        self.coupling.address, self.coupling.table, self.coupling.buffer,
                        self.gap_exchange.address, self.gap_exchange.table,
                        self.gap_exchange.buffer)

    def node_parents(self):
        """The parent of every node in the compiled numbering (-1 at roots)."""
        return self.ints(L.I_PARENT).copy()

    def add_variable_step_hooks(self):
        """The mechanisms' variable-step phases in the hook table (usermechs.ode_hook_rows),
        compiled at the first use of the variable step by this engine."""
        if self.ode_hook_parts:
            rows = sorted(usermechs.ode_hook_rows(self), key=lambda row: row[-1])
            self.ode_hook_parts = []
            if rows:
                extra = np.array([row[:-1] for row in rows], dtype=np.int64)
                self.hook_table = np.concatenate([self.hook_table, extra])

    def set_coupling(self, coupling):
        """The coupling step of split cells (a coupling.Coupling), called every time step
        between triangularization and back substitution."""
        self.coupling = coupling

    def set_gap_exchange(self, exchange):
        """The exchange of gap junctions' source values with other ranks (a coupling.Coupling
        of coupling.EXCHANGE_SIGNATURE), called every time step before the transfer."""
        self.gap_exchange = exchange

    def point_process_released(self):
        """Whether nothing but this engine references one of its point processes: the
        program let it go (`del stim`), which in NEURON frees it and changes the model; the
        engine's own reference must not keep it acting. (A scan of the point processes: made
        at finitialize, continuerun and psolve, not at every fadvance.)"""
        for lst in self.pps.values():
            for pp in lst:
                if sys.getrefcount(pp) <= 3:    # lst's reference, pp's and the argument's
                    return True
        return False

    def plays_changed(self):
        """A continuous Vector.play added, removed, or its Vectors resized: rebuild."""
        return continuousplay.layout_changed(self)

    def finitialize(self, vinit, setv, canonical=False, after_initial=None):
        """canonical: order equal-time events canonically (see eventqueue.py) instead of in
        NEURON's insertion order. after_initial() runs after the INITIAL blocks and the
        event queue's initialisation, before the first recorded sample (NEURON's
        FInitializeHandler type 1)."""
        if self.geometry_version != STATE.geometry_version:
            self.update_geometry()
        self.queue_meta[L.Q_CANONICAL] = 1 if canonical else 0
        self.check_event_order = False
        # the sender key of the canonical order: the gid, else a creation number
        self.ints(L.I_PS_KEY)[:] = [ps.gid if ps.gid >= 0 else L.NOGID_KEY + ps.serial
                                   for ps in self.presyns]
        self.S[self.foff[L.F_DT]] = STATE.dt
        mechs.set_random_key(globalindex())     # RANDOM streams' key (NetStim's ranvar)
        self.spk_n[0] = 0
        self._group_presyns()
        boundvectors.fill(self)
        continuousplay.fill(self)
        with gc_paused():      # the first call loads the compiled kernel: numba makes objects
            self._kernel(L.MODE_INIT, celsius=STATE.celsius, vinit=vinit, setv=setv)
        self._check_gap_exchange()
        self._check_net_send()
        for ps in self.presyns:
            # PreSyn::init: NetCon.record (and spike_record) vectors restart at finitialize
            for tvec, idvec, _rid in ps.recorders:
                tvec.resize(0)
                if idvec is not None:
                    idvec.resize(0)
        if after_initial is not None:
            after_initial()
        self.record_initial()
        return self.collect_spikes()

    def compute_currents(self):
        """The membrane currents (and ionic currents) at the present t and states, as
        NEURON's fcurrent()."""
        self._kernel(L.MODE_CURRENTS)

    def conductance_matrix(self):
        """The tree matrix without capacitance (NEURON's Impedance setmat1: nrn_rhs and
        nrn_lhs with cj = 0) at the present t and states: (d, a, b, area, cm, parent) copies;
        d holds the membrane di/dv and the axial terms."""
        dt = self.dt
        self.set_dt(float("inf"))       # the capacitive term cm/dt vanishes
        try:
            self._kernel(L.MODE_CURRENTS)
        finally:
            self.set_dt(dt)
        return tuple(self.floats(f).copy() for f in (L.F_D, L.F_A, L.F_B, L.F_AREA, L.F_CM)) \
            + (self.ints(L.I_PARENT).copy(),)

    def membrane_current_slot(self, v_slot):
        """The slot of i_membrane_ at the node whose v is at slot v_slot (fastimem.py)."""
        if not fastimem.enabled(self):
            raise ValueError("i_membrane_: the simulation was compiled without "
                             "cvode.use_fast_imem(1); call h.cvode.use_fast_imem(1), then "
                             "h.finitialize()")
        return int(v_slot - self.foff[L.F_V] + self.foff[L.F_SAV_RHS])

    def node_index(self, ref):
        """The node of a NodeRef (its index in the matrix)."""
        return int(self.slot(ref) - self.foff[L.F_V])

    def record_initial(self):
        """Restart every recording Vector with one sample of the present values (at
        finitialize, and NEURON's frecord_init())."""
        t0 = float(self.S[self.foff[L.F_T]])
        for vec in self.records:
            sampler = getattr(vec, "sampler", None)
            if sampler is None:
                vec.resize(0)
            elif sampler.alive:         # not once its tvec is freed (NEURON's record ends)
                vec.resize(0)
                sampler.reset(t0)
        if self.records:
            self.records_append(self.S[self.ints(L.I_REC_SLOT)][:, None])

    def advance(self, t_until, max_steps=None, should_stop=None):
        """Whole fixed steps while t < t_until (at most max_steps). Returns (source indices,
        times) of the spikes produced, after appending them to their recorders. The timed
        calls (timedcalls.py) due after a step are made right after it, and with should_stop
        (a callable) the advance ends after a step whose calls made should_stop() true."""
        if cvode_settings.settings()["active"]:
            raise NotImplementedError(
                "cvode.active(1): the variable step runs through h.fadvance, h.continuerun, "
                "h.run and ParallelContext.psolve on one rank (pnm/cvode/); psolve on several "
                "ranks and other fixed-step advances are not provided with it yet. Use "
                "cvode.active(0)")
        if not self.timed_calls:
            return self._run_steps(t_until, max_steps)
        parts = []
        left = max_steps
        while self.t < t_until and (left is None or left > 0) and self.timed_calls:
            te = self.timed_calls.next_time()
            bulk_until = min(t_until, te - 1.5 * self.dt)
            if left is None and self.t < bulk_until:      # the steps that end well before te
                parts.append(self._run_steps(bulk_until))
                continue
            parts.append(self._run_steps(float("inf"), 1))
            if left is not None:
                left -= 1
            if self.timed_calls.fire_due(self.t) and should_stop is not None and should_stop():
                return _joined(parts)
        if self.t < t_until and (left is None or left > 0):
            parts.append(self._run_steps(t_until, left))
        return _joined(parts)

    @property
    def dt(self):
        return float(self.S[self.foff[L.F_DT]])

    def _run_steps(self, t_until, max_steps=None):
        if self.geometry_version != STATE.geometry_version:
            self.update_geometry()
        if self.check_event_order:
            self._check_event_order()
        dt = float(self.S[self.foff[L.F_DT]])
        span = max(0.0, t_until - self.t)
        est = int(min(span / dt, 1e9)) + 2
        if max_steps is not None:
            est = min(est, max_steps + 1)
        remaining = max_steps if max_steps is not None else 1 << 62
        if self.callback_key != STATE.recorders_version:
            self.sync_callbacks()
        parts = []
        nrec = len(self.records)
        rec_buf = np.zeros((nrec, min(est, 1 << 16) if nrec else 0))
        rec_n = np.zeros(1, dtype=np.int64)
        while True:
            steps, status = self._kernel(L.MODE_ADVANCE, rec_buf=rec_buf, rec_n=rec_n,
                                         t=t_until, n=remaining)
            remaining -= steps
            if status == L.STATUS_DONE:
                break
            if status == L.STATUS_NET_SEND_ERROR:
                if nrec:
                    self.records_append(rec_buf[:, :rec_n[0]])
                self.collect_spikes()
                self._check_net_send()
            if status == L.STATUS_RECORD_FULL:
                self.records_append(rec_buf[:, :rec_n[0]])
                rec_n[0] = 0
            if status == L.STATUS_NEED_ROOM:
                self._grow()
            if status == L.STATUS_CALLBACK:
                if nrec:
                    self.records_append(rec_buf[:, :rec_n[0]])
                    rec_n[0] = 0
                parts.append(self._spike_callbacks())
            if status == L.STATUS_GAP_ERROR:
                if nrec:
                    self.records_append(rec_buf[:, :rec_n[0]])
                self.collect_spikes()
                self._check_gap_exchange()
            if status == L.STATUS_COUPLING_ERROR:
                code = int(self.queue_meta[L.Q_COUPLING_ERROR])
                self.queue_meta[L.Q_COUPLING_ERROR] = 0
                if nrec:
                    self.records_append(rec_buf[:, :rec_n[0]])
                self.collect_spikes()
                raise RuntimeError(self.coupling.describe_error(code))
        if nrec:
            self.records_append(rec_buf[:, :rec_n[0]])
        parts.append(self.collect_spikes())
        return _joined(parts)

    def _check_gap_exchange(self):
        code = int(self.queue_meta[L.Q_GAP_ERROR])
        if code != 0:
            self.queue_meta[L.Q_GAP_ERROR] = 0
            raise RuntimeError(self.gap_exchange.describe_error(code))

    def _spike_callbacks(self):
        """The kernel stopped at spikes of sources with a NetCon.record(callable): the
        spikes so far go to their recorders, then each such source's callable runs, in spike
        order, with the model as the step left it."""
        self.queue_meta[L.Q_CALLBACK] = 0
        ps, ts = self.collect_spikes()
        t_step = self.t
        try:
            for p, t in zip(ps.tolist(), ts.tolist()):
                presyn = self.presyns[p]
                if presyn.callback is not None:
                    self.t = t              # h.t is the spike time during the call (NEURON's t = tt)
                    presyn.call_back(t)
        finally:
            self.t = t_step
        return ps, ts

    def sync_callbacks(self):
        """Which sources have a NetCon.record(callable) (the kernel stops at their spikes)."""
        self.ints(L.I_PS_CALLBACK)[:] = [ps.callback is not None for ps in self.presyns]
        self.callback_key = STATE.recorders_version

    def _group_presyns(self):
        """NEURON's init_events: a source whose NetCons (more than two) all have one delay
        sends a single queue event that is fanned out on delivery (use_min_delay_)."""
        start = self.ints(L.I_PS_START)
        ncs = self.ints(L.I_PS_NCS)[:start[-1]]      # NetCons without a source are not listed
        delay = self.floats(L.F_NC_DELAY)
        grouped = self.ints(L.I_PS_GROUPED)
        psdelay = self.floats(L.F_PS_DELAY)
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

    def _check_net_send(self):
        """Raise for the instance whose net_send asked for a time earlier than t (NEURON's
        nrn_net_send aborts with 'net_send td-t = ...'); nothing was queued for it."""
        message = userpoints.net_send_error(self)
        if message is not None:
            raise RuntimeError(message)

    def _check_event_order(self):
        """After t was set back with the event queue kept (SaveState.restore(1)): an event
        due before t cannot be delivered (NEURON's 'Event arrived out of order')."""
        self.check_event_order = False
        if self.queue_meta[L.Q_HAS_LEAST] and self.least_f[L.E_TIME] < self.t - \
                self.S[self.foff[L.F_DT]] / 2:
            raise RuntimeError(
                f"the event queue holds an event due at t = {float(self.least_f[L.E_TIME])!r}, "
                f"before t = {self.t!r}: it arrived out of order (NEURON's error too). "
                "SaveState.restore(1) keeps the queue as it is; use restore() when the pending "
                "events are not ahead of the saved t")

    def _grow(self):
        if self.queue_meta[L.Q_SIZE] + self.q_margin > len(self.queue_f):
            self._grow_queue_by(self.q_margin)
        if self.spk_n[0] + self.spk_margin > len(self.spk_f):
            cap = 2 * len(self.spk_f) + self.spk_margin
            self.spk_f = np.concatenate([self.spk_f, np.zeros(cap - len(self.spk_f))])
            self.spk_i = np.concatenate([self.spk_i, np.zeros(cap - len(self.spk_i), np.int64)])

    def inject(self, sources, times):
        """Queue the NetCon events of spikes produced elsewhere (source index, spike time)."""
        if len(sources) == 0:
            return
        starts = self.ints(L.I_PS_START)
        src = np.asarray(sources, dtype=np.int64)
        need = int((starts[src + 1] - starts[src]).sum())
        while self.queue_meta[L.Q_SIZE] + need + self.q_margin > len(self.queue_f):
            self._grow_queue_by(need)
        self._kernel(L.MODE_INJECT, ps_list=np.asarray(sources, dtype=np.int64),
                     t_list=np.asarray(times, dtype=np.float64))

    def ensure_queue_room(self, n):
        """Room in the event queue for n items and a step's margin (restoring a snapshot)."""
        while n + self.q_margin > len(self.queue_f):
            self._grow_queue_by(n)

    def _grow_queue_by(self, need):
        cap = 2 * len(self.queue_f) + need
        qf = np.zeros((cap, self.queue_f.shape[1]))
        qi = np.zeros((cap, self.queue_i.shape[1]), dtype=np.int64)
        qf[:len(self.queue_f)] = self.queue_f
        qi[:len(self.queue_i)] = self.queue_i
        self.queue_f, self.queue_i = qf, qi

    def netcon_event(self, c, te):
        """NetCon.event(te) of the NetCon with engine index c."""
        if self.queue_meta[L.Q_SIZE] + 2 > len(self.queue_f):
            self._grow_queue_by(16)
        self._kernel(L.MODE_NETCON_EVENT, t=te, n=c)


def compiled_engine(what):
    """The engine compiled by the last finitialize, for a run call named `what` (fadvance,
    continuerun, psolve); a clear error when there is none or the model changed since."""
    eng = STATE.engine
    if eng is None:
        raise RuntimeError(f"h.{what}(): call h.finitialize() (or h.stdinit()) first")
    if eng.structure_version != STATE.structure_version or (
            what != "fadvance" and eng.point_process_released()):
        raise RuntimeError(
            f"h.{what}(): the model changed after h.finitialize() (a section, mechanism, point "
            "process or NetCon was added or removed, or cvode.use_fast_imem "
            "changed); call h.finitialize() again")
    return eng
