"""The variable-step integrator's kernels of a mechanism (nocmodl's _ode_spec, _ode_matsol and
_ode_synonym: src/nocmodl/deriv.cpp massagederiv/cvode_diffeq, diffeq.ypp, nocpout.cpp
cvode_emit_interface/cvode_conc_map). A BREAKPOINT `SOLVE b` of a DERIVATIVE block, whatever
its METHOD (cnexp, derivimplicit, euler, runge: nocmodl writes the same CVODE functions):

- ode_spec_runs: the block as written, each x' = f storing f in the instance's field "x'"
  (NEURON's Dx), ion values read before it and written concentrations after it;
- ode_matsol_runs: the block's other statements in place, each x' = f replaced by
  x' <- x' / (1 - dt*J), J = df/dx as nocmodl's diffeq.ypp differentiates (dt is then the
  integrator's gamma); where that symbolic derivative is invalid (x inside a function's
  arguments or a denominator) nocmodl's difference quotient ((f(x + .001)) - (f)) / .001;
- ode_synonym_runs: a concentration the mechanism WRITEs without it being a STATE (cad.mod's
  `cai = ca`) set in the ion from the first assignment to it, after each scatter of y.

ODE_STATES lists the states in y's order (NEURON's _slist1: the block's order of x' = ...),
ODE_STATE_IONS the ion column of each state that is an ion concentration (NEURON's ode_map
points y there: cadecay.mod's cai) or -1. A `SOLVE p METHOD after_cvode` PROCEDURE (SEClamp)
has no states in y: its state kernel runs before each step (Cvode::do_nonode), as for a
mechanism without SOLVE. ODE_REFUSED says why a mechanism cannot run under the variable step
yet (the driver refuses it)."""

import struct

from . import ast as A
from .collect import walk_statements
from .cvodekinetic import emit_kinetic_kernels, kinetic_states
from .lower import Field, substitute

DERIVATIVE_METHODS = (None, "cnexp", "derivimplicit", "euler", "runge")


def cvode_form(mech):
    """(states, block, why): the DERIVATIVE block's states in y's order and the block; ([],
    None, None) for a mechanism with no states in y; (None, None, why) when refused."""
    solves = mech.bp_solves
    if not solves:
        return [], None, None
    if len(solves) > 1:
        return None, None, ("it has more than one SOLVE in BREAKPOINT (NEURON: cannot be used "
                            "with CVODE)")
    solve, block = solves[0]
    kind = getattr(block, "kind", "")
    if kind == "PROCEDURE" and solve.method == "after_cvode":
        return [], None, None
    if kind == "PROCEDURE" and solve.method is None:
        return None, None, (f"SOLVE {solve.block} runs a PROCEDURE without METHOD "
                            "after_cvode (NEURON: cannot be used with CVODE)")
    kinetic = kind == "KINETIC" and solve.method in (None, "sparse")
    if not kinetic and (kind != "DERIVATIVE" or solve.method not in DERIVATIVE_METHODS):
        what = f"SOLVE {solve.block}" + (f" METHOD {solve.method}" if solve.method else "")
        return None, None, f"{what} ({kind or 'a block'}) is not covered yet"
    if kinetic:
        return kinetic_states(mech, block), block, None
    states = []
    for stmt in walk_statements(block.body):
        if isinstance(stmt, A.Assign) and isinstance(stmt.target, A.Prime):
            if stmt.target.id in mech.array_sizes:
                return None, None, f"its STATE array {stmt.target.id} is not covered yet"
            if stmt.target.id not in states:
                states.append(stmt.target.id)
    return states, block, None      # a STATE without x' is not in y (nocmodl's _slist)


def _concentrations(mech):
    """{(ion, name)} of the ion concentrations (cai, cao) the mechanism WRITEs."""
    return [(u.ion, n) for u in mech.ions for n in u.write if n in (u.ion + "i", u.ion + "o")]


def synonyms(mech, block):
    """[(ion column, expression)] of the written concentrations that are not STATEs: the
    first assignment to each in the FUNCTIONs, PROCEDUREs and the block (nocpout.cpp
    cvode_conc_map); None and the name when one has none (nocmodl's error too)."""
    out = []
    bodies = sorted(list(mech.callables.values()) + [block], key=lambda c: c.line)
    for ion, name in _concentrations(mech):
        if name in mech.state_names:
            continue
        found = next((s.expr for c in bodies for s in walk_statements(c.body)
                      if isinstance(s, A.Assign) and isinstance(s.target, A.Name)
                      and s.target.id == name), None)
        if found is None:
            return None, name
        out.append((mech.ion_columns.index((ion, name)), found))
    return out, None


def _c_float(x):
    """x rounded to a C float (single precision)."""
    return struct.unpack("f", struct.pack("f", x))[0]


def add_derivative_fields(mech):
    """A field "x'" per state in y (NEURON's Dx), unless there is one already."""
    states, _, _ = cvode_form(mech)
    for name in states or ():
        if f"{name}'" not in mech.field_index:
            mech.fields.append(Field(f"{name}'", "derivative", 0.0, range_var=False))
            mech.field_index[f"{name}'"] = len(mech.fields) - 1


