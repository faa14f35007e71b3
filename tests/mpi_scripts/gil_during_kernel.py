"""Does the engine's compiled kernel let other threads run (numba nogil=True)?  The liveness
heartbeat is such a thread: without it, a rank computing one long psolve interval falls
silent.  A thread counts 1 ms sleeps while the main thread makes one long kernel call
(continuerun without recording: one call); prints "TICKS <n> STEPS <steps>"."""
import threading
import time

from pnm import h

sections = []
for i in range(60):
    sec = h.Section(name=f"s{i}")
    sec.L, sec.diam, sec.nseg = 200, 2, 15
    sec.insert("hh")
    sections.append(sec)
stims = []
for sec in sections[::3]:
    stim = h.IClamp(sec(0.5))
    stim.delay, stim.dur, stim.amp = 1, 1e9, 0.3
    stims.append(stim)

ticks = [0]
counting = threading.Event()
stop = threading.Event()


def count():
    while not stop.is_set():
        time.sleep(0.001)
        if counting.is_set():
            ticks[0] += 1


thread = threading.Thread(target=count, daemon=True)
thread.start()
h.load_file("stdrun.hoc")
h.finitialize(-65)
h.continuerun(5)                # compiled and warm
counting.set()
h.continuerun(300)
counting.clear()
stop.set()
print(f"TICKS {ticks[0]} STEPS {round(300 / h.dt)}", flush=True)
