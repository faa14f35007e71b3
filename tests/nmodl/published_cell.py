"""A small cell (soma, dendrite, axon) with density mechanisms from published .mod files,
driven by an IClamp, under NEURON or pnm: the same script for both.
argv: backend (neuron|pnm), group (a key of GROUPS), celsius, output json, build directory
(NEURON: where nrnivmodl ran; pnm: where `python -m pnm nrnivmodl` ran)."""
import json
import sys

backend, group, celsius, out, build = sys.argv[1], sys.argv[2], float(sys.argv[3]), \
    sys.argv[4], sys.argv[5]
if backend == "neuron":
    from neuron import h
    h.nrn_load_dll(build + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(build + "/pnm_mechanisms")

HAY_CA = [("Ca_HVA", {"gCa_HVAbar": 0.000992}), ("Ca_LVAst", {"gCa_LVAstbar": 0.00343}),
          ("CaDynamics_E2", {"gamma": 0.000609, "decay": 210.0}), ("SK_E2", {"gSK_E2bar": 0.0441})]
# section -> [(mechanism, {parameter: value})]; "ions": sec -> {ion variable: value} set after
# the inserts; "globals": h.<name> = value; "style": h.ion_style calls (sec, args)
GROUPS = {
    # Mainen & Sejnowski 1996 (ModelDB 2488): TABLE ... DEPEND celsius, cad (derivimplicit)
    "mainen": {"soma": [("na", {"gbar": 3000}), ("kv", {"gbar": 300}), ("km", {"gbar": 1}),
                        ("ca", {"gbar": 5}), ("kca", {"gbar": 3}), ("cad", {})],
               "dend": [("na", {"gbar": 60}), ("ca", {"gbar": 3}), ("kca", {"gbar": 3}),
                        ("km", {"gbar": 1}), ("cad", {})],
               "axon": [("na", {"gbar": 6000}), ("kv", {"gbar": 600})], "amp": 1.0},
    # Hay et al. 2011 (ModelDB 139653): CaDynamics_E2 writes cai (a STATE), SK reads it
    "hay": {"soma": [("NaTs2_t", {"gNaTs2_tbar": 0.983}), ("SKv3_1", {"gSKv3_1bar": 0.303}),
                     ("Ih", {"gIhbar": 8e-5})] + HAY_CA,
            "dend": [("NaTa_t", {"gNaTa_tbar": 0.0213}), ("SKv3_1", {"gSKv3_1bar": 0.0261}),
                     ("Im", {"gImbar": 0.000143}), ("Ih", {"gIhbar": 2e-4})] + HAY_CA,
            "axon": [("NaTa_t", {"gNaTa_tbar": 3.137}), ("Nap_Et2", {"gNap_Et2bar": 0.0066}),
                     ("K_Pst", {"gK_Pstbar": 0.973}), ("K_Tst", {"gK_Tstbar": 0.089}),
                     ("SKv3_1", {"gSKv3_1bar": 1.0})] + HAY_CA,
            "ions": {"soma": {"ena": 50, "ek": -85}, "dend": {"ena": 50, "ek": -85},
                     "axon": {"ena": 50, "ek": -85}}},
    # Destexhe's thalamic cells (ModelDB 3343): IT/IT2 with cai/cao, Ih KINETIC (CONSERVE)
    # on ion h, cadecay (derivimplicit)
    "destexhe": {"soma": [("hh", {"gnabar": 0.09, "gkbar": 0.01}), ("it", {"gcabar": 0.002}),
                          ("iar", {"ghbar": 2e-5}), ("cad", {})],
                 "dend": [("it2", {"gcabar": 0.003}), ("cad", {})],
                 "axon": [("hh", {"gnabar": 0.2, "gkbar": 0.05})],
                 "ions": {"soma": {"eh": -40}}},
    # .mod mechanisms mixed with the built-in hh (na/k shared: ena set once for both),
    # caL3d (ModelDB 18198: KINETIC with its own ghk), ion globals and ion_style
    "mixed": {"soma": [("hh", {}), ("km", {"gbar": 10}), ("caL", {}), ("cad", {}),
                       ("kca", {"gbar": 10})],
              "dend": [("hh", {"gnabar": 0.02}), ("na", {"gbar": 100}), ("ca", {"gbar": 3}),
                       ("cad", {})],
              "axon": [("hh", {})],
              "ions": {"dend": {"ena": 55.0}},
              "globals": {"cao0_ca_ion": 2.5, "cai0_ca_ion": 1e-4, "p_caL": 2e-5},
              "style": [("dend", ("ca_ion", 3, 2, 1, 0, 1))]},
    # NEURON's demo/release mechanisms (in the neuron wheel): capmpr (KINETIC pump, SOLVE
    # STEADYSTATE sparse in INITIAL), cabpump (FROM loops over ca[i] <-> ca[i+1] with a
    # top-level LOCAL array and COMPARTMENT i), nacaex (na and ca), camchan, cachan1
    "demo": {"soma": [("HHna", {}), ("HHk", {}), ("cachan", {}), ("capmpr", {}),
                      ("nacax", {})],
             "dend": [("HHna", {"gnabar": 0.02}), ("HHk", {}), ("cachan1", {}),
                      ("cadifpmp", {})],
             "axon": [("HHna", {}), ("HHk", {})]},
}
STATES = {"na": "m", "kv": "n", "km": "n", "ca": "h", "kca": "n", "cad": "ca",
          "NaTs2_t": "h", "SKv3_1": "m", "Ih": "m", "Ca_HVA": "m", "Ca_LVAst": "h",
          "CaDynamics_E2": None, "SK_E2": "z", "NaTa_t": "m", "Im": "m", "Nap_Et2": "h",
          "K_Pst": "m", "K_Tst": "h", "it": "h", "iar": "o1", "it2": "m",
          "caL": "O", "hh": "m", "HHna": "h", "HHk": "n", "cachan": "oca", "capmpr": "pump",
          "cachan1": "S", "cadifpmp": "pumpca"}
CONCENTRATIONS = ("cai", "cao", "nai", "ki")

spec = GROUPS[group]
for name, value in spec.get("globals", {}).items():
    setattr(h, name, value)
secs = {}
for name, (length, diam, nseg) in {"soma": (20, 20, 1), "dend": (200, 2, 5),
                                   "axon": (60, 1, 3)}.items():
    sec = secs[name] = h.Section(name=name)
    sec.L, sec.diam, sec.nseg, sec.Ra = length, diam, nseg, 120
    sec.insert("pas")
    sec.g_pas, sec.e_pas = 3e-5, -70
    for mech, params in spec.get(name, []):
        sec.insert(mech)
        for param, value in params.items():
            setattr(sec, param + "_" + mech, value)
secs["dend"].connect(secs["soma"](1))
secs["axon"].connect(secs["soma"](0))
for name, values in spec.get("ions", {}).items():
    for var, value in values.items():
        setattr(secs[name], var, value)
for name, args in spec.get("style", []):
    h.ion_style(*args, sec=secs[name])
stim = h.IClamp(secs["soma"](0.5))
stim.delay, stim.dur, stim.amp = 5, 40, spec.get("amp", 0.4)
h.celsius = celsius
h.dt = 0.025

rec = {}
for name, sec in secs.items():
    for x in (0.5, 0.9) if name == "dend" else (0.5,):
        seg = sec(x)
        where = f"{name}({x})"
        rec[f"v {where}"] = h.Vector().record(seg._ref_v)
        for mech, _ in spec.get(name, []):
            if STATES.get(mech) is None:    # no state, or its state is cai (below)
                continue
            try:        # 3343's cad has no state ca (it is cai)
                ref = getattr(seg, f"_ref_{STATES[mech]}_{mech}")
            except Exception:
                continue
            rec[f"{STATES[mech]}_{mech} {where}"] = h.Vector().record(ref)
        for var in ("cai", "eca", "ica", "ena", "ina", "ek", "ik", "eh"):
            try:
                ref = getattr(seg, "_ref_" + var)
            except Exception:
                continue
            rec[f"{var} {where}"] = h.Vector().record(ref)
tv = h.Vector()
nc = h.NetCon(secs["soma"](0.5)._ref_v, None, sec=secs["soma"])
nc.threshold = -10
nc.record(tv)
h.finitialize(-65)
while h.t < 60 - 1e-9:
    h.fadvance()
after = {}
for name, sec in secs.items():
    for var in ("cai", "cao", "eca", "ena", "ek", "nai"):
        try:
            after[f"{var} {name}(0.5)"] = getattr(sec(0.5), var)
        except Exception:
            pass
json.dump({"spikes": list(tv), "final": after, **{k: list(v) for k, v in rec.items()}},
          open(out, "w"))
