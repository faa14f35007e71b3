"""h.Graph without a display: every NEURON call is accepted and does nothing visible; the
variables given to addvar/addexpr are recorded against t during runs (and sampled by
g.plot(x) when a script drives the graph itself), so that g.render(file) — pnm's extension —
or pnm.graphics.use_matplotlib() draws them with matplotlib, with the lines, marks and labels
the script drew."""

import itertools

from . import notice, mpl
from .resolve import resolve_variable, UnresolvedVariable

_INDEX = itertools.count()

# NEURON's colour indices (0 is white, 1 black, ...)
COLORS = ["white", "black", "red", "blue", "green", "orange", "brown", "violet", "yellow",
          "gray"]


def color_of(index):
    return COLORS[int(index) % len(COLORS)]


def width_of(brush):
    return max(1.0, float(int(brush)))


class _Plotted:
    """One addvar/addexpr variable: its recording and the points given by g.plot(x)."""

    def __init__(self, label, expression, source, color, brush):
        self.label, self.expression = label, expression
        self.source = source          # a Ref, or UnresolvedVariable
        self.color, self.brush = color, brush
        self.points = []              # (x, y) from g.plot(x) since g.begin()
        self.recording = None         # (t Vector, y Vector) recorded during runs

    def start_recording(self, vector_type, time_ref):
        if isinstance(self.source, UnresolvedVariable) or self.recording is not None:
            return
        tvec, yvec = vector_type(), vector_type()
        tvec.record(time_ref)
        yvec.record(self.source)
        self.recording = (tvec, yvec)

    def curve(self):
        if isinstance(self.source, UnresolvedVariable):
            raise self.source.error()
        if self.points:
            return [p[0] for p in self.points], [p[1] for p in self.points]
        if self.recording is not None:
            tvec, yvec = self.recording
            n = min(tvec.size(), yvec.size())
            return tvec.as_numpy()[:n].copy(), yvec.as_numpy()[:n].copy()
        return [], []


