"""SaveState with mechanisms from .mod files (tests/nmodl/savestate_mods): a soma with hh, a
calcium current (cachan) and calcium accumulation (cadecay: cai a STATE, ca_ion's
concentration), an Acell (ARTIFICIAL_CELL, its own self events) driving a Burster (POINT_PROCESS
on the soma: a self event per input, net_event, a NetCon weight it changes) which drives an
ExpSyn. Run to 25 ms, save, continue to 50; finitialize, restore, run to 50 again; the same
through fwrite/fread.

argv: backend (neuron|pnm), build directory, output json."""
import json
import os
import sys

backend, build, out = sys.argv[1], sys.argv[2], sys.argv[3]
if backend == "neuron":
    from neuron import h
    h.nrn_load_dll(build + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(build)
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
soma.insert("cachan")
soma.insert("cadecay")
ic = h.IClamp(soma(0.5))
ic.delay, ic.dur, ic.amp = 1, 1e9, 0.3
cell = h.Acell()
cell.per = 3
burster = h.Burster(soma(0.5))
burster.gap = 1.5
syn = h.ExpSyn(soma(0.5))
syn.tau, syn.e = 3, -80
to_burster = h.NetCon(cell, burster)
to_burster.delay, to_burster.weight[0] = 2, 1
from_soma = h.NetCon(soma(0.5)._ref_v, burster, sec=soma)
from_soma.delay, from_soma.threshold = 1, -10
to_syn = h.NetCon(burster, syn)
to_syn.delay, to_syn.weight[0] = 1, 0.004
spikes = {"soma": h.Vector(), "burster": h.Vector(), "acell": h.Vector()}
recorders = [h.NetCon(soma(0.5)._ref_v, None, sec=soma), h.NetCon(burster, None),
             h.NetCon(cell, None)]
recorders[0].threshold = -10
for nc, key in zip(recorders, spikes):
    nc.record(spikes[key])


def trace(tstop):
    values = []
    while h.t < tstop - h.dt / 2:
        h.fadvance()
        values += [h.t, soma(0.5).v, soma(0.5).cai, soma(0.5).m_cachan, soma(0.5).ica,
                   syn.g, burster.n, to_burster.weight[1], from_soma.weight[1]]
    return values


def spike_lists():
    return {key: list(vec) for key, vec in spikes.items()}


result = {}
h.finitialize(-65)
h.continuerun(25)
ss = h.SaveState()
ss.save()
result["continuing"] = trace(50)
result["spikes_continuing"] = spike_lists()
h.finitialize(-65)
ss.restore()
result["restored"] = trace(50)
result["spikes_restored"] = spike_lists()
path = os.path.join(os.path.dirname(os.path.abspath(out)), f"state_{backend}.dat")
ss.fwrite(h.File(path))
ss2 = h.SaveState()
ss2.fread(h.File(path))
h.finitialize(-65)
ss2.restore()
result["from_file"] = trace(50)
result["spikes_from_file"] = spike_lists()
with open(out, "w") as f:
    json.dump(result, f)
