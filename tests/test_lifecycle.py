"""Model objects nobody references leave the simulation at the next finitialize, as in NEURON
(which matters when one process runs many models, e.g. a parameter sweep's worker)."""

from pnm import h
from pnm.model.state import STATE


class Cyclic:
    """A cell that refers to its section and back (a reference cycle)."""

    def __init__(self):
        self.soma = h.Section(name="soma", cell=self)
        self.soma.insert("hh")


def build_and_run(ncell):
    cells = [Cyclic() for _ in range(ncell)]
    h.finitialize(-65)
    h.continuerun(1)
    return len(STATE.engine.sections), len(cells)


def test_a_new_model_does_not_include_the_previous_ones_cells():
    import gc
    gc.collect()        # sections other tests in this process still hold count once, as base
    base = sum(1 for _ in STATE.live_sections())
    assert build_and_run(3) == (base + 3, 3)
    assert build_and_run(5) == (base + 5, 5)
    assert build_and_run(2) == (base + 2, 2)


def test_a_netcon_nobody_holds_is_gone():
    stim = h.NetStim()
    syn_sec = h.Section(name="s")
    syn = h.ExpSyn(syn_sec(0.5))
    keep = h.NetCon(stim, syn)
    h.NetCon(stim, syn)              # not kept: NEURON deletes it at once
    h.finitialize(-65)
    assert STATE.engine.compiled_netcon_indices() == [keep.index]
