"""Spikes of a run for the Python ecosystem: numpy arrays, neo SpikeTrains (elephant's input,
with quantities units) and SONATA spike files (HDF5; BMTK, neurodamus, libsonata).

    times, gids = pnm.io.spike_arrays(tvec, idvec)            # from pc.spike_record(-1, ...)
    trains = pnm.io.to_neo(times, gids, t_stop=100.0)         # one neo.SpikeTrain per gid
    pnm.io.write_sonata("spikes.h5", times, gids, population="ring")
    times, gids = pnm.io.read_sonata("spikes.h5")

neo, quantities and h5py are optional: pip install 'pnm[ecosystem]'.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np

__all__ = ["spike_arrays", "gather_spikes", "to_neo", "write_sonata", "read_sonata",
           "SONATA_SORTING"]

# SONATA's spike file: /spikes/<population>/{timestamps, node_ids}, a "sorting" attribute on
# the population group, an HDF5 enum (libsonata's values), timestamps with units "ms".
SONATA_SORTING = {"none": 0, "by_id": 1, "by_time": 2}


def _extra(module: str, what: str):
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"pnm.io.{what} needs {module}: pip install 'pnm[ecosystem]' "
                          f"(or pip install {module.split('.')[0]})") from exc


def spike_arrays(times, gids) -> tuple[np.ndarray, np.ndarray]:
    """(times float64 ms, gids int64) as numpy arrays, sorted by time then gid.

    ``times`` and ``gids`` are Vectors (pc.spike_record, ParallelNetManager's spikevec and
    idvec), lists or arrays of the same length."""
    t = np.asarray(times, dtype=np.float64).ravel()
    g = np.asarray(gids, dtype=np.float64).ravel()
    if t.shape != g.shape:
        raise ValueError(f"spike_arrays: {t.size} spike times but {g.size} gids; give the "
                         "two vectors filled by the same spike_record call")
    if g.size and (np.any(g != np.round(g)) or np.any(g < 0)):
        raise ValueError("spike_arrays: gids must be whole numbers >= 0 (did you swap the "
                         "times and the gids?)")
    order = np.lexsort((g, t))
    return t[order], g[order].astype(np.int64)


def gather_spikes(pc, times, gids, root: int = 0):
    """Every rank's spikes on ``root`` as spike_arrays (None on the other ranks); collective.
    ``pc`` is a ParallelContext, ``times``/``gids`` this rank's spike_record vectors."""
    t, g = spike_arrays(times, gids)
    parts = pc.py_gather((t, g), root)
    if int(pc.id()) != root:
        return None
    return spike_arrays(np.concatenate([p[0] for p in parts]),
                        np.concatenate([p[1] for p in parts]))


def to_neo(spike_times, gids, t_stop, t_start=0.0, gid_list=None, units="ms"):
    """One neo.SpikeTrain per gid (``gid_list``, default the gids that spiked, ascending),
    times in ``units`` (quantities), from t_start to t_stop; each train is annotated with
    its gid (``train.annotations["gid"]``)."""
    neo = _extra("neo", "to_neo")
    pq = _extra("quantities", "to_neo")
    t, g = spike_arrays(spike_times, gids)
    if not float(t_stop) > float(t_start):
        raise ValueError(f"to_neo: t_stop={t_stop} must be after t_start={t_start}")
    outside = (t < t_start) | (t > t_stop)
    if np.any(outside):
        raise ValueError(f"to_neo: {int(outside.sum())} spikes lie outside [t_start, t_stop] = "
                         f"[{t_start}, {t_stop}] {units} (first at {t[outside][0]}); give the "
                         "run's start and tstop")
    unit = pq.Quantity(1.0, units).units
    if gid_list is None:
        gid_list = np.unique(g)
    trains = []
    for gid in gid_list:
        train = neo.SpikeTrain(t[g == int(gid)] * unit, t_start=float(t_start) * unit,
                               t_stop=float(t_stop) * unit, name=f"gid {int(gid)}")
        train.annotate(gid=int(gid))
        trains.append(train)
    return trains


def _sorted_for(times, gids, sorting: str):
    if sorting == "by_time":
        order = np.lexsort((gids, times))
    elif sorting == "by_id":
        order = np.lexsort((times, gids))
    else:
        order = np.arange(times.size)
    return times[order], gids[order]


def write_sonata(path, times, gids, population: str = "pnm", sorting: str = "by_time",
                 mode: str = "w") -> None:
    """Write a SONATA spike file: /spikes/<population>/timestamps (float64, attribute units
    "ms"), /spikes/<population>/node_ids (uint64), and the population group's "sorting"
    attribute (enum none/by_id/by_time). Written to a temporary file in the same folder and
    renamed into place, so a reader never sees half a file. ``mode="a"`` adds a population
    to an existing file."""
    h5py = _extra("h5py", "write_sonata")
    if sorting not in SONATA_SORTING:
        raise ValueError(f"write_sonata(sorting={sorting!r}): use one of {list(SONATA_SORTING)}")
    if mode not in ("w", "a"):
        raise ValueError(f"write_sonata(mode={mode!r}): use 'w' (new file) or 'a' (add a population)")
    t = np.asarray(times, dtype=np.float64).ravel()
    g = np.asarray(gids).ravel()
    if t.shape != g.shape:
        raise ValueError(f"write_sonata: {t.size} times but {g.size} node ids")
    if g.size and np.any(g < 0):
        raise ValueError("write_sonata: node ids (gids) must be >= 0")
    t, g = _sorted_for(t, g.astype(np.uint64), sorting)
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".h5")
    os.close(fd)
    try:
        if mode == "a" and os.path.exists(path):
            with open(path, "rb") as src, open(tmp, "wb") as dst:
                dst.write(src.read())
        with h5py.File(tmp, "a" if mode == "a" else "w") as f:
            group = f.require_group("spikes")
            if population in group:
                raise ValueError(f"write_sonata: {path} already has population {population!r}")
            pop = group.create_group(population)
            pop.attrs.create("sorting", SONATA_SORTING[sorting],
                             dtype=h5py.enum_dtype(SONATA_SORTING, basetype="u1"))
            ts = pop.create_dataset("timestamps", data=t, dtype="f8")
            ts.attrs["units"] = "ms"
            pop.create_dataset("node_ids", data=g, dtype="u8")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_sonata(path, population: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(timestamps in ms float64, node_ids int64) of one population of a SONATA spike file,
    in the file's order; ``population`` may be left out when the file has exactly one."""
    h5py = _extra("h5py", "read_sonata")
    with h5py.File(path, "r") as f:
        if "spikes" not in f:
            raise ValueError(f"read_sonata: {path} has no /spikes group: not a SONATA spike file")
        names = list(f["spikes"].keys())
        if population is None:
            if len(names) != 1:
                raise ValueError(f"read_sonata: {path} has populations {names}; say which "
                                 "with population=...")
            population = names[0]
        if population not in names:
            raise ValueError(f"read_sonata: {path} has no population {population!r} "
                             f"(it has {names})")
        pop = f["spikes"][population]
        ts = pop["timestamps"]
        units = ts.attrs.get("units", "ms")
        units = units.decode() if isinstance(units, bytes) else str(units)
        scale = {"ms": 1.0, "s": 1000.0}.get(units)
        if scale is None:
            raise ValueError(f"read_sonata: {path} /spikes/{population}/timestamps has units "
                             f"{units!r}; pnm reads 'ms' or 's'")
        return ts[()].astype(np.float64) * scale, pop["node_ids"][()].astype(np.int64)
