"""The global variable-step integrator over a compiled engine, as NEURON's Cvode object and
NetCvode run it for finitialize and fadvance (src/nrncvode/cvodeobj.cpp: Cvode::init,
advance_tn, cvode_advance_tn; netcvode.cpp: NetCvode::solve(-1), global_microstep,
Cvode::handle_step; cvodestb.cpp: at_time):

- finitialize (NetCvode::re_init -> Cvode::init(0)): y gathered from v, CVodeReInit, f(t0, y)
  with the mechanisms' at_time calls noting the earliest at_time time te > t0; the integrator
  then never steps past tstop_ = te - eps(te).
- fadvance: the recorded Vectors sample the present t and values (Cvode::record_continuous),
  then one CVode step in CV_ONE_STEP_TSTOP mode, then f(t, y) again so that v, currents and
  states are those of y at the new t. A step that reached tstop_ re-initialises instead at
  tstop_ + 1.5 eps (the discontinuity of an IClamp's onset), which is the next t.

What NEURON's variable step does that this one does not yet (events, NetCons, artificial
cells, Vector.play, CVode.event, ...) is refused with an error naming it (`check_model`)."""

import numpy as np
from numba import njit

from ..engine import layout as L
from ..engine import usermechs
from ..engine.userhooks import set_kernel_arrays
from ..model import mechanisms as mechs
from ..model.state import STATE
from ..nmodl.emit import AT_TIME_NEXT
from ..nmodl.runtime import AT_FIXED, AT_INIT, AT_STEP
from . import bdf, memory
from .glue import fun

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


class GlobalCvode:
    """One integrator for the whole model (NEURON's gcv_), built for one compiled engine."""

    def __init__(self, eng, settings):
        check_model(eng)
        check_settings(settings)
        self.eng = eng
        S, foff = eng.S, eng.foff
        parent = eng.node_parents()
        cm = eng.floats(L.F_CM)
        nnode = len(parent)
        zero_area = cm == 0.0         # the zero-area nodes (nodes.py: cm 0 there only)
        cap = np.flatnonzero(~zero_area).astype(np.int64)
        nocap = np.flatnonzero(zero_area).astype(np.int64)
        nocap_child = np.array([i for i in range(nnode) if parent[i] >= 0
                                and zero_area[parent[i]]], dtype=np.int64)
        _check_zero_area_points(eng, zero_area)
        sslot, dslot, tolerance = _state_slots(eng)
        self.neq = len(cap) + len(sslot)
        self.m = (S, foff, eng.flen, eng.I, eng.ioff, eng.ilen, eng.hook_table,
                  eng.user_desc, cap, parent.astype(np.int64), nocap, nocap_child,
                  np.zeros(nnode), sslot, dslot)
        # Cvode::init_eqn: atol for every equation, times a STATE's tolerance (ode_map)
        atol = np.full(self.neq, float(settings["atol"]))
        atol[len(cap):] *= tolerance
        self.cp, self.ci, self.zn, self.W = memory.new_memory(
            self.neq, int(settings["maxorder"]), float(settings["rtol"]), atol,
            float(settings["minstep"]), float(settings["maxstep"]))
        self.ydot = np.zeros(self.neq)
        self.at_time = _at_time_globals(eng)
        self.t = 0.0           # Cvode::t_
        self.tstop = 0.0       # Cvode::tstop_
        self.record_before_step = False

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
        """Cvode::init(t): the integrator restarts at t from the present v; tstop_ is the
        earliest at_time after t (minus eps), else t + 1e5."""
        self._enter()
        self.t = t
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
        self.record_before_step = False    # finitialize recorded the t = 0 sample

    def fadvance(self):
        """One NetCvode::solve(-1): record, then one step (or the re-initialisation at an
        at_time discontinuity)."""
        if self.record_before_step and self.eng.records:
            e = self.eng
            e.records_append(e.S[e.ints(L.I_REC_SLOT)][:, None])
        self.record_before_step = True
        if self.neq == 0:
            self.t += 1e9
            self.eng.t = self.t
            return
        if self.t >= self.tstop - eps(self.t):
            tstop_end = self.tstop + 1.5 * eps(self.tstop)
            self.init(tstop_end)
            return
        self._enter()
        flag = step(self.m, self.cp, self.ci, self.zn, self.W, self.tstop, self.ydot)
        if flag < 0:
            raise RuntimeError(
                f"variable step integrator error: CVode returned {flag} at t = "
                f"{self.cp[memory.TN]!r} (h = {self.cp[memory.H]!r}); NEURON stops with "
                "'variable step integrator error' here too")
        self.t = float(self.cp[memory.TRET])
        self.eng.t = self.t

    def dt(self):
        """NEURON's nt_dt after a step: the integrator's h (1e-8 when 0, after init)."""
        h = float(self.cp[memory.H])
        return h if h != 0.0 else 1e-8

    def release(self):
        self._set_at_time_mode(AT_FIXED)


