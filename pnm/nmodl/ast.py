"""The NMODL syntax tree: plain dataclasses the parser builds and later stages read.

Expressions are immutable; every statement and declaration carries the 1-based source line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

# ---- expressions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    value: float
    text: str = ""


@dataclass(frozen=True)
class Str:
    """A string literal: printf's format (from VERBATIM C, pnm.nmodl.verbatim)."""
    text: str


@dataclass(frozen=True)
class Name:
    id: str


@dataclass(frozen=True)
class Prime:
    """x' : the time derivative of state x in a DERIVATIVE block."""
    id: str


@dataclass(frozen=True)
class Index:
    id: str
    index: object


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple


@dataclass(frozen=True)
class MemoValue:
    """An invariant part of a state update that the instance remembers in field `row`
    (memo.py)."""
    row: int


@dataclass(frozen=True)
class BinOp:
    op: str          # + - * / % ^ < <= > >= == != && ||
    left: object
    right: object
    # written in parentheses: nocmodl pastes net_send's delay after `t + ` as text, so only
    # a sum in parentheses is added to t as a whole (netrecv.py)
    grouped: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Neg:
    operand: object


@dataclass(frozen=True)
class Not:
    operand: object


# ---- statements ------------------------------------------------------------------------------


@dataclass
class Stmt:
    line: int = field(default=0, kw_only=True)


@dataclass
class Assign(Stmt):
    target: object   # Name, Prime or Index
    expr: object


@dataclass
class CallStmt(Stmt):
    call: Call


@dataclass
class If(Stmt):
    cond: object
    body: list
    orelse: list


@dataclass
class While(Stmt):
    cond: object
    body: list


@dataclass
class Local(Stmt):
    names: list      # [(name, size or None)]


@dataclass
class Solve(Stmt):
    block: str
    method: Optional[str]
    steadystate: bool = False


@dataclass
class Conductance(Stmt):
    name: str
    ion: Optional[str]


@dataclass
class Table(Stmt):
    names: list
    depend: list
    lo: object
    hi: object
    n: int


@dataclass
class Reaction(Stmt):
    """~ lhs <-> rhs (kf, kb) or ~ lhs -> rhs (kf); sides are [(coef, species expr)]."""
    lhs: list
    op: str
    rhs: list
    kf: object
    kb: object


@dataclass
class Flux(Stmt):
    """~ species << (rate) : a flux added to dspecies/dt."""
    species: list
    rate: object


@dataclass
class LinearEq(Stmt):
    lhs: object
    rhs: object


@dataclass
class Conserve(Stmt):
    lhs: object
    rhs: object


@dataclass
class Compartment(Stmt):
    index: Optional[str]
    volume: object
    species: list


@dataclass
class LongitudinalDiffusion(Stmt):
    index: Optional[str]
    rate: object
    species: list


@dataclass
class Watch(Stmt):
    items: list      # [(condition expr, flag expr)]


@dataclass
class ForNetcons(Stmt):
    formals: list
    body: list


@dataclass
class FromLoop(Stmt):
    var: str
    lo: object
    hi: object
    by: object
    body: list


@dataclass
class Verbatim(Stmt):
    text: str


@dataclass
class UnitsOnOff(Stmt):
    on: bool


@dataclass
class Block(Stmt):
    body: list


@dataclass
class NetReceiveInitial(Stmt):
    body: list


@dataclass
class Protect(Stmt):
    assign: Assign


@dataclass
class Mutex(Stmt):
    lock: bool


@dataclass
class Lag(Stmt):
    name: str
    by: str


# ---- declarations and blocks ----------------------------------------------------------------


@dataclass
class Decl:
    """One line of PARAMETER/CONSTANT/ASSIGNED/STATE."""
    name: str
    line: int
    size: object = None          # int, a DEFINE name, or None for a scalar
    value: Optional[float] = None
    units: str = ""
    limits: Optional[tuple] = None
    from_to: Optional[tuple] = None
    start: Optional[float] = None   # STATE x START v: x's initial value x0 (nocmodl)
    tolerance: Optional[float] = None    # STATE x <tol>: the variable step's atol scale


@dataclass
class UseIon:
    ion: str
    read: list
    write: list
    valence: Optional[float]
    line: int


@dataclass
class NeuronBlock:
    kind: str = ""               # SUFFIX, POINT_PROCESS, ARTIFICIAL_CELL
    name: str = ""
    line: int = 0
    useions: list = field(default_factory=list)
    lists: dict = field(default_factory=dict)   # RANGE, GLOBAL, ... -> [(name, line)]
    threadsafe: bool = False


@dataclass
class UnitDef:
    """(name) = (definition) in UNITS."""
    name: str
    definition: str
    line: int


@dataclass
class UnitFactor:
    """NAME = (u1) (u2) or NAME = number (units) in UNITS."""
    name: str
    line: int
    ratio: Optional[tuple] = None
    value: Optional[float] = None
    units: str = ""


@dataclass
class Callable:
    """PROCEDURE / FUNCTION / FUNCTION_TABLE / DERIVATIVE / KINETIC / LINEAR / NONLINEAR."""
    kind: str
    name: str
    formals: list
    body: list
    line: int
    units: str = ""
    solvefor: list = None       # LINEAR/NONLINEAR ... SOLVEFOR a, b: the unknowns (else all)


@dataclass
class ModFile:
    path: str
    text: str
    title: str = ""
    neuron: NeuronBlock = field(default_factory=NeuronBlock)
    unit_defs: list = field(default_factory=list)
    unit_factors: list = field(default_factory=list)
    decls: dict = field(default_factory=lambda: {
        "PARAMETER": [], "CONSTANT": [], "ASSIGNED": [], "STATE": []})
    independent: list = field(default_factory=list)
    initial: Optional[list] = None
    breakpoint: Optional[list] = None
    callables: dict = field(default_factory=dict)    # name -> Callable
    net_receive: Optional[Callable] = None
    before_after: list = field(default_factory=list)  # [(when, body, line)]
    constructors: list = field(default_factory=list)  # [(kind, body, line)]
    top_locals: list = field(default_factory=list)
    defines: dict = field(default_factory=dict)
    verbatim_lines: list = field(default_factory=list)
    verbatim_reasons: dict = field(default_factory=dict)  # VERBATIM line -> (line, construct)
    block_lines: dict = field(default_factory=dict)   # block keyword -> first line
    has_verbatim: bool = False   # a VERBATIM block anywhere (INCLUDEs too, comments only too)
