"""Stage 4: Mechanism -> Python source of numba kernels with one fixed interface.

Every kernel takes the same arguments (structure-of-arrays; no Python objects):
    inst        float64[n_fields, n_instances]   rows in Mechanism.fields order
    glob        float64[n_globals]               Mechanism.globals order
    tab         float64[n_table_rows, width]     TABLE storage (rows from TABLE_LAYOUT)
    node_index  int64[n_instances]               node of each instance
    node_v      float64[n_nodes]                 membrane potential (mV)
    node_area   float64[n_nodes]                 um2 (point processes scale by 1e2/area)
    node_diam   float64[n_nodes]                 um
    ion_values  float64[:]                       the engine's ion storage, flat
    ion_index   int64[n_ion_columns, n_instances] where each Mechanism.ion_columns value sits
    node_rhs, node_d  float64[n_nodes]           current kernel: rhs -= i, d += di/dv
    t, dt, celsius    float64
    work        float64[WORK_SHAPE]              scratch for derivimplicit/sparse/runge
    events      float64[capacity, 4], n_events int64[1]   the event buffer (runtime.py)
Kernels: initial, current, state, net_receive, net_init, watch_check (netrecv.py). NEURON's
order of operations is followed: ion values are copied into the instance before a block runs,
written concentrations copied back after it, currents added by the current kernel.
"""
from __future__ import annotations

import os
import re

from . import ast as A
from . import cvodegen
from .emit import CALL_ARGS, JIT, JIT_INLINE, CodegenError, Emitter
from .lower import Mechanism
from .netrecv import NetReceiveEmitter, initial_event_hooks
from .solvers import LINALG, generate_solver, work_shape
from .tables import CALL_ARGS_MARK, FILL, SPILL, emit_callable, inline_lookup, table_layout

ARGS = ("inst, glob, tab, node_index, node_v, node_area, node_diam, ion_values, ion_index, "
        "node_rhs, node_d, t, dt, celsius, work, events, n_events")
RUN_ARGS = "runs, " + ARGS     # current_runs, state_runs: runs int64[n_runs, 3] (node_runs)
RUNTIME = ("node_runs, push_event, nernst_ as rt_nernst, ghk_ as rt_ghk, "
           "random123_negexp as rt_negexp, random123_negexp1 as rt_negexp1, "
           "random123_uniform as rt_uniform, random123_uniform2 as rt_uniform2, "
           "random123_normal as rt_normal, random123_normal2 as rt_normal2, "
           "random123_setseq as rt_setseq, random123_setids as rt_setids, function_table, "
           "scop_random_ as rt_scop_random, scop_set_seed_ as rt_set_seed, "
           "scop_exprand_ as rt_exprand, scop_normrand_ as rt_normrand, printf_ as rt_printf, "
           "fflush_ as rt_fflush, at_time_, vector_element_ as rt_vector_element")

__all__ = ["ARGS", "CodegenError", "generate"]


def _reads(mech):
    """Ion columns copied into the instance before a block (nocmodl's get_ion_variables):
    read ions and written concentrations, POINTERs, and a current the mechanism also READs
    (cabpump's READ ica WRITE ica: nocmodl's `ica = _ion_ica`, the ion's total so far). A
    reversal potential written and not read (WRITE ena) is the mechanism's own value, never
    read from the ion: with no INITIAL assigning it, finitialize writes that value (0 at
    first) to the ion, as NEURON's nrn_init."""
    read = {n for use in mech.ions for n in use.read}
    out = []
    for col, (ion, name) in enumerate(mech.ion_columns):
        if name not in mech.field_index or (name in mech.currents and name not in read):
            continue
        if name == f"e{ion}" and name not in read:
            continue
        out.append((col, name))
    return out


def _writes(mech):
    """Written ion values other than currents, and the POINTERs the code assigns: copied
    back after a block."""
    written = {n for use in mech.ions for n in use.write} | mech.written_pointers
    return [(col, name) for col, (ion, name) in enumerate(mech.ion_columns)
            if name in mech.field_index and name in written and name not in mech.currents]


