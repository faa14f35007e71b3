"""A take on a key nobody posts must end the job with a DeadlockError naming the key, not hang.

Argument 'master' (default): the master takes while the workers are idle.  'worker': a
worker takes while the master waits in a take of its own: nobody computes, nobody posts.
"""
import sys

from pnm.parallel.bulletin import BulletinBoard


def worker_take():
    bb.take("worker-waits-for-nothing")


bb = BulletinBoard()
bb.runworker()
if len(sys.argv) > 1 and sys.argv[1] == "worker":
    bb.context(worker_take)
    bb.take("the-master-waits-longer")
else:
    bb.take("nobody-posts-this")
print("UNREACHABLE: take returned")
