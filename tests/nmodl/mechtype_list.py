"""MechanismType(0) and MechanismType(1) with the .mod files of tests/nmodl/savestate_mods
loaded: every entry's name, internal type and flags, in order; make/remove of a .mod density
mechanism, make(ref) of .mod point processes, pp_begin/pp_next over them.

argv: backend (neuron|pnm), build directory, output json."""
import json
import sys

backend, build, out = sys.argv[1], sys.argv[2], sys.argv[3]
if backend == "neuron":
    from neuron import h
    h.nrn_load_dll(build + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(build)

result = {}
name = h.ref("")
for kind in (0, 1):
    mt = h.MechanismType(kind)
    rows = []
    for i in range(int(mt.count())):
        mt.select(i)
        mt.selected(name)
        rows.append([name[0], mt.internal_type(), bool(mt.is_ion()), bool(mt.is_netcon_target(i)),
                     bool(mt.has_net_event(i)), bool(mt.is_artificial(i))])
    result[f"list{kind}"] = rows
soma = h.Section(name="soma")
soma.nseg = 3
mt = h.MechanismType(0)
mt.select("cadecay")
mt.make(sec=soma)
result["inserted"] = sorted(soma.psection()["density_mechs"])
result["ions"] = sorted(soma.psection()["ions"])
mt.remove(sec=soma)
result["after_remove"] = sorted(soma.psection()["density_mechs"])
mp = h.MechanismType(1)
made = []       # kept alive: NEURON reuses a freed object's index
for kind in ("Burster", "Acell"):
    mp.select(kind)
    ref = h.ref(None)
    mp.make(ref)
    made.append(ref[0])
result["made"] = [pp.hname() for pp in made]
result["made_located"] = [pp.has_loc() for pp in made[:1]]
bursters = [h.Burster(soma(x)) for x in (0.5, 0.1, 0.5, 1)]
mp.select("Burster")
walk = []
pp = mp.pp_begin(sec=soma)
while pp is not None:
    walk.append(pp.hname())
    pp = mp.pp_next()
result["walk"] = walk
with open(out, "w") as f:
    json.dump(result, f)
