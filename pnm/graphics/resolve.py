"""The variable a Graph plots: a reference (soma(0.5)._ref_v) or a hoc expression pnm can
evaluate without a hoc interpreter ("t", "v(0.5)" with sec=, "soma.v(0.5)", "soma(0.5).v",
"cell.dend[2].m_hh(0.3)"). Anything else is kept and reported when the graph is rendered."""

import re

_SEC_VAR_X = re.compile(r"(?:(?P<sec>[\w\[\]\.]+?)\.)?(?P<var>[A-Za-z_]\w*)"
                        r"\(\s*(?P<x>[-+0-9.eE]+)\s*\)")
_SEC_X_VAR = re.compile(r"(?P<sec>[\w\[\]\.]+?)\(\s*(?P<x>[-+0-9.eE]+)\s*\)"
                        r"\.(?P<var>[A-Za-z_]\w*)")


class UnresolvedVariable:
    """An expression pnm cannot evaluate; rendering it raises error()."""

    def __init__(self, where, expression, why):
        self.where, self.expression, self.why = where, expression, why

    def error(self):
        return NotImplementedError(
            f"{self.where}({self.expression!r}): pnm cannot evaluate this hoc expression "
            f"({self.why}); give a reference instead, e.g. g.addvar('soma(0.5).v', "
            "soma(0.5)._ref_v)")


def _section_named(name):
    from ..model.state import STATE
    for sec in STATE.live_sections():
        if sec.name() == name:
            return sec
    return None


def resolve_variable(where, expression, source, sec):
    """A Ref for what the graph plots, or an UnresolvedVariable."""
    from ..model.refs import Ref, TimeRef
    if isinstance(source, Ref):
        return source
    if source is not None:
        raise TypeError(f"{where}({expression!r}, {source!r}): the second argument must be a "
                        "reference such as soma(0.5)._ref_v, or a hoc expression string")
    text = expression.strip()
    if text == "t":
        return TimeRef()
    m = _SEC_X_VAR.fullmatch(text) or _SEC_VAR_X.fullmatch(text)
    if m is None:
        return UnresolvedVariable(where, expression, "not of the form sec.var(x)")
    if m.group("sec"):
        sec = _section_named(m.group("sec"))
        if sec is None:
            return UnresolvedVariable(where, expression, f"no section named {m.group('sec')!r}")
    elif sec is None:
        return UnresolvedVariable(where, expression, "no section: pass sec=")
    try:
        seg = sec(float(m.group("x")))
        return getattr(seg, "_ref_" + m.group("var"))
    except (AttributeError, ValueError) as exc:
        return UnresolvedVariable(where, expression, str(exc))
