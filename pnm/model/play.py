"""Vector.play and Random.play on the fixed-step run, as NEURON does them
(src/nrniv/vrecord.cpp VecPlayStep, src/nrnoc/fadvance.cpp):

- Vector.play(ref, tvec) / play(ref, dt): the value y[i] is assigned when time tvec[i] (or
  i*dt) comes: at finitialize (before INITIAL blocks) for times <= dt/2, then at the end of
  the step after which t + dt/2 >= the time (after that step's recording), in play order.
- Random.play(ref): a new draw is assigned at finitialize and before every step (after the
  events of the step are delivered), in the order the plays were made.

- Vector.play(ref, tvec, 1) / play(ref, tvec, discon_indices): continuous play, linear
  interpolation (NEURON's VecPlayContinuous): the engine assigns it inside each step
  (engine/continuousplay.py); this module keeps the list (continuous_plays()).

The run system calls init_all() at finitialize and after_step() after every step, and steps
one at a time while a step play or Random.play is active (runsystem.py)."""

import weakref

from .refs import NodeRef, Ref, TimeRef
from .state import STATE

_vector_plays = []        # VecPlay, in the order they were made
_continuous_plays = []    # ContinuousPlay, in the order they were made
_random_plays = []        # (weakref to Random, Ref)


class VecPlay:
    """One Vector.play(ref, tvec | dt). It holds its Vector weakly: as in NEURON, a Vector
    nobody references any more plays no more."""

    def __init__(self, vec, ref, tvec=None, dt=None):
        self.vec, self.ref, self.tvec, self.dt = weakref.ref(vec), ref, tvec, dt
        self.index = 0
        self.next_time = None

    def init(self):
        self.index = 0
        if self.tvec is None:
            self.next_time = 0.0
        else:
            self.next_time = float(self.tvec[0]) if len(self.tvec) > 0 else None

    def deliver_due(self, t_limit):
        """Assign every value whose time is <= t_limit (NEURON delivers up to t + dt/2)."""
        vec = self.vec()
        while vec is not None and self.next_time is not None and self.next_time <= t_limit:
            when = self.next_time
            self.ref.set_value(vec[self.index])
            self.index += 1
            if self.index >= len(vec):
                self.next_time = None
            elif self.tvec is None:
                self.next_time = when + self.dt
            else:
                self.next_time = float(self.tvec[self.index]) \
                    if self.index < len(self.tvec) else None


class ContinuousPlay:
    """One Vector.play(ref, tvec, 1 | discon): the Vectors held weakly, as in NEURON (a play
    whose y, t or discontinuity Vector is gone plays no more)."""

    def __init__(self, vec, ref, tvec, discon):
        self.vec, self.ref, self.tvec = weakref.ref(vec), ref, weakref.ref(tvec)
        self.discon = None if discon is None else weakref.ref(discon)

    def alive(self):
        return (self.vec() is not None and self.tvec() is not None and self.ref.alive
                and (self.discon is None or self.discon() is not None))

    def arrays(self):
        """(times, values, discontinuity indices or None) as they are now."""
        vec, tvec = self.vec(), self.tvec()
        return (tvec.as_numpy(), vec.as_numpy(),
                None if self.discon is None else self.discon().as_numpy())


def continuous_plays():
    """The live continuous plays, in the order they were made (the engine plays them)."""
    _continuous_plays[:] = [p for p in _continuous_plays if p.alive()]
    return list(_continuous_plays)


def _continuous(vec, ref, when, mode, owner):
    if isinstance(when, (int, float)):
        raise ValueError(f"{owner}.play(ref, {when!r}, {mode!r}): the second argument of "
                         "Vector.play in continuous mode must be a time vector (NEURON's "
                         "error too)")
    if len(when) == 0:
        raise ValueError(f"{owner}.play(ref, tvec, ...): the time Vector is empty")
    discon = None if isinstance(mode, (int, float)) else mode
    remove_vector(vec)
    _continuous_plays.append(ContinuousPlay(vec, ref, when, discon))
    STATE.changed()         # the engine takes the play into its step
    return _continuous_plays[-1]


