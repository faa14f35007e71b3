"""Vector.record(ref, Dt) and Vector.record(ref, tvec): samples at given times, as NEURON's
VecRecordDt and VecRecordDiscrete (src/nrncvode/netcvode.cpp) take them under fixed steps.

NEURON makes each sample time an event. Under fixed steps events are delivered at the end of
each step (those with time <= t) and at the start of the next one (time <= t + dt/2), and at
finitialize (time <= t); a delivered sample takes the variable's value at that moment, so a
sample at time te is the value at the first step time t_n with te <= t_n + dt/2 (te <= t_n at
the last step of a run). With Dt the sample times are t0, t0 + Dt, (t0 + Dt) + Dt, ... (summed,
as NEURON sums them) and a recording of t itself stores those times, not the step's t. With
tvec they are tvec's elements (a recording of t there stores hoc's t, which lags: the start of
the step for a sample taken at its end), one sample each; NEURON
does not keep tvec: once it is freed the recording ends (the Vector keeps what it has).

pnm's engine records the variable at every step (and t alongside); the sampler picks the
samples from those values, column by column."""

import math
import weakref


class Sampler:
    """What a Vector recording at given times keeps between blocks of steps."""

    def __init__(self, vec, dt_sample=None, tvec=None, is_time=False):
        self.vec, self.dt_sample, self.is_time = vec, dt_sample, is_time
        self._tvec = None if tvec is None else weakref.ref(tvec)
        self.next_t = math.inf
        self.prev = None          # (t, value) of the last column taken, not yet followed

    @property
    def tvec(self):
        return None if self._tvec is None else self._tvec()

    @property
    def alive(self):
        return self._tvec is None or self._tvec() is not None

    def reset(self, t0):
        """At finitialize: the first sample time."""
        self.prev = None
        if self.tvec is None:
            self.next_t = t0
        else:
            self.next_t = self.tvec[0] if self.tvec.size() > 0 else math.inf

    def _deliver(self, until, value):
        vec = self.vec
        while self.next_t <= until:
            te = self.next_t
            vec.append_array([te if self.is_time and self._tvec is None else value])
            if self.tvec is None:
                self.next_t = te + self.dt_sample
            else:
                n = vec.size()
                self.next_t = self.tvec[n] if n < self.tvec.size() else math.inf

    def take(self, values, times, dt):
        """A block of step values and their times: deliver as NEURON would."""
        if not self.alive:
            return
        prev = self.prev
        for value, t in zip(values.tolist(), times.tolist()):
            if prev is not None:           # the start of the step from prev (t + dt/2)
                self._deliver(prev[0] + 0.5 * dt, prev[1])
            if self.is_time and self._tvec is not None and prev is not None:
                # hoc's t is brought up to date after the step's own deliveries: a sample of
                # t taken at the end of a step is the step's start
                self._deliver(t, prev[0])
            else:
                self._deliver(t, value)     # the end of the step (or finitialize)
            prev = (t, value)
        self.prev = prev
