"""NEURON's standard run system over the engine: finitialize, fadvance, continuerun, setdt,
stdinit, run (stdrun.hoc's procedures), and the run-control variables they use
(steps_per_ms, nstep_steprun, stoprun, realtime). `h` exposes them under NEURON's names."""

import gc
import math
import time

from . import finit, progress, stdplots, timedevents
from .model import cvode as cvode_settings
from .model import play
from .model.patternstim import fire_patterns
from .model.netcon import check_netcon_targets
from .model.state import STATE
from .parallel import registry
from .util import LazyModule

# numba's modules, imported when a model is first compiled or the variable step first used
engine_module = LazyModule("pnm.engine.engine")
variable_step = LazyModule("pnm.cvode.run")


class RunControl:
    """stdrun.hoc's variables (h.steps_per_ms, h.nstep_steprun, h.stoprun, h.realtime, ...)."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.steps_per_ms = 40.0
        self.nstep_steprun = 1
        self.stoprun = 0
        self.realtime = 0.0
        self.stdrun_quiet = 0.0
        self.runStopAt = 5.0
        self.runStopIn = 1.0
        self.eventcount = 0.0
        self.global_ra = 35.4
        self.screen_update_invl = 0.05
        self.using_cvode_ = 0.0
        self.dtsav = 0.025


RUN = RunControl()
RUN_VARIABLES = ("steps_per_ms", "nstep_steprun", "stoprun", "realtime", "stdrun_quiet",
                 "runStopAt", "runStopIn", "eventcount", "global_ra", "screen_update_invl",
                 "using_cvode_")


def hoc_override(name):
    """The hoc procedure a program defined under one of stdrun.hoc's names (`proc init()`,
    `proc advance()`, ...): NEURON's run system calls it where it would call its own, so
    pnm's does too. None when hoc defines no such procedure."""
    from .hoclang import existing
    interp = existing()
    if interp is None:
        return None
    found = interp.user_procedure(name)
    return found


def _fresh_engine():
    """The compiled engine for the model as it is now (rebuilt when the model changed)."""
    eng = STATE.engine
    if eng is not None and eng.structure_version == STATE.structure_version \
            and not eng.plays_changed() and not eng.point_process_released() \
            and not eng.records_stale:
        return eng
    if eng is not None:
        eng.sync_all()
        eng.release()
        STATE.engine = None
        # cells are often cycles (cell.soma <-> soma.cell): collect the ones nobody
        # references so that they leave the simulation, as in NEURON
        gc.collect()
    check_netcon_targets()
    STATE.engine = engine_module.Engine(extra_presyns=registry.extra_presyns(),
                          split_points=registry.split_points())
    registry.engine_built(STATE.engine)
    return STATE.engine


def finitialize(v=None):
    setv = v is not None
    vinit = float(v) if setv else 0.0
    if setv and math.isnan(vinit):
        raise ValueError("h.finitialize(nan): the initial voltage must be a number")
    finit.run_handlers(3)
    timedevents.clear(STATE.engine)
    eng = _fresh_engine()
    if play.active():
        play.init_all(STATE.dt)
    if finit.has_handlers(0):      # v as set here stays: INITIAL blocks see the handlers' v
        STATE.t = eng.t = 0.0
        if setv:
            for sec in STATE.live_sections():
                sec.v = vinit
        finit.run_handlers(0)
        setv = False
    spikes = eng.finitialize(vinit, setv, canonical=registry.canonical_order(),
                             after_initial=lambda: _after_initial(eng))
    STATE.t = 0.0
    if cvode_settings.variable_step_active():
        variable_step.finitialize(eng)
    else:
        if variable_step.loaded():
            variable_step.release()
    registry.after_init(eng, spikes)
    fire_patterns(eng)
    timedevents.fire_at_initialization(eng)
    finit.run_handlers(2)
    return 1.0


def _after_initial(eng):
    """FInitializeHandler type 1, then (as NEURON computes the currents after them) the
    currents again if there were any."""
    if finit.has_handlers(1):
        finit.run_handlers(1)
        eng.compute_currents()


def fcurrent():
    """The currents at the present states and v, without advancing (NEURON's fcurrent)."""
    engine_module.compiled_engine("fcurrent").compute_currents()
    return 1.0


def _after_steps(eng, spikes):
    STATE.t = eng.t
    registry.after_steps(eng, spikes)


