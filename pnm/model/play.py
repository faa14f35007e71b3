"""Vector.play and Random.play on the fixed-step run, as NEURON does them
(src/nrniv/vrecord.cpp VecPlayStep, src/nrnoc/fadvance.cpp):

- Vector.play(ref, tvec) / play(ref, dt): the value y[i] is assigned when time tvec[i] (or
  i*dt) comes: at finitialize (before INITIAL blocks) for times <= dt/2, then at the end of
  the step after which t + dt/2 >= the time (after that step's recording), in play order.
- Random.play(ref): a new draw is assigned at finitialize and before every step (after the
  events of the step are delivered), in the order the plays were made.

The run system calls init_all() at finitialize and after_step() after every step, and steps
one at a time while anything plays (runsystem.py). Continuous play (interpolated at t+dt/2 and
at t+dt inside a step) needs the engine's step and is not provided: a clear error says so."""

import weakref

from .refs import NodeRef, Ref, TimeRef

_vector_plays = []        # VecPlay, in the order they were made
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
        raise NotImplementedError(
            f"{owner}.play(ref, tvec, {continuous!r}): continuous play (linear interpolation "
            "at t+dt/2 and t+dt inside each step) is not provided by pnm; use the step form "
            "vec.play(ref, tvec) (each value holds from its time on) with the waveform "
            "sampled at the times you need, or an IClamp/VecStim")
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
