"""h.PatternStim(): NEURON's pattern.mod. play(tvec, gidvec) keeps copies of a spike pattern
(times, and gids as ints); at finitialize each (t, gid) fires the input source of that gid on
this rank, as NEURON's nrn_fake_fire: only gids that pc.gid_connect made inputs here (no
cell of that gid on this rank) — their NetCons get the events at t + delay. The spikes of a
parallel run (pc.spike_record) replayed this way drive any subnet with consistent gids."""

import weakref

import numpy as np

from .hocindex import next_index, release_index
from .state import STATE

_LIVE = weakref.WeakSet()


class PatternStim:
    """h.PatternStim() (an ARTIFICIAL_CELL in NEURON; here it holds the pattern only)."""

    def __init__(self, *args):
        if args:
            raise TypeError("PatternStim() takes no location: it is an artificial cell")
        self._index = next_index("PatternStim")
        self.fake_output = 0.0
        self._t = np.zeros(0)
        self._gid = np.zeros(0, dtype=np.int64)
        _LIVE.add(self)

    def hname(self):
        return f"PatternStim[{self._index}]"

    __repr__ = hname

    def __del__(self, release=release_index):
        if getattr(self, "_index", None) is not None:
            release("PatternStim")

    def play(self, tvec=None, gidvec=None):
        """play(tvec, gidvec): copies of the pattern (NEURON copies too: the Vectors may go);
        play() with no arguments forgets it."""
        if tvec is None:
            self._t, self._gid = np.zeros(0), np.zeros(0, dtype=np.int64)
            return 0.0
        if gidvec is None:
            raise TypeError(f"{self}.play(tvec, gidvec): give both Vectors")
        t = np.array(tvec, dtype=float)
        gid = np.array(gidvec, dtype=float)
        if len(gid) < len(t):
            raise ValueError(f"{self}.play(tvec, gidvec): gidvec has {len(gid)} elements, "
                             f"fewer than tvec's {len(t)}")
        if np.any(np.diff(t) < 0):
            k = int(np.flatnonzero(np.diff(t) < 0)[0])
            raise ValueError(f"{self}.play(tvec, gidvec): tvec must be in time order (tvec["
                             f"{k + 1}] = {t[k + 1]:g} < tvec[{k}] = {t[k]:g}); NEURON's "
                             "PatternStim stops there or fails with 'Event arrived out of "
                             "order'. Sort the pairs by time first")
        self._t, self._gid = t, gid[:len(t)].astype(np.int64)
        STATE.changed()
        return 0.0

    def pattern(self):
        return self._t, self._gid


def replayed_gids():
    """The gids the live PatternStims of this rank fire (inputs no cell needs to own)."""
    return {g for stim in _LIVE for g in stim.pattern()[1].tolist()}


def fire_patterns(engine):
    """At finitialize: queue the NetCon events of every live PatternStim's spikes whose gid is
    an input on this rank (gid_connect'ed, no cell here), in the pattern's order."""
    stims = [ps for ps in _LIVE if len(ps.pattern()[0])]
    if not stims:
        return
    gids = getattr(STATE.parallel, "gids", None)
    if gids is None:
        return
    sources, times = [], []
    for stim in sorted(stims, key=lambda s: s._index):
        t, gid = stim.pattern()
        for ti, g in zip(t.tolist(), gid.tolist()):
            presyn = gids.presyn.get(g)
            if presyn is None or gids.has_cell(g):
                continue
            k = engine.presyn_index(presyn)
            if k >= 0:
                sources.append(k)
                times.append(ti)
    if sources:
        engine.inject(sources, times)
