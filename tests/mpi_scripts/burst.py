"""More spikes in one exchange interval than the fixed-size Allgather round carries (64 per
rank), so that the overflow round runs: 400 IntFire1 in two interleaved rings, a third of
them kicked at about 1 ms. Prints "t gid" of every spike on rank 0 (pnm also prints the
exchange buffer size it ended with, on stderr).

    python burst.py {pnm,neuron}
"""
import sys

from _spikes import manager_backend, print_manager_spikes

backend = sys.argv[1]
h = manager_backend(backend)

N = 400
pnm = h.ParallelNetManager(N)
pnm.round_robin()
stims = []
for g in range(N):
    if pnm.gid_exists(g):
        c = h.IntFire1()
        c.refrac, c.tau = 3, 4
        pnm.register_cell(g, c)
for g in range(N):
    pnm.nc_append(g, (g + 1) % N, -1, 1.1, 2 + (g % 5) * 0.1)
    pnm.nc_append(g, (g * 7 + 3) % N, -1, 0.4, 2.5)
for g in range(0, N, 3):
    if pnm.gid_exists(g):
        st = h.NetStim()
        st.number, st.start = 1, 1 + (g % 11) * 0.01
        nc = h.NetCon(st, pnm.pc.gid2obj(g))
        nc.weight[0] = 2
        stims.append((st, nc))
pnm.set_maxstep(10)
pnm.want_all_spikes()
h.stdinit()
pnm.psolve(100)
print_manager_spikes(pnm)
if pnm.myid == 0:
    if backend == "pnm":
        print(f"# exchange buffer {pnm.pc.spike_exchange.nbuf} spikes per rank", file=sys.stderr)
pnm.pc.barrier()
