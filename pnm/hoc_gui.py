"""The NEURON names h resolves from the graphics package, h.File, h.Matrix and
h.CVode/h.cvode (one lookup function, so that h's module needs one hook)."""

_cvode = None


def hoc_name(name):
    """The object h.<name> stands for, or None if this module does not provide it."""
    global _cvode
    if name == "File":
        from .model.file import File
        return File
    if name == "MechanismStandard":
        from .model.mechstandard import MechanismStandard
        return MechanismStandard
    if name == "RangeVarPlot":
        from .model.rangevarplot import RangeVarPlot
        return RangeVarPlot
    if name == "Matrix":
        from .model.matrix import Matrix
        return Matrix
    if name in ("List", "StringFunctions"):
        from .hoclang import builtins
        return getattr(builtins, name)
    if name in ("CVode", "cvode"):
        from .timedevents import CVode
        if _cvode is None:       # stdrun.hoc's `cvode = new CVode()`: CVode[0]
            _cvode = CVode()
        return CVode if name == "CVode" else _cvode
    from . import stdplots
    provided = stdplots.hoc_name(name)       # graphList, addplot, newPlotV, graphItem, ...
    if provided is not None:
        return provided
    from .graphics import HOC_NAMES, window_menus
    if name == "WindowMenu":
        return window_menus()
    return HOC_NAMES.get(name)
