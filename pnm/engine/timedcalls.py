"""Calls at given times during fixed-step runs (NEURON's CVode.event(t, action) under the
fixed-step method): the engine runs whole steps, and after the step during which time te is
reached (te <= t at the step's end) it makes the calls due, in time order, with the model
at that step's end — as NEURON's allthread handle runs them after nrn_fixed_step. A call
scheduled by a call runs after a later step, never in the same round."""

import heapq
import itertools


class TimedCalls:
    def __init__(self):
        self._heap = []
        self._order = itertools.count()

    def __bool__(self):
        return bool(self._heap)

    def add(self, te, action):
        heapq.heappush(self._heap, (float(te), next(self._order), action))

    def clear(self):
        self._heap.clear()

    def next_time(self):
        return self._heap[0][0] if self._heap else None

    def fire_due(self, t):
        """Call every action due at or before t; True if there was one."""
        due = []
        while self._heap and self._heap[0][0] <= t:
            due.append(heapq.heappop(self._heap)[2])
        for action in due:
            action()
        return bool(due)
