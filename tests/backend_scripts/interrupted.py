"""Starts an MPIBackend job of 2 ranks that sleep; the test sends this process SIGINT once
both ranks printed RANKPID. Prints JOB <json pids of the job> after the KeyboardInterrupt."""
import json
import os
import sys
import time

from pnm.backends import MPIBackend


def sleep_forever():
    from pnm import h
    # one write(2) of a short line: two ranks' lines cannot interleave (print() may
    # write the words separately when stdout is unbuffered)
    os.write(1, f"RANKPID {int(h.ParallelContext().id())} {os.getpid()}\n".encode())
    time.sleep(600)


backend = MPIBackend(n_procs=2, timeout=900)   # a cold start under load is slow
try:
    backend.run(sleep_forever)
except KeyboardInterrupt:
    print("JOB " + json.dumps(backend.last_pids), flush=True)
    sys.exit(0)
print("the run was not interrupted", flush=True)
sys.exit(1)
