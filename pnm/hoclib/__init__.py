"""pnm's own hoc library: headless versions of NEURON's GUI-tool files that session files
(.ses) load (pointman.hoc, electrod.hoc, ...), written for pnm and run by its hoc interpreter.
load_file finds them after the program's own directory, as NEURON finds its lib/hoc files."""

import os

DIRECTORY = os.path.dirname(os.path.abspath(__file__))
# NEURON's library files of GUI tools pnm does not provide: the tool each one defines
NOT_PROVIDED = {
    "celbild.hoc": "CellBuild", "netbild.hoc": "NetGUI / ArtCellGUI / NetReadyCellGUI",
    "mulfit.hoc": "MulRunFitter", "chanbild.hoc": "ChannelBuild", "lincir.hoc": "LinearCircuit",
    "single.hoc": "SingleCompartment", "impedanc.hoc": "Impedance tools",
    "mview.hoc": "ModelView", "runfitter.hoc": "RunFitter", "funfit.hoc": "FunctionFitter",
}
_NEURONHOME = ("$(NEURONHOME)/lib/hoc/", "$(NEURONHOME)/lib/hoc\\")


class NotProvided(Exception):
    """A NEURON library file of a GUI tool pnm does not provide."""


def library_path(name):
    """The path of pnm's version of NEURON library file `name` ("pointman.hoc", or with
    $(NEURONHOME)/lib/hoc/ before it), or None if pnm has none. Raises NotProvided (with
    the message to show) for the files of tools pnm leaves out."""
    base = os.path.basename(name.replace("\\", "/"))
    if os.path.dirname(name) and not name.startswith(_NEURONHOME):
        return None
    if base in NOT_PROVIDED:
        raise NotProvided(
            f"load_file(\"{name}\"): pnm does not provide NEURON's {NOT_PROVIDED[base]} "
            f"({base}); the session file or program using it cannot run under pnm. Build "
            "that part of the model in hoc or Python instead (for instance, the cell a "
            "CellBuild makes, with create/connect/insert)")
    path = os.path.join(DIRECTORY, base)
    return path if base.endswith(".hoc") and os.path.isfile(path) else None
