"""RANDOM variables of mechanisms from .mod files (NEURON 9's NMODL `RANDOM r`): each instance
has a Random123 stream (nrnran123) kept in eight of its fields (pnm.nmodl.emit.RANDOM_PARTS):
r._id1, r._id2, r._id3, r._seq (4 * sequence + which) and r._r0..r._r3, the block of four
words computed when the sequence was last set or moved on (as NEURON keeps it: new ids take
effect with the next block), which the generated kernels draw from (pnm.nmodl.runtime).
`pp.r` is NEURON's NMODLRandom for it: set_ids, get_ids, set_seq, get_seq, uniform. A new
instance's streams get NEURON's default ids (1, rank, k), k counting the streams this process
made (STATE.next_random_stream_ids), in creation order as NEURON's nrnran123_newstream."""

import numpy as np

from ..nmodl.emit import RANDOM_PARTS
from ..util import LazyModule
from .hocindex import next_index, release_index
from .state import STATE

# numba's modules: imported when a stream is first used
nmodl_runtime = LazyModule("pnm.nmodl.runtime")
random123 = LazyModule("pnm.model.random123")

MAX_ID = 4294967295.0


def random_names(module):
    """The RANDOM variables of a generated mechanism module, in declaration order."""
    return [name[:-len("._id1")] for name, kind, _ in module.FIELDS
            if kind == "random" and name.endswith("._id1")]


def new_streams(pp, names):
    """Default ids for the RANDOM variables of a new instance pp, at position 0 (NEURON's
    nrnran123_newstream)."""
    values = pp.field_values
    for name in names:
        stream = np.zeros(len(RANDOM_PARTS))
        stream[:3] = STATE.next_random_stream_ids()
        nmodl_runtime.random123_setseq(stream, float(random123.globalindex()), 0.0)
        values.update((f"{name}.{part}", float(x)) for part, x in zip(RANDOM_PARTS, stream))


class NMODLRandom:
    """pp.r for a RANDOM variable r of point process pp (NEURON's NMODLRandom)."""

    _index = None

    def __init__(self, pp, name):
        self.pp, self.name = pp, name
        self._index = next_index("NMODLRandom")    # a new wrapper per access, as NEURON's

    def __del__(self, release=release_index):
        if self._index is not None:
            release("NMODLRandom")

    def hname(self):
        return f"NMODLRandom[{self._index}]"

    def __repr__(self):
        return self.hname()

    def _get(self, part):
        return getattr(self.pp, f"{self.name}.{part}")

    def _set(self, part, value):
        setattr(self.pp, f"{self.name}.{part}", float(value))

    def _stream(self):
        return np.array([self._get(part) for part in RANDOM_PARTS])

    def _store(self, stream):
        for part, x in zip(RANDOM_PARTS, stream):
            self._set(part, x)

    def set_ids(self, id1, id2, id3):
        """The stream's ids (each 0 ... 2^32 - 1); the position is kept. Returns self."""
        ids = []
        for k, x in enumerate((id1, id2, id3)):
            x = float(x)
            if not 0.0 <= x <= MAX_ID:
                raise ValueError(f"{self.pp.hname()}.{self.name}.set_ids: argument {k + 1} is {x:g}, out of range "
                                 "0 to 4294967295 (NEURON's chkarg error)")
            ids.append(float(int(x)))
        for part, x in zip(("_id1", "_id2", "_id3"), ids):
            self._set(part, x)
        return self

    def get_ids(self):
        """A Vector (id1, id2, id3)."""
        from .vector import Vector
        return Vector([self._get("_id1"), self._get("_id2"), self._get("_id3")])

    def set_seq(self, seq4which):
        """The position: 4 * sequence + which, as nrnran123_setseq(s, double). Returns self."""
        stream = self._stream()
        nmodl_runtime.random123_setseq(stream, float(random123.globalindex()), float(seq4which))
        self._store(stream)
        return self

    def get_seq(self):
        """The position, 4 * sequence + which."""
        return self._get("_seq")

    def uniform(self):
        """The stream's next uniform draw in (0, 1) (nrnran123_uniform); the stream moves on."""
        stream = self._stream()
        value = nmodl_runtime.random123_uniform(stream, float(random123.globalindex()))
        self._store(stream)
        return float(value)


def noise_from_random123(pp, *ids):
    """NetStim.noiseFromRandom123(id1, id2[, id3]): the ranvar stream's ids (uint32, as
    NEURON's casts; id3 0 when not given) and position 0."""
    if not 1 <= len(ids) <= 3:
        raise TypeError(f"{pp.hname()}.noiseFromRandom123(id1, id2[, id3]): {len(ids)} "
                        "arguments given")
    stream = NMODLRandom(pp, "ranvar")
    if len(ids) >= 2:
        words = [float(int(float(x)) & 0xFFFFFFFF) for x in ids] + [0.0]
        stream.set_ids(*words[:3])
    stream.set_seq(0)
    return 1.0


def noise_from_random(pp, rand=None):
    """NetStim.noiseFromRandom(r): the ids and position of Random r, which must use the
    Random123 generator."""
    if rand is not None:
        generator = getattr(rand, "generator", None)
        if getattr(generator, "kind", None) != "Random123":
            raise RuntimeError(f"{pp.hname()}.noiseFromRandom(r): NetStim: Random.Random123 "
                               "generator is required.")
        seq, which = generator.get_seq()
        NMODLRandom(pp, "ranvar").set_ids(*generator.ids()).set_seq(4.0 * seq + which)
    return 1.0
