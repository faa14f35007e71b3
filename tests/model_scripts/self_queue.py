"""cvode.queue_mode(0, 1) (NEURON's self-event queue) and pc.set_maxstep: a NetCon of delay 0
anywhere turns the option off with NEURON's notice (ModelDB 83319's cuba prints it); without
one it stays on. The notice and queue_mode's value after each set_maxstep, as NEURON prints
them (pnm also says on stderr that it keeps self events in its one queue)."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
h.load_file("stdrun.hoc")
pc = h.ParallelContext()
cells = [h.IntFire1() for _ in range(3)]
for gid, cell in enumerate(cells):
    pc.set_gid2node(gid, 0)
    pc.cell(gid, h.NetCon(cell, None))
links = [pc.gid_connect(gid, cells[(gid + 1) % 3]) for gid in range(3)]
for nc in links:
    nc.delay, nc.weight[0] = 2.5, 2
stim = h.NetStim()
stim.number, stim.start = 1, 1
drive = h.NetCon(stim, cells[0])
drive.delay, drive.weight[0] = 1, 2
h.cvode.queue_mode(0, 1)
print("all delays >= 1: set_maxstep", pc.set_maxstep(10), "queue_mode", h.cvode.queue_mode())
drive.delay = 0
print("a delay of 0: set_maxstep", pc.set_maxstep(10), "queue_mode", h.cvode.queue_mode())
unsourced = h.NetCon(None, cells[1])       # no source: not counted
drive.delay = 1
h.cvode.queue_mode(0, 1)
print("source-less NetCon of delay 1: set_maxstep", pc.set_maxstep(4), "queue_mode",
      h.cvode.queue_mode())
h.stdinit()
pc.psolve(20)
print("run ok", h.t)
