"""One soma with pas, an IClamp and mechanisms from .mod files, under NEURON or pnm.
argv: backend (neuron|pnm), celsius, output json, mechanisms (comma list), build directory
(NEURON: the nrnivmodl directory; pnm: the directory where `python -m pnm nrnivmodl` ran)."""
import json
import sys

backend, celsius, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
mechs, build = sys.argv[4].split(","), sys.argv[5]
if backend == "neuron":
    from neuron import h
    h.nrn_load_dll(build + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    from pnm.model.mechanisms import load_mechanisms
    load_mechanisms(build)
h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("pas")
soma(0.5).g_pas, soma(0.5).e_pas = 3e-5, -70
for m in mechs:
    soma.insert(m)
for name, value in [("gbar_na", 3000), ("gbar_kv", 300), ("gbar_km", 10), ("gbar_ca", 5), ("gcabar_it", 0.002), ("ghbar_iar", 2e-4)]:
    if name.split("_")[1] in mechs:
        setattr(soma(0.5), name, value)
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 5, 50, 0.3
h.celsius = celsius
h.dt = 0.025
STATES = {"na": "m", "kv": "n", "km": "n", "ca": "h", "it": "h", "iar": "o1"}
rec = {"v": h.Vector().record(soma(0.5)._ref_v)}
for m in mechs:
    rec[m] = h.Vector().record(getattr(soma(0.5), "_ref_%s_%s" % (STATES[m], m)))
tv = h.Vector()
nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
nc.threshold = 0
nc.record(tv)
h.finitialize(-65)
h.continuerun(60)
json.dump({"spikes": list(tv), **{k: list(v) for k, v in rec.items()}}, open(out, "w"))
