"""pc.psolve's arguments, checked on every rank at once before any other collective work:
a bad tstop, or a dt, maxstep, t or tstop that differs between ranks, would otherwise make
the ranks run different numbers of exchange intervals (a hang, or spikes silently lost)."""

from __future__ import annotations

import math

import numpy as np

from . import liveness
from .faults import user_site

__all__ = ["check_psolve_arguments"]

_FIELDS = ("tstop", "t", "dt", "maxstep")


def _as_number(value) -> tuple[float, float]:
    """(value as float, 1.0 if it is not a number at all)."""
    try:
        return float(value), 0.0
    except (TypeError, ValueError):
        return math.nan, 1.0


def _values(table, col) -> str:
    return ", ".join(f"rank {r}: {float(table[r, col])!r}" for r in range(table.shape[0]))


def _differs(column: np.ndarray, tolerance: float = 0.0) -> bool:
    if np.isnan(column).any():
        return not np.isnan(column).all()
    return float(column.max() - column.min()) > tolerance


def _problems(table: np.ndarray) -> list[str]:
    tstop, t, dt = table[:, 0], table[:, 1], table[:, 2]
    problems = []
    if table[:, 4].any():
        bad = [r for r in range(len(table)) if table[r, 4]]
        problems.append(f"tstop is not a number on rank(s) {bad}; give a time in ms")
    elif not np.isfinite(tstop).all():
        problems.append(f"tstop must be a finite time in ms ({_values(table, 0)}); "
                        "psolve(nan) or psolve(inf) would never reach it")
    elif (tstop < 0).any():
        problems.append(f"tstop is negative ({_values(table, 0)}); simulation time runs "
                        "from 0 ms (h.finitialize) forward")
    elif _differs(tstop):
        problems.append(f"tstop differs between ranks ({_values(table, 0)}); every rank "
                        "must psolve to the same time")
    if _differs(dt):
        problems.append(f"h.dt differs between ranks ({_values(table, 2)}); set the same "
                        "h.dt on every rank before h.finitialize")
    elif _differs(t, tolerance=float(np.nanmax(dt)) / 2 if np.isfinite(dt).all() else 0.0):
        problems.append(f"t differs between ranks ({_values(table, 1)}); call "
                        "h.finitialize (or h.stdinit) on every rank before psolve")
    if _differs(table[:, 3]):
        problems.append(f"the maxstep given to pc.set_maxstep differs between ranks "
                        f"({_values(table, 3)}); call set_maxstep with the same value on "
                        "every rank")
    return problems


def check_psolve_arguments(comm, tstop, t: float, dt: float, maxstep: float) -> float:
    """Collective: raise the same ValueError on every rank when psolve(tstop) cannot run
    the same intervals everywhere; return tstop as a float.

    comm: the communicator of ParallelContext's collectives (channel "user"); t, dt and
    maxstep: this rank's current time, time step and pc.set_maxstep argument."""
    value, not_a_number = _as_number(tstop)
    api, site = user_site(1)
    liveness.set_doing(f"psolve({tstop!r}) from t={t:g} ms, called at {site}")
    row = np.array([value, float(t), float(dt), float(maxstep), not_a_number])
    table = comm.allgather_array(row, "psolve")
    problems = _problems(table)
    if problems:
        raise ValueError(f"pc.psolve({tstop!r}) on {comm.size} rank(s): "
                         + "; ".join(problems) + f" (this rank called it at {site})")
    return value
