"""A progress bar for long runs (psolve, run, continuerun, prun): simulated time and speed
(ms of model time per second), drawn by tqdm on rank 0 only, when attached to a terminal or a
notebook; off in pipes, files and CI. ``PNM_PROGRESS=1`` forces it on, ``PNM_PROGRESS=0`` off.

The run functions hook in like this (``eng.t`` is the engine's time)::

    bar = progress.start(tstop, t0=eng.t, desc="psolve")      # a no-op object when off
    for t_until in bar.targets(tstop - dt / 2, dt):             # one target when off
        eng.advance(t_until)
        bar.update(eng.t)
    bar.close()

or, where a loop over intervals exists already, ``bar.update(t)`` once per interval.
``with progress.bar(tstop) as bar:`` closes it at the end of the block.
"""

from __future__ import annotations

import os
import sys
import time

__all__ = ["start", "bar", "enabled", "ProgressBar", "NullBar"]

# environment variables that say "this is a CI job": no bar there even on a pseudo-terminal
_CI_VARS = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE", "TF_BUILD")
_RANK_VARS = ("PMI_RANK", "PMIX_RANK", "OMPI_COMM_WORLD_RANK", "MPI_LOCALRANKID", "SLURM_PROCID")

# a chunk of steps aims at this much wall time, so the bar moves without slowing the run
_CHUNK_SECONDS = 0.2


def _rank_from_environment() -> int:
    for name in _RANK_VARS:
        value = os.environ.get(name, "").strip()
        if value.isdigit():
            return int(value)
    return 0


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None or "ipykernel" not in sys.modules:
        return False
    try:
        ip = shell.get_ipython()
    except Exception:
        return False
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def enabled(rank: int | None = None) -> bool:
    """Whether a bar is drawn here: PNM_PROGRESS=0/1 decides if set; otherwise rank 0 only,
    not in CI, and only when stderr is a terminal or this is a notebook kernel."""
    forced = os.environ.get("PNM_PROGRESS", "").strip()
    rank = _rank_from_environment() if rank is None else int(rank)
    if forced in ("0", "1"):
        return forced == "1" and rank == 0
    if forced:
        raise ValueError(f"PNM_PROGRESS={forced!r}: use 1 to force the progress bar on, 0 off")
    if rank != 0 or any(os.environ.get(v) for v in _CI_VARS):
        return False
    if _in_notebook():
        return True
    try:
        return sys.stderr.isatty()
    except Exception:
        return False


class NullBar:
    """What start() returns when no bar is drawn: every call does nothing."""

    def targets(self, t_until: float, dt: float):
        yield t_until

    def update(self, t: float) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False


class ProgressBar(NullBar):
    """A tqdm bar over model time from t0 to tstop (ms), showing the speed in ms/s."""

    def __init__(self, tstop: float, t0: float = 0.0, desc: str = "run"):
        self.tstop, self.t = float(tstop), float(t0)
        options = dict(total=self.tstop, initial=self.t, desc=desc, unit="ms", leave=True,
                       bar_format="{desc}: {percentage:3.0f}%|{bar}| t={n:.1f}/{total:.1f} ms "
                                  "[{elapsed}<{remaining}, {rate_fmt}]")
        self._bar = None
        if _in_notebook():
            try:
                from tqdm.notebook import tqdm as notebook_tqdm
                self._bar = notebook_tqdm(**options)
            except ImportError:      # no ipywidgets: the text bar works in a notebook too
                pass
        if self._bar is None:
            from tqdm import tqdm
            self._bar = tqdm(file=sys.stderr, dynamic_ncols=True, **options)

    def update(self, t: float) -> None:
        t = float(t)
        if t > self.tstop - 1e-9 * max(1.0, abs(self.tstop)):   # t's rounding at the end
            t = self.tstop
        if t > self.t and self._bar is not None:
            self._bar.update(t - self.t)
            self.t = t

    def targets(self, t_until: float, dt: float):
        """Intermediate values of ``t_until`` for an engine that steps while t < target:
        half a step past a step time, in chunks of about 0.2 s of wall time each. The
        steps taken are those of one call with ``t_until``."""
        steps, target = 10, self.t - 0.5 * dt
        while target < t_until:
            target = min(target + steps * dt, t_until)
            started = time.perf_counter()
            yield target
            spent = time.perf_counter() - started
            # move the chunk size towards the wall-time aim (at most x4 per chunk)
            scale = _CHUNK_SECONDS / spent if spent > 0 else 4.0
            steps = max(1, int(steps * min(max(scale, 0.25), 4.0)))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def start(tstop: float, t0: float = 0.0, desc: str = "run", rank: int | None = None):
    """A bar from t0 to tstop ms (ProgressBar), or a NullBar where none is drawn."""
    if float(tstop) <= float(t0) or not enabled(rank):
        return NullBar()
    try:
        return ProgressBar(tstop, t0, desc)
    except ImportError:          # tqdm missing (or its notebook widgets): run without a bar
        return NullBar()


def bar(tstop: float, t0: float = 0.0, desc: str = "run", rank: int | None = None):
    """start() for a ``with`` block: ``with progress.bar(tstop) as b: ... b.update(t)``."""
    return start(tstop, t0, desc, rank)