class _Kernels:
    def __init__(self, mech):
        self.mech = mech
        self.em = Emitter(mech)
        self.em.callable_hooks = {A.Solve: lambda s, depth: self.em.emit(
            f"steady_{s.block}({CALL_ARGS}, np.zeros(WORK_SHAPE))", depth)}

    def prologue(self, depth, node="node_index[i]"):
        em, mech = self.em, self.mech
        if mech.kind == "artificial_cell":
            em.emit("v = 0.0", depth)
        else:
            em.emit(f"node = {node}", depth)
            em.emit("v = node_v[node]", depth)
            em.formals.setdefault("area", "node_area[node]")
            em.formals.setdefault("diam", "node_diam[node]")
        self.load_at = len(em.lines)        # where promoted fields are loaded (promote)
        if mech.kind != "artificial_cell":
            for f in mech.fields:
                if f.kind == "geometry":
                    em.emit(f"{em.field(mech.field_index[f.name])} = node_{f.name}[node]", depth)
        for col, name in _reads(mech):
            em.emit(f"{em.name(name)} = ion_values[ion_index[{col}, i]]", depth)

    def epilogue(self, depth):
        for col, name in _writes(self.mech):
            self.em.emit(f"ion_values[ion_index[{col}, i]] = {self.em.name(name)}", depth)

    def check_tables(self, depth):
        """NEURON checks a vectorized mechanism's TABLEs before each kernel (nrn_init too);
        a non-vectorized one's at each call of the function only (tables.py)."""
        em = self.em
        if not self.mech.vectorized:
            return
        for spec in self.mech.tables:
            em.emit(f"if n > 0 and {em.name('usetable')} != 0.0:", depth)
            em.emit(f"check_{spec.owner}(inst, glob, tab, 0, 0.0, t, dt, celsius)", depth + 1)

    def head(self, name, hooks=None, runs=False, promote=False):
        """A kernel's head, up to the loop body; returns the body's depth. runs: the loop
        goes over runs of instances at consecutive nodes (RUN_ARGS), so that the body reads
        and writes contiguous memory (numba vectorizes pas' current, for one). promote: the
        body keeps the instance's fields in locals (see `promoted`). The kernels are inlined
        into the mechanism's hook by numba (inline='always'): compiled once there instead of
        once alone and again inside the hook (a mechanism's first compile ~35 % shorter)."""
        em = self.em
        em.reset(hooks=hooks)
        em.promoted = set() if promote else None
        em.emit(JIT_INLINE, 0)
        em.emit(f"def {name}({RUN_ARGS if runs else ARGS}):", 0)
        em.emit("n = node_index.shape[0]", 1)
        self.check_tables(1)
        if not runs:
            em.emit("for i in range(n):", 1)
            self.prologue(2)
            return 2
        em.emit("for run in range(runs.shape[0]):", 1)
        em.emit("run_node = runs[run, 0]", 2)
        em.emit("run_i = runs[run, 1]", 2)
        em.emit("if run_node < 0 or run_i < 0:    # never; LLVM then knows the indices are", 2)
        em.emit("continue                        # >= 0 (numba leaves out its wraparound)", 3)
        em.emit("for run_k in range(runs[run, 2]):", 2)
        em.emit("i = run_i + run_k", 3)
        self.prologue(3, "run_node + run_k")
        return 3

    def drop_unread_ions(self, body):
        """A state kernel's reads of ion variables its body never uses (hh's ena, ek): they
        would only refresh the instance's own copy, which the next current or INITIAL reads
        again (the ion's value cannot change between a step's currents and its states)."""
        keep = []
        for k, line in enumerate(body):
            m = re.match(r"\s*p_(\d+) = ion_values\[ion_index\[\d+, i\]\]$", line)
            used = m and any(re.search(rf"\bp_{m.group(1)}\b", other)
                             for j, other in enumerate(body) if j != k)
            if not m or used:
                keep.append(line)
        self.em.lines[self.load_at:] = keep
        return keep

    def promoted(self, start, depth, unread_ions=False):
        """Finish a kernel whose body kept fields in locals p_<row>: load them after the
        node's v, store those the body assigns after it; numba cannot tell that inst, the
        node arrays and ion_values (all of them parts of S) do not overlap, so it would load
        and store every inst[row, i] each time it appears. Only when nothing else in the body
        reaches inst (a FUNCTION, PROCEDURE or solver call, an array field, a RANDOM; the
        memo's fields stay in inst, see `memo`) and no POINTER could point into it: else
        False, and the caller writes the kernel again (from line `start`) without."""
        em = self.em
        body = em.lines[self.load_at:]
        if self.mech.pointers or any(self.reaches_inst(line) for line in body):
            del em.lines[start:]
            return False
        if unread_ions:
            body = self.drop_unread_ions(body)
        written = sorted({int(r) for line in body for r in re.findall(r"\bp_(\d+) = ", line)})
        em.lines[self.load_at:self.load_at] = ["    " * depth + f"p_{row} = inst[{row}, i]"
                                               for row in sorted(em.promoted)]
        for row in written:
            em.emit(f"inst[{row}, i] = p_{row}", depth)
        em.lines[start:] = [self.unmark(line) for line in em.lines[start:]]
        return True

    def reaches_inst(self, line):
        """Whether a kernel line reaches inst other than through the memo's fields."""
        memo = self.mech.memo
        rows = {row for _, row in memo.keys} | {row for row, _ in memo.values} if memo else ()
        return any(m.group(2) is None or int(m.group(2)) not in rows
                   for m in re.finditer(r"\binst\b(\[(\d+), i\])?", line))

    def unmark(self, line):
        """tables.inline_lookup's marks: spill to inst / fill from it, the call's arguments."""
        indent = line[:len(line) - len(line.lstrip())]
        rows = sorted(self.em.promoted)
        if line.strip() == SPILL:
            return "\n".join(f"{indent}inst[{row}, i] = p_{row}" for row in rows)
        if line.strip() == FILL:
            return "\n".join(f"{indent}p_{row} = inst[{row}, i]" for row in rows)
        return line.replace(CALL_ARGS_MARK, CALL_ARGS)

    def over_runs(self, name):
        """`name`(ARGS) for callers without runs (tests): name_runs over runtime.node_runs."""
        em = self.em
        em.emit(JIT, 0)
        em.emit(f"def {name}({ARGS}):", 0)
        em.emit(f"{name}_runs(node_runs(node_index), {ARGS})", 1)
        em.emit("", 0)

    def initial(self):
        em = self.em
        hooks = dict(initial_event_hooks(em))
        hooks[A.Solve] = lambda s, depth: em.emit(f"steady_{s.block}({CALL_ARGS}, work)", depth)
        d = self.head("initial", hooks)
        for f in self.mech.fields:      # nocmodl's initmodel: each STATE s = s0 first
            if f.kind == "state":
                base = f.name.split("[")[0]
                start = em.name(base + "0") if base + "0" in self.mech.global_index or \
                    base + "0" in self.mech.field_index else repr(float(f.default))
                em.emit(f"inst[{self.mech.field_index[f.name]}, i] = {start}", d)
        em.block(self.mech.initial, d)
        self.epilogue(d)
        em.emit("", 0)

    def current_body(self, depth):
        self.em.block(self.mech.breakpoint, depth)
        terms = [self.em.name(c) for c in self.mech.currents + self.mech.electrode_currents]
        return " + ".join(terms) if terms else "0.0"

    def empty_kernel(self, name, flag):
        """`name`_runs doing nothing, and the module flag that tells the engine to skip it."""
        em = self.em
        em.reset()
        em.emit(JIT, 0)
        em.emit(f"def {name}_runs({RUN_ARGS}):", 0)
        em.emit("pass", 1)
        em.emit("", 0)
        em.emit(flag, 0)
        self.over_runs(name)

    def has_current(self):
        return bool(self.mech.currents or self.mech.electrode_currents)

    def current(self, promote=True):
        em, mech = self.em, self.mech
        if mech.kind != "artificial_cell" and not self.has_current():
            # nocmodl writes no nrn_cur for a BREAKPOINT without currents: its statements
            # run in nrn_state, after the SOLVE (state below)
            self.empty_kernel("current", "NO_CURRENT_STEP = True    # the engine need not "
                              "call current_runs")
            return
        start = len(em.lines)
        d = self.head("current_runs", runs=True, promote=promote)
        if mech.kind == "artificial_cell":
            em.emit("continue", d)
        em.emit("v_node = v", d)
        em.emit("v = v_node + 0.001", d)
        em.emit(f"g_total = {self.current_body(d)}", d)
        ion_currents = [(c, n) for c, (ion, n) in enumerate(mech.ion_columns)
                        if n in mech.currents]
        for _, name in ion_currents:
            em.emit(f"d_{name} = {em.name(name)}", d)
        em.emit("v = v_node", d)
        em.emit(f"i_total = {self.current_body(d)}", d)
        em.emit("g_total = (g_total - i_total) / 0.001", d)
        # nocmodl's set_ion_variables(0) after the currents: the ion values (ek, cai, ...)
        # and POINTERs the BREAKPOINT assigned
        for col, name in _writes(mech):
            em.emit(f"ion_values[ion_index[{col}, i]] = {em.name(name)}", d)
        scale = "1.e2 / node_area[node]" if mech.kind == "point_process" else "1.0"
        em.emit(f"scale = {scale}", d)
        for col, name in ion_currents:
            dcol = mech.ion_columns.index((mech.ion_columns[col][0], f"d{name}dv"))
            em.emit(f"ion_values[ion_index[{dcol}, i]] += (d_{name} - {em.name(name)}) / "
                    "0.001 * scale", d)
            em.emit(f"ion_values[ion_index[{col}, i]] += {em.name(name)} * scale", d)
        # nocmodl: an ELECTRODE_CURRENT mechanism adds its current (rhs += i, d -= g)
        sign = ("+", "-") if mech.electrode_currents else ("-", "+")
        em.emit(f"node_rhs[node] {sign[0]}= i_total * scale", d)
        em.emit(f"node_d[node] {sign[1]}= g_total * scale", d)
        if promote and not self.promoted(start, d):
            return self.current(promote=False)
        em.emit("", 0)
        self.over_runs("current")

    def memo(self, d):
        """The state updates' invariant parts again when a value they depend on changed
        (memo.py). Read and written in inst, also in a kernel that keeps the other fields in
        locals: loaded and stored at every step with them, ExpSyn's step took 2.7 times as
        long."""
        em, memo = self.em, self.mech.memo
        if memo is None:
            return
        keys = [(em.name(name), f"inst[{row}, i]") for name, row in memo.keys]
        em.emit("if " + " or ".join(f"{kept} != {now} or {now} == 0.0" for now, kept in keys)
                + ":", d)
        for now, kept in keys:
            em.emit(f"{kept} = {now}", d + 1)
        for row, e in memo.values:
            em.emit(f"inst[{row}, i] = {em.expr(e)}", d + 1)

    def state(self, promote=True):
        em, mech = self.em, self.mech
        breakpoint_here = mech.kind != "artificial_cell" and not self.has_current() and \
            bool(mech.breakpoint)
        if not (mech.solve_prelude or mech.state_updates or mech.solves or mech.tables or
                _reads(mech) or _writes(mech) or breakpoint_here):
            self.empty_kernel("state", "NO_STATE_STEP = True      # the engine need not "
                              "call state_runs")     # nothing to do per instance (pas, IClamp)
            return
        start = len(em.lines)
        lookup = {A.CallStmt: lambda s, depth: inline_lookup(em, s, depth) or
                  em.call_stmt(s, depth)}
        d = self.head("state_runs", lookup, runs=True, promote=promote)
        em.block(mech.solve_prelude, d)
        self.memo(d)
        euler = [u for u in mech.state_updates if u.method == "euler"]
        for u in euler:
            em.emit(f"new_{u.state} = {em.expr(u.expr)}", d)
        for u in mech.state_updates:
            value = f"new_{u.state}" if u.method == "euler" else em.expr(u.expr)
            em.emit(f"{em.name(u.state)} = {value}", d)
        for spec in mech.solves:
            if spec.method == "procedure":
                em.call_stmt(A.CallStmt(A.Call(spec.block.name, ()), line=spec.line), d)
            else:
                em.emit(f"solve_{spec.block.name}({CALL_ARGS}, work)", d)
        if breakpoint_here:     # nocmodl's nrn_state runs such a BREAKPOINT after its SOLVE
            em.block(mech.breakpoint, d)
        self.epilogue(d)
        if promote and not self.promoted(start, d, unread_ions=True):
            return self.state(promote=False)
        em.emit("", 0)
        self.over_runs("state")


