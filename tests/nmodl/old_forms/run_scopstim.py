"""Three ScopStim cells (scopstim.mod, NEURON's scop_random family) and their spike times:
two runs (the generator goes on, it is not reset by finitialize), the second one with a
seed set in INITIAL, the third after seed(3) and uniform() called from Python, and
scop_random's draws kept in u. argv: neuron|pnm, the built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])
cells = [h.ScopStim() for _ in range(3)]
cells[1].interval = 2
recs = []
for c in cells:
    vec = h.Vector()
    nc = h.NetCon(c, None)
    nc.record(vec)
    recs.append((nc, vec))
for run in range(3):
    if run == 1:
        cells[0].seedval = 7
    if run == 2:                  # a PROCEDURE and a FUNCTION called on the object
        cells[0].seedval = 0
        cells[1].seed(3)
        print("uniform %.15f %.15f" % (cells[2].uniform(), cells[2].uniform()))
    h.finitialize(-65)
    while h.t < 60:
        h.fadvance()
    for _, vec in recs:
        print(run, ["%.10f" % x for x in vec])
    print("u", ["%.15f" % c.u for c in cells])
