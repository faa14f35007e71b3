"""Is this rank's main thread spinning: running Python code outside pnm, for a long time?

A rank looping forever in plain Python keeps its heartbeat (the interpreter hands the GIL to
the heartbeat thread every 5 ms), so silence never finds it.  The heartbeat thread therefore
samples the main thread's stack at each tick (``sys._current_frames``, a few microseconds)
and the rank reports, with each beat, how long it has been *spinning*:

- no frame of pnm on the main thread's stack (psolve, finitialize, a bulletin-board task,
  a callback pnm made, any pnm call: all of that is work, never spinning; the hoc
  interpreter's frames do not count as pnm, they run the user's hoc code), and
- computing: the main thread's CPU time (``time.pthread_getcpuclockid``) grew by at least
  5% of the wall time over the last silence limit -- a rank asleep or blocked (time.sleep,
  input, file I/O, a user's own MPI call) uses no CPU and is waited for.  (The position of
  the innermost frame cannot tell: the interpreter hands over the GIL only at a loop's
  backward jump, so every sample of a tight loop shows the same instruction.)

A waiting rank fails a collective when a peer has spun for more than the silence limit
(pnm.parallel.liveness.Watch).  The rule and its trade-off are in README "Never a hang".
"""

from __future__ import annotations

import collections
import os
import sys
import threading
import time

__all__ = ["SpinMeter"]

_PNM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
# pnm code that runs the user's own code line by line: it counts as the user's
_USER_CODE_RUNNERS = (_PNM_DIR + "hoclang" + os.sep,)
_MIN_SAMPLES = 5
_CPU_SHARE = 0.05        # a thread that computes gets far more, even on a loaded machine


def _is_pnm(filename: str) -> bool:
    return filename.startswith(_PNM_DIR) and not filename.startswith(_USER_CODE_RUNNERS)


class SpinMeter:
    """Samples the main thread; ``spinning_for`` says how long it has spun (0: it has not)."""

    def __init__(self, now: float):
        self.main_id = threading.main_thread().ident
        try:
            self.clock = time.pthread_getcpuclockid(self.main_id)
        except (AttributeError, OSError):
            self.clock = None                  # no per-thread CPU clock: never "spinning"
        self.samples = collections.deque()     # (time, CPU time of the main thread)
        self.outside_since = now               # last sample with pnm on the stack
        self.where = "start-up"

    def sample(self, now: float, window: float, waiting: bool) -> None:
        frame = sys._current_frames().get(self.main_id)
        if frame is None or waiting:
            self._inside(now)
            return
        top = frame
        while frame is not None:
            if _is_pnm(frame.f_code.co_filename):
                self._inside(now)
                return
            frame = frame.f_back
        if self.clock is None:
            return
        self.samples.append((now, time.clock_gettime(self.clock)))
        self.where = (f"{top.f_code.co_filename}:{top.f_lineno} in "
                      f"{getattr(top.f_code, 'co_qualname', top.f_code.co_name)}")
        while self.samples and self.samples[0][0] < now - window:
            self.samples.popleft()

    def _inside(self, now: float) -> None:
        self.outside_since = now
        self.samples.clear()

    def spinning_for(self, now: float, window: float) -> float:
        """Seconds outside pnm, if the main thread computed over the last ``window`` seconds
        (else 0)."""
        if window <= 0 or now - self.outside_since < window or \
                len(self.samples) < _MIN_SAMPLES:
            return 0.0
        (t0, cpu0), (t1, cpu1) = self.samples[0], self.samples[-1]
        if t1 <= t0 or cpu1 - cpu0 < _CPU_SHARE * (t1 - t0):
            return 0.0
        return now - self.outside_since
