"""`from pnm import gui`, as `from neuron import gui`: loads the standard run system (as
nrngui.hoc does) and, there being no display, says once that no graphics are shown."""

from .graphics import notice
from .namespace import h

h.load_file("nrngui.hoc")
notice.no_display_once()
