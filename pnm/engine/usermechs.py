"""Mechanisms compiled from users' .mod files (pnm.nmodl) in the engine.

The model's catalogue (model/mechanisms.py: USER) holds each loaded mechanism's generated
module. For the set of user mechanisms a model uses, this module writes a stepper: stepper.py's
text with the no-op hooks of userhooks.py replaced by functions that call each mechanism's
`initial`, `current` and `state` kernels (docs/nmodl_frontend.md) in NEURON's order (ions
first, then mechanisms in catalogue order), cached on disk by a hash of the set and pnm's
version, `@njit(cache=True)`. `U`, the tuple the hooks get, holds the arrays:
  U[0] ion values float64[n_ion_vars * nnode] (per ion: e, i, di/dv, ci, co; rows of nnode)
  U[1] node diameters, U[2] ion defaults and flags (see ion_table), then per mechanism
  inst, glob, tab, node_index, ion_index, work, events, n_events.
A model without user mechanisms keeps the built-in stepper (U = ())."""

import hashlib
import importlib.util
import math
import os
import sys

import numpy as np

from ..model import mechanisms as mechs
from ..nmodl.runtime import uses_runge
from ..util import atomic_write

ION_VARS = ("e", "i", "didv", "ci", "co")
# NEURON 9's defaults (eion.cpp): erev, inside, outside concentration
ION_DEFAULTS = {"na": (50.0, 10.0, 140.0), "k": (-77.0, 54.4, 2.5),
                "ca": (12.5 * math.log(2.0 / 5e-5), 5e-5, 2.0)}
PER_MECH = 8


def ion_var(ion, name):
    """'ek' -> 'e', 'ik' -> 'i', 'dikdv' -> 'didv', 'ki' -> 'ci', 'ko' -> 'co'."""
    for var, text in (("e", "e" + ion), ("i", "i" + ion), ("didv", f"di{ion}dv"),
                      ("ci", ion + "i"), ("co", ion + "o")):
        if name == text:
            return ION_VARS.index(var)
    raise ValueError(f"ion variable {name!r} of ion {ion!r} is not one pnm's engine knows")


def ion_table(names):
    """The ions the mechanisms use (sorted) and, per ion, whether NEURON computes its
    reversal potential from the concentrations (a mechanism reads or writes ci/co and none
    writes e: ion_style's einit/eadvance)."""
    ions, conc, writes_e = set(), set(), set()
    for name in names:
        for ion, var in mechs.USER[name].ION_COLUMNS:
            ions.add(ion)
            k = ion_var(ion, var)
            if k >= 3:
                conc.add(ion)
            if k == 0 and (ion, var) in _written(mechs.USER[name]):
                writes_e.add(ion)
    order = sorted(ions)
    flags = [(ion in conc and ion not in writes_e) for ion in order]
    return order, flags


def _written(module):
    return {(ion, var) for ion, var, kind in _column_kinds(module) if kind == "ion_write"}


def _column_kinds(module):
    kinds = dict(module.FIELDS and [(f[0], f[1]) for f in module.FIELDS])
    return [(ion, var, kinds.get(var, "")) for ion, var in module.ION_COLUMNS]


def user_names(density):
    """The user mechanisms with instances in this model, in catalogue order."""
    return [name for name in mechs.USER if name in density and len(density[name].inst)]


def float_count(density):
    return sum(len(mechs.USER[n].FIELDS) * len(density[n].inst) for n in user_names(density))


