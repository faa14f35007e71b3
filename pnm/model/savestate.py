"""h.SaveState(): keep the simulation's state (t, voltages, STATEs, NET_RECEIVE variables,
NetCon weights, the pending events) and put it back later, as NEURON's SaveState
(docs/progref/simctrl/savstate.rst; what is kept: engine/snapshot.py).

    ss = h.SaveState(); ss.save()          # e.g. at a steady state
    h.finitialize(v); ss.restore()         # later: continue from the saved state
    ss.restore(1)                          # the same, keeping the event queue as it is now
    ss.fwrite(h.File("state.dat")); ss.fread(h.File("state.dat"))

The file fwrite writes is pnm's own format (numpy's .npz with a header describing the model's
structure), not NEURON's binary SaveState format: pnm reads back what pnm wrote, and checks
that the model it is read into has the same structure. fwrite/fread use the File's name and
close the file themselves (NEURON's `close` argument is accepted and has no effect).

Differences from NEURON: save() needs a compiled model (after h.finitialize()); recording
Vectors are not rewound (NEURON rewinds those recording at given times, Vector.record(&x,
tvec)); restore(1) after finitialize stops at the next step, as NEURON, when the kept queue
holds events due before the restored t."""

import io
import json
import os

import numpy as np

from .hocindex import next_index
from .state import STATE

MAGIC = "pnm SaveState 1"


def _engine(who):
    """The compiled model (it holds the state); a clear error when there is none or the
    model changed since it was compiled."""
    eng = STATE.engine
    if eng is None:
        raise RuntimeError(f"{who}: there is no simulation state yet; call h.finitialize() "
                           "first (pnm keeps the state in the model compiled at finitialize)")
    if eng.structure_version != STATE.structure_version:
        raise RuntimeError(
            f"{who}: the model changed after h.finitialize() (a section, mechanism, point "
            "process or NetCon was added or removed; NEURON: 'Stored state inconsistent with "
            "current neuron structure'); call h.finitialize() again before saving or restoring")
    return eng


class _NameBox:
    """What File.getname(target) writes into: hoc's File sets .v, h.File sets [0]."""

    def __init__(self):
        self.v = ""

    def __setitem__(self, i, value):
        self.v = value


class SaveState:
    """h.SaveState()."""

    def __init__(self):
        self.snapshot = None
        self.hoc_index = next_index("SaveState")

    def hname(self):
        return f"SaveState[{self.hoc_index}]"

    __repr__ = hname

    def save(self):
        """Keep t, voltages, states and events of the simulation as it is now."""
        from ..engine.snapshot import take
        eng = _engine(f"{self}.save()")
        self.snapshot = take(eng)
        return 1.0

    def restore(self, keep_queue=0):
        """Put the saved state back; restore(1) keeps the event queue (and NetCon weights,
        thresholds) as they are now, as NEURON's restore(1)."""
        from ..engine.snapshot import put
        who = f"{self}.restore({'1' if keep_queue else ''})"
        if self.snapshot is None:
            raise RuntimeError(f"{who}: nothing saved yet; call {self}.save() (or fread) first")
        eng = _engine(who)
        put(eng, self.snapshot, keep_queue=bool(keep_queue), who=who)
        STATE.t = eng.t
        return 1.0

    # ---- files ----------------------------------------------------------------------------
    @staticmethod
    def _path(file, who):
        box = _NameBox()
        if hasattr(file, "getname"):
            file.getname(box)        # hoc's File fills a strdef, h.File a ref; both this
        name = box.v
        if not name:
            raise ValueError(f"{who}: give a File that names the file (h.File('state.dat'))")
        return os.path.expandvars(str(name))

    def fwrite(self, file, close=1):
        """Write the saved state to the file the File names (pnm's format, see the module).
        pnm writes and closes the file itself; `close` is accepted for NEURON's signature."""
        who = f"{self}.fwrite({file!r})"
        if self.snapshot is None:
            raise RuntimeError(f"{who}: nothing saved yet; call {self}.save() first")
        path = self._path(file, who)
        header = json.dumps({"magic": MAGIC, "signature": self.snapshot.signature})
        try:
            with open(path, "wb") as f:
                np.savez(f, header=np.array(header), **self.snapshot.arrays())
        except OSError as err:
            raise OSError(f"{who}: cannot write {path!r}: {err.strerror}") from None
        return 1.0

    def fread(self, file, close=1):
        """Read a state fwrite wrote (into this object; restore() puts it into the model).
        A state of a model of another structure is refused here when a model is compiled,
        and at restore() in any case."""
        from ..engine.snapshot import Snapshot, check
        who = f"{self}.fread({file!r})"
        path = self._path(file, who)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as err:
            raise OSError(f"{who}: cannot read {path!r}: {err.strerror}") from None
        try:
            arrays = dict(np.load(io.BytesIO(data), allow_pickle=False))
            header = json.loads(str(arrays.pop("header")))
        except Exception:
            header = None
        if not isinstance(header, dict) or header.get("magic") != MAGIC:
            raise ValueError(f"{who}: {path!r} is not a state pnm's SaveState.fwrite wrote "
                             "(pnm does not read NEURON's SaveState files)")
        snapshot = Snapshot.from_arrays(header["signature"], arrays)
        eng = STATE.engine
        if eng is not None and eng.structure_version == STATE.structure_version:
            check(eng, snapshot, who)
        self.snapshot = snapshot
        return 1.0

    def writehoc(self, file):
        raise NotImplementedError(f"{self}.writehoc(): not implemented (in NEURON neither)")
