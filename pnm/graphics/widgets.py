"""NEURON's panel and window calls (xpanel, xbutton, xvalue, ..., HBox/VBox, PWManager,
doNotify, doEvents) without a display: each call is checked for its arguments' shape, does
nothing visible and returns what NEURON returns without a display (0 for the x* calls)."""

import itertools

from . import notice

_INDEX = {}
# boxes given an object by box.ref(obj): a window keeps the object that built it alive while
# the window exists (NEURON: the box holds a reference and the object holds the box); without
# a display no window is ever dismissed, so they stay to the end of the program
_REFERENCING_BOXES = []


def _next_index(kind):
    counter = _INDEX.setdefault(kind, itertools.count())
    return next(counter)


def _panel_call(name, args, max_args):
    notice.no_display_once()
    if len(args) > max_args:
        raise TypeError(f"h.{name}: at most {max_args} arguments, got {len(args)}")
    return 0.0


def xpanel(*args):
    """xpanel("title"[, 0 or 1]) opens a panel, xpanel([x, y]) closes it."""
    return _panel_call("xpanel", args, 3)


def xbutton(*args):
    return _panel_call("xbutton", args, 2)


def xstatebutton(*args):
    return _panel_call("xstatebutton", args, 3)


def xcheckbox(*args):
    return _panel_call("xcheckbox", args, 3)


def xradiobutton(*args):
    return _panel_call("xradiobutton", args, 3)


def xmenu(*args):
    return _panel_call("xmenu", args, 3)


def xlabel(*args):
    return _panel_call("xlabel", args, 1)


def xvarlabel(*args):
    return _panel_call("xvarlabel", args, 1)


def xvalue(*args, **kwargs):
    return _panel_call("xvalue", args, 6)


def xpvalue(*args):
    return _panel_call("xpvalue", args, 6)


def xfixedvalue(*args):
    return _panel_call("xfixedvalue", args, 4)


def xslider(*args):
    return _panel_call("xslider", args, 7)


def pwman_place(*args):
    """pwman_place(left, top[, show]): where session files put the window manager; there
    is none without a display."""
    return _panel_call("pwman_place", args, 3)


def doNotify():
    notice.no_display_once()
    return 1.0


def doEvents(*args):
    notice.no_display_once()
    return 1.0


def nrncontrolmenu(*args):
    """stdrun's RunControl panel: no window without a display (a hoc proc: no value)."""
    notice.no_display_once()


def nrnmainmenu(*args):
    """stdgui's NEURON Main Menu: no window without a display (a hoc proc: no value)."""
    notice.no_display_once()


class NumericalMethodPanel:
    """stdrun's `numericalmethodpanel` object, NumericalMethodPanel[0]: `.map()` shows no
    window without a display; session files map its box b1 (`ocbox_ = ocbox_.b1`)."""

    def __init__(self):
        self._b1 = None

    def hname(self):
        return "NumericalMethodPanel[0]"

    __repr__ = hname

    @property
    def b1(self):
        if self._b1 is None:
            self._b1 = VBox()
        return self._b1

    def map(self, *args):
        notice.no_display_once()
        return 1.0


numericalmethodpanel = NumericalMethodPanel()


class _Box:
    """h.HBox() / h.VBox(): a window layout; without a display, nothing is laid out."""

    kind = "Box"

    def __init__(self, *args):
        notice.no_display_once()
        self._hoc_index = _next_index(self.kind)
        self._intercepting = False

    def hname(self):
        return f"{self.kind}[{self._hoc_index}]"

    __repr__ = hname

    def ref(self, obj):
        """Keep obj (the tool that built this box) while the box exists."""
        self._referenced = obj
        if self not in _REFERENCING_BOXES:
            _REFERENCING_BOXES.append(self)
        return 1.0

    def intercept(self, on):
        self._intercepting = bool(int(on))
        return 1.0 if self._intercepting else 0.0

    def map(self, *args):
        return 1.0

    def unmap(self, *args):
        return 0.0

    def ismapped(self):
        return 0.0

    def adjuster(self, *args):
        return 1.0

    def adjust(self, *args):
        return 1.0

    def full_request(self, *args):
        return 1.0

    def save(self, *args):
        return 1.0

    def dismiss_action(self, *args):
        return 1.0

    def priority(self, *args):
        return 1.0

    def size(self, *args):
        return 0.0


class HBox(_Box):
    kind = "HBox"


class VBox(_Box):
    kind = "VBox"


class PWManager:
    """h.PWManager(): the print and window manager; without a display it manages no
    windows."""

    def __init__(self):
        notice.no_display_once()
        self._hoc_index = _next_index("PWManager")

    def hname(self):
        return f"PWManager[{self._hoc_index}]"

    __repr__ = hname

    def count(self):
        return 0

    def _no_window(self, name, i):
        raise IndexError(f"{self.hname()}.{name}({i}): there are no windows (pnm shows none)")

    def is_mapped(self, i):
        self._no_window("is_mapped", i)

    def map(self, i):
        self._no_window("map", i)

    def unmap(self, i):
        self._no_window("unmap", i)

    def hide(self, i):
        self._no_window("hide", i)

    def close(self, i):
        self._no_window("close", i)

    def name(self, i):
        self._no_window("name", i)

    def window_place(self, i, *args):
        self._no_window("window_place", i)

    def paper_place(self, i, *args):
        self._no_window("paper_place", i)

    def save(self, *args):
        return 0.0

    def deleteGroup(self, *args):
        return 0.0

    def manager(self, *args):
        return 0.0

    def snap(self, *args):
        return 0.0


class _Headless:
    """A window object of NEURON's GUI without a display (SectionBrowser, SymChooser,
    ValueFieldEditor, Glyph): made, one notice that nothing is shown, and every method is
    accepted and returns 0 (SymChooser.run(): 0, the user cancelled)."""

    kind = "Headless"

    def __init__(self, *args, **kwargs):
        notice.no_display_once()
        self._hoc_index = _next_index(self.kind)

    def hname(self):
        return f"{self.kind}[{self._hoc_index}]"

    __repr__ = hname

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def method(*args, **kwargs):
            return 0.0
        method.__name__ = name
        return method


class WindowMenu(_Headless):
    """stdgui's WindowMenu[0] (the Window menu; session files call its ses_gid(...)): every
    method is accepted without a display."""
    kind = "WindowMenu"


WINDOW_MENUS = []


def window_menus():
    """The WindowMenu array (one object, made at the first use)."""
    if not WINDOW_MENUS:
        WINDOW_MENUS.append(WindowMenu())
    return WINDOW_MENUS


class Deck(_Box):
    """h.Deck(): a stack of windows showing one at a time; without a display none shows
    (NEURON's values: flip_to -1, map 1)."""
    kind = "Deck"

    def flip_to(self, i):
        return -1.0

    def remove_last(self):
        return 0.0

    def move_last(self, i):
        return 0.0

    def remove(self, i):
        return 0.0


class SectionBrowser(_Headless):
    kind = "SectionBrowser"


class SymChooser(_Headless):
    kind = "SymChooser"


class ValueFieldEditor(_Headless):
    kind = "ValueFieldEditor"


class Glyph(_Headless):
    kind = "Glyph"


def plt(*args):
    """The old terminal-graphics plot call: draws nothing without a display."""
    return _panel_call("plt", args, 3)


def axis(*args):
    """The old terminal-graphics axis call: draws nothing without a display."""
    return _panel_call("axis", args, 6)