def fill_user(eng, dens, slots_of, range_base, offset):
    """A user mechanism's instance array (a block of S: one row per field) with the defaults
    and the values sections hold; range keys point into it. Returns the next offset."""
    from ..model.section import range_default
    name, n = dens.name, len(dens.inst)
    module = mechs.USER[name]
    base = int(eng.foff[_F_USER()]) + offset
    inst = eng.S[base:base + len(module.FIELDS) * n].reshape(len(module.FIELDS), n)
    for row, (field, _kind, _default) in enumerate(module.FIELDS):
        key = f"{field}_{name}"
        range_base[key] = (name, base + row * n)
        inst[row] = range_default(key)
    bounds = dens.bounds
    for sec, a, b in zip(dens.sections, bounds[:-1].tolist(), bounds[1:].tolist()):
        where = dens.inst[a:b]
        slots_of[id(sec)].inst[name] = where
        for key, arr in sec.range_table.items():
            if key in range_base and range_base[key][0] == name:
                row = [f[0] for f in module.FIELDS].index(key[:-len(name) - 1])
                inst[row, where] = arr
    return offset + inst.size


def _F_USER():
    from .layout import F_USER
    return F_USER


def make_user_arrays(eng, density, node_diam, points=()):
    """U for the engine (see the module docstring); `points`: the user point mechanisms,
    whose ions count too (their arrays follow: userpoints.point_arrays)."""
    names = user_names(density)
    nnode = eng.nnode
    ions, flags = ion_table(names + list(points))
    ion_values = np.zeros(len(ions) * len(ION_VARS) * nnode)
    defaults = np.zeros((len(ions), 5))     # e, ci, co, valence, computes e
    for k, ion in enumerate(ions):
        e, ci, co = ION_DEFAULTS.get(ion, (0.0, 1.0, 1.0))
        defaults[k] = (e, ci, co, mechs.ion_valence(ion), 1.0 if flags[k] else 0.0)
    settings = np.concatenate([defaults.ravel(), [0.0]])      # ..., celsius (set at init)
    user = [ion_values, np.asarray(node_diam, dtype=float), settings]
    base = int(eng.foff[_F_USER()])
    offset = 0
    for name in names:
        module, dens = mechs.USER[name], density[name]
        n = len(dens.inst)
        inst = eng.S[base + offset:base + offset + len(module.FIELDS) * n].reshape(
            len(module.FIELDS), n)
        offset += inst.size
        node_index = np.ascontiguousarray(dens.nodes, dtype=np.int64)   # node of instance j
        ion_index = np.zeros((len(module.ION_COLUMNS), n), dtype=np.int64)
        for c, (ion, var) in enumerate(module.ION_COLUMNS):
            row = ions.index(ion) * len(ION_VARS) + ion_var(ion, var)
            ion_index[c] = row * nnode + node_index
        work = np.zeros(module.WORK_SHAPE)
        events = np.zeros((1024, 4))
        user += [inst, mechs.USER_GLOBALS[name], mechs.user_table(name), node_index, ion_index,
                 work, events, np.zeros(1, dtype=np.int64)]
    return tuple(user)


def stepper_for(names, points=(), point_hooks=""):
    """The compiled `kernel` of the stepper for this set of user mechanisms (density
    mechanisms `names`, point mechanisms `points` with their hooks' source `point_hooks`,
    from userpoints.hooks_source)."""
    from . import stepper
    with open(stepper.__file__) as f:
        template = f.read()
    modules = [mechs.USER[name] for name in list(names) + list(points)]
    key = hashlib.sha256("\0".join([template, point_hooks] + [
        m.__file__ + ":" + str(os.path.getmtime(m.__file__)) for m in modules]).encode())
    directory = os.path.join(os.path.dirname(modules[0].__file__), "__pnm_steppers__")
    path = os.path.join(directory, f"stepper_{key.hexdigest()[:24]}.py")
    if not os.path.exists(path):
        marker = "from .userhooks import user_currents, user_initial, user_states  # USER MECHANISMS\n"
        if marker not in template:
            raise RuntimeError("pnm.engine.stepper lost its user-mechanism hook line")
        text = template.replace(marker, hooks_source(names, modules[:len(names)], points))
        if points:
            marker = "from .userhooks import user_init_events, user_receive, user_watch  # USER POINT PROCESSES\n"
            if marker not in template:
                raise RuntimeError("pnm.engine.stepper lost its user point-process hook line")
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
from pnm.nmodl.runtime import nernst_ as _nernst
from pnm.nmodl.runtime import runge_t_drift as _runge_t_drift


