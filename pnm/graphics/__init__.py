"""NEURON's graphics without a display: Graph, Shape, PlotShape, the xpanel family, HBox/VBox,
Deck, PWManager, SectionBrowser, SymChooser, ValueFieldEditor, Glyph, plt/axis,
doNotify/doEvents. Each call is accepted and shows nothing (one notice says so);
Graph and PlotShape also draw with matplotlib (render(file), PlotShape.plot(pyplot),
use_matplotlib())."""

from .graph import Graph
from .mpl import use_matplotlib
from .shape import PlotShape, Shape
from .widgets import (Deck, Glyph, SectionBrowser, SymChooser, ValueFieldEditor, axis, plt)
from .widgets import (HBox, PWManager, VBox, doEvents, doNotify, nrncontrolmenu, nrnmainmenu,
                      numericalmethodpanel, pwman_place, xbutton, xcheckbox,
                      xfixedvalue, xlabel, xmenu, xpanel, xpvalue, xradiobutton, xslider,
                      xstatebutton, xvalue, xvarlabel, window_menus)

# what h exposes, by NEURON's names
HOC_NAMES = {
    "Graph": Graph, "Shape": Shape, "PlotShape": PlotShape, "HBox": HBox, "VBox": VBox,
    "PWManager": PWManager, "doNotify": doNotify, "doEvents": doEvents, "xpanel": xpanel,
    "xbutton": xbutton, "xcheckbox": xcheckbox, "xfixedvalue": xfixedvalue, "xlabel": xlabel,
    "xmenu": xmenu, "xpvalue": xpvalue, "xradiobutton": xradiobutton, "xslider": xslider,
    "xstatebutton": xstatebutton, "xvalue": xvalue, "xvarlabel": xvarlabel,
    "nrncontrolmenu": nrncontrolmenu, "nrnmainmenu": nrnmainmenu,
    "numericalmethodpanel": numericalmethodpanel,
    "NumericalMethodPanel": [numericalmethodpanel],
    "pwman_place": pwman_place, "Deck": Deck, "SectionBrowser": SectionBrowser,
    "SymChooser": SymChooser, "ValueFieldEditor": ValueFieldEditor, "Glyph": Glyph,
    "plt": plt, "axis": axis,
}

__all__ = sorted(HOC_NAMES) + ["use_matplotlib", "HOC_NAMES", "window_menus"]
