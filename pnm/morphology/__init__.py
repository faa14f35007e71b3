"""NEURON's import3d (lib/hoc/import3d.hoc) as pnm's own code: morphology readers (SWC,
Neurolucida V3) that turn a file into Import3d_Section lists, and Import3d_GUI(reader, 0),
whose instantiate(obj) creates the sections with NEURON's names, connections and 3-D points."""

CLASS_NAMES = ("Import3d_SWC_read", "Import3d_GUI", "Import3d_Section", "Import3d_Neurolucida3")


def import3d_class(name):
    """The class behind h.<name> for the names load_file("import3d.hoc") defines."""
    if name == "Import3d_SWC_read":
        from .swc import Import3d_SWC_read
        return Import3d_SWC_read
    if name == "Import3d_GUI":
        from .instantiate import Import3d_GUI
        return Import3d_GUI
    if name == "Import3d_Section":
        from .i3dsection import Import3d_Section
        return Import3d_Section
    if name == "Import3d_Neurolucida3":
        from .nlcda3 import Import3d_Neurolucida3
        return Import3d_Neurolucida3
    raise KeyError(name)
