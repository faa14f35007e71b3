"""A bulletin-board task that raises on a worker must end the whole job with its traceback."""
import time

from pnm.parallel.bulletin import BulletinBoard


def task(x):
    time.sleep(0.05)
    if x == 7:
        raise ValueError(f"boom from task argument {x}")
    return x


bb = BulletinBoard()
bb.runworker()
for x in range(40):
    bb.submit(task, x)
while bb.working():
    pass
bb.done()
print("UNREACHABLE: all tasks finished")
