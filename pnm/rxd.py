"""`from pnm import rxd`: NEURON's reaction-diffusion module is not provided by pnm.

Importing it works, so that a script importing `rxd` without using it ports unchanged (NEURON's
own tutorials do that); any use — rxd.Species, rxd.Region, rxd.Reaction, ... — raises
NotImplementedError naming what was asked for."""


class RxdNotProvided(NotImplementedError):
    """NEURON's rxd (reaction-diffusion) is not part of pnm."""


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise RxdNotProvided(
        f"rxd.{name}: pnm does not provide NEURON's reaction-diffusion module (neuron.rxd); "
        "run models with rxd Species/Regions/Reactions under NEURON, or write the kinetics "
        "as an NMODL mechanism (KINETIC block) for pnm")
