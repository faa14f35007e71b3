"""stdrun.hoc's lists of graphs and the procedures that fill them, as NEURON names them:
graphList[0..3] (graphs runs update against t; [1] and [2] at t -/+ dt/2, [3] phase planes),
flush_list and fast_flush_list, graphItem (the graph a newPlot* procedure made), addplot,
newPlot, newPlotV, newPlotI, newPlotS, newvectorplot, newshapeplot. No windows are shown;
the Graphs record what they plot (pnm.graphics)."""

from .graphics import Graph, PlotShape
from .hoclang.builtins import List
from .model import secstack
from .model.state import STATE

N_GRAPH_LISTS = 4


class _Lists:
    """The lists, made at the first use (as stdrun.hoc makes them when it loads)."""

    def __init__(self):
        self.graph_lists = None
        self.flush_list = None
        self.fast_flush_list = None
        self.graph_item = None

    def made(self):
        if self.graph_lists is None:     # List[0] to List[5], as stdrun.hoc makes them first
            self.graph_lists = [List.numbered(i) for i in range(N_GRAPH_LISTS)]
            self.flush_list = List.numbered(N_GRAPH_LISTS)
            self.fast_flush_list = List.numbered(N_GRAPH_LISTS + 1)
        return self


LISTS = _Lists()


def _graph_list(index, caller):
    i = int(index)
    if not 0 <= i < N_GRAPH_LISTS:
        raise IndexError(f"{caller}: graphList[{i}] does not exist (graphList[0] to "
                         f"graphList[{N_GRAPH_LISTS - 1}])")
    return LISTS.made().graph_lists[i]


def addplot(graph, index):
    """addplot(g, i): g joins graphList[i], its x axis 0 to tstop."""
    if not hasattr(graph, "size"):
        raise TypeError(f"addplot({graph!r}, {index}): the first argument must be a Graph")
    graph.size(0, STATE.tstop, -1, 1)
    _graph_list(index, f"addplot({graph!r}, {index})").append(graph)


def newPlot(xmin, xmax, ymin, ymax):
    """A new Graph of that size; it becomes graphItem."""
    LISTS.graph_item = Graph()
    LISTS.graph_item.size(xmin, xmax, ymin, ymax)
    LISTS.graph_item.xaxis()


def _new_in(index, ymin, ymax):
    newPlot(0, STATE.tstop, ymin, ymax)
    LISTS.graph_item.save_name(f"graphList[{index}].")
    _graph_list(index, "newPlot").append(LISTS.graph_item)
    return LISTS.graph_item


def newPlotV():
    """A voltage graph in graphList[0] plotting v(.5) of the accessed section."""
    secstack.cas()          # NEURON: v(.5) needs an accessed section
    _new_in(0, -80, 40).addexpr("v(.5)")


def newPlotI():
    _new_in(1, -1, 1)


def newPlotS():
    _new_in(2, 0, 1)


def newvectorplot():
    LISTS.graph_item = Graph()
    LISTS.made().flush_list.append(LISTS.graph_item)
    LISTS.graph_item.save_name("flush_list.")


def newshapeplot():
    secstack.cas()
    LISTS.graph_item = PlotShape()
    LISTS.made().fast_flush_list.append(LISTS.graph_item)
    LISTS.graph_item.save_name("fast_flush_list.")


def init_plot():
    """stdinit's initPlot: the graphs no window shows (view_count() 0: all of them without a
    display) leave the lists, as in NEURON; the others begin a new line."""
    if LISTS.graph_lists is None:
        return
    for plots in (*LISTS.graph_lists, LISTS.flush_list, LISTS.fast_flush_list):
        for i in reversed(range(int(plots.count()))):
            if plots.object(i).view_count() == 0:
                plots.remove(i)
        for i in range(int(plots.count())):
            plots.object(i).begin()


PROCEDURES = {"addplot": addplot, "newPlot": newPlot, "newPlotV": newPlotV,
              "newPlotI": newPlotI, "newPlotS": newPlotS, "newvectorplot": newvectorplot,
              "newshapeplot": newshapeplot}


def hoc_name(name):
    """What h.<name> is for stdrun's graph names, or None."""
    if name in PROCEDURES:
        return PROCEDURES[name]
    if name == "graphList":
        return LISTS.made().graph_lists
    if name == "n_graph_lists":
        return float(N_GRAPH_LISTS)
    if name in ("flush_list", "fast_flush_list"):
        return getattr(LISTS.made(), name)
    if name == "graphItem":
        return LISTS.graph_item
    return None
