"""Headless graphics: the calls scripts make (Graph, PlotShape, Shape, xpanel family, boxes)
give NEURON 9's return values without a display and one notice on stderr, as NEURON; Graph
and PlotShape draw a voltage plot and a morphology with matplotlib."""

import os
import subprocess
import sys

import numpy as np
import pytest

from nrn_compare import neuron_python

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
HEADLESS = os.path.join(HERE, "gui_scripts", "headless_calls.py")
NOTICE = "Warning: no DISPLAY environment variable.\n--No graphics will be displayed.\n"


def _run(source, backend):
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env["MPLBACKEND"] = "Agg"
    if backend == "pnm":
        source = source.replace("from neuron import", "from pnm import")
        env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
        python = sys.executable
    else:
        python = neuron_python()
    proc = subprocess.run([python, "-c", source], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0, f"{backend} failed:\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def headless_runs():
    with open(HEADLESS) as f:
        source = f.read()
    return _run(source, "neuron"), _run(source, "pnm")


def test_headless_calls_return_what_neuron_returns(headless_runs):
    neuron, pnm = headless_runs
    assert pnm.stdout.splitlines() == neuron.stdout.splitlines()


def test_no_display_notice_printed_once_on_stderr_as_neuron(headless_runs):
    neuron, pnm = headless_runs
    assert neuron.stderr == NOTICE
    assert pnm.stderr == NOTICE


def test_notice_appears_once_even_without_gui_import():
    proc = _run("from neuron import h\ng = h.Graph()\nh.xpanel('a')\nh.xpanel()\n"
                "s = h.Shape()\n", "pnm")
    assert proc.stderr == NOTICE


def test_gui_import_loads_the_run_system():
    proc = _run("from neuron import gui, h\ns = h.Section(name='s')\nh.tstop = 1\nh.run()\n"
                "print(round(h.t, 6))\n", "pnm")
    assert proc.stdout.strip() == "1.0"


def _ball_and_stick(h):
    soma = h.Section(name="gsoma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    dend = h.Section(name="gdend")
    dend.L, dend.diam, dend.nseg = 200, 2, 11
    dend.insert("pas")
    dend.connect(soma(1))
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 1, 0.5
    return soma, dend, stim


def _image_variance(path):
    import matplotlib.image
    pixels = matplotlib.image.imread(path)
    return float(np.var(pixels[..., :3]))


def test_graph_renders_the_recorded_voltage_to_png(tmp_path):
    from pnm import h
    soma, dend, stim = _ball_and_stick(h)
    g = h.Graph()
    g.addvar("gsoma.v(0.5)")
    g.addvar("dend", dend(0.5)._ref_v, 2, 2)
    g.size(0, 5, -80, 40)
    v = h.Vector().record(soma(0.5)._ref_v)
    h.finitialize(-65)
    h.continuerun(5)
    out = tmp_path / "voltage.png"
    fig = g.render(str(out))
    assert out.exists() and out.stat().st_size > 5000
    assert _image_variance(str(out)) > 1e-3
    line = fig.axes[0].lines[0]
    assert np.array_equal(line.get_ydata(), v.as_numpy())       # the recorded samples
    assert line.get_xdata()[-1] == pytest.approx(5.0)
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".pnm-")]   # no temp left


def test_plotshape_renders_the_morphology_coloured_by_v(tmp_path):
    from pnm import h
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    soma, dend, stim = _ball_and_stick(h)
    h.finitialize(-65)
    h.continuerun(3)
    ps = h.PlotShape(False)
    ps.variable("v")
    ps.scale(-80, 40)
    out = tmp_path / "shape.png"
    ps.render(str(out))
    assert out.exists() and _image_variance(str(out)) > 1e-3
    ax = ps.plot(plt)
    assert type(ax).__name__ == "Axes3D"
    nseg = sum(sec.nseg for sec in (soma, dend))
    assert len(ax.lines) >= nseg
    colours = {tuple(line.get_color()) for line in ax.lines}
    assert len(colours) > 1                    # v differs along the cell at t = 3 ms
    plt.close("all")


def test_graph_plot_calls_draw_the_points_given(tmp_path):
    from pnm import h
    soma = h.Section(name="psoma")
    g = h.Graph()
    g.addvar(f"{soma.name()}.v(0.5)")
    h.finitialize(-65)
    g.begin()
    for _ in range(3):
        h.fadvance()
        g.plot(h.t)
    fig = g.render()
    xs = fig.axes[0].lines[0].get_xdata()
    assert len(xs) == 3 and xs[-1] == pytest.approx(3 * h.dt)


def test_rendering_an_expression_pnm_cannot_evaluate_names_it():
    from pnm import h
    g = h.Graph()
    g.addexpr("2*soma.v(0.5) + foo")
    with pytest.raises(NotImplementedError, match=r"Graph\[\d+\]\.addexpr.*2\*soma"):
        g.render()


def test_vector_plot_line_mark_draw_into_the_graph():
    from pnm import h
    g = h.Graph()
    y = h.Vector([1, 4, 9])
    assert y.plot(g) is y and y.line(g, 0.5, 2, 1) is y
    assert y.mark(g, h.Vector([0, 1, 2]), "o", 6) is y
    fig = g.render()
    ax = fig.axes[0]
    assert ax.lines[0].get_xdata().tolist() == [0, 1, 2]
    assert ax.lines[1].get_xdata().tolist() == [0, 0.5, 1.0]
    assert ax.lines[1].get_color() == "red"
    assert len(ax.lines) == 5                 # two lines, three marks


def test_a_range_var_plot_in_a_graph_is_drawn_as_its_to_vector():
    from pnm import h
    sec = h.Section(name="rvp_graph")
    sec.nseg = 5
    rvp = h.RangeVarPlot("v", sec(0), sec(1))
    g = h.Graph()
    assert g.addobject(rvp) == 1.0
    h.finitialize(-60)
    values, xs = h.Vector(), h.Vector()
    rvp.to_vector(values, xs)
    curves = g.drawing()[0]
    assert [(c["xs"], c["ys"], c["label"]) for c in curves] == [(list(xs), list(values), "v")]
    with pytest.raises(TypeError, match="RangeVarPlot"):
        g.addobject(h.Vector())
