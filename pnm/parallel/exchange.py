"""Spike exchange at the end of each min-delay interval, as NEURON's nrn_spike_exchange:
every rank contributes the (gid, time) of its output cells' spikes to an Allgather of a
fixed-size buffer; spikes that do not fit go in a second, variable-size round (Allgatherv)
that runs only when some rank overflowed (the buffer then grows, on every rank alike, so
that the next exchange fits in one round)."""

import numpy as np

from .gidtable import GidStatus

BUFFER_SPIKES = 64   # spikes per rank that travel in the fixed-size round


class SpikeExchange:
    def __init__(self, comm, buffer_spikes=BUFFER_SPIKES):
        self.comm = comm
        self.nbuf = buffer_spikes
        self.max_histogram = None   # pc.max_histogram(vec): the Vector, or None
        self.reset_statistics()

    def reset_statistics(self):
        self.nsend = 0          # spikes this rank sent
        self.nsendmax = 0       # most spikes sent in one exchange
        self.nrecv = 0          # spikes received, this rank's own included (as NEURON counts)
        self.nrecv_useful = 0   # received from other ranks and feeding a local target

    def exchange(self, gids, times):
        """Returns (gids, times, mine) of all ranks' spikes; mine marks this rank's own."""
        n = len(gids)
        self.nsend += n
        self.nsendmax = max(self.nsendmax, n)
        if self.comm.size == 1:
            self.nrecv += n
            return gids, times, np.ones(n, dtype=bool)
        nb = self.nbuf
        buf = np.zeros(1 + 2 * nb)
        buf[0] = n
        k = min(n, nb)
        buf[1:1 + k] = gids[:k]
        buf[1 + nb:1 + nb + k] = times[:k]
        table = self.comm.allgather_array(buf)          # (nhost, 1 + 2*nb)
        counts = table[:, 0].astype(np.int64)
        if self.max_histogram is not None:
            self._count_max_sent(int(counts.max()))
        out_g, out_t, out_mine = [], [], []
        for r in range(self.comm.size):
            m = min(counts[r], nb)
            out_g.append(table[r, 1:1 + m])
            out_t.append(table[r, 1 + nb:1 + nb + m])
            out_mine.append(np.full(m, r == self.comm.rank))
        if (counts > nb).any():
            extra = np.concatenate([gids[nb:].astype(np.float64), times[nb:]]) if n > nb \
                else np.zeros(0)
            flat, sizes = self.comm.allgatherv(extra)
            start = 0
            for r, size in enumerate(sizes):
                size = int(size)
                half = size // 2
                part = flat[start:start + size]
                out_g.append(part[:half])
                out_t.append(part[half:])
                out_mine.append(np.full(half, r == self.comm.rank))
                start += size
            # every rank saw the same counts, so all agree on a larger buffer for next time
            self.nbuf = int(min(max(2 * counts.max(), nb), 1 << 16))
        g = np.concatenate(out_g).astype(np.int64)
        t = np.concatenate(out_t)
        self.nrecv += len(g)
        return g, t, np.concatenate(out_mine)

    def _count_max_sent(self, most):
        """pc.max_histogram's count (netpar.cpp's nrn_spike_exchange): element k of the Vector
        counts the exchanges in which the most spikes any rank sent was k; k beyond the
        Vector's last element counts in its last."""
        vec = self.max_histogram
        size = int(vec.size())
        if size:
            k = min(most, size - 1)
            vec.x[k] = vec.x[k] + 1.0


class SpikeRouter:
    """Between the engine and the exchange, read from the Decomposition: engine source index ->
    gid for this rank's output cells (gids the decomposition puts here), gid -> engine source
    index for inputs from gids it puts on other ranks (rebuilt for each new engine or
    decomposition)."""

    def __init__(self, engine, gids, decomposition, rank):
        self.engine = engine
        self.decomposition = decomposition
        self.ps_gid = np.full(len(engine.presyns), -1, dtype=np.int64)
        for gid in decomposition.gids_on(rank):
            ps = gids.presyn.get(gid)
            p = -1 if ps is None else engine.presyn_index(ps)
            if p >= 0 and gids.status.get(gid) == GidStatus.OUTPUT:
                self.ps_gid[p] = gid
        gid_ps = {}
        for gid, ps in gids.presyn.items():
            p = engine.presyn_index(ps)
            if p >= 0 and gid in decomposition and decomposition.rank_of(gid) != rank:
                gid_ps[gid] = p
        # sorted lookup table gid -> engine source index of remote inputs (vectorized)
        self.in_gids = np.array(sorted(gid_ps), dtype=np.int64)
        self.in_ps = np.array([gid_ps[int(g)] for g in self.in_gids], dtype=np.int64)

    def exchange(self, exchange, ps, ts):
        """Send this rank's output spikes (engine source ps at times ts), receive every
        rank's, and queue in the engine those that feed a local target. Returns the engine
        source indices queued (one per spike received, for the event counter)."""
        gids = self.ps_gid[ps] if len(ps) else np.zeros(0, dtype=np.int64)
        out = gids >= 0
        got_gid, got_t, mine = exchange.exchange(gids[out], ts[out])
        if not len(got_gid) or not len(self.in_gids):
            return NO_SOURCES
        keep = ~mine
        gg = got_gid[keep]
        pos = np.searchsorted(self.in_gids, gg)
        pos[pos >= len(self.in_gids)] = 0
        found = self.in_gids[pos] == gg
        src = np.where(found, self.in_ps[pos], -1)
        use = src >= 0
        exchange.nrecv_useful += int(use.sum())
        if not use.any():
            return NO_SOURCES
        tt = got_t[keep][use]
        gg = gg[use]
        order = np.lexsort((gg, tt))
        queued = src[use][order]
        self.engine.inject(queued, tt[order])
        return queued


NO_SOURCES = np.zeros(0, dtype=np.int64)
