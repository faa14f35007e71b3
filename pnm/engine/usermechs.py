"""Mechanisms compiled from .mod files (pnm.nmodl) in the engine: users' and the built-in
membrane mechanisms (hh, pas, IClamp, ExpSyn, ... from pnm/mod/, see stdmechs.py).

The model's catalogue (model/mechanisms.py: USER) holds each loaded mechanism's generated
module. For each mechanism this module writes its hook (userhooks.py): one function of a fixed
signature that reads the mechanism's arrays from UD and, by phase, calls its `current`,
`state` or `initial` kernel (docs/nmodl_frontend.md); one file per mechanism, next to the
mechanism's module, compiled once and cached on disk by numba. The stepper calls the hooks, in
NEURON's order (ions first, then mechanisms in catalogue order), through the hook table
(`hook_rows`). U, the
tuple of arrays UD describes, holds:
  U[0] celsius float64[1], U[1] node diameters, then per ion
  (na_ion, k_ion, ca_ion, ... with instances) its block, globals and style (ions.py), then
  per mechanism inst, glob, tab, node_index, ion_index, work, events, n_events, wrote,
  wrote_u (the U index of each ion in `wrote`), runs (runtime.node_runs of node_index: the
  kernels current_runs and state_runs go over runs of instances at consecutive nodes).
Ions live in S like any mechanism's fields (rows e, ci, co, i, didv: seg.cai, seg._ref_cai);
the kernels get S as their ion_values and S indices in ion_index.
A model without such mechanisms passes no hooks (U = ())."""

import hashlib
import importlib.util
import os
import re
import sys
import textwrap

import numpy as np

from .ions import EADVANCE
from .kernelcache import sources_digest
from ..model import mechanisms as mechs
from ..nmodl.runtime import node_runs, uses_runge
from ..util import atomic_write

PER_ION = 3      # U entries per ion: block int64[base, n], globals, style int64[n]
PER_MECH = 11    # inst, glob, tab, node_index, ion_index, work, events, n_events, wrote, wrote_u,
#                  runs
WROTE = 8        # the place of `wrote` in a mechanism's part (wrote_u follows)
RUNS = 10        # the place of `runs` in a mechanism's part
HEAD = 2         # celsius float64[1], node diameters


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
    block = np.concatenate(([base, n, np.count_nonzero(style & EADVANCE)],
                            dens.nodes)).astype(np.int64)    # (ions.py)
    return [block, mechs.ION_GLOBALS[ion], style], at_node


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
    eng.user_ion_u = {name[:-4]: HEAD + PER_ION * k for k, name in enumerate(ions)}
    user = [np.zeros(1), np.asarray(node_diam, dtype=float)]
    for name in ions:
        user += ions[name][0]
    for name, dens, start in mech_entries:
        module, n = mechs.USER[name], len(dens.inst)
        inst = eng.S[start:start + len(module.FIELDS) * n].reshape(len(module.FIELDS), n)
        node_index = np.ascontiguousarray(dens.nodes, dtype=np.int64)   # node of instance j
        ion_index = np.zeros((len(module.ION_COLUMNS), n), dtype=np.int64)
        for c, (ion, var) in enumerate(module.ION_COLUMNS):
            if ion == "<pointer>":
                ion_index[c] = density_pointer_slots(eng, dens, var)
                continue
            (block, _g, _s), at_node = ions[ion + "_ion"]
            ion_index[c] = block[0] + ion_row(ion, var) * block[1] + at_node[node_index]
        wrote = np.array([ions[ion + "_ion"][1][node_index] for ion in wrote_ions(module)],
                         dtype=np.int64).reshape(-1, n)
        user += [inst, mechs.USER_GLOBALS[name], mechs.user_table(name), node_index, ion_index,
                 np.zeros(module.WORK_SHAPE), np.zeros((1024, 4)), np.zeros(1, dtype=np.int64),
                 wrote, wrote_u(module, eng.user_ion_u), node_runs(node_index)]
    return tuple(user)