def nocmodl_derivative(e, state):
    """(d e / d state or None when it is 0, valid) as nocmodl's diffeq.ypp writes it: the
    same operations in the same order (a product rule term (de1)*(e2) + (e1)*(de2), a
    quotient only with state in the numerator: (de1) / e2); state inside a function's
    arguments or a denominator makes it invalid (nocmodl then takes a difference quotient)."""
    if isinstance(e, A.Name):
        return (A.Num(1.0, "1.0") if e.id == state else None), True
    if isinstance(e, (A.Num, A.Index, A.Prime, A.Str)):
        return None, True
    if isinstance(e, A.Neg):
        d, ok = nocmodl_derivative(e.operand, state)
        return (A.Neg(d) if d is not None else None), ok
    if isinstance(e, A.Call) or (isinstance(e, A.BinOp) and e.op == "^"):
        args = e.args if isinstance(e, A.Call) else (e.left, e.right)
        ok = all(nocmodl_derivative(a, state) == (None, True) for a in args)
        return None, ok
    if not isinstance(e, A.BinOp) or e.op not in "+-*/":
        return None, False
    d1, ok1 = nocmodl_derivative(e.left, state)
    d3, ok3 = nocmodl_derivative(e.right, state)
    ok = ok1 and ok3
    if e.op in "+-":
        if d1 is not None and d3 is not None:
            return A.BinOp(e.op, d1, d3), ok
        if d3 is not None and e.op == "-":
            return A.Neg(d3), ok
        return (d1 if d1 is not None else d3), ok
    if e.op == "*":
        if d1 is not None and d3 is not None:
            return A.BinOp("+", A.BinOp("*", d1, e.right), A.BinOp("*", e.left, d3)), ok
        if d1 is not None:
            return A.BinOp("*", d1, e.right), ok
        return (A.BinOp("*", e.left, d3) if d3 is not None else None), ok
    if d3 is not None:            # state in a denominator
        return None, False
    return (A.BinOp("/", d1, e.right) if d1 is not None else None), ok


def jacobian_term(f, state):
    """J of x' <- x' / (1. - dt*J) (deriv.cpp cvode_diffeq): the symbolic derivative, else
    ((f(state + .001)) - (f)) / .001."""
    d, ok = nocmodl_derivative(f, state)
    if ok:
        return d if d is not None else A.Num(0.0, "0.0")
    moved = substitute(f, state, A.BinOp("+", A.Name(state), A.Num(.001, ".001")))
    return A.BinOp("/", A.BinOp("-", moved, f), A.Num(.001, ".001"))


def emit_kernels(k):
    """ode_spec_runs / ode_matsol_runs / ode_synonym_runs (or none) and ODE_STATES,
    ODE_STATE_IONS, ODE_REFUSED, ODE_SYNONYM into the module being generated; k is
    codegen's kernel writer."""
    em, mech = k.em, k.mech
    states, block, why = cvode_form(mech)
    links = []
    if block is not None:
        links, missing = synonyms(mech, block)
        if missing:
            states, block, why = None, None, (f"it WRITEs {missing} without it being a STATE "
                                              "or assigned (nocmodl's error under CVODE)")
    em.emit(f"ODE_STATES = {states!r}", 0)
    em.emit(f"ODE_REFUSED = {why!r}", 0)
    conc = dict((n, ion) for ion, n in _concentrations(mech))
    # a concentration STATE's factor is the ion variable's (cvode.atolscale; nocmodl leaves
    # its <tolerance>
    # out of _hoc_state_tol); NEURON keeps a STATE's <tolerance> as a C float (HocStateTolerance:
    # cvode.atolscale("ca_cad") answers 9.999999747378752e-06 for <1e-5>)
    tolerance = {d.name: d.tolerance for d in mech.state_decls if d.name not in conc}
    em.emit(f"ODE_TOLERANCES = {[_c_float(tolerance.get(s.split('[')[0]) or 1.0) for s in states or ()]!r}",
            0)
    em.emit(f"ODE_STATE_IONS = {[mech.ion_columns.index((conc[s], s)) if s in conc else -1 for s in states or ()]!r}", 0)   # noqa: E501
    em.emit(f"ODE_SYNONYM = {bool(links)!r}", 0)
    if not states:
        return
    if block.kind == "KINETIC":
        emit_kinetic_kernels(k, block)
    else:
        _derivative_kernels(k, states, block)
    if links:
        d = k.head("ode_synonym_runs", runs=True)
        for col, e in links:
            em.emit(f"ion_values[ion_index[{col}, i]] = {em.expr(e)}", d)
        em.emit("", 0)


def _derivative_kernels(k, states, block):
    """ode_spec_runs and ode_matsol_runs of a DERIVATIVE block."""
    em, mech = k.em, k.mech
    rows = {s: mech.field_index[s + "'"] for s in states}

    def spec(stmt, depth):
        if not isinstance(stmt.target, A.Prime):
            return em.assign(stmt, depth)
        em.emit(f"inst[{rows[stmt.target.id]}, i] = {em.expr(stmt.expr, stmt.line)}", depth)

    def matsol(stmt, depth):
        if not isinstance(stmt.target, A.Prime):
            return em.assign(stmt, depth)
        row, j = rows[stmt.target.id], jacobian_term(stmt.expr, stmt.target.id)
        em.emit(f"inst[{row}, i] = inst[{row}, i] / (1. - dt*({em.expr(j, stmt.line)}))", depth)

    for name, hook, write_back in (("ode_spec_runs", spec, True),
                                   ("ode_matsol_runs", matsol, False)):
        d = k.head(name, hooks={A.Assign: hook}, runs=True)
        for s in states:
            em.formals[s + "'"] = f"inst[{rows[s]}, i]"
        em.block(block.body, d)
        if write_back:        # _ode_matsol reads the ions and writes none back
            k.epilogue(d)
        em.emit("", 0)
