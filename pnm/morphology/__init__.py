"""NEURON's import3d (lib/hoc/import3d.hoc) as pnm's own code: morphology readers (SWC,
Neurolucida V3) that turn a file into Import3d_Section lists, and Import3d_GUI(reader, 0),
whose instantiate(obj) creates the sections with NEURON's names, connections and 3-D points.
classes.CLASSES maps the names to the classes."""

CLASS_NAMES = ("Import3d_SWC_read", "Import3d_GUI", "Import3d_Section", "Import3d_Neurolucida3")
