"""hoc statements that model objects keep as strings and run later (NetCon.record("stmt")):
the hoc interpreter registers its runner here when it attaches, so that this layer never
imports the interpreter (which imports the model)."""

_runner = None


def set_runner(runner):
    """runner(text, where): run text as NEURON's HocCommand does ({text} at top level)."""
    global _runner
    _runner = runner


def run(text, where):
    if _runner is None:
        raise RuntimeError(f"{where}: no hoc interpreter to run {text!r} (import pnm first)")
    return _runner(text, where)
