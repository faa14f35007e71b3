"""The global variable-step integrator over a compiled engine, as NEURON's Cvode object and
NetCvode run it for finitialize and fadvance (src/nrncvode/cvodeobj.cpp: Cvode::init,
advance_tn, interpolate; netcvode.cpp: NetCvode::solve(-1), global_microstep,
Cvode::handle_step; cvodestb.cpp: at_time):

- finitialize (NetCvode::re_init -> Cvode::init(0)): y gathered from v and the states,
  CVodeReInit, f(t0, y) with the mechanisms' at_time calls noting the earliest at_time time
  te > t0; the integrator then never steps past tstop_ = te - eps(te).
- fadvance: microsteps until t moves past where it was or the integrator re-initialised. A
  microstep delivers the events due at t (those reaching a cell mark a re-initialisation),
  else handles a step: re-initialise if marked; interpolate back to an event inside the last
  step (or forward to its end); else record the present values and take one CVode step
  (CV_ONE_STEP_TSTOP), or re-initialise at tstop_ + 1.5 eps at an at_time stop. After it,
  an event earlier than t is interpolated to.

What NEURON's variable step does that this one does not yet is refused (model.py)."""

import heapq
import math
import itertools

import numpy as np
from numba import njit

from ..engine import layout as L
from ..engine.userhooks import set_kernel_arrays
from ..nmodl.runtime import AT_FIXED, AT_INIT, AT_STEP
from . import bdf, fastrun, memory
from .events import check_thresholds, deliver_at, least_time
from .glue import fun, nonode
from .model import (at_time_globals, cell_points, check_model, check_settings, node_rank,
                    nonode_rows, state_slots, zero_area_points)

EPS = 100.0 * memory.UROUND      # NetCvode::eps_


def eps(x):
    """NetCvode::eps(x)."""
    return EPS * abs(x)


@njit(cache=True, error_model="numpy")
def _enter(m, queue_f, queue_i, queue_meta, least_f, least_i, spk_f, spk_i, spk_n):
    S, foff, flen, I, ioff, ilen, H, UD = m[:8]
    set_kernel_arrays(UD, S, foff, flen, I, ioff, ilen, queue_f, queue_i, queue_meta, least_f,
                      least_i, spk_f, spk_i, spk_n)


@njit(cache=True, error_model="numpy")
def evaluate(m, t, y, ydot, h):
    """f(t, y) as NEURON's pf_(t, y): v, currents and states set from y at t."""
    fun(m, t, y, ydot, h)


@njit(cache=True, error_model="numpy")
def step(m, cp, ci, zn, W, tstop, ydot):
    """Cvode::cvode_advance_tn: one CVode step to at most tstop, then f at the returned t."""
    flag = bdf.cvode_one_step_tstop(cp, ci, zn, W, tstop, m)
    fun(m, cp[memory.TRET], W[memory.Y], ydot, cp[memory.H])
    return flag


@njit(cache=True, error_model="numpy")
def interpolate(m, cp, ci, zn, W, tout, ydot):
    """Cvode::cvode_interpolate: CVode in CV_NORMAL mode with tout inside the last step is
    CVodeGetDky(tout); then f at tout."""
    ok = bdf.get_dky(cp, ci, zn, tout, W[memory.Y])
    fun(m, tout, W[memory.Y], ydot, cp[memory.H])
    return ok


class _Sample:
    """The event of a Vector recording at given times (row: its place in engine.records)."""

    __slots__ = ("row", "vec")

    def __init__(self, row, vec):
        self.row, self.vec = row, vec


