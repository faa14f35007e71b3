"""Shared by the test scripts: record every gid's spikes, run, and gather them on rank 0."""


def psolve_and_gather(h, pc, tstop, maxstep=10):
    """Run to tstop with spike_record(-1); returns the sorted (t, gid) list on rank 0 and
    None elsewhere. h may be pnm's or NEURON's."""
    tv, iv = h.Vector(), h.Vector()
    pc.spike_record(-1, tv, iv)
    pc.set_maxstep(maxstep)
    h.finitialize(-65)
    pc.psolve(tstop)
    parts = pc.py_gather(list(zip(tv.to_python(), iv.to_python())), 0)
    if int(pc.id()) != 0:
        return None
    return sorted((t, int(gid)) for part in parts for t, gid in part)
