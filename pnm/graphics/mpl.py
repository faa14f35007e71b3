"""Drawing Graphs and shapes with matplotlib (imported only when something is drawn). Files are
written to a temporary file and renamed into place."""

import os

_enabled = False


def use_matplotlib(on=True):
    """Make Graph/PlotShape.flush() (which NEURON's run system and scripts call) redraw the
    object into its own pyplot figure, so that a notebook shows it."""
    global _enabled
    _enabled = bool(on)
    if _enabled:
        _pyplot()


def enabled():
    return _enabled


def refresh(obj):
    if _enabled:
        plt = _pyplot()
        if obj.figure is None or not plt.fignum_exists(obj.figure.number):
            obj.figure = plt.figure()
        obj.figure.clear()
        obj.render(figure=obj.figure)


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError("pnm.graphics: drawing needs matplotlib (pip install matplotlib)") \
            from exc
    return plt


def _new_figure(kwargs):
    figure = kwargs.pop("figure", None)
    if figure is not None:
        return figure
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError("pnm.graphics: drawing needs matplotlib (pip install matplotlib)") \
            from exc
    kwargs.setdefault("figsize", (6.4, 4.8))
    return Figure(**kwargs)


def save(figure, path):
    """Write figure to path (format from the extension) through a temporary file."""
    from ..model.file import write_atomically
    path = os.fspath(path)
    fmt = os.path.splitext(path)[1].lstrip(".").lower() or "png"
    write_atomically(path, lambda stream: figure.savefig(stream, format=fmt))
    return path


def render_graph(graph, path, kwargs):
    curves, polylines, marks, labels, size = graph.drawing()
    figure = _new_figure(dict(kwargs))
    ax = figure.add_subplot()
    for item in curves + polylines:
        ax.plot(item["xs"], item["ys"], color=item["color"], linewidth=item["width"],
                label=item["label"] or None)
    for m in marks:
        style = {"+": "+", "o": "o", "O": "o", "s": "s", "S": "s", "t": "^", "T": "^",
                 "|": "|", "-": "_"}.get(m["style"], "+")
        ax.plot([m["x"]], [m["y"]], linestyle="none", marker=style, markersize=m["size"] / 2,
                color=m["color"])
    for x, y, text in labels:
        ax.text(x, y, text, transform=ax.transAxes)
    if size is not None:
        ax.set_xlim(size[0], size[1])
        ax.set_ylim(size[2], size[3])
    if any(item["label"] for item in curves + polylines):
        ax.legend(loc="best", fontsize="small")
    ax.set_title(graph.hname())
    if path is not None:
        save(figure, path)
    return figure


def _colormap(name="cool"):
    import matplotlib
    return matplotlib.colormaps[name]


def _color_index(value, low, high):
    """NEURON's _get_color: cmap index 0..255 of value on the scale."""
    span = high - low
    if span == 0:
        return 0 if value < low else 255 if value > high else 128
    return int(255 * (min(max(value, low), high) - low) / span)


def render_shape(shape, path, kwargs):
    from matplotlib.collections import LineCollection
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    figure = _new_figure(dict(kwargs))
    ax = figure.add_subplot()
    cmap = _colormap()
    low, high = getattr(shape, "scale_range", lambda: (0.0, 1.0))()
    segments, colors, widths = [], [], []
    for path_pts, value in shape.drawing():
        for a, b in zip(path_pts[:-1], path_pts[1:]):
            segments.append([(a[0], a[1]), (b[0], b[1])])
            colors.append("black" if value is None else cmap(_color_index(value, low, high)))
            widths.append(max(0.5, (a[3] + b[3]) / 2) if shape.drawing_style() == 0 else 1.0)
    if not segments:
        raise ValueError(f"{shape.hname()}.render: no sections with 3-D points to draw")
    ax.add_collection(LineCollection(segments, colors=colors, linewidths=widths,
                                     capstyle="round"))
    ax.autoscale()
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("x (µm)")
    ax.set_ylabel("y (µm)")
    variable = shape.variable_name()
    if variable is not None:
        mappable = ScalarMappable(norm=Normalize(low, high), cmap=cmap)
        figure.colorbar(mappable, ax=ax, label=variable)
    ax.set_title(shape.hname())
    if path is not None:
        save(figure, path)
    return figure


def plot_shape_3d(shape, graphics, *args, line_width=2, cmap=None, **kwargs):
    """NEURON's PlotShape.plot: one 3-D line per segment, coloured by the variable (cmap
    'cool' by default, black where the variable does not exist); returns the axes."""
    from mpl_toolkits.mplot3d import Axes3D  # noqa: F401 (registers the projection)
    if getattr(graphics, "__name__", "") == "matplotlib.pyplot":
        figure = graphics.figure()
    elif type(graphics).__name__ == "Figure":
        figure = graphics
    else:
        raise NotImplementedError(f"{shape.hname()}.plot({graphics!r}): pnm draws with "
                                  "matplotlib: pass matplotlib.pyplot or a Figure")
    cmap = cmap or _colormap()
    low, high = shape.scale_range()
    ax = figure.add_subplot(projection="3d")
    kwargs.pop("picker", None)
    for path_pts, value in shape.drawing():
        width = path_pts[:, 3].mean() if shape.drawing_style() == 0 else line_width
        color = kwargs.get("color", "black" if value is None
                           else cmap(_color_index(value, low, high)))
        extra = {k: v for k, v in kwargs.items() if k != "color"}
        ax.plot(path_pts[:, 0], path_pts[:, 1], path_pts[:, 2], "-", linewidth=width,
                color=color, **extra)
    _equal_aspect(ax)
    return ax


def _equal_aspect(ax):
    bounds = [ax.get_xlim(), ax.get_ylim(), ax.get_zlim()]
    half = max((b[1] - b[0]) / 2 for b in bounds)
    mids = [sum(b) / 2 for b in bounds]
    ax.auto_scale_xyz(*[[m - half, m + half] for m in mids])
