"""The front of a generated mechanism module: its description without its kernels.

A translated .mod file is two files: ``<name>_<key>_kernels.py``, the whole generated module
(numba kernels and description), and ``<name>_<key>.py``, the front that pnm imports when it
registers the mechanism: the description's plain assignments (MECHANISM, FIELDS, GLOBALS, ...)
and a module ``__getattr__`` that imports the kernels file at the first use of a kernel.
Registering mechanisms (every ``import pnm`` registers the built-ins) therefore neither
imports numba nor executes ~40 ``@njit`` decorators per mechanism; a process that builds a
model and never runs it, or translates .mod files (``pnm nrnivmodl``), never pays for them.
"""

from __future__ import annotations

import ast
import re

KERNELS_SUFFIX = "_kernels"

_LOADER = '''

_KERNEL_NAMES = frozenset({names!r})
KERNELS_MODULE = __name__ + {suffix!r}                  # where the kernels are defined
KERNELS_FILE = __file__[:-3] + {suffix!r} + ".py"


def __getattr__(name):
    """A kernel (or anything else of the generated module): imported on first use."""
    if name not in _KERNEL_NAMES:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
    import importlib.util
    import sys
    module = sys.modules.get(KERNELS_MODULE)
    if module is None:
        spec = importlib.util.spec_from_file_location(KERNELS_MODULE, KERNELS_FILE)
        module = importlib.util.module_from_spec(spec)
        sys.modules[KERNELS_MODULE] = module        # numba's cache finds its functions by module
        spec.loader.exec_module(module)
    return getattr(module, name)


def __dir__():
    return sorted(set(globals()) | _KERNEL_NAMES)
'''


def _bound_names(node) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    names = set()
    for sub in ast.walk(node):     # assignments, and whatever an if/for/with binds
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            names.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.ClassDef)):
            names.add(sub.name)
    return names


class _Segments:
    """ast.get_source_segment for many nodes of one source: its lines split once (the
    ast function splits the whole source at every call, 3 s for a 400-statement module)."""

    def __init__(self, source: str):
        # the line breaks ast counts: \r\n, \r, \n (not \f or the Unicode separators)
        self.lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n|$)", source)

    def __call__(self, node) -> str:
        first, last = node.lineno - 1, node.end_lineno - 1
        if first == last:      # the offsets count UTF-8 bytes
            return self.lines[first].encode()[node.col_offset:node.end_col_offset].decode()
        head = self.lines[first].encode()[node.col_offset:].decode()
        tail = self.lines[last].encode()[:node.end_col_offset].decode()
        return "".join([head, *self.lines[first + 1:last], tail])


def front_source(source: str) -> str:
    """The front module of the generated module ``source`` (see the module docstring)."""
    tree = ast.parse(source)
    segment = _Segments(source)
    plain_imports = {"math", "np", "numpy"}
    lazy = set()           # names only the kernels file has: functions and their imports
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            lazy |= _bound_names(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            lazy |= _bound_names(node) - plain_imports
    kept, names = [], set()
    for node in tree.body:
        bound = _bound_names(node)
        names |= bound
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if bound <= plain_imports:
                kept.append(segment(node))
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            kept.append(segment(node))       # the docstring
            continue
        used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        if used & lazy or not isinstance(node, (ast.Assign, ast.AnnAssign)):
            lazy |= bound      # computed from kernels: read through __getattr__
        else:
            kept.append(segment(node))
    kernel_names = sorted(lazy | (names - _front_names(kept)))
    return "\n".join(kept) + _LOADER.format(names=kernel_names, suffix=KERNELS_SUFFIX)


def _front_names(statements) -> set[str]:
    names = set()
    for text in statements:
        for node in ast.parse(text).body:
            names |= _bound_names(node)
    return names


def kernels_path(front_path: str) -> str:
    """The kernels file of the front module at front_path."""
    return front_path[:-3] + KERNELS_SUFFIX + ".py"
