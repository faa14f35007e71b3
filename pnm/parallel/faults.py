"""What happens when a rank fails: an uncaught exception, or sys.exit with a failure status,
prints ``pnm: rank R of N failed:`` and the traceback, then aborts the whole MPI job, so the
others never wait for a rank that is gone.

``sys.exit(0)`` on one rank is not a failure by itself (a bulletin-board worker ends that
way), but where it was called is remembered: the liveness service tells the other ranks,
and a rank that waits on it fails at once naming the call (see pnm.parallel.liveness).
"""

from __future__ import annotations

import os
import inspect
import sys
import threading
import time
import traceback

from . import deathwatch

__all__ = ["fatal", "install_fault_handler", "exit_site", "user_site"]

_PNM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep

_identity = None          # () -> (rank, size, mpi module or None); set by pnm.parallel.comm
_fault_handler_installed = False
_exit_site = None         # "sys.exit(0) at file:line", once called


def set_identity(func) -> None:
    """comm.py tells us how to learn this rank, the size and whether MPI is up."""
    global _identity
    _identity = func


def user_site(skip: int = 1) -> tuple[str | None, str]:
    """(the pnm function the user called, "file:line" of that call): the first frame outside
    the pnm package, and the pnm frame just inside it."""
    frame = inspect.currentframe()
    for _ in range(skip):
        frame = frame.f_back if frame is not None else None
    api = None
    while frame is not None:
        code = frame.f_code
        if not code.co_filename.startswith(_PNM_DIR):
            return api, f"{code.co_filename}:{frame.f_lineno}"
        api = getattr(code, "co_qualname", code.co_name)
        frame = frame.f_back
    return api, "<inside pnm>"


def exit_site() -> str | None:
    """Where sys.exit(0) was called on this rank, if it was."""
    return _exit_site


def fatal(exc: BaseException, context: str = "", code: int = 1) -> None:
    """Report ``exc`` as this rank's failure and end the whole job (does not return).

    Prints ``pnm: rank R of N failed:`` (plus ``context``) and the traceback to
    stderr, then calls ``MPI.COMM_WORLD.Abort(code)``; mpiexec then kills every
    rank and exits non-zero.  Without MPI loaded, exits this process with ``code``.
    """
    rank, size, mpi = _identity() if _identity is not None else (0, 1, None)
    header = f"pnm: rank {rank} of {size} failed:"
    if context:
        header += f" {context}"
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        sys.stdout.flush()   # keep what the rank printed before failing
    except Exception:
        pass
    try:
        sys.stderr.write(f"{header}\n{text}")
        sys.stderr.flush()
    except Exception:
        pass
    deathwatch.claim()       # this failure is reported here: the ranks mpiexec kills next
    deathwatch.disarm()      # are not to be reported as dead, nor this one
    if mpi is not None and mpi.Is_initialized() and not mpi.Is_finalized():
        # give the launcher a moment to forward our stderr before it kills us
        time.sleep(0.05)
        mpi.COMM_WORLD.Abort(code)
    os._exit(code)


def _excepthook(exc_type, exc, tb):
    if exc is None:
        exc = exc_type()
    if exc.__traceback__ is None:
        exc.__traceback__ = tb
    fatal(exc)


def _thread_excepthook(args):
    if args.exc_type is SystemExit:   # threading ignores SystemExit too
        return
    name = args.thread.name if args.thread is not None else "?"
    exc = args.exc_value if args.exc_value is not None else args.exc_type()
    if exc.__traceback__ is None:
        exc.__traceback__ = args.exc_traceback
    fatal(exc, f"uncaught exception in thread {name!r}")


_sys_exit = sys.exit


def _exit(status=None):
    """sys.exit under MPI: a non-zero status on one rank ends every rank (the others would
    otherwise wait for it); a zero status is remembered with its call site."""
    global _exit_site
    size = _identity()[1] if _identity is not None else 1
    if status is None or status == 0 or size < 2:
        if _exit_site is None:
            _exit_site = f"sys.exit({status!r}) at {user_site(2)[1]}"
        _sys_exit(status)
    code = status if isinstance(status, int) else 1
    if not isinstance(status, int):
        sys.stderr.write(f"{status}\n")
    where = "".join(traceback.format_stack()[:-1])
    fatal(SystemExit(status), f"sys.exit({status!r}) ends every rank; called at\n{where}",
          code=code)


def install_fault_handler() -> None:
    """Make an uncaught exception, or sys.exit with a failure status, on this rank abort
    the whole MPI job (idempotent)."""
    global _fault_handler_installed
    if _fault_handler_installed:
        return
    _fault_handler_installed = True
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    sys.exit = _exit
