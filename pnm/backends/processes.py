"""Child process groups for the backends: launch in a new session, stream their output to the
caller's sys.stdout/sys.stderr (a notebook cell's, in Jupyter), wait with a timeout, and kill
the whole tree -- mpiexec, its proxies and every rank -- on a timeout or KeyboardInterrupt."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading
import time

from .outcome import BackendTimeoutError

__all__ = ["ProcessGroup", "descendants", "alive"]

# Variables a launcher sets in the processes it starts: a child job launched from inside an
# MPI job must not inherit them (its mpiexec would think it is a rank of ours).
LAUNCHER_PREFIXES = ("PMI_", "PMIX_", "HYDRA_", "OMPI_", "MPI_LOCAL")


def child_environment(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(LAUNCHER_PREFIXES)}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def _proc_children() -> dict[int, list[int]]:
    children = collections.defaultdict(list)
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # the command name is in parentheses and may contain spaces: parse after the last ')'
        fields = stat[stat.rfind(b")") + 2:].split()
        children[int(fields[1])].append(int(name))
    return children


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, grandchildren, ...), from /proc."""
    if not os.path.isdir("/proc"):
        return []
    tree, out, todo = _proc_children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def alive(pid: int) -> bool:
    """True when ``pid`` exists and is not a zombie (a zombie has exited)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return not os.path.isdir("/proc")
    return stat[stat.rfind(b")") + 2:].split()[0] not in (b"Z", b"X")


def session_of(pid: int) -> int | None:
    """The session id of ``pid`` (from /proc), None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    return int(stat[stat.rfind(b")") + 2:].split()[3])


class _Pump(threading.Thread):
    """Copies one pipe of the child, line by line, to a stream of the caller."""

    def __init__(self, pipe, stream_name: str):
        super().__init__(daemon=True, name=f"pnm-{stream_name}-pump")
        self.pipe, self.stream_name = pipe, stream_name
        self.tail = collections.deque(maxlen=60)

    def run(self):
        for raw in iter(self.pipe.readline, b""):
            line = raw.decode("utf-8", errors="replace")
            self.tail.append(line)
            stream = getattr(sys, self.stream_name)   # looked up per line: a notebook swaps it
            try:
                stream.write(line)
                stream.flush()
            except Exception:
                pass
        self.pipe.close()


class ProcessGroup:
    """``cmd`` in a new session (its own process group) with its output streamed."""

    def __init__(self, cmd: list[str], env: dict, cwd: str | None = None, what: str = "job"):
        self.cmd, self.what = cmd, what
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env, cwd=cwd,
                                     start_new_session=True)
        self.pumps = [_Pump(self.proc.stdout, "stdout"), _Pump(self.proc.stderr, "stderr")]
        for pump in self.pumps:
            pump.start()
        self.seen: set[int] = set()    # every descendant pid observed while waiting

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stderr_tail(self) -> str:
        return "".join(self.pumps[1].tail)

    def wait(self, timeout: float | None) -> int:
        """The exit code; on timeout or KeyboardInterrupt every process is killed first
        (BackendTimeoutError, or the KeyboardInterrupt, is then raised)."""
        deadline = None if timeout is None else time.monotonic() + float(timeout)
        try:
            while True:
                code = self._reap(0.2)
                if code is not None:
                    break
                self.seen.update(descendants(self.pid))
                if deadline is not None and time.monotonic() >= deadline:
                    self.kill()
                    raise BackendTimeoutError(
                        f"pnm.backends: the {self.what} ran longer than its timeout of "
                        f"{timeout:g} s; every process of it was killed. Raise the timeout "
                        f"(timeout=...) or look at the output above for where it hung.")
        except KeyboardInterrupt:
            self.kill()
            raise
        self._join_pumps()
        return code

    def kill(self, grace: float = 1.0) -> None:
        """SIGTERM to the process group (mpiexec forwards it and reaps its ranks), then
        SIGKILL to the group and to every descendant ever seen, which catches processes
        that left the group. Returns when our child is reaped."""
        self.seen.update(descendants(self.pid))
        self._signal_group(signal.SIGTERM)
        self._reap(grace)
        current = descendants(self.pid)
        self._signal_group(signal.SIGKILL)
        # a pid seen earlier may have been reused by now: only ours (still below our child,
        # or still in its session) are killed
        for pid in set(current) | {p for p in self.seen if session_of(p) == self.pid}:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self._reap(None)
        end = time.monotonic() + grace     # the orphans die on SIGKILL; give them a moment
        while time.monotonic() < end and any(alive(p) for p in self.seen):
            time.sleep(0.02)
        self._join_pumps()

    def _reap(self, timeout: float | None) -> int | None:
        """Our child's exit code once it has ended (None if it runs past timeout seconds).
        Not Popen.wait: a KeyboardInterrupt that lands just after Popen.wait took its internal
        lock leaves the lock taken, and every later Popen.wait() blocks for ever; the job was
        then never reaped. waitpid is called here directly when poll() cannot say."""
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            code = self.proc.poll()
            if code is not None:
                return code
            try:
                pid, status = os.waitpid(self.proc.pid, os.WNOHANG)
            except ChildProcessError:         # reaped meanwhile by poll() in another thread
                pid, status = 0, 0
                if self.proc.returncode is not None:
                    return self.proc.returncode
            if pid:
                self.proc.returncode = os.waitstatus_to_exitcode(status)
                return self.proc.returncode
            if end is not None and time.monotonic() >= end:
                return None
            time.sleep(0.02)

    def _signal_group(self, sig) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def _join_pumps(self) -> None:
        for pump in self.pumps:
            pump.join(timeout=5)
