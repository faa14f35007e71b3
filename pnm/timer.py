"""h.Timer("statement") / h.Timer(callable): NEURON's GUI timer (src/ivoc/octimer.cpp).

In NEURON the statement runs every `seconds` (0.5 by default) while InterViews' event loop
runs, i.e. while a GUI session waits for input. Without a display NEURON never runs it: under
`nrniv -nogui` or from Python with no DISPLAY, start() arms nothing, and neither doEvents()
nor doNotify() fires it (checked with NEURON 9.0.2). pnm has no GUI event loop, so its Timer
is NEURON's without a display: it keeps the statement and the interval and never fires."""

from .model.hocindex import next_index


class Timer:
    """h.Timer(statement or callable): start(), end(), seconds([s])."""

    def __init__(self, action=None):
        if action is None:
            raise RuntimeError("Timer(): give the statement to run, Timer(\"stmt\") or "
                               "h.Timer(callable) (NEURON's 'Timer not enough arguments')")
        action = getattr(action, "v", action)          # a hoc strdef
        if not (isinstance(action, str) or callable(action)):
            raise TypeError(f"Timer({action!r}): give a hoc statement (a string) or a Python "
                            "callable (NEURON's 'Expecting string argument')")
        self.action = action
        self.interval = 0.5
        self.running = False
        self.hoc_index = next_index("Timer")

    def hname(self):
        return f"Timer[{self.hoc_index}]"

    __repr__ = hname

    def seconds(self, interval=None):
        """The interval in seconds; seconds(s) sets it (1e-6 <= s <= 1e6, as NEURON)."""
        if interval is not None:
            value = float(interval)
            if not 1e-6 <= value <= 1e6:
                raise RuntimeError(f"{self}.seconds({interval!r}): the interval must be "
                                   "between 1e-6 and 1e6 seconds (NEURON's 'Arg out of range')")
            self.interval = value
        return self.interval

    def start(self):
        """Arm the timer. Without a GUI event loop it never fires (as NEURON without a
        display)."""
        self.running = True
        return 0.0

    def end(self):
        self.running = False
        return 0.0


def do_events():
    """doEvents(): NEURON runs pending GUI events (Timers among them); without a display there
    are none, and it returns 1 as NEURON does then."""
    return 1.0


def do_notify():
    """doNotify(): NEURON updates the GUI's field editors; without a display, 1 (as NEURON)."""
    return 1.0
