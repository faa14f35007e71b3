"""sec.psection(): NEURON 9's dict describing a section (its mechanisms, ions, morphology)."""

from . import mechanisms as mechs


def range_names(name):
    """A density mechanism's range variables in NEURON's order (PARAMETER, ASSIGNED, STATE;
    no ion variables): what psection and MechanismStandard(name, 0) list."""
    mt = mechs.DENSITY[name]
    module = mechs.USER.get(name)
    if module is not None:
        return list(module.RANGE_NAMES)
    return list(mt.params) + [a for a in mt.assigned if a not in ("ina", "ik")] + list(mt.states)


def mechanism_values(sec, name):
    """psection's {variable: [value per segment]} of a density mechanism, NEURON's order."""
    return {f: [sec.range_value(f"{f}_{name}", i) for i in range(sec.nseg)]
            for f in range_names(name)}


# NEURON 9's point process types in registration order (MechanismType(1)); pnm's VecStim last
_POINT_ORDER = ["IClamp", "AlphaSynapse", "ExpSyn", "Exp2Syn", "SEClamp", "VClamp", "OClamp",
                "APCount", "NetStim", "IntFire1", "IntFire2", "IntFire4", "PointProcessMark",
                "PatternStim", "VecStim"]


def _point_place(name):
    """A point process's place in psection: NEURON's built-in order, then the .mod files'."""
    if name in _POINT_ORDER:
        return (_POINT_ORDER.index(name), 0)
    return (len(_POINT_ORDER), list(mechs.USER).index(name) if name in mechs.USER else 0)


def catalogue_order(names):
    """names in NEURON's mechanism type order (built-ins as NEURON registers them, then the
    .mod files' mechanisms as loaded): the order of psection's dicts."""
    order = {n: k for k, n in enumerate(mechs.USER)}
    return sorted(names, key=lambda n: order.get(n, len(order)))


def ion_values(sec):
    """{ion: {variable: [value per segment]}} of the section's ions, in their type order
    (na, k, then the others as they were first used)."""
    n = sec.nseg
    present = set(sec.mechanism_names)
    return {ion: {f: [sec.range_value(f"{f}_{ion}_ion", i) for i in range(n)]
                  for f in names}
            for ion, names in mechs.ION_FIELDS.items() if ion + "_ion" in present}


def psection(sec):
    """sec.psection(): NEURON 9's dict."""
    sec.sync_from_engine()
    found = {}
    for seg in sec.allseg():
        for pp in seg.point_processes():
            found.setdefault(pp.mech_name, set()).add(pp)
    pps = {name: found[name] for name in sorted(found, key=_point_place)}
    n = sec.nseg
    pts = [] if sec.pt3d_points is None else [tuple(float(v) for v in p) for p in sec.pt3d_points]
    return {"point_processes": pps,
            "density_mechs": {m: mechanism_values(sec, m)
                              for m in catalogue_order(sec.mechanism_names)
                              if not mechs.is_ion(m)},
            "ions": ion_values(sec),
            "morphology": {"L": sec.L, "diam": [sec.range_value("diam", i) for i in range(n)],
                           "pts3d": pts, "parent": sec.parentseg(), "trueparent": sec.parentseg()},
            "nseg": n, "Ra": sec.Ra, "cm": [sec.range_value("cm", i) for i in range(n)],
            "regions": set(), "species": set(), "name": sec.name(),
            "hoc_internal_name": f"__nrnsec_{id(sec):#x}", "cell": sec.cell()}
