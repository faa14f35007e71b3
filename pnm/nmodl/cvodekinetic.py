"""A KINETIC scheme (SOLVE ... METHOD sparse) under the variable step, as nocmodl writes it
(src/nocmodl/kinetic.cpp cvode_kinetic, kinetic_intmethod, kinetic_implicit with cvode_flag,
genderivterms, genmatterms; scopmath's _cvode_sparse_thread):

- ode_spec_runs: every Dx = 0, then the block in order: a reaction `~ A + B <-> C (kf, kb)`
  sets f_flux = kf*B*A and b_flux = kb*C (the rates' text pasted before the species:
  kinetic.pasted) and adds -(f_flux - b_flux) to DB, DA and +(f_flux - b_flux) to DC (times a
  stoichiometric coefficient > 1); `~ x << (e)` adds e to Dx; CONSERVE statements are left
  out; after the block each Dx of a COMPARTMENT state is divided by its volume;
- ode_matsol_runs: (I/dt + M) x = Dx/dt with dt the integrator's gamma (rows of COMPARTMENT
  states times their volume), M the reaction terms of the fixed step's matrix for every state
  (no CONSERVE rows), the other statements of the block in place except those that use
  f_flux or b_flux (nocmodl deletes them), solved as NEURON's sparse solver in the minimum
  degree order of this matrix's own structure (sparseorder.py); Dx <- x.

y holds the scheme's states in its row order (kinetic.py: CONSERVE'd states first)."""

import re

from . import ast as A
from .collect import walk_statements
from .emit import Emitter
from .kinetic import KineticEmitter
from .sparseorder import minimum_order


def kinetic_spec(mech, block):
    """The SolveSpec of the BREAKPOINT's SOLVE of this KINETIC block."""
    return next(s for s in mech.solves if s.block is block and s.method == "sparse")


def kinetic_states(mech, block):
    """The scheme's states in y's order (nocmodl's _slist1 of the block)."""
    return KineticEmitter(Emitter(mech), kinetic_spec(mech, block)).order


def _uses_flux_names(stmt):
    names = set()

    def visit(node):
        if isinstance(node, A.Name):
            names.add(node.id)
        elif isinstance(node, (list, tuple)):
            for x in node:
                visit(x)
        elif hasattr(node, "__dataclass_fields__"):
            for f in node.__dataclass_fields__:
                visit(getattr(node, f))
    visit(stmt)
    return bool(names & {"f_flux", "b_flux"})