def vector_play(vec, args, owner):
    """Vector.play(ref, tvec | dt [, continuous]): register the step play (replacing vec's
    previous play, as NEURON keeps one per Vector) and return it."""
    if len(args) < 2 or not isinstance(args[0], Ref) or isinstance(args[0], TimeRef):
        raise NotImplementedError(
            f"{owner}.play{args!r}: pnm plays a Vector into a variable reference "
            "(stim._ref_amp, seg._ref_gnabar_hh) with a time Vector or a dt: "
            "vec.play(ref, tvec) or vec.play(ref, dt); other forms (a statement string, "
            "a point process first) are not provided")
    ref, when = args[0], args[1]
    if isinstance(ref, NodeRef):
        raise NotImplementedError(
            f"{owner}.play({ref!r}, ...): playing into a membrane potential is not provided: "
            "NEURON 9.0.2's step play into v leaves v unchanged (checked), and pnm does not "
            "guess; clamp the voltage with a mechanism (SEClamp-like) or set seg.v between "
            "h.fadvance() calls")
    continuous = args[2] if len(args) > 2 else 0
    if not isinstance(continuous, (int, float)) or continuous:     # a Vector: discontinuities
        if isinstance(continuous, (int, float)) and int(continuous) != 1:
            raise ValueError(f"{owner}.play(ref, tvec, {continuous!r}): the continuous flag "
                             "is 0 or 1")
        return _continuous(vec, ref, when, continuous, owner)
    if not isinstance(when, (int, float)):
        play = VecPlay(vec, ref, tvec=when)
    else:
        step = float(when)
        if not step > 0:
            raise ValueError(f"{owner}.play(ref, {when!r}): the interval must be positive")
        play = VecPlay(vec, ref, dt=step)
    remove_vector(vec)
    _vector_plays.append(play)
    return play


def remove_vector(vec):
    """Vector.play_remove(): vec plays no more."""
    _vector_plays[:] = [p for p in _vector_plays if p.vec() is not None and p.vec() is not vec]
    kept = [p for p in _continuous_plays if p.vec() is not None and p.vec() is not vec]
    if len(kept) != len(_continuous_plays):
        _continuous_plays[:] = kept
        STATE.changed()


def random_play(rand, ref, owner):
    if not isinstance(ref, Ref) or isinstance(ref, TimeRef):
        raise TypeError(f"{owner}.play({ref!r}): give a variable reference such as "
                        "seg._ref_gnabar_hh or stim._ref_amp")
    _random_plays.append((weakref.ref(rand), ref))


def active():
    """Whether anything plays (the run system then steps one step at a time)."""
    _drop_dead()
    return bool(_vector_plays or _random_plays)


def _drop_dead():
    _vector_plays[:] = [p for p in _vector_plays if p.vec() is not None and p.ref.alive]
    _random_plays[:] = [(r, ref) for r, ref in _random_plays if r() is not None and ref.alive]


def draw_random():
    """nrn_random_play: each played variable gets the next draw of its Random."""
    for rand, ref in _random_plays:
        ref.set_value(rand().repick())


def init_all(dt):
    """At finitialize, before the INITIAL blocks: random plays draw, vector plays restart
    and assign what is due at t = 0 (times <= dt/2)."""
    _drop_dead()
    draw_random()
    for play in _vector_plays:
        play.init()
        play.deliver_due(0.5 * dt)


def before_step():
    draw_random()


def after_step(t, dt):
    for play in _vector_plays:
        play.deliver_due(t + 0.5 * dt)


def refuse(caller):
    """Runs that step outside the run system (ParallelContext.psolve) cannot play yet."""
    if active():
        raise NotImplementedError(
            f"{caller}: Vector.play / Random.play are applied by h.finitialize, h.fadvance, "
            "h.continuerun and h.run in pnm, not by ParallelContext.psolve; remove the plays "
            "(vec.play_remove()) or run with h.continuerun")