def pointer_slot(eng, var):
    """The S slot of the variable POINTER var (pointers.PointerVar) points at; a clear error
    when it is unset or points outside this rank's simulation."""
    target = var.target()
    if target is None:
        raise RuntimeError(str(var.unset_error()))
    try:
        return eng.slot(target)
    except (ValueError, ReferenceError):
        raise RuntimeError(f"{var.describe()}: POINTER {var.name} of {var.mech} points at a "
                           "variable that is not part of this rank's simulation (its section "
                           "was deleted, or it lives on another MPI rank: pnm's pointers are "
                           "rank-local, as NEURON's; values from other ranks need "
                           "ParallelContext.source_var/target_var, into an ASSIGNED "
                           "variable); set the pointer again") from None


def density_pointer_slots(eng, dens, name):
    """The S slot each instance of density mechanism dens's POINTER `name` points at."""
    from ..model.pointers import DensityPointer
    out = np.zeros(len(dens.inst), dtype=np.int64)
    bounds = dens.bounds
    for sec, a, b in zip(dens.sections, bounds[:-1].tolist(), bounds[1:].tolist()):
        for iseg, k in enumerate(dens.inst[a:b].tolist()):
            var = DensityPointer(sec, (iseg + 0.5) / sec.nseg, dens.name, name)
            out[k] = pointer_slot(eng, var)
    return out


def wrote_u(module, ion_u):
    """The U index of each ion block in the mechanism's `wrote` (-1: that ion has no instance
    on this rank, so neither has the mechanism)."""
    return np.array([ion_u.get(ion, -1) for ion in wrote_ions(module)], dtype=np.int64)


def wrote_ions(module):
    """The ions whose concentration a mechanism writes (NEURON calls nrn_wrote_conc for
    them after its INITIAL)."""
    out = []
    for ion, _read, write, _valence in module.IONS:
        names = mechs.ION_FIELDS[ion]
        if names[1] in write or names[2] in write:
            out.append(ion)
    return out


def hook_rows(eng, names, ions):
    """The hook table's rows (userhooks.py) of the ions and the density mechanisms: U as
    make_user_arrays laid it out."""
    from . import userhooks as uh
    rows = [(uh.PH_ION, 0, eng.user_ion_u[ion[:-4]], 0, 0, (-1, -1)) for ion in ions]
    first = HEAD + PER_ION * len(ions)
    for k, name in enumerate(names):
        b = first + PER_MECH * k
        address = mechanism_hook(mechs.USER[name], eng.user[b:b + PER_MECH], WROTE, RUNS)
        rows += [(phase, address, b, 0, 0, catalogue_place(name))
                 for phase in density_phases(mechs.USER[name])]
        eng.ode_hook_parts.append((name, b, 0, 0, PER_MECH, WROTE, RUNS))
    return rows


def density_phases(module):
    """The hook phases of a mechanism's kernels: current (unless an ARTIFICIAL_CELL, which has
    no membrane, or a BREAKPOINT without currents, which runs in the state step), state (unless it has no state step: pas, IClamp; a call of nothing costs a
    hook call per step) and initial."""
    from . import userhooks as uh
    current = [] if module.KIND == "artificial_cell" or \
        getattr(module, "NO_CURRENT_STEP", False) else [uh.PH_CURRENT]
    if getattr(module, "NO_STATE_STEP", False):
        return current + [uh.PH_INITIAL]
    return current + [uh.PH_STATE, uh.PH_INITIAL]


def ode_phases(module):
    """The variable step's phases of a mechanism (its states' derivatives and their part of
    the Newton solve), when its module has them (nmodl/cvodegen.py)."""
    from . import userhooks as uh
    ode = [uh.PH_ODE_SPEC, uh.PH_ODE_MATSOL] if getattr(module, "ODE_STATES", None) else []
    return ode + ([uh.PH_ODE_SYNONYM] if getattr(module, "ODE_SYNONYM", False) else [])


def ode_hook_rows(eng):
    """The hook table's rows of the variable step's phases, for the parts hook_rows and
    userpoints.hook_rows noted in eng.ode_hook_parts: a second hook per mechanism, compiled
    only when a model runs under the variable step (most never do, and its two kernels per
    mechanism were a third of a mechanism's first compile)."""
    rows = []
    for name, b, g, m, width, wrote_at, runs_at in eng.ode_hook_parts:
        module = mechs.USER[name]
        phases = ode_phases(module)
        if phases:
            address = mechanism_hook(module, eng.user[b:b + width], wrote_at, runs_at, ode=True)
            rows += [(phase, address, b, g, m, catalogue_place(name)) for phase in phases]
    return rows


