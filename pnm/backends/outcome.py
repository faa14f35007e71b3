"""What a child process sends back: a value, or an exception with its traceback as text.

Shared by every backend (and through them by pnm.parallel.executors): the child calls
``capture`` around the user's function; the caller turns outcomes back into values with
``unwrap``, which raises :class:`RemoteError` naming the rank or trial and carrying the
child's traceback. Payloads are pickled with cloudpickle, so functions and classes defined
in a notebook or in ``__main__`` travel by value.
"""

from __future__ import annotations

import linecache
import pickle
import re
import traceback

from ..util import atomic_write

__all__ = ["RemoteError", "BackendError", "BackendTimeoutError",
           "capture", "unwrap", "dumps", "loads", "write_atomic", "read_pickle"]


class BackendError(RuntimeError):
    """A backend's job ended without a Python exception to report (killed, crashed, bad launch)."""


class BackendTimeoutError(BackendError, TimeoutError):
    """A backend's job ran past its timeout; every process of it was killed."""


class RemoteError(BackendError):
    """An exception raised in a child process (an MPI rank or a trial), re-raised in the caller.

    ``where`` says which ("rank 1 of 2", "trial 3 of 4 (params[3])"), ``exc_type`` is the
    class name of the child's exception, ``remote_traceback`` its traceback as text, and
    ``original`` the exception itself when it could be pickled (it is also ``__cause__``).
    """

    def __init__(self, where: str, exc_type: str, message: str, remote_traceback: str,
                 original: BaseException | None = None, others: list[str] | None = None):
        self.where, self.exc_type, self.message = where, exc_type, message
        self.remote_traceback, self.original = remote_traceback, original
        self.others = list(others or [])
        text = (f"{exc_type}: {message} (raised on {where})\n"
                f"--- traceback on {where} ---\n{remote_traceback.rstrip()}")
        if self.others:
            text += "\n(also failed: " + "; ".join(self.others) + ")"
        super().__init__(text)

    def __reduce__(self):
        return (RemoteError, (self.where, self.exc_type, self.message, self.remote_traceback,
                              None, self.others))


# ------------------------------------------------------------------ pickling

def dumps(obj, what: str = "object") -> bytes:
    """cloudpickle ``obj``: notebook and ``__main__`` functions go by value."""
    import cloudpickle
    try:
        return cloudpickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        raise TypeError(
            f"pnm.backends: cannot send {what} to the child processes because it cannot be "
            f"pickled ({type(exc).__name__}: {exc}). Pass numbers, strings, numpy arrays, "
            "lists/dicts of them and functions; build NEURON/pnm objects (sections, "
            "NetCons, ParallelContext, h) inside the function, not outside it.") from exc


def loads(data: bytes):
    return pickle.loads(data)


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees either nothing or all of it."""
    with atomic_write(path, "wb") as out:
        out.write(data)


def read_pickle(path: str):
    with open(path, "rb") as f:
        return loads(f.read())


# ------------------------------------------------------------------ outcomes

def capture(func, args=(), kwargs=None, where: str = "") -> tuple:
    """Call ``func(*args, **kwargs)``; return ("ok", value) or ("error", where, type name,
    message, traceback text, pickled exception or None). KeyboardInterrupt and SystemExit
    are not captured (they end the child)."""
    try:
        return ("ok", func(*args, **(kwargs or {})))
    except Exception as exc:
        return error_outcome(exc, where)


def error_outcome(exc: BaseException, where: str) -> tuple:
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        original = dumps(exc)
        loads(original)            # a class only the child knows would fail in the caller
    except Exception:
        original = None
    return ("error", where, type(exc).__name__, str(exc), text, original)


def is_error(outcome) -> bool:
    return outcome[0] == "error"


def remote_error(outcome, others=()) -> RemoteError:
    _, where, exc_type, message, text, original = outcome
    exc = None
    if original is not None:
        try:
            exc = loads(original)
        except Exception:
            exc = None
    return RemoteError(where, exc_type, message, text, exc, list(others))


def unwrap(outcomes, func=None) -> list:
    """The values of ``outcomes`` in order; RemoteError for the first error (the others
    that failed are named in its message). ``func`` (the function sent) lets the child's
    traceback show the caller's file names and source lines (see ``with_sources``)."""
    errors = [o for o in outcomes if is_error(o)]
    if errors:
        raise_remote(errors, func)
    return [o[1] for o in outcomes]


def raise_remote(errors, func=None):
    first = errors[0]
    if func is not None:
        first = first[:4] + (with_sources(first[4], func),) + first[5:]
    err = remote_error(first, [f"{o[1]}: {o[2]}: {o[3]}" for o in errors[1:]])
    raise err from err.original


_DYNAMIC = re.compile(r'^(\s*)File "<dynamic-code>", line (\d+), in (\S+)$')


def _known_functions(func) -> dict:
    """name -> code of func and the functions of its module (a notebook's namespace)."""
    func = getattr(func, "func", func)          # a bound call (see local._Bound)
    known = {}
    for obj in list(getattr(func, "__globals__", {}).values()) + [func]:
        code = getattr(obj, "__code__", None)
        if code is not None:
            known[code.co_name] = code
    return known


def with_sources(text: str, func) -> str:
    """cloudpickle names the file of functions sent by value "<dynamic-code>"; put back the
    caller's file name (a notebook cell's too) and the source line, from this process."""
    known = _known_functions(func)
    out = []
    for line in text.splitlines(keepends=True):
        m = _DYNAMIC.match(line.rstrip("\n"))
        code = known.get(m.group(3)) if m else None
        if code is None:
            out.append(line)
            continue
        indent, lineno = m.group(1), int(m.group(2))
        out.append(f'{indent}File "{code.co_filename}", line {lineno}, in {m.group(3)}\n')
        source = linecache.getline(code.co_filename, lineno).strip()
        if source:
            out.append(f"{indent}  {source}\n")
    return "".join(out)
