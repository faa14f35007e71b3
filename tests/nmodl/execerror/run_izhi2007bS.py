"""ModelDB 39948's izhi2007bS.mod (VERBATIM hoc_execerror in a FUNCTION) as a regular-spiking
and a fast-spiking cell driven by Iin: spike times; then the FS cell's derivtype spoiled, so
the next step reaches hoc_execerror: the run stops with its message.
argv: neuron|pnm, the built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])
h.load_file("stdrun.hoc")
cells = []
for celltype, params in ((1, {}), (5, {"C": 0.2, "k": 1, "vr": -55, "vt": -40, "vpeak": 25,
                                       "a": 0.2, "b": -2, "c": -45, "d": -55})):
    sec = h.Section(name="izh%d" % celltype)
    sec.L, sec.diam, sec.cm = 10, 10, 31.831
    izh = h.Izhi2007bS(sec(0.5))
    izh.celltype, izh.Iin = celltype, 100
    for name, value in params.items():
        setattr(izh, name, value)
    spikes = h.Vector()
    nc = h.NetCon(izh, None)
    nc.record(spikes)
    cells.append((sec, izh, nc, spikes))
h.finitialize(-60)
h.continuerun(80)
for sec, izh, nc, spikes in cells:
    print("celltype %d spikes %d" % (izh.celltype, spikes.size()),
          " ".join("%.3f" % x for x in spikes))
    print("u %.9f v %.9f" % (izh.u, sec(0.5).v))
cells[1][1].derivtype = 0
try:
    h.fadvance()
    print("no error")
except RuntimeError as err:
    print("stopped", "izhi2007b.mod ERRA: derivtype not set" in str(err))