class GlobalCvode:
    """One integrator for the whole model (NEURON's gcv_), built for one compiled engine."""

    def __init__(self, eng, settings):
        check_model(eng)
        check_settings(settings)
        eng.add_variable_step_hooks()
        self.eng = eng
        parent = eng.node_parents()
        nnode = len(parent)
        zero_area = eng.floats(L.F_CM) == 0.0     # the zero-area nodes (nodes.py: cm 0)
        rank = node_rank(eng)         # y holds v in NEURON's node order (cell by cell)
        cap = np.flatnonzero(~zero_area)
        cap = cap[np.argsort(rank[cap], kind="stable")].astype(np.int64)
        nocap = np.flatnonzero(zero_area).astype(np.int64)
        nocap_child = np.array([i for i in range(nnode) if parent[i] >= 0
                                and zero_area[parent[i]]], dtype=np.int64)
        nocap_points = zero_area_points(eng, zero_area)
        sslot, dslot, tolerance = state_slots(eng, rank)
        self.neq = len(cap) + len(sslot)
        self.m = (eng.S, eng.foff, eng.flen, eng.I, eng.ioff, eng.ilen, eng.hook_table,
                  eng.user_desc, cap, parent.astype(np.int64), nocap, nocap_child,
                  np.zeros(nnode), sslot, dslot, nocap_points)
        # Cvode::init_eqn: atol for every equation, times a STATE's tolerance (ode_map)
        atol = np.full(self.neq, float(settings["atol"]))
        atol[len(cap):] *= tolerance
        self.cp, self.ci, self.zn, self.W = memory.new_memory(
            self.neq, int(settings["maxorder"]), float(settings["rtol"]), atol,
            float(settings["minstep"]), float(settings["maxstep"]))
        self.ydot = np.zeros(self.neq)
        self.at_time = at_time_globals(eng)
        self.cell_point = cell_points(eng)
        self.nonode = nonode_rows(eng)
        self.has_thresholds = bool(np.any(eng.ints(L.I_PS_KIND) == L.PS_VAR))
        self.prior2init = np.zeros(1, dtype=np.int64)
        self.t = self.t0 = self.tn = 0.0      # Cvode::t_, t0_, tn_
        self.tstop = 0.0                      # Cvode::tstop_
        self.initialize = False               # Cvode::initialize_ (an event reached a cell)
        self.can_retreat = False
        self.skip_record = False
        self.hoc_events = []          # CVode.event's (t, order, action): NEURON's HocEvents
        self.hoc_order = itertools.count()
        self.handles = []             # delivered HocEvents, handled after the microstep
        self.rec_slots = None         # run_to's: the recorded slots (False: not run_to's case)
        self.rec_buf, self.rec_n = None, np.zeros(1, dtype=np.int64)
        self.st = fastrun.new_state()

    def _enter(self):
        e = self.eng
        _enter(self.m, e.queue_f, e.queue_i, e.queue_meta, e.least_f, e.least_i, e.spk_f,
               e.spk_i, e.spk_n)

    def _set_at_time_mode(self, mode, t=None):
        for glob, k in self.at_time:
            glob[k + 1] = mode
            if t is not None:
                glob[k] = t

    def gather_y(self):
        """v at the nodes with capacitance, then the mechanisms' states."""
        v = self.eng.floats(L.F_V)
        return np.concatenate([v[self.m[8]], self.eng.S[self.m[13]]])

    def init(self, t):
        """Cvode::init(t): the integrator restarts at t from the present v and states;
        tstop_ is the earliest at_time after t (minus eps), else t + 1e5."""
        self._enter()
        self.t = self.t0 = self.tn = t
        self.initialize = False
        self.prior2init[0] = 0
        self.can_retreat = False
        y = self.gather_y()
        memory.reinit(self.cp, self.ci, self.zn, y, t)
        self._set_at_time_mode(AT_INIT, t + 1e5)
        try:
            evaluate(self.m, t, y, self.ydot, 0.0)
        finally:
            nxt = min([t + 1e5] + [glob[k] for glob, k in self.at_time])
            self._set_at_time_mode(AT_STEP)
        self.tstop = nxt - eps(nxt)
        self.eng.t = t

    def finitialize(self):
        """After the engine's finitialize (v and states at t = 0): NetCvode::re_init(0)."""
        self.init(self.eng.t)
        self.skip_record = True       # the engine's finitialize recorded the t = 0 sample
        # NEURON samples t = 0 after cvode_finitialize (fadvance.cpp nrn_finitialize): what
        # f(t0, y) assigned (a KINETIC block's f_flux copies, a DERIVATIVE block's rates) is
        # in it, so the engine's sample is taken again
        e = self.eng
        for vec, value in zip(e.records, e.S[e.ints(L.I_REC_SLOT)]):
            if hasattr(vec, "__len__") and len(vec):      # (not the engine's time tap)
                vec[len(vec) - 1] = value
        self.schedule_samples()

    def schedule_samples(self):
        """Vector.record(ref, Dt or tvec): each sample time is an event (NEURON's
        VecRecordDt/VecRecordDiscrete), delivered as the others: the integrator stops there
        (interpolating within its step) and the Vector takes the value (sample_at)."""
        e = self.eng
        e.samples_by_events = True
        for r, vec in enumerate(e.records):
            sampler = getattr(vec, "sampler", None)
            if sampler is not None and sampler.alive and math.isfinite(sampler.next_t):
                heapq.heappush(self.hoc_events,
                               (sampler.next_t, next(self.hoc_order), _Sample(r, vec)))

    def sample_at(self, sample, te):
        """A sample event at te: the value now (te itself for a recording of t at Dt, as
        NEURON's VecRecordDt), then the next sample's event."""
        vec, e = sample.vec, self.eng
        sampler = getattr(vec, "sampler", None)
        if sampler is None or not sampler.alive:
            return
        if sampler.is_time and sampler.tvec is None:
            value = te
        else:
            value = float(e.S[e.ints(L.I_REC_SLOT)[sample.row]])
        vec.append_array([value])
        if sampler.tvec is None:
            nxt = te + sampler.dt_sample
        else:
            n = vec.size()
            nxt = sampler.tvec[n] if n < sampler.tvec.size() else math.inf
        sampler.next_t = nxt
        if math.isfinite(nxt):
            heapq.heappush(self.hoc_events, (nxt, next(self.hoc_order), sample))

    def add_event(self, te, action):
        """CVode.event(te[, action]) (NetCvode::hoc_event): a HocEvent at te; without an
        action it stops the run there (stdrun's continuerun puts one at tstop)."""
        heapq.heappush(self.hoc_events, (te, next(self.hoc_order), action))

    def fadvance(self, should_stop):
        """NetCvode::solve(-1): microsteps until t passes where it was or the integrator
        re-initialised; the delivered HocEvents' actions run after their microstep, one
        without action stops the run (tstopset), as does should_stop() after an action.
        Returns (spikes produced (engine.collect_spikes), whether the run stopped)."""
        if self.eng.timed_calls:
            raise NotImplementedError(
                "cvode.active(1) with a CVode.event made before the variable step: pnm's "
                "variable step integrator does not handle it yet. Make it after "
                "cvode.active(1) and finitialize")
        parts = []
        done = self.run_to(-np.inf, should_stop,
                           lambda dt, spikes, stopped: parts.append((spikes, stopped)),
                           lambda: False)
        if done is not None:        # the fadvance ran in fastrun's loop (and Python's)
            if len(parts) == 1:
                return parts[0]
            return (np.concatenate([p[0][0] for p in parts]),
                    np.concatenate([p[0][1] for p in parts])), any(p[1] for p in parts)
        tc = self.t
        self.initialized = False
        stopped = False
        while self.t <= tc and not self.initialized:
            stopped, _ = self.microstep_and_actions(should_stop)
            if stopped:
                break
        return self.eng.collect_spikes(), stopped

    def solve_to(self, tout, should_stop):
        """NetCvode::solve(tout) with the one integrator (ParallelContext.psolve on one
        rank): microsteps while t < tout or an event is due before tout, the delivered
        HocEvents' actions after each; then back to tout (retreat: interpolate) and record
        there. Returns (spikes, whether an action or CVode.event stopped the run); a stopped
        run ends where it stopped, as NEURON's solve returns."""
        if self.eng.timed_calls:
            self.fadvance(should_stop)          # its refusal
        while self.t < tout or self.least() < tout:
            stopped, _ = self.microstep_and_actions(should_stop)
            if stopped:
                return self.eng.collect_spikes(), True
        self.interpolate(tout)
        self.record()
        return self.eng.collect_spikes(), False

    def run_to(self, ts, should_stop, after_fadvance, keep_going):
        """continuerun's `while t < ts and not stoprun: fadvance()` (fastrun.py): the
        microsteps that need no Python in one compiled loop, the others (event delivery,
        re-initialisation) by microstep() as fadvance runs them. after_fadvance(dt, spikes,
        stopped) does what the run system does after a fadvance (dt None: spikes collected
        within one); keep_going() is the loop's condition. Returns None, having changed
        nothing, when the run needs the fadvance loop itself (a Vector records at intervals,
        a timed call is pending); False after the fadvance in which a HocEvent's action ran
        (the caller's loop goes on), True when done."""
        e = self.eng
        if self.rec_slots is None:
            if any(getattr(v, "sampler", None) is not None for v in e.records):
                self.rec_slots = False          # records at intervals: Python's microsteps
            else:
                self.rec_slots = np.ascontiguousarray(e.ints(L.I_REC_SLOT), dtype=np.int64) \
                    if e.records else np.zeros(0, dtype=np.int64)
                self.rec_buf = np.empty((len(self.rec_slots), 512))
        if e.timed_calls or self.rec_slots is False:
            return None
        rec_slots, rec_buf, rec_n = self.rec_slots, self.rec_buf, self.rec_n
        st = self.st
        st[fastrun.TS] = ts
        st[fastrun.TC] = self.t
        self.initialized = False
        acted = False       # a HocEvent's action ran: Python's microsteps to the fadvance's end
        while True:
            if not self.initialize and not acted:
                self.to_state(st)
                code = fastrun.microsteps(
                    self.m, self.cp, self.ci, self.zn, self.W, self.ydot, st, e.queue_f,
                    e.queue_i, e.queue_meta, e.least_f, e.least_i, e.spk_f, e.spk_i, e.spk_n,
                    int(e.q_margin), int(e.spk_margin), self.has_thresholds, self.neq,
                    self.nonode, rec_slots, rec_buf, rec_n)
                self.from_state(st)
                if rec_n[0]:
                    e.records_append(rec_buf[:, :rec_n[0]].copy())
                    rec_n[0] = 0
                if code == fastrun.DONE:
                    after_fadvance(self.dt(), e.collect_spikes(), False)
                    return True
                if code == fastrun.FLUSH:
                    after_fadvance(None, e.collect_spikes(), False)
                    e.ensure_queue_room(int(e.queue_meta[L.Q_SIZE]))
                    continue
                if code == fastrun.CALLBACK:
                    self.check_callbacks()
                if code == fastrun.ERROR:
                    self.step_failed(st[fastrun.FLAG])
            tc = st[fastrun.TC]
            # fastrun.PYTHON: this microstep is Python's
            stopped, ran = self.microstep_and_actions(should_stop)
            acted = acted or ran
            if stopped or self.t > tc or self.initialized:     # the end of a fadvance
                after_fadvance(self.dt(), e.collect_spikes(), stopped)
                if acted or not keep_going():
                    return not acted
                st[fastrun.TC] = self.t
                self.initialized = False

    def to_state(self, st):
        st[fastrun.T], st[fastrun.T0], st[fastrun.TN] = self.t, self.t0, self.tn
        st[fastrun.TSTOP] = self.tstop
        st[fastrun.CAN_RETREAT] = float(self.can_retreat)
        st[fastrun.SKIP_RECORD] = float(self.skip_record)
        st[fastrun.THOC] = self.hoc_events[0][0] if self.hoc_events else np.inf

    def from_state(self, st):
        self.t, self.t0, self.tn = float(st[fastrun.T]), float(st[fastrun.T0]), \
            float(st[fastrun.TN])
        self.can_retreat = bool(st[fastrun.CAN_RETREAT])
        self.skip_record = bool(st[fastrun.SKIP_RECORD])

    def microstep_and_actions(self, should_stop):
        """A microstep, then the actions of the HocEvents it delivered (NEURON's
        nrn_allthread_handle): (whether the run stopped: a HocEvent without action, or
        should_stop() after an action; whether an action ran)."""
        self.microstep()
        stopped = acted = False
        while self.handles:
            action = self.handles.pop(0)
            if action is None:
                stopped = True
            else:
                action()
                acted = True
                stopped = stopped or bool(should_stop())
        return stopped, acted

    def least(self):
        tl = float(least_time(self.eng.queue_meta, self.eng.least_f))
        if self.hoc_events and self.hoc_events[0][0] < tl:
            return self.hoc_events[0][0]
        return tl

    def microstep(self):
        """NetCvode::global_microstep."""
        tt = self.least()
        if tt - self.t <= 0.0:
            self.deliver(tt)
        else:
            self.handle_step(tt)
        tl = self.least()
        if tl < self.t:
            self.interpolate(tl)

    def deliver(self, tt):
        """NetCvode::deliver_events(tt): NET_RECEIVE of everything due; an event reaching a
        cell marks the re-initialisation, the first one after an init records first."""
        e = self.eng
        e.ensure_queue_room(e.q_margin)
        self._enter()
        rec_buf = np.zeros((len(e.records), 1))
        rec_n = np.zeros(1, dtype=np.int64)
        if deliver_at(e.S, e.foff, e.flen, e.I, e.ioff, e.ilen, tt, e.queue_f, e.queue_i,
                      e.queue_meta, e.least_f, e.least_i, e.spk_f, e.spk_i, e.spk_n,
                      e.hook_table, e.user_desc, self.cell_point, self.prior2init,
                      rec_buf, rec_n):
            self.initialize = True
        if rec_n[0] and self.skip_record:      # the t = 0 sample finitialize took
            self.skip_record = False
        elif rec_n[0]:
            e.records_append(self.with_integrator_t(rec_buf))
        self.check_callbacks()
        while self.hoc_events and self.hoc_events[0][0] <= tt:
            te, _, action = heapq.heappop(self.hoc_events)
            if type(action) is _Sample:
                self.sample_at(action, te)
                continue
            if action is None:       # NetCvode::allthread_handle: record at tt (== t_)
                self.record()
            self.handles.append(action)
            self.eng.t = tt

    def check_callbacks(self):
        e = self.eng
        if e.queue_meta[L.Q_CALLBACK] or e.queue_meta[L.Q_NET_SEND_ERROR]:
            raise NotImplementedError(
                "cvode.active(1): a NetCon.record(callable) or a VecStim fired; pnm's "
                "variable step does not handle them yet. Use the fixed step")

    def handle_step(self, te):
        """Cvode::handle_step with condition order 1: thresholds checked at t first (a
        zero-delay event then due is delivered by the next microstep)."""
        if self.has_thresholds:
            e = self.eng
            e.ensure_queue_room(e.q_margin)
            self._enter()
            check_thresholds(e.S, e.foff, e.flen, e.I, e.ioff, e.ilen, self.t, e.queue_f,
                             e.queue_i, e.queue_meta, e.least_f, e.least_i, e.spk_f, e.spk_i,
                             e.spk_n)
            self.check_callbacks()
            if self.least() <= self.t:
                return
        if self.initialize:
            self.init(self.t)
            self.initialized = True
        elif te <= self.tn:
            self.interpolate(te)
        elif self.t < self.tn:
            self.interpolate(self.tn)
        else:
            self.record()
            self.advance_tn()

    def record(self):
        """Cvode::record_continuous: the recorded Vectors sample the present values."""
        e = self.eng
        if self.skip_record:
            self.skip_record = False
        elif e.records:
            e.records_append(self.with_integrator_t(e.S[e.ints(L.I_REC_SLOT)][:, None]))

    def with_integrator_t(self, block):
        """A sample with t as NEURON records it (TvecRecord::continuous(t_)): the
        integrator's t_, which stays at a re-initialisation's point while an event in its
        window is delivered (Cvode::interpolate moves only the thread's t)."""
        e = self.eng
        block[e.ints(L.I_REC_SLOT) == e.foff[L.F_T], 0] = self.t
        return block

    def advance_tn(self):
        """Cvode::advance_tn: one step, or the re-initialisation at an at_time stop."""
        if self.neq == 0:
            self.t += 1e9
            self.tn = self.t
            self.eng.t = self.t
            return
        if self.t >= self.tstop - eps(self.t):
            self.init(self.tstop + 1.5 * eps(self.tstop))
            return
        self._enter()
        if self.nonode.shape[0]:          # Cvode::do_nonode, with nt_t = t_
            e = self.eng
            nonode(e.S, e.foff, e.flen, self.nonode, e.user_desc, self.t)
        flag = step(self.m, self.cp, self.ci, self.zn, self.W, self.tstop, self.ydot)
        if flag < 0:
            self.step_failed(flag)
        self.t = float(self.cp[memory.TRET])
        self.tn = float(self.cp[memory.TN])
        self.t0 = self.tn - float(self.cp[memory.H])
        self.can_retreat = True
        self.eng.t = self.t

    def step_failed(self, flag):
        raise RuntimeError(
            f"variable step integrator error: CVode returned {int(flag)} at t = "
            f"{self.cp[memory.TN]!r} (h = {self.cp[memory.H]!r}); NEURON stops with "
            "'variable step integrator error' here too")

    def interpolate(self, tout):
        """Cvode::interpolate: y at tout within the last step (not before an init's t)."""
        if not self.can_retreat:
            self.eng.t = tout          # NEURON: nt->_t = tout, t_ stays at the init point
            return
        if tout - self.t < eps(self.t) and self.t - tout < eps(self.t):
            self.t = tout
            return
        tout = min(max(tout, self.t0), self.tn)
        self._enter()
        interpolate(self.m, self.cp, self.ci, self.zn, self.W, tout, self.ydot)
        self.t = tout
        self.eng.t = tout

    def dt(self):
        """NEURON's nt_dt after a step: the integrator's h (1e-8 when 0, after init)."""
        h = float(self.cp[memory.H])
        return h if h != 0.0 else 1e-8

    def release(self):
        self.eng.samples_by_events = False
        self._set_at_time_mode(AT_FIXED)