def _at_time_globals(eng):
    """(GLOBALs array, index of at_time_next_) of every mechanism calling at_time."""
    out = []
    for name in mechs.USER:
        module = mechs.USER[name]
        names = [g for g, _ in getattr(module, "GLOBALS", [])]
        if AT_TIME_NEXT in names:
            out.append((mechs.USER_GLOBALS[name], names.index(AT_TIME_NEXT)))
    return out


def _check_zero_area_points(eng, zero_area):
    for name, lst in eng.pps.items():
        for pp in lst:
            seg = pp.get_segment()
            if seg is not None and zero_area[eng.node_index(seg._ref_v)]:
                raise NotImplementedError(
                    f"cvode.active(1): {pp.hname()} sits at a zero-area node (x = 0 or 1 of "
                    "its section); pnm's variable step does not yet compute v there with a "
                    "membrane current. Place it inside the section (0 < x < 1)")


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


def check_model(eng):
    """Refuse what the variable step does not cover yet, naming it."""
    def refuse(what, fix):
        raise NotImplementedError(f"cvode.active(1) with {what}: pnm's variable step "
                                  f"integrator does not handle it yet. {fix}")
    for name, lst in eng.pps.items():
        if lst and (name in mechs.ARTIFICIAL or (mechs.is_user_point(name)
                                                   and mechs.USER[name].KIND == "artificial")):
            refuse(f"the artificial cell {lst[0].hname()}",
                   "Use the fixed step (cvode.active(0)) for networks")
    if eng.netcon_count or eng.presyns:
        refuse("NetCons (threshold detection and event delivery)",
               "Use the fixed step (cvode.active(0)) for networks")
    if eng.timed_calls:
        refuse("CVode.event", "Use the fixed step (cvode.active(0))")
    if eng.ilen[L.I_PLAY_SLOT] or eng.ilen[L.I_GAP_SRC] or eng.coupling.table.shape[0]:
        refuse("Vector.play, gap junctions or split cells", "Use the fixed step")
    for vec in eng.records:
        if getattr(vec, "sampler", None) is not None:
            refuse("a Vector.record with a sampling interval or time Vector",
                   "Record every step (vec.record(ref)) and interpolate")
    for sec in STATE.live_sections():
        if any(seg.cm == 0.0 for seg in sec):
            refuse(f"{sec.hname()} at cm = 0 (NEURON's CVODE then needs the "
                   "differential-algebraic solver, IDA)", "Give every segment a positive cm")
    used = [name for name, n in eng.user_blocks if n and not mechs.is_ion(name)]
    for name in used:
        module = mechs.USER[name]
        why = getattr(module, "ODE_REFUSED", "its kernels predate the variable step")
        if why is not None:
            refuse(f"the mechanism {name} ({module.MOD_FILE}): {why}",
                   "Use the fixed step (cvode.active(0)) for models with it")
        if not getattr(module, "ODE_STATES", None) and \
                not getattr(module, "NO_STATE_STEP", False):
            refuse(f"the mechanism {name} ({module.MOD_FILE}): its SOLVE runs a PROCEDURE "
                   "(NEURON calls it before each step)", "Use the fixed step")
    for name, lst in eng.pps.items():
        module = mechs.USER.get(name)
        if lst and module is not None and any(k == "state" for _, k, _ in module.FIELDS):
            refuse(f"the point process {lst[0].hname()} (it has STATE variables)",
                   "Only density mechanisms' states are integrated so far")


def _state_slots(eng):
    """(places in S of the density mechanisms' states in y's order, of their derivatives,
    their tolerance factors): mechanism by mechanism in the engine's block order, instance
    by instance, state by state (NEURON's ode_map order)."""
    base = int(eng.foff[L.F_USER])
    sslot, dslot, tolerance = [], [], []
    for name, n in eng.user_blocks:
        fields = usermechs.field_names(name)
        module = None if mechs.is_ion(name) else mechs.USER[name]
        states = getattr(module, "ODE_STATES", None) or []
        for i in range(n):
            for s, tol in zip(states, module.ODE_TOLERANCES if states else ()):
                sslot.append(base + fields.index(s) * n + i)
                dslot.append(base + fields.index(s + "'") * n + i)
                tolerance.append(tol)
        base += len(fields) * n
    return (np.array(sslot, dtype=np.int64), np.array(dslot, dtype=np.int64),
            np.array(tolerance, dtype=float))