def _function_tables(mech, start):
    """[(name, number of arguments, place of its header)] of the FUNCTION_TABLEs, headers
    from flat place `start` of the table array (pnm.nmodl.runtime); and the place after."""
    out = []
    for c in mech.callables.values():
        if c.kind == "FUNCTION_TABLE":
            if not c.formals:
                raise CodegenError(mech.path, c.line, f"FUNCTION_TABLE {c.name} needs one or "
                                   "more arguments (NEURON's error too)")
            out.append((c.name, len(c.formals), start))
            start += 3 + 4 * len(c.formals)
    return out, start


def _emit_function_table(em, c, ftables):
    head = next(h for name, _n, h in ftables if name == c.name)
    formals = "".join(f", a_{f}" for f in c.formals)
    args = "".join(f"float(a_{f}), " for f in c.formals)
    em.emit(JIT, 0)
    em.emit(f"def {c.name}_({CALL_ARGS}{formals}):", 0)
    em.emit(f"if tab.reshape(-1)[{head}] == 0.0:", 1)
    mech, where = em.mech.name, f"{os.path.basename(em.mech.path)}:{c.line}"
    message = (f"FUNCTION_TABLE {c.name} of {mech} ({where}): table not specified (NEURON: "
               f"table not specified in hoc_func_table); give it before the run with "
               f"h.table_{c.name}_{mech}(...)")
    em.emit(f"raise RuntimeError({message!r})", 2)
    em.emit(f"return function_table(tab, {head}, ({args}))", 1)
    em.emit("", 0)


