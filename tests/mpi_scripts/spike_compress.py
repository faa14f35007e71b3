"""pc.spike_compress(nspike[, gid_compress[, xchng_meth]]): NEURON's return values (0 on one
rank; else nspike, 0 after 0, the last value for -1); pnm keeps its own exchange format, so a
ring's spikes stay the same after the call. usage: spike_compress.py [pnm|neuron]; rank 0
prints the values and the spike count."""
import sys

if sys.argv[1:2] == ["neuron"]:
    from neuron import h
    h.nrnmpi_init()
else:
    from pnm import h
h.load_file("stdrun.hoc")
pc = h.ParallelContext()
rank, nhost = int(pc.id()), int(pc.nhost())
N = 8
cells = {}
for gid in range(N):
    pc.set_gid2node(gid, gid % nhost)
    if gid % nhost == rank:
        cells[gid] = h.IntFire1()
        pc.cell(gid, h.NetCon(cells[gid], None))
ncs = [pc.gid_connect(gid, cells[(gid + 1) % N]) for gid in range(N) if (gid + 1) % N in cells]
for nc in ncs:
    nc.delay, nc.weight[0] = 1, 2
stim = h.NetStim()
stim.number, stim.start = 1, 0.5
kick = h.NetCon(stim, cells[0]) if 0 in cells else None
if kick is not None:
    kick.weight[0] = 2
tv, gv = h.Vector(), h.Vector()
pc.spike_record(-1, tv, gv)
# after the network is built, as NEURON needs for gid compression
values = [pc.spike_compress(3, 1), pc.spike_compress(-1), pc.spike_compress(0),
          pc.spike_compress(5, 0), pc.spike_compress(), pc.spike_compress(2, 1, 0)]
pc.set_maxstep(10)
h.stdinit()
pc.psolve(20)
total = int(pc.allreduce(tv.size(), 1))
if rank == 0:
    print("values", values)
    print("spikes", total)
pc.barrier()
pc.done()
h.quit()