class Graph:
    """h.Graph([0]): a graph window, here kept as data to render."""

    def __init__(self, map_window=1):
        notice.no_display_once()
        self._hoc_index = next(_INDEX)
        self._variables = []
        self._objects = []         # (RangeVarPlot, color, brush): space plots
        self._polylines = []       # dicts: xs, ys, color, width, label
        self._marks = []           # dicts: x, y, style, size, color
        self._labels = []          # (x, y, text) in the view's 0..1 coordinates
        self._color, self._brush = 1, 1
        self._size = None
        self._current_line = None
        self._keep_lines = False
        self.figure = None

    def hname(self):
        return f"Graph[{self._hoc_index}]"

    __repr__ = hname

    # ---- what is plotted ----------------------------------------------------------------
    def _add(self, method, args, sec):
        if not args:
            raise TypeError(f"{self.hname()}.{method}: give at least the variable's name")
        args = list(args)
        label = str(args.pop(0))
        expression, source = label, None
        if args and not isinstance(args[0], (int, float)):
            source = args.pop(0)
            if isinstance(source, str):
                expression, source = source, None
        numbers = [a for a in args if isinstance(a, (int, float))]
        color = numbers[0] if numbers else self._color
        brush = numbers[1] if len(numbers) > 1 else self._brush
        resolved = resolve_variable(f"{self.hname()}.{method}", expression, source, sec)
        plotted = _Plotted(label, expression, resolved, color, brush)
        from ..model.refs import TimeRef
        from ..model.vector import Vector
        plotted.start_recording(Vector, TimeRef())
        self._variables.append(plotted)
        return 1.0

    def addvar(self, *args, sec=None):
        return self._add("addvar", args, sec)

    def addexpr(self, *args, sec=None):
        return self._add("addexpr", args, sec)

    def addobject(self, obj, color=None, brush=None, *args):
        """A RangeVarPlot (a space plot): drawn as it is when the graph is rendered."""
        if not hasattr(obj, "to_vector"):
            raise TypeError(f"{self.hname()}.addobject({obj!r}): pnm plots RangeVarPlot "
                            "objects in Graphs")
        self._objects.append((obj, self._color if color is None else color,
                              self._brush if brush is None else brush))
        return 1.0

    def begin(self):
        for var in self._variables:
            var.points = []
        return 1.0

    def plot(self, x):
        """Extend each variable's line to (x, its current value)."""
        for var in self._variables:
            if not isinstance(var.source, UnresolvedVariable):
                var.points.append((float(x), float(var.source.value)))
        return 1.0

    def flush(self):
        mpl.refresh(self)
        return 1.0

    fastflush = flush

    def erase(self):
        self._polylines.clear()
        self._marks.clear()
        return 1.0

    def erase_all(self):
        self.erase()
        self._variables.clear()
        self._objects.clear()
        self._labels.clear()
        return 1.0

    # ---- drawing ------------------------------------------------------------------------
    def beginline(self, *args):
        label = next((a for a in args if isinstance(a, str)), None)
        numbers = [a for a in args if isinstance(a, (int, float))]
        color = numbers[0] if numbers else self._color
        brush = numbers[1] if len(numbers) > 1 else self._brush
        self._current_line = {"xs": [], "ys": [], "color": color_of(color),
                              "width": width_of(brush), "label": label}
        self._polylines.append(self._current_line)
        return 1.0

    def line(self, x, y):
        if self._current_line is None:
            self.beginline()
        self._current_line["xs"].append(float(x))
        self._current_line["ys"].append(float(y))
        return 1.0

    def mark(self, x, y, style="+", size=12, color=None, brush=None):
        self._marks.append({"x": float(x), "y": float(y), "style": str(style)[:1] or "+",
                            "size": float(size),
                            "color": color_of(self._color if color is None else color)})
        return 1.0

    def label(self, *args):
        if args and isinstance(args[0], (int, float)) and len(args) >= 3:
            self._labels.append((float(args[0]), float(args[1]), str(args[2])))
        elif args and isinstance(args[0], str):
            y = 0.95 - 0.05 * len(self._labels)
            self._labels.append((0.05, y, args[0]))
        return 1.0

    def add_polyline(self, xs, ys, color=None, brush=None, label=None):
        """Vector.plot/line (pnm's interface): a finished line of points."""
        self._polylines.append({"xs": list(map(float, xs)), "ys": list(map(float, ys)),
                                "color": color_of(self._color if color is None else color),
                                "width": width_of(self._brush if brush is None else brush),
                                "label": label})
        return 1.0

    def color(self, index=1, *args):
        self._color = int(index)
        return 1.0

    def brush(self, index=1, *args):
        self._brush = int(index)
        return 1.0

    def family(self, *args):
        if args and isinstance(args[0], (int, float)):
            self._keep_lines = bool(args[0])
        return 1.0

    # ---- the window (nothing to show) -------------------------------------------------
    def size(self, *args):
        if len(args) >= 4:
            self._size = tuple(float(a) for a in args[:4])
        return 0.0

    def view(self, *args):
        if len(args) >= 4:
            x0, y0, w, h = (float(a) for a in args[:4])
            self._size = (x0, x0 + w, y0, y0 + h)
        return 1.0

    def exec_menu(self, item, *args):
        if str(item) == "Keep Lines":
            self._keep_lines = not self._keep_lines
        return 0.0

    def xaxis(self, *args):
        return 1.0

    def xexpr(self, expression, *args):
        """The x of the variables' lines, a phase plane (graphList[3]); kept, not drawn."""
        self._x_expression = str(expression)
        return 1.0

    def yaxis(self, *args):
        return 1.0

    def view_count(self):
        return 0

    def unmap(self):
        return 0.0

    def printfile(self, *args):
        return 1.0

    def save_name(self, *args):
        return 1.0

    def fixed(self, *args):
        return 1.0

    def vfixed(self, *args):
        return 1.0

    def relative(self, *args):
        return 1.0

    def align(self, *args):
        return 1.0

    def menu_action(self, *args):
        return 1.0

    def menu_tool(self, *args):
        return 1.0

    def crosshair_action(self, *args):
        return 1.0

    def gif(self, *args):
        raise NotImplementedError(f"{self.hname()}.gif: pnm draws no images into Graphs")

    def glyph(self, *args):
        raise NotImplementedError(f"{self.hname()}.glyph: pnm has no Glyph objects")

    # ---- rendering (pnm's extension) -------------------------------------------------
    def render(self, path=None, **figure_kwargs):
        """Draw the graph with matplotlib: into a new Figure returned (a notebook shows it),
        and written to path (png, pdf, svg, ... by its extension) when given."""
        return mpl.render_graph(self, path, figure_kwargs)

    def drawing(self):
        """What render draws: (curves, polylines, marks, labels, size) — pnm's interface."""
        curves = []
        for var in self._variables:
            xs, ys = var.curve()
            curves.append({"xs": xs, "ys": ys, "color": color_of(var.color),
                           "width": width_of(var.brush), "label": var.label})
        from ..model.vector import Vector
        for obj, color, brush in self._objects:
            ys, xs = Vector(), Vector()
            obj.to_vector(ys, xs)
            curves.append({"xs": list(xs), "ys": list(ys), "color": color_of(color),
                           "width": width_of(brush), "label": obj.variable})
        return curves, list(self._polylines), list(self._marks), list(self._labels), self._size
