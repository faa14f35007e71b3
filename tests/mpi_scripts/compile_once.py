"""Compile once: every rank calls the same cached numba function, new to numba's cache
(NUMBA_CACHE_DIR set by the test to an empty directory).  One rank compiles while the others
wait on pnm's compile lock and then load what it saved.  Every rank prints
"MISSES <rank> <cache misses of this process>"; with PNM_TIMEOUT=1 the wait on the lock must
not trip liveness.

usage: compile_once.py DIRECTORY   (where rank 0 writes the module to compile)"""
import importlib
import os
import sys

from pnm import h

pc = h.ParallelContext()
rank = int(pc.id())
directory = sys.argv[1]
if rank == 0:
    lines = ["from numba import njit", "", "", "@njit(cache=True)", "def work(x):",
             "    total = 0.0"]
    for i in range(150):      # a body numba needs a few seconds to compile
        lines += [f"    if x > {i}:", f"        total += (x * {i} + 1.5) ** 0.5 / (x + {i})",
                  "    else:", f"        total -= x % {i + 1}"]
    lines += ["    return total", ""]
    with open(os.path.join(directory, "compile_once_kernel.py"), "w") as f:
        f.write("\n".join(lines))
pc.barrier()
sys.path.insert(0, directory)
kernel = importlib.import_module("compile_once_kernel")
value = kernel.work(7.0)
pc.barrier()
print(f"MISSES {rank} {sum(kernel.work.stats.cache_misses.values())} {value:.6f}", flush=True)
