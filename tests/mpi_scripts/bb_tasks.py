"""submit/working: N tasks (default 100) each return (x, x*x, rank); the master prints a JSON summary."""
import json
import sys
import time

from pnm.parallel import mpi
from pnm.parallel.bulletin import BulletinBoard


def square(x):
    time.sleep(0.001 * (x % 3))   # uneven tasks, so completion order varies
    return x, x * x, mpi.world().rank


bb = BulletinBoard()
bb.runworker()                   # workers stay here and exit when done() is called

ntask = int(sys.argv[1]) if len(sys.argv) > 1 else 100
t0 = time.perf_counter()
ids = {bb.submit(square, x): x for x in range(ntask)}
seen = []
ranks = set()
while (uid := bb.working()) != 0:
    x, sq, rank = bb.pyret()
    assert uid == bb.userid(), (uid, bb.userid())
    assert ids[uid] == x and sq == x * x, (uid, x, sq)
    seen.append(uid)
    ranks.add(rank)
assert bb.working() == 0        # still 0 once everything was returned
elapsed = time.perf_counter() - t0
bb.done()
bb.done()                       # idempotent
print("RESULT " + json.dumps({"nhost": bb.nhost, "ids": sorted(ids), "seen": seen,
                              "ranks": sorted(ranks), "seconds": elapsed}))
