"""Mechanisms compiled from users' .mod files (pnm.nmodl) in the engine.

The model's catalogue (model/mechanisms.py: USER) holds each loaded mechanism's generated
module. For the set of user mechanisms a model uses, this module writes a stepper: stepper.py's
text with the no-op hooks of userhooks.py replaced by functions that call each mechanism's
`initial`, `current` and `state` kernels (docs/nmodl_frontend.md) in NEURON's order (ions
first, then mechanisms in catalogue order), cached on disk by a hash of the set and pnm's
version, `@njit(cache=True)`. `U`, the tuple the hooks get, holds the arrays:
  U[0] celsius float64[1], U[1] node diameters, U[2] the hh bridge (ions.py), then per ion
  (na_ion, k_ion, ca_ion, ... with instances) its block, globals and style (ions.py), then
  per mechanism inst, glob, tab, node_index, ion_index, work, events, n_events, wrote.
Ions live in S like any mechanism's fields (rows e, ci, co, i, didv: seg.cai, seg._ref_cai);
the kernels get S as their ion_values and S indices in ion_index.
A model without user mechanisms keeps the built-in stepper (U = ())."""

import hashlib
import importlib.util
import os
import sys

import numpy as np

from ..model import mechanisms as mechs
from ..nmodl.runtime import uses_runge
from ..util import atomic_write

PER_ION = 3      # U entries per ion: block int64[base, n], globals, style int64[n]
PER_MECH = 9     # inst, glob, tab, node_index, ion_index, work, events, n_events, wrote
HEAD = 3         # celsius float64[1], node diameters, hh bridge int64[n_hh, 6]


def ion_row(ion, name):
    """The row of an ion variable in its ion's block: 'eca' 0, 'cai' 1, 'cao' 2, 'ica' 3,
    'dicadv' (a current kernel's column) or 'dica_dv_' 4."""
    if name == f"di{ion}dv":
        return 4
    names = mechs.ION_FIELDS[ion]
    if name not in names:
        raise ValueError(f"ion variable {name!r} of ion {ion!r} is not one pnm's engine knows")
    return names.index(name)


def field_names(name):
    """The rows of a user or ion mechanism's instance block, in order."""
    if mechs.is_ion(name):
        return list(mechs.ION_FIELDS[name[:-4]])
    return [f[0] for f in mechs.USER[name].FIELDS]


def block_names(density):
    """Ion and user mechanisms with instances, in catalogue order (their blocks' order)."""
    return [name for name, dens in density.items()
            if (name in mechs.USER or mechs.is_ion(name)) and len(dens.inst)]


def user_names(density):
    """The user mechanisms with instances in this model, in catalogue order."""
    return [name for name in block_names(density) if name in mechs.USER]


def float_count(density):
    return sum(len(field_names(n)) * len(density[n].inst) for n in block_names(density))


def fill_user(eng, dens, slots_of, range_base, offset):
    """A user or ion mechanism's instance array (a block of S: one row per field) with the
    defaults and the values sections hold; range keys point into it. Returns the next offset."""
    from ..model.section import range_default
    name, n = dens.name, len(dens.inst)
    fields = field_names(name)
    base = int(eng.foff[_F_USER()]) + offset
    inst = eng.S[base:base + len(fields) * n].reshape(len(fields), n)
    hidden = {f[0]: f[2] for f in getattr(mechs.USER.get(name), "FIELDS", ())
              if mechs.split_key(f"{f[0]}_{name}") is None}   # geometry, x', RANDOM, WATCH
    for row, field in enumerate(fields):
        key = f"{field}_{name}"
        if field in hidden:
            inst[row] = hidden[field]
            continue
        range_base[key] = (name, base + row * n)
        inst[row] = range_default(key)
    bounds = dens.bounds
    for sec, a, b in zip(dens.sections, bounds[:-1].tolist(), bounds[1:].tolist()):
        where = dens.inst[a:b]
        slots_of[id(sec)].inst[name] = where
        for key, arr in sec.range_table.items():
            if key in range_base and range_base[key][0] == name:
                inst[fields.index(key[:-len(name) - 1]), where] = arr
    return offset + inst.size


def _F_USER():
    from .layout import F_USER
    return F_USER


def make_ion(dens, base, nnode):
    """(U entries of one ion, its instance at each node (-1: none))."""
    ion, n = dens.name[:-4], len(dens.inst)
    at_node = np.full(nnode, -1, dtype=np.int64)
    at_node[dens.nodes] = np.arange(n)
    style = np.zeros(n, dtype=np.int64)
    bounds = dens.bounds
    for sec, a, b in zip(dens.sections, bounds[:-1].tolist(), bounds[1:].tolist()):
        style[dens.inst[a:b]] = mechs.section_style(sec, ion)
    block = np.array([base, n], dtype=np.int64)
    return [block, mechs.ION_GLOBALS[ion], style], at_node


