"""A master/worker task that computes (in Python) for 10 s, longer than the silence limit
(PNM_TIMEOUT=3): the worker's heartbeat keeps it alive and the job succeeds, as in NEURON.
Rank 0 prints "RESULTS <sorted results>"."""
import time

from pnm import h

SECONDS = 10.0


def compute(i, seconds):
    end = time.monotonic() + seconds
    total = 0
    while time.monotonic() < end:       # busy Python code: it keeps the GIL most of the time
        total += sum(range(1000)) % 7
    return i, total > 0


pc = h.ParallelContext()
pc.runworker()
pc.submit(compute, 0, SECONDS)
for i in range(1, 4):
    pc.submit(compute, i, 0.05)
results = []
while pc.working():
    results.append(pc.pyret())
pc.done()
print("RESULTS", sorted(results), flush=True)
