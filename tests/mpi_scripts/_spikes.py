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


def manager_backend(backend):
    """h with the ParallelNetManager loaded, from NEURON ("neuron") or pnm (anything else)."""
    if backend == "neuron":
        from neuron import h
        h.nrnmpi_init()
    else:
        from pnm import h
    h.load_file("stdrun.hoc")
    h.load_file("netparmpi.hoc")        # after stdrun.hoc, as NEURON requires
    return h


def print_manager_spikes(pnm):
    """Gather every rank's spikevec/idvec on rank 0 and print them sorted as "t gid"."""
    parts = pnm.pc.py_gather(list(zip(pnm.spikevec.to_python(), pnm.idvec.to_python())), 0)
    if pnm.myid == 0:
        for t, g in sorted(x for part in parts for x in part):
            print("%.10g %d" % (t, g))
