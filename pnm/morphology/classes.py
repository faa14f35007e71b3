"""The classes load_file("import3d.hoc") defines, by their hoc names."""

from .i3dsection import Import3d_Section
from .instantiate import Import3d_GUI
from .nlcda3 import Import3d_Neurolucida3
from .swc import Import3d_SWC_read

CLASSES = {"Import3d_SWC_read": Import3d_SWC_read, "Import3d_GUI": Import3d_GUI,
           "Import3d_Section": Import3d_Section, "Import3d_Neurolucida3": Import3d_Neurolucida3}