def hh_bridge(eng, density, ions):
    """int64[n_hh, 6]: S slots of ena, ina, dinadv, ek, ik, dikdv at each hh instance's node
    where a .mod mechanism brought the na / k ion there; -1 elsewhere."""
    hh_nodes = density["hh"].nodes if "hh" in density else np.zeros(0, dtype=np.int64)
    bridge = np.full((len(hh_nodes), 6), -1, dtype=np.int64)
    for col, ion in ((0, "na"), (3, "k")):
        if ion + "_ion" in ions:
            (block, _g, _s), at_node = ions[ion + "_ion"]
            k = at_node[hh_nodes]
            has = k >= 0
            base, n = int(block[0]), int(block[1])
            for row, c in ((0, col), (3, col + 1), (4, col + 2)):
                bridge[has, c] = base + row * n + k[has]
    return bridge


def make_user_arrays(eng, density, node_diam):
    """U for the engine (see the module docstring); the user point mechanisms' arrays follow
    (userpoints.point_arrays, which finds the ions in `eng.user_ions`)."""
    nnode = eng.nnode
    base = int(eng.foff[_F_USER()])
    offset, ions, mech_entries = 0, {}, []
    for name in block_names(density):
        dens = density[name]
        if mechs.is_ion(name):
            ions[name] = make_ion(dens, base + offset, nnode)
        else:
            mech_entries.append((name, dens, base + offset))
        offset += len(field_names(name)) * len(dens.inst)
    eng.user_ions = ions
    user = [np.zeros(1), np.asarray(node_diam, dtype=float), hh_bridge(eng, density, ions)]
    for name in ions:
        user += ions[name][0]
    for name, dens, start in mech_entries:
        module, n = mechs.USER[name], len(dens.inst)
        inst = eng.S[start:start + len(module.FIELDS) * n].reshape(len(module.FIELDS), n)
        node_index = np.ascontiguousarray(dens.nodes, dtype=np.int64)   # node of instance j
        ion_index = np.zeros((len(module.ION_COLUMNS), n), dtype=np.int64)
        for c, (ion, var) in enumerate(module.ION_COLUMNS):
            (block, _g, _s), at_node = ions[ion + "_ion"]
            ion_index[c] = block[0] + ion_row(ion, var) * block[1] + at_node[node_index]
        wrote = np.array([ions[ion + "_ion"][1][node_index] for ion in wrote_ions(module)],
                         dtype=np.int64).reshape(-1, n)
        user += [inst, mechs.USER_GLOBALS[name], mechs.user_table(name), node_index, ion_index,
                 np.zeros(module.WORK_SHAPE), np.zeros((1024, 4)), np.zeros(1, dtype=np.int64),
                 wrote]
    return tuple(user)


def wrote_ions(module):
    """The ions whose concentration a mechanism writes (NEURON calls nrn_wrote_conc for
    them after its INITIAL)."""
    out = []
    for ion, _read, write, _valence in module.IONS:
        names = mechs.ION_FIELDS[ion]
        if names[1] in write or names[2] in write:
            out.append(ion)
    return out


def stepper_for(names, ions, points=(), point_hooks=""):
    """The compiled `kernel` of the stepper for this set of user mechanisms and ions (density
    mechanisms `names`, ion mechanisms `ions`, point mechanisms `points` with their hooks'
    source `point_hooks`, from userpoints.hooks_source)."""
    from . import stepper
    with open(stepper.__file__) as f:
        template = f.read()
    modules = [mechs.USER[name] for name in list(names) + list(points)]
    with open(__file__) as f:
        generator = f.read()
    key = hashlib.sha256("\0".join([template, generator, point_hooks] + list(ions) + [
        m.__file__ + ":" + str(os.path.getmtime(m.__file__)) for m in modules]).encode())
    directory = os.path.join(os.path.dirname(modules[0].__file__), "__pnm_steppers__")
    path = os.path.join(directory, f"stepper_{key.hexdigest()[:24]}.py")
    if not os.path.exists(path):
        marker = ("from .userhooks import user_currents, user_initial, user_ion_currents, "
                  "user_states  # USER MECHANISMS\n")
        if marker not in template:
            raise RuntimeError("pnm.engine.stepper lost its user-mechanism hook line")
        text = template.replace(marker, hooks_source(names, modules[:len(names)], ions, points))
        marker = ("from .userhooks import user_init_events, user_receive, user_watch  "
                  "# USER POINT PROCESSES\n")
        if marker not in template:
            raise RuntimeError("pnm.engine.stepper lost its user point-process hook line")
        if points:
            text = text.replace(marker, point_hooks)
        text = text.replace("from .", "from pnm.engine.")
        _write_atomic(path, text)
    name = "pnm_stepper_" + key.hexdigest()[:24]
    if name in sys.modules:
        return sys.modules[name].kernel
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module             # numba's cache finds its functions by module
    spec.loader.exec_module(module)
    return module.kernel


