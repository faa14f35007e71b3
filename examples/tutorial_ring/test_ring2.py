from pnm import n
from pnm.units import ms, mV
import matplotlib.pyplot as plt
from ring import Ring

ring = Ring()

pc = n.ParallelContext()
pc.set_maxstep(10 * ms)

t = n.Vector().record(n._ref_t)
n.finitialize(-65 * mV)
pc.psolve(100 * ms)

# send all spike time data to rank 0
local_data = {cell._gid: list(cell.spike_times) for cell in ring.cells}
all_data = pc.py_alltoall([local_data] + [None] * (pc.nhost() - 1))

if pc.id() == 0:
    # combine the data from the various processes
    data = {}
    for process_data in all_data:
        data.update(process_data)
    # plot it
    plt.figure()
    plt.title("Spike raster")
    plt.xlabel("Simulation time [ms]")
    plt.ylabel("Cell")
    for i, spike_times in data.items():
        plt.vlines(spike_times, i + 0.5, i + 1.5)
    plt.savefig("test_ring2.svgz")

pc.barrier()
pc.done()
n.quit()