def _advance(eng, t_until, max_steps=None):
    """eng.advance, one step at a time while a Vector or Random plays (model/play.py); a
    CVode.event action setting h.stoprun stops it after that step."""
    if variable_step.loaded():
        variable_step.release()         # at_time calls back to their fixed-step meaning
    if not play.active():
        _after_steps(eng, eng.advance(t_until, max_steps=max_steps, should_stop=_stoprun_set))
        return
    steps = 0
    while eng.t < t_until and (max_steps is None or steps < max_steps):
        play.before_step()
        _after_steps(eng, eng.advance(float("inf"), max_steps=1, should_stop=_stoprun_set))
        play.after_step(eng.t, STATE.dt)
        steps += 1
        if max_steps is None and RUN.stoprun:
            break


TSTOPBIT = 1 << 15    # NEURON's tstopbit: stoprun |= it when a CVode.event stops the run


def _stoprun_set():
    return RUN.stoprun != 0


registry.set_stop_query(_stoprun_set)


def _mark_tstop():
    RUN.stoprun = int(RUN.stoprun) | TSTOPBIT


registry.set_stop_marker(_mark_tstop)


def fadvance():
    if registry.simulation_skipped("fadvance"):
        return 0.0
    eng = engine_module.compiled_engine("fadvance")
    if cvode_settings.variable_step_active():
        _variable_step(eng)
        return 0.0
    _advance(eng, float("inf"), max_steps=1)
    return 0.0


def reset_variable_step():
    """pnm.reset: the fixed step again, CVode's settings at NEURON's defaults."""
    if variable_step.loaded():
        variable_step.release()
    cvode_settings.reset_settings()


def _compiled_variable_steps(eng):
    """Whether continuerun's variable steps may run in cvode/fastrun.py's compiled loop
    (nothing plays, no dry run: each fadvance would check those)."""
    return not play.active() and not registry.dry_run()


def _after_fadvance(eng, dt, spikes, stopped):
    """What _variable_step does after a fadvance (dt None: within one, spikes only)."""
    if dt is not None:
        set_dt(dt)
    if stopped:
        _mark_tstop()
    _after_steps(eng, spikes)


def _variable_step(eng):
    """One variable step; t and dt as NEURON leaves them (dt: the step's size)."""
    if play.active():
        raise NotImplementedError(
            "cvode.active(1) with Vector.play or Random.play: pnm's variable step integrator "
            "does not handle it yet (NEURON plays them as events). Use the fixed step")
    dt, spikes, stopped = variable_step.fadvance(eng, _stoprun_set)
    _after_fadvance(eng, dt, spikes, stopped)


def continuerun(tstop):
    user = hoc_override("continuerun")
    if user is not None:
        user(tstop)
        return 0.0
    if registry.simulation_skipped("continuerun"):
        return 0.0
    tstop = registry.simulation_stop("continuerun", tstop)
    eng = engine_module.compiled_engine("continuerun")
    ts = float(tstop) - STATE.dt / 2
    RUN.stoprun = 0
    RUN.eventcount = 0.0
    t0 = time.perf_counter()
    # stdrun.hoc: after its cvode_active(1) (using_cvode_) an event stops the run at tstop
    # and one more step records there; after h.cvode.active(1) alone, steps until t passes
    # tstop - dt/2 (as the fixed step)
    using_cvode = bool(RUN.using_cvode_) and cvode_settings.variable_step_active()
    if using_cvode:
        timedevents.cvode_event(float(tstop))
        ts = float(tstop)
    overridden = hoc_override("step") or hoc_override("advance")
    if overridden or cvode_settings.variable_step_active():
        if not overridden and eng.t < ts and _compiled_variable_steps(eng):
            variable_step.run_to(eng, ts, _stoprun_set,
                                 lambda dt, spikes, stopped: _after_fadvance(eng, dt, spikes,
                                                                             stopped),
                                 lambda: eng.t < ts and not RUN.stoprun)
            RUN.realtime = time.perf_counter() - t0
        while eng.t < ts and not RUN.stoprun:       # stdrun.hoc's loop (hoc's procs if any)
            step()
            RUN.realtime = time.perf_counter() - t0
        if using_cvode and not RUN.stoprun:
            step()
        registry.simulation_done()
        return 0.0
    with progress.bar(float(tstop), t0=eng.t, desc="continuerun") as bar:
        if RUN.nstep_steprun == 1:
            for t_until in bar.targets(ts, STATE.dt):
                _advance(eng, t_until)
                bar.update(eng.t)
                if RUN.stoprun:
                    break
        else:
            while eng.t < ts and not RUN.stoprun:
                _advance(eng, float("inf"), max_steps=RUN.nstep_steprun)
                bar.update(eng.t)
    RUN.realtime = time.perf_counter() - t0
    registry.simulation_done()
    return 0.0


