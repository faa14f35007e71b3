"""Changes made after set_maxstep: a ParallelNetManager ring of IntFire1 (cell g excites
g+1, weight 1.1, delay 2) driven by one NetStim that only the rank owning gid 0 creates,
after set_maxstep. Prints "t gid" of every spike on rank 0.

    python after_maxstep.py {pnm,neuron} stim_after      # the NetStim comes after set_maxstep
    python after_maxstep.py {pnm,neuron} delay D         # then every ring delay becomes D
"""
import sys

from _spikes import manager_backend, print_manager_spikes

backend, case = sys.argv[1], sys.argv[2]
h = manager_backend(backend)

N = 16
pnm = h.ParallelNetManager(N)
pnm.round_robin()
cells = {}
for g in range(N):
    if pnm.gid_exists(g):
        cells[g] = h.IntFire1()
        pnm.register_cell(g, cells[g])
for g in range(N):
    pnm.nc_append(g, (g + 1) % N, -1, 1.1, 2)
pnm.set_maxstep(10)
if pnm.gid_exists(0):          # on one rank only, after set_maxstep
    stim = h.NetStim()
    stim.number, stim.start = 1, 1
    nc = h.NetCon(stim, pnm.pc.gid2obj(0))
    nc.weight[0], nc.delay = 2, 0
if case == "delay":
    for c in pnm.nclist:
        c.delay = float(sys.argv[3])
pnm.want_all_spikes()
h.stdinit()
pnm.psolve(60)
print_manager_spikes(pnm)
pnm.pc.barrier()
