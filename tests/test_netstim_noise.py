"""NetStim with noise > 0: pnm draws from its own per-instance streams (documented in
pnm.model.pointprocess.NetStim), so the statistics are checked against the closed form of
NEURON's netstim.mod (with noise = 1 the intervals are exponential with mean `interval`)
and the trains against each other (a train depends on its stream ids only)."""

import numpy as np

from pnm import h


def run_trains(streams, noise=1.0, interval=5.0, tstop=20000.0):
    """One noisy NetStim per entry of streams ((id1, id2, id3), created in that order);
    returns each one's spike times."""
    stims, vecs, ncs = [], [], []
    for ids in streams:
        stim = h.NetStim()
        stim.start, stim.interval, stim.number, stim.noise = 0, interval, 1e9, noise
        stim.noiseFromRandom123(*ids)
        vec = h.Vector()
        nc = h.NetCon(stim, None)
        nc.record(vec)
        stims.append(stim)
        vecs.append(vec)
        ncs.append(nc)
    h.finitialize(-65)
    h.continuerun(tstop)
    return [np.array(v) for v in vecs]


def test_noise_1_gives_exponential_intervals_with_mean_interval():
    (t,) = run_trains([(7, 0, 0)])
    isi = np.diff(t)
    assert len(isi) > 3000
    # exponential: mean = interval, standard deviation = mean (5 standard errors allowed)
    se = 5.0 / np.sqrt(len(isi))
    assert abs(isi.mean() - 5.0) < 5 * se
    assert abs(isi.std() / isi.mean() - 1.0) < 0.1


def test_a_train_depends_on_its_stream_ids_only():
    a, b, a_again = run_trains([(1, 2, 3), (4, 5, 6), (1, 2, 3)], tstop=500)
    assert len(a) > 50
    assert np.array_equal(a, a_again)
    assert not np.array_equal(a[:20], b[:20])
    b_first, a_second = run_trains([(4, 5, 6), (1, 2, 3)], tstop=500)
    assert np.array_equal(a, a_second) and np.array_equal(b, b_first)
