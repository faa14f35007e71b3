"""context(): reaches every worker, in order, busy or idle; the prun pattern (context + collective) works."""
import json
import time

import numpy as np

from pnm.parallel import mpi
from pnm.parallel.bulletin import BulletinBoard


def record(token):
    bb.post(f"ctx{mpi.world().rank}", token, mpi.world().rank)


def slow_task(seconds):
    time.sleep(seconds)
    return mpi.world().rank


def prun(step):
    """Like ParallelNetManager.prun: every rank runs it and joins collectives on its own comm."""
    total = spike.allreduce(spike.rank + step)
    ranks = spike.allgather_obj(spike.rank)
    stacked = spike.allgather_array(np.full(3, spike.rank, dtype=np.float64))
    spike.barrier()
    if spike.rank != 0:
        bb.post(f"prun{spike.rank}", step, total, ranks, stacked)
    return total, ranks, stacked


spike = mpi.world().dup()      # collective, so before runworker(); never shared with the board
bb = BulletinBoard()
bb.runworker()
workers = list(range(1, bb.nhost))
n = bb.nhost

# contexts reach every worker, in the order issued, including one busy with a task
if workers:
    bb.submit(slow_task, 0.5)
for token in (1, 2, 3):
    bb.context(record, token)
got = {}
for r in workers:
    tokens = []
    for _ in range(3):
        token, rank = bb.take(f"ctx{r}")
        assert rank == r
        tokens.append(token)
    got[r] = tokens
    assert tokens == [1, 2, 3], (r, tokens)
while bb.working():
    pass

# prun: the master issues the context, then runs the same collective function itself
for step in range(3):
    bb.context(prun, step)
    total, ranks, stacked = prun(step)
    assert total == n * (n - 1) // 2 + n * step, total
    assert ranks == list(range(n)) and stacked.shape == (n, 3)
    assert np.array_equal(stacked[:, 0], np.arange(n))
    for r in workers:
        assert bb.take(f"prun{r}")[:3] == (step, total, ranks)
bb.done()
print("RESULT " + json.dumps({"nhost": n, "contexts": {str(k): v for k, v in got.items()}}))
