"""The NEURON names h resolves from the graphics package, h.File, h.Matrix and
h.CVode/h.cvode (one lookup function, so that h's module needs one hook)."""

_cvode = None
_graph_lists = None
_flush_lists = {}


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
    if name == "graphList":     # stdrun.hoc's graphList[4]: Lists of the Graphs runs update
        global _graph_lists
        if _graph_lists is None:
            from .hoclang.builtins import List
            _graph_lists = [List() for _ in range(4)]
        return _graph_lists
    if name == "n_graph_lists":
        return 4.0
    if name in ("flush_list", "fast_flush_list"):   # stdrun.hoc's Lists of plots to flush
        if name not in _flush_lists:
            from .hoclang.builtins import List
            _flush_lists[name] = List()
        return _flush_lists[name]
    from .graphics import HOC_NAMES
    return HOC_NAMES.get(name)
