"""`import neuron` inside a program run by `python -m pnm`: the name `neuron` and its submodules
(neuron.gui, neuron.units, neuron.rxd, ...) are pnm's, so a script runs unchanged, as `nrniv
script.py` runs it with NEURON. A submodule pnm does not have raises ImportError naming it."""

import importlib
import importlib.abc
import importlib.util
import sys


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class NeuronIsPnm(importlib.abc.MetaPathFinder):
    """A finder, first on sys.meta_path, that answers `neuron[.x]` with `pnm[.x]`."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "neuron" and not fullname.startswith("neuron."):
            return None
        name = "pnm" + fullname[len("neuron"):]
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            raise ImportError(f"{fullname}: pnm has no counterpart of this NEURON module "
                              "(under `python -m pnm`, `neuron` is pnm); use what pnm "
                              "provides (pnm.h, pnm.gui, pnm.units, pnm.rxd, "
                              "pnm.load_mechanisms)", name=fullname) from None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(module))


def install():
    """From now on in this process `neuron` is pnm (idempotent)."""
    if not any(isinstance(f, NeuronIsPnm) for f in sys.meta_path):
        sys.meta_path.insert(0, NeuronIsPnm())
    for name in [n for n in sys.modules if n == "neuron" or n.startswith("neuron.")]:
        del sys.modules[name]           # a NEURON imported before: pnm from here on
