"""Plain SPMD (no bulletin board): rank 1 raises (or, with argument "exit", calls
sys.exit(3)) while the others wait in a barrier with a long deadline."""
import sys
import time

from pnm.parallel import mpi

comm = mpi.world()
mpi.set_timeout(300)     # the abort, not the deadline, must end the job
comm.barrier()           # everyone is up
if comm.rank == 1:
    time.sleep(0.5)
    if sys.argv[1:] == ["exit"]:
        sys.exit(3)
    raise RuntimeError("rank 1 fails on purpose")
comm.barrier()
print("UNREACHABLE: barrier returned")