def catalogue_place(name):
    """Where NEURON calls a mechanism in a phase (rows sort by it), density and point alike:
    its memb_order_, the mechanisms that write an ion concentration first, then the others,
    each in type order (the catalogue's: .mod file names)."""
    return (0 if wrote_ions(mechs.USER[name]) else 1, list(mechs.USER).index(name))


def mechanism_hook(module, part, wrote_at, runs_at, event_branches=None, imports="", ode=False):
    """The native address of a mechanism's hook (userhooks.py), written for the arrays `part`
    (its entries of U, from b) and compiled (or loaded from numba's cache): one function per
    mechanism, its phases as branches. wrote_at, runs_at: the places of `wrote` and `runs` in
    part;
    event_branches(): a point process's {phase: body} (userpoints.py), which needs `imports`;
    ode: the hook of the variable step's phases instead (ode_hook_rows)."""
    from . import userhooks
    kinds = [userhooks.entry_kind(a) for a in part]
    # the hook freezes pnm/engine's constants and inlined functions (layout.py's field ids,
    # the queue, fire...) into its machine code: its name changes with any of those sources
    key = hashlib.sha256("\0".join([sources_digest(), module.__file__,
                                     str(os.path.getmtime(module.__file__)), str(ode)]
                                    + kinds).encode())
    tag = f"{module.MECHANISM}{'_ode' if ode else ''}_{key.hexdigest()[:20]}"
    path = os.path.join(os.path.dirname(module.__file__), "__pnm_hooks__", f"hooks_{tag}.py")
    if not os.path.exists(path):
        branches = density_branches(module, wrote_at, runs_at, ode)
        shared = set(branches)
        if event_branches is not None and not ode:
            branches.update(event_branches())
        _write_atomic(path, hook_source(module, kinds, branches, imports, shared))
    name = "pnm_hooks_" + tag
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        hooks = importlib.util.module_from_spec(spec)
        sys.modules[name] = hooks             # numba's cache finds its functions by module
        spec.loader.exec_module(hooks)
    return userhooks.native_address(sys.modules[name].hook, userhooks.SIG_HOOK)


