"""A take on a key nobody posts must end the job with a timeout error naming the key, not hang.

Argument 'master' (default): the master takes.  'worker': a worker takes while
the master keeps servicing the board (with a long deadline of its own).
"""
import sys

from pnm.parallel import mpi
from pnm.parallel.bulletin import BulletinBoard


def worker_take():
    bb.take("worker-waits-for-nothing")


bb = BulletinBoard()
bb.runworker()
if len(sys.argv) > 1 and sys.argv[1] == "worker":
    bb.context(worker_take)
    mpi.set_timeout(300)         # the master must outlast the worker's deadline
    bb.take("the-master-waits-longer")
else:
    bb.take("nobody-posts-this")
print("UNREACHABLE: take returned")
