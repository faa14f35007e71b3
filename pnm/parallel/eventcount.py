"""How many events each gid receives, measured: the parallel layer counts the firings of every
engine spike source whose events this rank's engine queues (the local sources' spikes, as
`engine.advance` returns them, and the remote gids' spikes it injects), and a NetCon delivers
one event per firing of its source. The cost model (costmodel.py) charges each gid the events
of the NetCons onto it, at the calibrated per-event cost.

No MPI, no numerics: a numpy add per exchange interval of the spikes it saw."""

import numpy as np


class EventCounter:
    """Firings per engine source index since the last finitialize, and the simulated time
    they cover (from the engine's t at finitialize to its t now)."""

    def __init__(self):
        self.engine = None
        self.firings = np.zeros(0, dtype=np.int64)
        self.t_start = 0.0

    def restart(self, engine):
        """At finitialize: a fresh count for this engine."""
        self.engine = engine
        self.firings = np.zeros(len(engine.presyns), dtype=np.int64)
        self.t_start = float(engine.t)

    def count(self, engine, sources):
        """sources: engine source indices of spikes whose NetCon events engine queues."""
        if engine is not self.engine:
            self.restart(engine)
        if len(sources):       # O(spikes), not O(sources of the model), per interval
            np.add.at(self.firings, np.asarray(sources, dtype=np.int64), 1)

    def simulated_ms(self):
        eng = self.engine
        if eng is None or not eng.live:
            return 0.0
        return max(0.0, float(eng.t) - self.t_start)

    def firings_of(self, presyn):
        """Firings counted for presyn (0 when the engine does not know it)."""
        if self.engine is None or not self.engine.live:
            return 0
        p = self.engine.presyn_index(presyn)
        return int(self.firings[p]) if 0 <= p < len(self.firings) else 0