def _write_atomic(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with atomic_write(path, "w") as f:
        f.write(text)


HOOK_HEAD = """import importlib.util as _ilu
import sys as _sys

from numba import njit

from pnm.engine.ions import wrote_conc
from pnm.engine.layout import F_AREA, F_D, F_DT, F_RHS, F_T, F_V, fview
from pnm.engine.userhooks import SIG_HOOK, kernel_base
from pnm.engine.userhooks import u_f64_1, u_f64_2, u_f64_3, u_i64_1, u_i64_2, u_i64_3
from pnm.nmodl.runtime import runge_t_drift
{extra_imports}

def _load(name, path):
    if name not in _sys.modules:
        spec = _ilu.spec_from_file_location(name, path)
        module = _ilu.module_from_spec(spec)
        spec.loader.exec_module(module)
        _sys.modules[name] = module
    return _sys.modules[name]


_m = _load({name!r}, {path!r})  # {mechanism}


@njit(SIG_HOOK, cache=True, error_model="numpy")
def hook(phase, UD, te, flag, b, g, m, k, nc, row):
"""
NODE_VIEWS = ("    v = fview(S, foff, flen, F_V)\n    rhs = fview(S, foff, flen, F_RHS)\n"
              "    d = fview(S, foff, flen, F_D)\n    area = fview(S, foff, flen, F_AREA)\n"
              "    diam = u_f64_1(UD, 1)\n    dt = S[foff[F_DT]]\n"
              "    celsius = u_f64_1(UD, 0)[0]\n    t = te\n")


def kernel_readers():
    """The hook's lines that read the kernel's arrays (S, foff, ..., spk_n) from UD."""
    from . import userhooks as uh
    return "    kb = kernel_base(UD)\n" + "".join(
        f"    {name} = u_{kind}(UD, kb + {j})\n"
        for j, (name, kind) in enumerate(zip(uh.KERNEL_ARRAYS, uh.KERNEL_KINDS)))
KERNEL_ARGS = "A0, A1, A2, A3, v, area, diam, S, A4, rhs, d, t, dt, celsius, A5, A6, A7"


def readers(kinds):
    """The hook's lines that read its part of U: A<i> = U[b + i]."""
    return "".join(f"    A{i} = {kind}(UD, b + {i})\n" for i, kind in enumerate(kinds))


def density_branches(module, wrote_at, runs_at, ode=False):
    """{phase: the lines of its branch} for current/state/initial (8-space indent), or for
    the variable step's ode_spec/ode_matsol when ode."""
    from . import userhooks as uh
    out = {}
    hooks = [("current", uh.PH_CURRENT), ("state", uh.PH_STATE), ("initial", uh.PH_INITIAL)]
    if ode:
        hooks = [("ode_spec", uh.PH_ODE_SPEC), ("ode_matsol", uh.PH_ODE_MATSOL),
                 ("ode_synonym", uh.PH_ODE_SYNONYM)]
        hooks = [(name, phase) for name, phase in hooks if phase in ode_phases(module)]
    for hook, phase in hooks:
        if hook == "initial":
            body = [f"        _m.initial({KERNEL_ARGS})\n"]
        else:       # over runs of consecutive nodes (module docstring)
            body = [f"        _m.{hook}_runs(A{runs_at}, {KERNEL_ARGS})\n"]
        if hook == "state" and uses_runge(module):
            # NEURON's t after scopmath's runge (runtime.runge_t_drift), for the mechanisms after
            body.append("        S[foff[F_T]] = runge_t_drift(t, dt, A0.shape[1])\n")
        if hook == "initial" and wrote_ions(module):      # nrn_wrote_conc
            body.append(f"        for r in range(A{wrote_at + 1}.shape[0]):\n"
                        f"            u = A{wrote_at + 1}[r]\n            if u >= 0:\n"
                        "                wrote_conc(S, u_i64_1(UD, u), u_f64_1(UD, u + 1), "
                        f"u_i64_1(UD, u + 2), celsius, A{wrote_at}[r])\n")
        out[phase] = body
    return out


def hook_source(module, kinds, branches, imports="", shared=()):
    """The text of a mechanism's hook: one branch per phase (see mechanism_hook), each
    reading first the arrays and node views its lines use (the others would cost loads at
    every call, and the receive branch runs once per event). The phases in `shared` (the
    per-step ones: current, state, initial, or the variable step's) read theirs once, before
    they branch: numba types and lowers those reads once instead of once per phase (a .mod
    mechanism's first compile: pas 3.6 -> 2.3 s CPU)."""
    # a lazy front (pnm.nmodl.lazyfront): the hook reads the kernels' own module, so that
    # numba's cached hook finds it imported
    head = HOOK_HEAD.format(name=getattr(module, "KERNELS_MODULE", module.__name__),
                            path=getattr(module, "KERNELS_FILE", module.__file__),
                            mechanism=module.MECHANISM, extra_imports=imports)
    setup = (kernel_readers() + readers(kinds) + NODE_VIEWS).splitlines(keepends=True)
    lines = [head]
    common = sorted(phase for phase in branches if phase in shared)
    others = sorted(phase for phase in branches if phase not in shared)
    if common:
        test = " or ".join(f"phase == {phase}" for phase in common)
        lines.append(f"    if {test}:\n")
        lines += ["    " + line for line in
                  needed(setup, [line for phase in common for line in branches[phase]])]
        for j, phase in enumerate(common):
            lines.append(f"        {'if' if j == 0 else 'elif'} phase == {phase}:\n")
            lines.append(textwrap.indent("".join(branches[phase]), "    "))
    for j, phase in enumerate(others):
        lines.append(f"    {'if' if j == 0 and not common else 'elif'} phase == {phase}:\n")
        lines += ["    " + line for line in needed(setup, branches[phase])]
        lines += branches[phase]
    return "".join(lines)


def needed(setup, body):
    """The setup lines a branch's body uses, with those they use in turn (in setup order)."""
    used = set(re.findall(r"\w+", "".join(body)))
    keep = set()
    for k in range(len(setup) - 1, -1, -1):   # a line only uses lines above it
        name = setup[k].split("=")[0].strip()
        if name in used:
            keep.add(k)
            used |= set(re.findall(r"\w+", setup[k].split("=", 1)[1]))
    return [line for k, line in enumerate(setup) if k in keep]
