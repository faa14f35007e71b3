"""What the engine hands back to the model after a run: recorded variables appended to their
Vectors, and spikes appended to their recorders (NetCon.record, spike_record)."""

import numpy as np

from ..model.refs import TimeRef
from ..model.state import STATE
from . import layout as L


class _TimeTap:
    """t, recorded at every step alongside the Vectors when some of them sample at given
    times (Vector.record(ref, Dt or tvec)): the times of the columns they pick from."""
    sampler = None

    def __init__(self):
        self.recorded_ref = TimeRef()
        self.times = None

    def resize(self, n):
        self.times = None

    def append_array(self, values):
        self.times = values


TIME_TAP = _TimeTap()


def engine_records():
    """What the engine records at every step: the recording Vectors (and t, last, if one of
    them samples)."""
    recs = [v for v in STATE.live_records() if v.recorded_ref is not None]
    if any(getattr(v, "sampler", None) is not None for v in recs):
        recs.append(TIME_TAP)
    return recs


class SpikeRecording:
    """Mixed into Engine: uses self.records, self.presyns and the spike buffer."""

    samples_by_events = False   # the variable step fills sampling Vectors itself (driver.py)

    def records_append(self, block):
        records = self.records
        times = block[-1] if records and records[-1] is TIME_TAP else None
        dt = float(self.S[self.foff[L.F_DT]])
        for r, vec in enumerate(records):
            sampler = getattr(vec, "sampler", None)
            if sampler is None:
                vec.append_array(block[r])
            elif not self.samples_by_events:
                sampler.take(block[r], times, dt)

    def _recorder_groups(self):
        """Recorders grouped by the Vectors they fill: [(tvec, idvec, member, rid)] with
        member[p] true for sources recording there and rid[p] the id they record."""
        key = STATE.recorders_version
        if getattr(self, "recorder_key", None) == key:
            return self.recorder_groups_cache
        groups = {}
        nps = len(self.presyns)
        for p, presyn in enumerate(self.presyns):
            for tvec, idvec, rid in presyn.recorders:
                g = groups.get((id(tvec), id(idvec)))
                if g is None:
                    g = groups[(id(tvec), id(idvec))] = (tvec, idvec, np.zeros(nps, bool),
                                                          np.zeros(nps))
                g[2][p] = True
                g[3][p] = rid
        self.recorder_key, self.recorder_groups_cache = key, list(groups.values())
        return self.recorder_groups_cache

    def collect_spikes(self):
        """The spikes since the last call (source index, time), in the order they happened;
        appended to their recorders' Vectors (chronologically, as NEURON records them)."""
        n = int(self.spk_n[0])
        ps = self.spk_i[:n].copy()
        ts = self.spk_f[:n].copy()
        self.spk_n[0] = 0
        if n:
            groups = self._recorder_groups()
            if len(groups) <= 16:
                for tvec, idvec, member, rid in groups:
                    sel = member[ps]
                    if sel.any():
                        tvec.append_array(ts[sel])
                        if idvec is not None:
                            idvec.append_array(rid[ps[sel]])
            else:       # many small recorders (one Vector per cell): source by source
                order = np.argsort(ps, kind="stable")
                bounds = np.flatnonzero(np.diff(ps[order])) + 1
                for group in np.split(order, bounds):
                    presyn = self.presyns[ps[group[0]]]
                    for tvec, idvec, rid in presyn.recorders:
                        tvec.append_array(ts[group])
                        if idvec is not None:
                            idvec.append_array(np.full(len(group), rid))
        return ps, ts

