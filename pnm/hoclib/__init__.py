"""pnm's own hoc library: headless versions of NEURON's GUI-tool files that session files
(.ses) load (pointman.hoc, electrod.hoc, ...), written for pnm and run by its hoc interpreter.
load_file finds them after the program's own directory, as NEURON finds its lib/hoc files."""

import os

DIRECTORY = os.path.dirname(os.path.abspath(__file__))
# NEURON's library files of GUI tools pnm does not provide: the tool each one defines, and
# what to do instead
_BUILD = "build that part of the model in hoc or Python (create, connect, insert, ...)"
NOT_PROVIDED = {
    "netbild.hoc": ("NetGUI / ArtCellGUI / NetReadyCellGUI", "run the hoc code NetGUI's "
                    "'Create hoc code' writes (pnm runs it, also distributed: pnm.netgui)"),
    "chanbild.hoc": ("ChannelBuild (KSChan)", "write the channel as a .mod file"),
    "lincir.hoc": ("LinearCircuit", _BUILD),
    "mulfit.hoc": ("MulRunFitter", "fit with Python (scipy.optimize) around pnm runs"),
    "runfit.hoc": ("RunFitter", "fit with Python (scipy.optimize) around pnm runs"),
    "funfit.hoc": ("FunctionFitter", "fit with Python (scipy.optimize)"),
    "mview.hoc": ("ModelView", "print the model with psection()"),
    "impedanc.hoc": ("the Impedance tools", "compute with h.Impedance where pnm has it"),
    "impratio.hoc": ("ImpedanceRatio", "compute with h.Impedance where pnm has it"),
    "impedanx.hoc": ("Impx", "compute with h.Impedance where pnm has it"),
}
_NEURONHOME = ("$(NEURONHOME)/lib/hoc/", "$(NEURONHOME)/lib/hoc\\")


# the tools pnm provides: template -> its file here
TOOLS = {"PointProcessManager": "pointman.hoc", "Electrode": "electrod.hoc",
         "Inserter": "inserter.hoc", "PointProcessGroupManager": "pointgrp.hoc",
         "SingleCompartment": "single.hoc", "Grapher": "grapher.hoc", "Family": "family.hoc",
         **{name: "celbild.hoc" for name in (
             "CellBuild", "CellBuildTopology", "CellBuildSection", "SectionSubsets", "SNList",
             "CellGeometry", "GeoSpec", "CellMembrane", "MStanWrap", "FakeMechStan",
             "CellManage")}}


def missing_member_note(template_name, name):
    """What to add to `name undefined` inside an object of one of pnm's tools (a session
    file's statements run there between object_push and object_pop), or ""."""
    if template_name not in TOOLS:
        return ""
    return (f" (in {template_name}: pnm's headless {template_name}, "
            f"pnm/hoclib/{TOOLS[template_name]}, has the members NEURON's session files use, "
            f"and {name} is not one of them)")


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
        tool, instead = NOT_PROVIDED[base]
        raise NotProvided(f"load_file(\"{name}\"): pnm does not provide NEURON's GUI tool "
                          f"{tool} ({base}), so the session file or program using it cannot "
                          f"run under pnm; {instead}")
    path = os.path.join(DIRECTORY, base)
    return path if base.endswith(".hoc") and os.path.isfile(path) else None


_index = {}


def library_index():
    """{name: (kind, file)}: where NEURON's hoc library declares each proc, func, obfunc and
    template (lib_index.txt, made from NEURON 9.0.2's lib/hoc)."""
    if not _index:
        with open(os.path.join(DIRECTORY, "lib_index.txt")) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    kind, name, base = line.split()
                    _index[name] = (kind, base)
    return _index
