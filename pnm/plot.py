"""Figures of a run with matplotlib: a spike raster and voltage traces. Each function draws
on ``ax`` (a new figure when None) and returns (figure, axes)."""

from __future__ import annotations

import numpy as np

__all__ = ["raster", "traces"]


def _axes(ax, figsize):
    import matplotlib.pyplot as plt
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    return ax.figure, ax


def raster(times, gids, ax=None, color="k", marker="|", markersize=8, title=None,
           t_stop=None, figsize=(6, 3)):
    """Spike raster: one row per gid, a tick per spike. ``times`` (ms) and ``gids`` are
    arrays, lists or Vectors of the same length (pc.spike_record, pnm.io.spike_arrays)."""
    t = np.asarray(times, dtype=float).ravel()
    g = np.asarray(gids, dtype=float).ravel()
    if t.shape != g.shape:
        raise ValueError(f"raster: {t.size} spike times but {g.size} gids")
    fig, ax = _axes(ax, figsize)
    ax.plot(t, g, linestyle="none", marker=marker, markersize=markersize, color=color)
    ax.set_xlabel("t (ms)")
    ax.set_ylabel("gid")
    if g.size:
        ax.set_ylim(g.min() - 0.5, g.max() + 0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
    if t_stop is not None:
        ax.set_xlim(0, t_stop)
    if title:
        ax.set_title(title)
    return fig, ax


def traces(t, values, labels=None, ax=None, ylabel="v (mV)", title=None, figsize=(6, 3)):
    """Lines of ``values`` (one array or Vector, or a list of them) against ``t`` (ms)."""
    tt = np.asarray(t, dtype=float).ravel()
    arr = np.asarray(values, dtype=float)
    rows = [arr] if arr.ndim == 1 else list(arr)
    if labels is not None and len(labels) != len(rows):
        raise ValueError(f"traces: {len(rows)} traces but {len(labels)} labels")
    fig, ax = _axes(ax, figsize)
    for i, row in enumerate(rows):
        if row.size != tt.size:
            raise ValueError(f"traces: trace {i} has {row.size} points but t has {tt.size}; "
                             "record t and the values with the same Vector.record setup")
        ax.plot(tt, row, label=None if labels is None else labels[i])
    ax.set_xlabel("t (ms)")
    ax.set_ylabel(ylabel)
    if labels is not None:
        ax.legend(loc="best", fontsize="small")
    if title:
        ax.set_title(title)
    return fig, ax
