"""The one notice that no graphics windows are shown, printed once per process to stderr as
NEURON does when it has no display (NEURON prints it when it starts; pnm at the first use of
gui or of a graphics object, so that scripts without graphics see nothing)."""

import os
import sys

_NO_DISPLAY = ("Warning: no DISPLAY environment variable.\n"
               "--No graphics will be displayed.\n")
_NO_WINDOWS = ("pnm: no graphics windows (Graph and PlotShape draw with matplotlib: "
               "g.render(file), pnm.graphics.use_matplotlib()).\n"
               "--No graphics will be displayed.\n")
_shown = False


def no_display_once():
    """Print the notice unless it was printed already."""
    global _shown
    if _shown:
        return
    _shown = True
    sys.stderr.write(_NO_DISPLAY if not os.environ.get("DISPLAY") else _NO_WINDOWS)
    sys.stderr.flush()
