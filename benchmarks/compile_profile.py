"""What a cold numba compile is made of: runs a script in this process and lists every real
compile (a cache miss), longest first, with its nesting depth and argument types.

    NUMBA_CACHE_DIR=$(mktemp -d) python benchmarks/compile_profile.py examples/ring128/ring128.py --quiet

(With an empty NUMBA_CACHE_DIR, or in a fresh copy of the tree with no __pycache__.) A
function listed several times was compiled once per signature: look for Literal[int](...)
arguments, constants that make numba compile a callee once per value."""
import runpy
import sys
import time

from numba.core import event

records = []
starts = []


class CompileTimer(event.Listener):
    def on_start(self, ev):
        starts.append(time.perf_counter())

    def on_end(self, ev):
        began = starts.pop()
        func = ev.data["dispatcher"].py_func
        records.append((time.perf_counter() - began, len(starts),
                        f"{func.__module__}.{func.__qualname__}", str(ev.data["args"])))


def main():
    event.register("numba:compile", CompileTimer())
    t0 = time.perf_counter()
    sys.argv = sys.argv[1:]
    try:
        runpy.run_path(sys.argv[0], run_name="__main__")
    finally:
        top = sum(r[0] for r in records if r[1] == 0)
        print(f"total {time.perf_counter() - t0:.1f} s, {len(records)} compiles, "
              f"top-level compile time {top:.1f} s", file=sys.stderr)
        for seconds, depth, name, args in sorted(records, key=lambda r: -r[0]):
            print(f"{seconds:7.2f} s  depth {depth}  {name} {args[:200]}", file=sys.stderr)


if __name__ == "__main__":
    main()
