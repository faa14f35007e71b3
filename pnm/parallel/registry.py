"""What the engine needs to know from the parallel layer, without importing MPI: the spike
sources that exist because of gids (output cells, sources of remote spikes) and hooks that
see the spikes each run produces."""

_contexts = []   # live ParallelContext objects (normally one)


def register_context(pc):
    if pc not in _contexts:
        _contexts.append(pc)


def canonical_order():
    """Once a ParallelContext exists, events due at exactly the same time are delivered in
    the canonical order (kernels.py), which does not depend on the number of ranks; a plain
    serial model keeps NEURON's insertion order."""
    return bool(_contexts)


def extra_presyns():
    out = []
    for pc in _contexts:
        out.extend(pc._presyns_for_engine())
    return out


def after_init(engine, spikes):
    for pc in _contexts:
        pc._after_init(engine, spikes)


def after_steps(engine, spikes):
    for pc in _contexts:
        pc._after_steps(engine, spikes)
