"""pnm.io, pnm.plot, pnm.progress: neo SpikeTrains that elephant accepts, SONATA spike files
with the spec's layout (checked with h5py directly), figures, and the progress bar's rules."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from conftest import REPO, checked, neuron_spikes, parse_spikes, run_python, spike_difference

from pnm import io as pio

sys.path.insert(0, str(REPO / "examples" / "notebook"))
import ring_cells  # noqa: E402  (the notebook test's ring; pickled by reference)


def _need(module):
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        pytest.fail(f"{module} is needed: pip install -e '.[test]' ({exc})", pytrace=False)


@pytest.fixture(scope="module")
def ring_spikes():
    """pnm's spikes of the ring (weight 0.02) on 2 MPI ranks, as (times, gids) arrays."""
    from pnm.backends import MPIBackend
    per_rank = MPIBackend(n_procs=2, timeout=120).run(ring_cells.ring, [0.02])
    pairs = per_rank[0][0]
    return pio.spike_arrays([t for t, _ in pairs], [g for _, g in pairs])


def test_spike_arrays_sort_by_time_then_gid_and_reject_swapped_input():
    t, g = pio.spike_arrays([5.0, 1.0, 5.0], [2, 7, 1])
    assert t.tolist() == [1.0, 5.0, 5.0] and g.tolist() == [7, 1, 2]
    assert t.dtype == np.float64 and g.dtype == np.int64
    with pytest.raises(ValueError, match="swap"):
        pio.spike_arrays([1, 2], [0.5, 1.25])
    with pytest.raises(ValueError, match="2 spike times but 1 gids"):
        pio.spike_arrays([1, 2], [0])


def test_elephant_mean_firing_rate_equals_the_raw_count(ring_spikes):
    _need("neo")
    pq = _need("quantities")
    statistics = _need("elephant.statistics")
    times, gids = ring_spikes
    tstop = ring_cells.TSTOP
    trains = pio.to_neo(times, gids, t_stop=tstop, gid_list=range(ring_cells.NCELL))
    assert [tr.annotations["gid"] for tr in trains] == list(range(ring_cells.NCELL))
    for gid, train in enumerate(trains):
        assert train.units == pq.ms and float(train.t_stop) == tstop
        np.testing.assert_array_equal(np.asarray(train.magnitude), times[gids == gid])
        rate_hz = float(statistics.mean_firing_rate(train).rescale(pq.Hz).magnitude)
        raw_hz = np.count_nonzero(gids == gid) / (tstop / 1000.0)
        assert rate_hz == pytest.approx(raw_hz, rel=1e-12), f"gid {gid}"
    assert sum(len(tr) for tr in trains) == times.size > 0


def test_to_neo_rejects_spikes_outside_the_run():
    _need("neo")
    with pytest.raises(ValueError, match="outside"):
        pio.to_neo([1.0, 120.0], [0, 0], t_stop=100.0)


@pytest.mark.parametrize("sorting", ["by_time", "by_id", "none"])
def test_sonata_round_trip_and_spec_layout(tmp_path, ring_spikes, sorting):
    h5py = _need("h5py")
    times, gids = ring_spikes
    path = tmp_path / "spikes.h5"
    pio.write_sonata(path, times, gids, population="ring", sorting=sorting)
    with h5py.File(path, "r") as f:                        # the spec's layout, read raw
        assert list(f.keys()) == ["spikes"] and list(f["spikes"].keys()) == ["ring"]
        pop = f["/spikes/ring"]
        assert sorted(pop.keys()) == ["node_ids", "timestamps"]
        mapping = h5py.check_enum_dtype(pop.attrs.get_id("sorting").dtype)
        assert mapping == {"none": 0, "by_id": 1, "by_time": 2}
        assert pop.attrs["sorting"] == mapping[sorting]
        assert pop["timestamps"].dtype == np.float64 and pop["node_ids"].dtype == np.uint64
        assert pop["timestamps"].attrs["units"] == "ms"
        ts, ids = pop["timestamps"][()], pop["node_ids"][()]
    if sorting == "by_time":
        assert np.all(np.diff(ts) >= 0)
    if sorting == "by_id":
        assert np.all(np.diff(ids.astype(np.int64)) >= 0)
    back_t, back_g = pio.read_sonata(path)
    assert sorted(zip(back_t.tolist(), back_g.tolist())) == \
        sorted(zip(times.tolist(), gids.tolist()))
    assert [f for f in os.listdir(tmp_path) if f.startswith(".tmp-")] == []


def test_sonata_write_is_atomic_and_adds_populations(tmp_path):
    _need("h5py")
    path = tmp_path / "spikes.h5"
    pio.write_sonata(path, [1.0, 2.0], [0, 1], population="a")
    before = path.read_bytes()
    with pytest.raises(ValueError, match="already has population 'a'"):
        pio.write_sonata(path, [3.0], [2], population="a", mode="a")
    assert path.read_bytes() == before                       # untouched by the failure
    pio.write_sonata(path, [3.0], [2], population="b", mode="a")
    assert pio.read_sonata(path, "a")[1].tolist() == [0, 1]
    assert pio.read_sonata(path, "b")[0].tolist() == [3.0]
    with pytest.raises(ValueError, match="say which"):
        pio.read_sonata(path)
    assert [f for f in os.listdir(tmp_path) if f.startswith(".tmp-")] == []


def test_raster_and_traces_return_figure_and_axes(ring_spikes):
    import matplotlib
    matplotlib.use("Agg")
    from pnm import plot
    times, gids = ring_spikes
    fig, ax = plot.raster(times, gids, t_stop=ring_cells.TSTOP)
    x, y = ax.lines[0].get_data()
    assert fig is ax.figure and list(x) == list(times) and list(y) == list(gids)
    t = np.linspace(0, 10, 5)
    fig, ax = plot.traces(t, [t, 2 * t], labels=["a", "b"])
    assert len(ax.lines) == 2 and ax.get_legend() is not None
    with pytest.raises(ValueError, match="trace 0 has 3 points"):
        plot.traces(t, [1, 2, 3])


def test_progress_is_on_only_where_someone_watches(monkeypatch):
    from pnm import progress
    for var in ("PNM_PROGRESS", "CI", "PMI_RANK"):
        monkeypatch.delenv(var, raising=False)
    assert not progress.enabled()                  # pytest's stderr is not a terminal
    assert isinstance(progress.start(100), progress.NullBar)
    monkeypatch.setenv("PNM_PROGRESS", "1")
    assert progress.enabled() and not progress.enabled(rank=1)
    monkeypatch.setenv("PMI_RANK", "2")
    assert not progress.enabled()                  # rank 0 only, even when forced
    monkeypatch.setenv("PNM_PROGRESS", "yes")
    with pytest.raises(ValueError, match="PNM_PROGRESS='yes'"):
        progress.enabled()


def test_progress_chunks_give_neurons_spikes():
    """A run advanced in the bar's chunks (continuerun to each target) is NEURON's run."""
    want = neuron_spikes(REPO / "tests" / "backend_scripts" / "chunked_run.py")
    proc = checked(run_python(REPO / "tests" / "backend_scripts" / "chunked_run.py", "pnm",
                              env={"PNM_PROGRESS": "1"}))
    got = parse_spikes(proc.stdout)
    assert got == want, spike_difference(want, got)
    assert "t=60.0/60.0 ms" in proc.stderr and "ms/s" in proc.stderr   # the bar was drawn
