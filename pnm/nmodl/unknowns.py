"""The unknowns of a SOLVEd block: the states its equations (x' =, reactions, ~ equations,
CONSERVE) name, restricted to a LINEAR/NONLINEAR block's SOLVEFOR list."""
from . import ast as A
from .parse import walk_statements


def solver_unknowns(mech, block):
    """The states a solver updates, in STATE declaration order (array states expanded)."""
    used = set()
    for stmt in walk_statements(block.body):
        if isinstance(stmt, A.Assign) and isinstance(stmt.target, A.Prime):
            used.add(stmt.target.id)
        elif isinstance(stmt, (A.Reaction, A.Flux, A.LinearEq, A.Conserve)):
            used.update(names_in(stmt))
    if getattr(block, "solvefor", None):
        used &= set(block.solvefor)
    out = []
    for name in mech.state_names:
        if name in used:
            n = mech.array_sizes.get(name)
            out.extend([name] if n is None else [f"{name}[{k}]" for k in range(n)])
    return out


def names_in(stmt):
    found = set()

    def visit(e):
        if isinstance(e, (A.Name, A.Index)):
            found.add(e.id)
        elif isinstance(e, A.BinOp):
            visit(e.left)
            visit(e.right)
        elif isinstance(e, (A.Neg, A.Not)):
            visit(e.operand)
        elif isinstance(e, A.Call):
            for a in e.args:
                visit(a)
        elif isinstance(e, (list, tuple)):
            for a in e:
                visit(a)
    for value in vars(stmt).values():
        visit(value)
    return found