def _load(name, path):
    if name not in _sys.modules:
        spec = _ilu.spec_from_file_location(name, path)
        module = _ilu.module_from_spec(spec)
        spec.loader.exec_module(module)
        _sys.modules[name] = module
    return _sys.modules[name]


@njit(cache=True, error_model="numpy")
def user_ions(U, celsius, init):
    \"\"\"NEURON's ion mechanisms (eion.cpp): at init concentrations and reversal potentials at
    their defaults; every call ion currents and di/dv zeroed and, where a mechanism uses the
    concentrations, e = nernst(ci, co) at celsius.\"\"\"
    values = U[0]
    settings = U[2]
    nion = (settings.shape[0] - 1) // 5
    if nion == 0:
        return
    nnode = values.shape[0] // (5 * nion)
    for k in range(nion):
        b = 5 * k * nnode
        for j in range(nnode):
            if init:
                values[b + j] = settings[5 * k]
                values[b + 3 * nnode + j] = settings[5 * k + 1]
                values[b + 4 * nnode + j] = settings[5 * k + 2]
            values[b + nnode + j] = 0.0
            values[b + 2 * nnode + j] = 0.0
            if settings[5 * k + 4] != 0.0:
                values[b + j] = _nernst(celsius, values[b + 3 * nnode + j],
                                        values[b + 4 * nnode + j], settings[5 * k + 3])
"""


def hooks_source(names, modules, points=()):
    """The generated replacement of userhooks.py's import line (see stepper_for)."""
    lines = [HOOKS_HEAD]
    for k, (name, module) in enumerate(zip(names, modules)):
        lines.append(f"_m{k} = _load({module.__name__!r}, {module.__file__!r})  # {name}")
    calls = {"current": [], "state": [], "initial": []}
    for k in range(len(names)):
        a = 3 + PER_MECH * k
        args = (f"U[{a}], U[{a + 1}], U[{a + 2}], U[{a + 3}], v, area, U[1], U[0], U[{a + 4}], "
                f"rhs, d, t, dt, celsius, U[{a + 5}], U[{a + 6}], U[{a + 7}]")
        for kind in calls:
            lines.append(f"_{kind}{k} = _m{k}.{kind}")
            calls[kind].append(f"    _{kind}{k}({args})")
        if uses_runge(module):     # NEURON's t after scopmath's runge (runtime.runge_t_drift)
            calls["state"].append(f"    t = _runge_t_drift(t, dt, U[{a}].shape[1])")
    if points:      # userpoints.hooks_source defines points_current/state/initial
        for kind in calls:
            calls[kind].append(f"    t = points_{kind}(U, v, area, rhs, d, t, dt, celsius)")
    calls["state"].append("    S[foff[F_T]] = t")
    head = ("    t = S[foff[F_T]]\n    dt = S[foff[F_DT]]\n    v = fview(S, foff, flen, F_V)\n"
            "    rhs = fview(S, foff, flen, F_RHS)\n    d = fview(S, foff, flen, F_D)\n"
            "    area = fview(S, foff, flen, _F_AREA)\n")
    deco = "\n\n@njit(cache=True, error_model=\"numpy\")\n"
    lines.append(deco + "def user_currents(S, foff, flen, U):\n" + head
                 + "    celsius = U[2][U[2].shape[0] - 1]\n    user_ions(U, celsius, False)\n"
                 + "\n".join(calls["current"]))
    lines.append(deco + "def user_states(S, foff, flen, U):\n" + head
                 + "    celsius = U[2][U[2].shape[0] - 1]\n" + "\n".join(calls["state"]))
    lines.append(deco + "def user_initial(S, foff, flen, U, celsius):\n" + head
                 + "    U[2][U[2].shape[0] - 1] = celsius\n    user_ions(U, celsius, True)\n"
                 + "\n".join(calls["initial"]))
    return "\n".join(lines) + "\n"
