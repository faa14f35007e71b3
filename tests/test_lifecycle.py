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
    """Builds ncell cells, runs, and returns weak references to their sections with the
    engine's section list (held only for the length of this call)."""
    import weakref
    cells = [Cyclic() for _ in range(ncell)]
    h.finitialize(-65)
    h.continuerun(1)
    compiled = [id(s) for s in STATE.engine.sections]
    return [weakref.ref(c.soma) for c in cells], compiled


def test_a_new_model_does_not_include_the_previous_ones_cells():
    # other tests in this worker process may still hold sections: only this test's count
    previous = []
    for ncell in (3, 5, 2):
        mine, compiled = build_and_run(ncell)
        alive = [r() for r in mine]
        assert all(id(s) in compiled for s in alive), "this model's sections are simulated"
        gone = [r() for r in previous]
        assert not any(s is not None and id(s) in compiled for s in gone), \
            "the previous model's unreferenced cells are not simulated"
        del alive, gone
        previous = mine


def test_a_netcon_nobody_holds_is_gone():
    stim = h.NetStim()
    syn_sec = h.Section(name="s")
    syn = h.ExpSyn(syn_sec(0.5))
    keep = h.NetCon(stim, syn)
    h.NetCon(stim, syn)              # not kept: NEURON deletes it at once
    dropped = keep.index + 1
    h.finitialize(-65)
    # NetCons of earlier tests in this worker process may still be held (e.g. by hoc
    # objrefs at top level, which live as long as the process, as in NEURON): only this
    # test's two are judged
    mine = [i for i in STATE.engine.compiled_netcon_indices() if i >= keep.index]
    assert mine == [keep.index], f"NetCon {dropped} nobody holds must not be simulated"
