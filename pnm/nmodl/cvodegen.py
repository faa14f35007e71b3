"""The variable-step integrator's kernels of a mechanism (nocmodl's _ode_spec and _ode_matsol,
src/nmodl/deriv.cpp and cvodeobj output): for a DERIVATIVE block solved by cnexp,

- ode_spec_runs: the block with each x' = f as x' <- f (the state's derivative, kept in the
  instance's field "x'", NEURON's Dx), after the block's other statements (rates(v));
- ode_matsol_runs: the block's other statements again, then x' <- x' / (1 - dt*B) with B the
  linear coefficient of f in x (nocmodl's `Dm = Dm / (1. - dt*((-1.0)/mtau))`); dt is then
  the integrator's gamma.

ODE_STATES lists the states in the integrator's order (NEURON's _slist1: the block's order);
ODE_REFUSED says why a mechanism with states has no such kernels (the driver refuses it)."""

from .lower import Field, derivative, simplify


def cvode_states(mech):
    """(states, None) when the kernels can be written, else (None, why)."""
    if not mech.state_names:
        return [], None
    if mech.solves or mech.steady_solves:
        methods = sorted({s.method for s in mech.solves + mech.steady_solves})
        return None, f"its states are solved by {', '.join(methods)}"
    cnexp = [u for u in mech.state_updates if u.method == "cnexp" and u.rhs is not None]
    if not cnexp or len(cnexp) != len(mech.state_updates):
        return None, "only DERIVATIVE blocks solved by cnexp (x' = f linear in x) are covered"
    if sorted(u.state for u in cnexp) != sorted(mech.state_names):
        return None, "not every STATE is set by its cnexp DERIVATIVE block"
    ion_vars = {n for use in mech.ions for n in list(use.read) + list(use.write)}
    if ion_vars & set(mech.state_names):
        return None, (f"its STATE {sorted(ion_vars & set(mech.state_names))[0]} is an ion "
                      "variable (NEURON integrates it in the ion through ode_synonym)")
    return [u.state for u in cnexp], None


def add_derivative_fields(mech):
    """A field "x'" per cnexp state (NEURON's Dx), unless there is one already."""
    states, _ = cvode_states(mech)
    for name in states or ():
        if f"{name}'" not in mech.field_index:
            mech.fields.append(Field(f"{name}'", "derivative", 0.0, range_var=False))
            mech.field_index[f"{name}'"] = len(mech.fields) - 1


def _coefficient(update):
    """B = df/dx of x' = f, as lower.cnexp_update derives it for the fixed step."""
    return simplify(derivative(update.rhs, update.state))


def emit_kernels(k):
    """ode_spec_runs / ode_matsol_runs (or none) and ODE_STATES / ODE_REFUSED into the module
    being generated; k is codegen's kernel writer."""
    em, mech = k.em, k.mech
    states, why = cvode_states(mech)
    em.emit(f"ODE_STATES = {states!r}", 0)
    em.emit(f"ODE_REFUSED = {why!r}", 0)
    tolerance = {d.name: d.tolerance for d in mech.state_decls}
    em.emit(f"ODE_TOLERANCES = {[tolerance.get(s) or 1.0 for s in states or ()]!r}", 0)
    if not states:
        return
    updates = {u.state: u for u in mech.state_updates}
    d = k.head("ode_spec_runs", runs=True)
    em.block(mech.solve_prelude, d)
    for name in states:
        em.emit(f"inst[{mech.field_index[name + chr(39)]}, i] = "
                f"{em.expr(updates[name].rhs)}", d)
    k.epilogue(d)
    em.emit("", 0)
    d = k.head("ode_matsol_runs", runs=True)
    em.block(mech.solve_prelude, d)
    for name in states:
        b = _coefficient(updates[name])
        row = mech.field_index[name + chr(39)]
        em.emit(f"inst[{row}, i] = inst[{row}, i] / (1. - dt*({em.expr(b)}))", d)
    k.epilogue(d)
    em.emit("", 0)