def setdt():
    """stdrun.hoc's setdt: dt divides 1/steps_per_ms (or is made to); nothing after its
    cvode_active(1) (using_cvode_), as stdrun.hoc returns at once then."""
    if RUN.using_cvode_:
        return
    step = 1.0 / RUN.steps_per_ms
    n = int(step / STATE.dt)
    if n == 0:
        n = 1
    RUN.nstep_steprun = n
    if abs(STATE.dt * n * RUN.steps_per_ms - 1) > 1e-6:
        print("Changed dt")
        set_dt(step / n)


def set_dt(value):
    value = float(value)
    if not value > 0 or math.isnan(value):
        raise ValueError(f"h.dt = {value}: the time step must be positive")
    STATE.dt = value
    if STATE.engine is not None:
        STATE.engine.set_dt(value)


# Each of stdrun.hoc's procedures below is the program's own when hoc redefined it (so
# h.init() from Python, and run() from either language, call a hoc `proc init()`).
def init():
    user = hoc_override("init")
    if user is not None:
        user()
        return 0.0
    finitialize(STATE.v_init)
    return 0.0


def stdinit():
    user = hoc_override("stdinit")
    if user is not None:
        user()
        return 0.0
    RUN.realtime = 0.0
    setdt()
    init()
    stdplots.init_plot()
    return 0.0


def run(tstop=None):
    user = hoc_override("run")
    if user is not None and tstop is None:
        user()
        return 0.0
    if tstop is not None:
        STATE.tstop = float(tstop)
    stdinit()
    continuerun(STATE.tstop)
    return 0.0


# ---- the rest of stdrun.hoc's procedures and functions --------------------------------
def advance():
    user = hoc_override("advance")
    if user is not None:
        user()
        return 0.0
    fadvance()
    return 0.0


def step():
    """stdrun.hoc's step(): nstep_steprun calls of advance() (one with using_cvode_; hoc's
    own when it has one)."""
    user_step = hoc_override("step")
    if user_step is not None:
        user_step()
        return 0.0
    for _ in range(1 if RUN.using_cvode_ else max(1, int(RUN.nstep_steprun))):
        advance()
    return 0.0


def steprun():
    user = hoc_override("steprun")
    if user is not None:
        user()
        return 0.0
    step()
    return 0.0


def set_v_init(*value):
    """set_v_init([v]) -> the previous v_init; sets v_init when given."""
    old = STATE.v_init
    if value:
        STATE.v_init = float(value[0])
    return old


def stoppedrun():
    return float(RUN.stoprun)


def tstop_changed():
    """Resizes stdrun's graphs to tstop in NEURON; no graphs are drawn here."""
    return 0.0


def set_ra(*ra):
    """set_ra([ra]): global_ra = ra when given, then Ra = global_ra in every section."""
    if ra:
        RUN.global_ra = float(ra[0])
    for sec in STATE.live_sections():
        sec.Ra = RUN.global_ra
    return 0.0


def _fixed_step_only(what, flag):
    if flag and int(flag[0]) != 0:
        raise NotImplementedError(f"{what}({flag[0]:g}): pnm integrates with NEURON's fixed "
                                  "step only (no CVODE); leave variable steps off")
    return 0.0


def cvode_active(*flag):
    """stdrun.hoc's cvode_active([on]) (varmeth1.hoc's varstep): cvode.active(on) with the
    run system's using_cvode_; dt is saved when the variable step starts and given back when
    it ends."""
    if flag:
        on = int(flag[0]) != 0
        if on and not RUN.using_cvode_:
            RUN.dtsav = STATE.dt
        elif not on and RUN.using_cvode_:
            set_dt(RUN.dtsav)
        cvode_settings.settings()["active"] = on
        RUN.using_cvode_ = 1.0 if on else 0.0
    return 1.0 if cvode_settings.settings()["active"] else 0.0     # a hoc func's number


def cvode_local(*flag):
    return _fixed_step_only("cvode_local", flag)
