"""post/take/look/look_take between workers and the master, with every payload kind; prints RESULT ok."""
import json
import time

import numpy as np

from pnm.parallel import mpi
from pnm.parallel.bulletin import BulletinBoard


class VecLike:
    """Stands in for a NEURON-style Vector: posted as a numpy array."""

    def __init__(self, values):
        self.values = list(values)

    def to_python(self):
        return list(self.values)

    def from_python(self, values):
        self.values = list(values)


def payload(rank):
    return (rank, 2.5, f"hello {rank}", np.arange(rank + 3, dtype=float),
            {"rank": rank, "list": [1, 2]}, VecLike([rank, 1.5]))


def worker_posts():
    rank = mpi.world().rank
    bb.post(f"w{rank}", *payload(rank))
    bb.post(1000 + rank, f"numeric key from {rank}")


def worker_roundtrip():
    rank = mpi.world().rank
    (arr,) = bb.take(f"to{rank}")            # the master posted it before
    bb.post(f"back{rank}", float(arr.sum()), arr * 2)


def worker_look():
    rank = mpi.world().rank
    found = bb.look("peek")
    value = bb.upkscalar() if found else None
    bb.post(f"looked{rank}", found, value, bb.look("nothing here"))


def worker_look_take():
    bb.post(f"lt{mpi.world().rank}", bb.look_take("prize"))


def worker_waits():
    rank = mpi.world().rank
    values = bb.take(f"late{rank}")          # posted only later by the master
    bb.post(f"gotlate{rank}", *values)


bb = BulletinBoard()
bb.runworker()
workers = range(1, bb.nhost)
checks = 0

# 1. workers -> master, every payload kind; read with take's tuple and with upk*
bb.context(worker_posts)
for r in workers:
    exp = payload(r)
    values = bb.take(f"w{r}")
    assert values[0] == r and values[1] == 2.5 and values[2] == f"hello {r}", values
    assert isinstance(values[3], np.ndarray) and np.array_equal(values[3], exp[3]), values[3]
    assert values[4] == exp[4], values[4]
    assert isinstance(values[5], np.ndarray) and values[5].tolist() == [r, 1.5], values[5]
    # the same values again, NEURON style
    assert bb.upkscalar() == r and bb.upkscalar() == 2.5 and bb.upkstr() == f"hello {r}"
    assert np.array_equal(bb.upkvec(), exp[3])
    assert bb.upkpyobj() == exp[4]
    vec = VecLike([])
    assert bb.upkvec(vec) is vec and vec.values == [r, 1.5]
    try:
        bb.upkscalar()
        raise AssertionError("unpacking past the end must fail")
    except IndexError as exc:
        assert f"w{r}" in str(exc)
    (text,) = bb.take(1000.0 + r)            # 1000 + r posted as int: same key
    assert text == f"numeric key from {r}"
    checks += 1

# 2. master -> worker -> master
for r in workers:
    bb.post(f"to{r}", np.full(4, r, dtype=np.int64))
bb.context(worker_roundtrip)
for r in workers:
    total, doubled = bb.take(f"back{r}")
    assert total == 4 * r and doubled.tolist() == [2 * r] * 4, (total, doubled)
    checks += 1

# 3. look leaves the message, look_take removes it (exactly one worker wins)
bb.post("peek", 42)
bb.context(worker_look)
for r in workers:
    found, value, nothing = bb.take(f"looked{r}")
    assert found is True and value == 42.0 and nothing is False, (found, value, nothing)
assert bb.look("peek") and bb.upkscalar() == 42
assert bb.look_take("peek") and not bb.look("peek") and not bb.look_take("peek")
bb.post("prize", "gold")
bb.context(worker_look_take)
winners = [r for r in workers if bb.take(f"lt{r}")[0]]
assert len(winners) == (1 if bb.nhost > 1 else 0), winners
checks += 1

# 4. a worker's take waits until the master posts
bb.context(worker_waits)
time.sleep(0.3)
for r in workers:
    bb.post(f"late{r}", "late", r)
for r in workers:
    assert bb.take(f"gotlate{r}") == ("late", r)
    checks += 1

# 5. several posts under one key come out first in, first out; pack() builds a message
for i in range(3):
    bb.post("fifo", i)
assert [bb.take("fifo")[0] for _ in range(3)] == [0, 1, 2]
bb.pack(7, "seven")
bb.post("packed")
assert bb.take("packed") == (7, "seven")

bb.done()
print("RESULT " + json.dumps({"nhost": bb.nhost, "checks": checks}))
