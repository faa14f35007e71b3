"""Every collective gives the right result; then rank 0 waits in a barrier the others never
join: they reach the end of the script, and rank 0 must fail naming the rank that exited."""
import sys
import numpy as np

from pnm.parallel import mpi

comm = mpi.world()
r, n = comm.rank, comm.size

# -- collectives (module functions act on world(); methods on a dup) --------
other = comm.dup()
assert (other.rank, other.size) == (r, n)
mpi.barrier()
assert mpi.allreduce(r) == n * (n - 1) // 2 and isinstance(mpi.allreduce(r), int)
assert mpi.allreduce(float(r), "max") == n - 1 and mpi.allreduce(r + 1, "min") == 1
assert mpi.allreduce(r == 0) == 1 and mpi.allreduce(r == 0, "max") is True
arr = other.allreduce(np.array([r, 2 * r], dtype=np.float64), "sum")
assert arr.tolist() == [n * (n - 1) / 2, n * (n - 1)], arr
stacked = mpi.allgather_array(np.arange(3) + 10 * r)
assert stacked.shape == (n, 3) and stacked[:, 0].tolist() == [10 * k for k in range(n)]
assert mpi.allgather_array(np.float64(r)).tolist() == list(range(n))
flat, counts = mpi.allgatherv(np.full(r, r, dtype=np.int32))       # rank 0 sends nothing
assert counts.tolist() == list(range(n)) and flat.dtype == np.int32
assert flat.tolist() == [k for k in range(n) for _ in range(k)]
assert mpi.allgather_obj({"rank": r}) == [{"rank": k} for k in range(n)]
gathered = other.gather_obj(("x", r), root=n - 1)
assert gathered == ([("x", k) for k in range(n)] if r == n - 1 else None), gathered
assert mpi.bcast_obj({"from": r} if r == 1 % n else None, root=1 % n) == {"from": 1 % n}
got = mpi.alltoall_obj([f"{r}->{k}" for k in range(n)])
assert got == [f"{k}->{r}" for k in range(n)], got
try:
    mpi.alltoall_obj([1])
    assert n == 1
except ValueError:
    assert n != 1
mpi.barrier()
if r == 0:
    print("COLLECTIVES OK", flush=True)

# -- deadline ----------------------------------------------------------------
if n == 1:
    sys.exit(0)          # one rank cannot be left waiting for others
if r == 0:
    mpi.barrier()        # nobody else joins
    print("UNREACHABLE: barrier returned")