def _write_atomic(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with atomic_write(path, "w") as f:
        f.write(text)


HOOKS_HEAD = """import importlib.util as _ilu
import sys as _sys

from pnm.engine.layout import F_AREA as _F_AREA
from pnm.engine.ions import hh_to_ions as _hh_to_ions, ion_cur as _ion_cur
from pnm.engine.ions import ion_init as _ion_init, ions_to_hh as _ions_to_hh
from pnm.engine.ions import wrote_conc as _wrote_conc
from pnm.nmodl.runtime import runge_t_drift as _runge_t_drift


def _load(name, path):
    if name not in _sys.modules:
        spec = _ilu.spec_from_file_location(name, path)
        module = _ilu.module_from_spec(spec)
        spec.loader.exec_module(module)
        _sys.modules[name] = module
    return _sys.modules[name]
"""


def hooks_source(names, modules, ions, points=()):
    """The generated replacement of userhooks.py's import line (see stepper_for): ions are
    U[HEAD + PER_ION*k ...], mechanisms follow (make_user_arrays' order), then the point
    mechanisms' part, whose points_initial/current/state userpoints.hooks_source defines."""
    lines = [HOOKS_HEAD]
    for k, (name, module) in enumerate(zip(names, modules)):
        lines.append(f"_m{k} = _load({module.__name__!r}, {module.__file__!r})  # {name}")
    ion_u = {ion[:-4]: HEAD + PER_ION * k for k, ion in enumerate(ions)}
    calls = {"current": [], "state": [], "initial": []}
    first = HEAD + PER_ION * len(ions)
    for k, module in enumerate(modules):
        a = first + PER_MECH * k
        args = (f"U[{a}], U[{a + 1}], U[{a + 2}], U[{a + 3}], v, area, U[1], S, U[{a + 4}], "
                f"rhs, d, t, dt, celsius, U[{a + 5}], U[{a + 6}], U[{a + 7}]")
        for kind in calls:
            lines.append(f"_{kind}{k} = _m{k}.{kind}")
            calls[kind].append(f"    _{kind}{k}({args})")
        for r, ion in enumerate(wrote_ions(module)):
            u = ion_u[ion]
            calls["initial"].append(f"    _wrote_conc(S, U[{u}], U[{u + 1}], U[{u + 2}], "
                                    f"celsius, U[{a + 8}][{r}])")
        if uses_runge(module):     # NEURON's t after scopmath's runge (runtime.runge_t_drift)
            calls["state"].append(f"    t = _runge_t_drift(t, dt, U[{a}].shape[1])")
    if points:
        for kind in calls:
            calls[kind].append(f"    t = points_{kind}(S, U, v, area, rhs, d, t, dt, celsius)")
    calls["state"].append("    S[foff[F_T]] = t")
    ion_calls = [f"    _{{0}}(S, U[{u}], U[{u + 1}], U[{u + 2}], celsius)" for u in ion_u.values()]
    head = ("    t = S[foff[F_T]]\n    dt = S[foff[F_DT]]\n    v = fview(S, foff, flen, F_V)\n"
            "    rhs = fview(S, foff, flen, F_RHS)\n    d = fview(S, foff, flen, F_D)\n"
            "    area = fview(S, foff, flen, _F_AREA)\n    celsius = U[0][0]\n")
    deco = "\n\n@njit(cache=True, error_model=\"numpy\")\n"
    lines.append(deco + "def user_ion_currents(S, foff, flen, U):\n    celsius = U[0][0]\n"
                 + "".join(c.format("ion_cur") + "\n" for c in ion_calls)
                 + "    _ions_to_hh(S, foff, flen, U[2])")
    lines.append(deco + "def user_currents(S, foff, flen, U):\n" + head
                 + "    _hh_to_ions(S, foff, flen, U[2])\n" + "\n".join(calls["current"]))
    lines.append(deco + "def user_states(S, foff, flen, U):\n" + head
                 + "\n".join(calls["state"] or ["    pass"]))
    lines.append(deco + "def user_initial(S, foff, flen, U, celsius_now):\n"
                 + "    U[0][0] = celsius_now\n" + head
                 + "".join(c.format("ion_init") + "\n" for c in ion_calls)
                 + "\n".join(calls["initial"]))
    return "\n".join(lines) + "\n"
