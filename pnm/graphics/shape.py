"""h.Shape and h.PlotShape without a display: the calls are accepted; ps.plot(pyplot or a
Figure) draws the morphology in 3-D coloured by the chosen range variable and returns the
matplotlib axes, as NEURON's PlotShape(False).plot does; ps.render(file) (pnm's extension)
draws the xy projection with diameters and a colour bar."""

import itertools

import numpy as np

from . import notice, mpl

_INDEX = {"Shape": itertools.count(), "PlotShape": itertools.count()}


def segment_paths(sec):
    """For each segment of sec: the (x, y, z, diam) arrays of the 3-D path it covers,
    interpolated at the segment's ends."""
    n3d = int(sec.n3d())
    if n3d < 2:
        return []
    pts = np.array([[sec.x3d(i), sec.y3d(i), sec.z3d(i), sec.diam3d(i)] for i in range(n3d)])
    arc = np.array([sec.arc3d(i) for i in range(n3d)])
    total = arc[-1] if arc[-1] > 0 else 1.0
    nseg = int(sec.nseg)
    paths = []
    for k in range(nseg):
        a0, a1 = total * k / nseg, total * (k + 1) / nseg
        inside = (arc > a0) & (arc < a1)
        at = np.concatenate([[a0], arc[inside], [a1]])
        path = np.column_stack([np.interp(at, arc, pts[:, j]) for j in range(4)])
        paths.append(path)
    return paths


def range_value(seg, variable):
    """seg's value of variable ('v', 'm_hh', 'hh.m'), or None where it does not exist."""
    try:
        if "." in variable:
            mech, name = variable.split(".", 1)
            return float(getattr(getattr(seg, mech), name))
        return float(getattr(seg, variable))
    except (AttributeError, TypeError, ValueError):
        return None


class Shape:
    """h.Shape([sectionlist][, 0]): the morphology, drawn by render()."""

    kind = "Shape"

    def __init__(self, *args):
        notice.no_display_once()
        self._hoc_index = next(_INDEX[self.kind])
        self._sections = None
        for arg in args:
            if not isinstance(arg, (int, float, bool)):
                self._sections = list(arg)
        self._show = 1 if self.kind == "Shape" else 0
        self._variable = None
        self._scale = (-80.0, 40.0)
        self._colored = []        # (section, color) from color_list/color
        self.figure = None

    def hname(self):
        return f"{self.kind}[{self._hoc_index}]"

    __repr__ = hname

    def sections(self):
        if self._sections is not None:
            return self._sections
        from ..model.state import STATE
        return STATE.live_sections()

    def show(self, mode=None):
        if mode is not None:
            self._show = int(mode)
        return 1.0

    def observe(self, sectionlist=None):
        self._sections = None if sectionlist is None else list(sectionlist)
        return 1.0

    def color(self, index, sec=None):
        if sec is not None:
            self._colored.append((sec, int(index)))
        return 1.0

    def color_all(self, index):
        self._colored = [(s, int(index)) for s in self.sections()]
        return 1.0

    def color_list(self, sectionlist, index):
        self._colored.extend((s, int(index)) for s in sectionlist)
        return 1.0

    def flush(self):
        mpl.refresh(self)
        return 1.0

    fastflush = flush

    def _accepted(self, *args, **kwargs):
        return 1.0

    def size(self, *args):      # NEURON's Shape.size returns 0 (Graph.size too)
        return 0.0

    view = rotate = len_scale = label = line = mark = beginline = _accepted
    erase = erase_all = menu_action = menu_tool = save_name = printfile = _accepted
    point_mark = point_mark_remove = select = action = push_selected = _accepted

    def exec_menu(self, *args):
        return 0.0

    def view_count(self):
        return 0

    def unmap(self):
        return 0.0

    def nearest(self, *args):
        raise NotImplementedError(f"{self.hname()}.nearest: there is no mouse without a "
                                  "display")

    # ---- rendering (pnm's extension) --------------------------------------------------
    def drawing_style(self):
        """0 with diameters, 1 centroid lines, 2 schematic (NEURON's show modes)."""
        return self._show

    def variable_name(self):
        return self._variable

    def drawing(self):
        """Per segment: (path (k, 4) x y z diam, value or None) — pnm's interface."""
        from ..model.shape import define_shape
        define_shape()
        items = []
        for sec in self.sections():
            for seg, path in zip(list(sec), segment_paths(sec)):
                value = None if self._variable is None else range_value(seg, self._variable)
                items.append((path, value))
        return items

    def render(self, path=None, **figure_kwargs):
        return mpl.render_shape(self, path, figure_kwargs)


class PlotShape(Shape):
    """h.PlotShape([sectionlist][, False]): the morphology coloured by a range variable."""

    kind = "PlotShape"

    def __init__(self, *args):
        super().__init__(*args)
        self._variable = "v"

    def variable(self, name):
        name = str(name)
        if not name.replace(".", "_").replace("_", "a").isalnum():
            raise ValueError(f"{self.hname()}.variable({name!r}): give a range variable name "
                             "such as 'v' or 'm_hh'")
        self._variable = name
        return 1.0

    def scale(self, low, high):
        self._scale = (float(low), float(high))
        return 1.0

    def show(self, mode=None):
        super().show(mode)
        return 1          # NEURON's PlotShape.show answers an int, Shape.show a float

    def colormap(self, *args):
        return 1.0

    def hinton(self, *args):
        raise NotImplementedError(f"{self.hname()}.hinton: not provided")

    def scale_range(self):
        """(low, high) of the colour scale — pnm's interface."""
        return self._scale

    def plot(self, graphics, *args, **kwargs):
        """ps.plot(pyplot) or ps.plot(figure): NEURON's 3-D matplotlib drawing; returns the
        axes."""
        return mpl.plot_shape_3d(self, graphics, *args, **kwargs)