def _work_shape(mech):
    shapes = [work_shape(s) for s in mech.solves + mech.steady_solves
              if s.method != "procedure"] or [(1, 1)]
    return (max(s[0] for s in shapes), max(s[1] for s in shapes))


def generate(mech: Mechanism, version=""):
    """Python source of the mechanism's kernels (a module importable on its own)."""
    cvodegen.add_derivative_fields(mech)
    k = _Kernels(mech)
    em = k.em
    em.table_layout, rows, width = table_layout(mech)
    ftables, ft_data = _function_tables(mech, rows * width)
    rows = max(rows, -(-ft_data // width))
    em.emit(f'"""Generated by pnm.nmodl {version} from {os.path.basename(mech.path)} '
            f'(sha256 {mech.source_sha256[:16]}); do not edit."""', 0)
    for line in ("import math", "import numpy as np", "from numba import njit",
                 f"from pnm.nmodl.runtime import {RUNTIME}", ""):
        em.emit(line, 0)
    em.emit(f"MECHANISM = {mech.name!r}", 0)
    em.emit(f"KIND = {mech.kind!r}", 0)
    em.emit(f"FIELDS = {[(f.name, f.kind, f.default) for f in mech.fields]!r}", 0)
    em.emit(f"GLOBALS = {[(g.name, g.default) for g in mech.globals]!r}", 0)
    units = {f.name: f.units for f in mech.fields if f.kind not in ("ion_read", "ion_write",
                                                                    "random", "pointer", "memo",
                                                                    "vector")}
    units.update((g.name, g.units) for g in mech.globals if not (g.constant or g.top_local))
    em.emit(f"UNITS = {units!r}", 0)          # h.units("name_mech"), as the .mod declares
    ranges = [f.name for f in mech.fields if f.range_var and f.kind == "parameter"] + \
        [f.name for f in mech.fields if f.range_var and f.kind == "assigned"] + \
        [f.name for f in mech.fields if f.range_var and f.kind == "state"]
    em.emit(f"RANGE_NAMES = {ranges!r}", 0)   # NEURON's order (psection, MechanismStandard)
    hoc_globals = [g.name for g in mech.globals if not (g.constant or g.top_local)]
    em.emit(f"GLOBAL_NAMES = {hoc_globals!r}", 0)
    em.emit(f"ION_COLUMNS = {mech.ion_columns!r}", 0)
    em.emit(f"TABLE_SHAPE = ({rows}, {width})", 0)
    em.emit(f"FUNCTION_TABLES = {ftables!r}", 0)     # (name, arguments, header's place)
    em.emit(f"FT_DATA = {ft_data}", 0)               # the table array's first free place
    em.emit(f"WORK_SHAPE = {_work_shape(mech)!r}", 0)
    nr = mech.net_receive
    em.emit(f"NET_RECEIVE_ARGS = {list(nr.formals) if nr else []!r}", 0)
    em.emit(f"IONS = {[(u.ion, list(u.read), list(u.write), u.valence) for u in mech.ions]!r}",
            0)
    em.emit(f"MOD_FILE = {os.path.basename(mech.path)!r}", 0)
    # its current enters as an electrode's (rhs += i): not part of i_membrane_ (fastimem.py)
    em.emit(f"ELECTRODE_CURRENT = {bool(mech.electrode_currents)!r}", 0)
    # the methods of its state updates other than cnexp: NEURON gives them a Crank-Nicolson
    # step under secondorder (nocmodl deriv.cpp), which pnm does not (the engine refuses)
    methods = {s.method for s in mech.solves if s.method in ("derivimplicit", "runge", "sparse")}
    methods.update(u.method for u in mech.state_updates if u.method == "euler")
    em.emit(f"SECONDORDER_METHODS = {sorted(methods)!r}", 0)
    em.lines.extend(LINALG.splitlines())
    em.emit("", 0)
    tables = {spec.owner: spec for spec in mech.tables}
    for c in mech.callables.values():
        if c.kind == "FUNCTION_TABLE":
            _emit_function_table(em, c, ftables)
            continue
        emit_callable(em, c, tables)
    for spec in mech.solves + mech.steady_solves:
        if spec.method != "procedure":
            generate_solver(em, spec)
    k.initial()
    k.current()
    k.state()
    cvodegen.emit_kernels(k)
    if nr is not None:
        NetReceiveEmitter(em, k.prologue, k.epilogue).generate(ARGS)
    return "\n".join(em.lines) + "\n"