class CvodeKinetic:
    def __init__(self, k, block):
        self.k, self.em, self.mech = k, k.em, k.mech
        self.kin = KineticEmitter(Emitter(self.mech), kinetic_spec(self.mech, block))
        self.kin.em = self.em          # its expressions into the module being generated
        self.kin.collect_volumes()
        self.name = self.kin.name
        self.order = self.kin.order
        self.row = self.kin.row
        self.deriv = {s: f"inst[{self.mech.field_index[s + chr(39)]}, i]" for s in self.order}

    def _states(self, side):
        """[(coefficient, state)] of a side in nocmodl's order (its term list, last first)."""
        out = []
        for coef, e in reversed(side):
            s = self.kin.species(e)
            if s is not None:
                out.append((int(coef), s))
        return out

    # ---- ode_spec ------------------------------------------------------------------------
    def spec_reaction(self, stmt, depth):
        em, kin = self.em, self.kin
        em.emit(f"l_f_flux = {kin.product(stmt.kf, stmt.lhs, stmt.line)}", depth)
        em.emit(f"l_b_flux = {kin.product(stmt.kb, stmt.rhs, stmt.line)}"
                if stmt.kb is not None else "l_b_flux = 0.0", depth)
        for side, op in ((stmt.lhs, "-"), (stmt.rhs, "+")):
            for num, s in self._states(side):
                times = f"{num}.0 * " if num > 1 else ""
                em.emit(f"{self.deriv[s]} {op}= {times}(l_f_flux - l_b_flux)", depth)

    def spec_flux(self, stmt, depth):
        em = self.em
        states = self._states(stmt.species)
        if len(states) != 1 or states[0][0] != 1:
            em.fail(stmt.line, "~ x << (flux): one STATE of the KINETIC block (nocmodl: flux "
                    "equations involve only one state)")
        em.emit("l_f_flux = 0.0", depth)
        em.emit(f"l_b_flux = {em.expr(stmt.rate, stmt.line)}", depth)
        em.emit(f"{self.deriv[states[0][1]]} += l_b_flux", depth)

    def ode_spec(self):
        em = self.em
        d = self.k.head("ode_spec_runs", hooks={
            A.Reaction: self.spec_reaction, A.Flux: self.spec_flux,
            A.Conserve: lambda s, depth: False, A.Compartment: lambda s, depth: False,
            A.LongitudinalDiffusion: self.kin.ldiffusion}, runs=True)
        em.locals.update(("f_flux", "b_flux"))
        for s in self.order:
            em.emit(f"{self.deriv[s]} = 0.0", d)
        em.block(self.kin.body, d)
        for s in self.order:
            if s in self.kin.volume:
                em.emit(f"{self.deriv[s]} /= ({em.expr(self.kin.volume[s])})", d)
        self.k.epilogue(d)
        em.emit("", 0)

    # ---- ode_matsol ----------------------------------------------------------------------
    def matsol_reaction(self, stmt, depth):
        """genmatterms: d(flux)/d(state) of each state on each side, into every row."""
        em, kin = self.em, self.kin
        sides = ((stmt.lhs, stmt.kf), (stmt.rhs, stmt.kb))
        for j, (side, rate) in enumerate(sides):
            if rate is None:
                continue
            for num, s in self._states(side):
                factors = [A.Num(float(num), str(num))] if num != 1 else []
                term = kin.product(rate, side, stmt.line, skip=s, first=factors)
                em.emit(f"term = {term}", depth)
                for j1, (side1, _) in enumerate(sides):
                    for num1, s1 in self._states(side1):
                        times = f"{num1} * " if num1 != 1 else ""
                        em.emit(f"mat[{self.row[s1]}, {self.row[s]}] {'+' if j == j1 else '-'}"
                                f"= {times}term", depth)

    def matsol_statement(self, stmt, depth):
        """The block's own statements, except those using f_flux or b_flux (nocmodl
        removes them from _ode_matsol)."""
        if _uses_flux_names(stmt):
            return False
        if isinstance(stmt, A.Assign):
            self.em.assign(stmt, depth)
            return True
        return self.em.call_stmt(stmt, depth)

    def ode_matsol(self):
        em, n = self.em, len(self.order)
        hooks = {A.Reaction: self.matsol_reaction, A.Flux: lambda s, depth: False,
                 A.Conserve: lambda s, depth: False, A.Compartment: lambda s, depth: False,
                 A.LongitudinalDiffusion: self.kin.ldiffusion, A.Assign: self.matsol_statement,
                 A.CallStmt: self.matsol_statement}
        for stmt in walk_statements(self.kin.body):
            if not isinstance(stmt, tuple(hooks)) and _uses_flux_names(stmt):
                em.fail(stmt.line, f"KINETIC {self.name}: f_flux or b_flux in a statement "
                        "other than an assignment (nocmodl cuts such a statement apart in "
                        "_ode_matsol); assign it to a LOCAL first")
        d = self.k.head("ode_matsol_runs", hooks=hooks, runs=True)
        em.locals.update(("f_flux", "b_flux"))
        start = len(em.lines)
        em.emit("l_b_flux = 0.0", d)
        em.emit("l_f_flux = 0.0", d)
        em.emit("rhs = work[1]", d)
        em.emit(f"mat = work[8:8 + {n}]", d)
        em.emit("mat[:, :] = 0.0", d)
        em.emit("dt1 = 1.0 / dt", d)
        for s in self.order:
            em.emit(f"rhs[{self.row[s]}] = dt1 * {self.deriv[s]}", d)
            em.emit(f"mat[{self.row[s]}, {self.row[s]}] = dt1", d)
        for s in self.order:
            if s in self.kin.volume:
                vol = em.expr(self.kin.volume[s])
                em.emit(f"rhs[{self.row[s]}] *= ({vol})", d)
                em.emit(f"mat[{self.row[s]}, {self.row[s]}] *= ({vol})", d)
        em.block(self.kin.body, d)
        touched = {(int(r), int(c)) for line in em.lines[start:]
                   for r, c in re.findall(r"\bmat\[(\d+), (\d+)\]", line)}
        em.emit(f"ordered_solve_({n}, mat, rhs, _cvorder_{self.name}, _cvhas_{self.name})",
                d)
        for s in self.order:
            em.emit(f"{self.deriv[s]} = rhs[{self.row[s]}]", d)
        em.emit("", 0)
        order, struct = minimum_order(n, touched)
        has = [[(r, c) in struct for c in range(n)] for r in range(n)]
        em.emit(f"_cvorder_{self.name} = np.array({order}, dtype=np.int64)", 0)
        em.emit(f"_cvhas_{self.name} = np.array({has}, dtype=np.bool_)", 0)
        em.emit("", 0)


def emit_kinetic_kernels(k, block):
    """ode_spec_runs and ode_matsol_runs of a KINETIC block (k: codegen's kernel writer)."""
    writer = CvodeKinetic(k, block)
    writer.ode_spec()
    writer.ode_matsol()
