"""hoc's psection(): a section printed in hoc syntax, as NEURON prints it (h.psection(sec=s)
and hoc `s psection()`; Python's sec.psection() is the dict of psection.py).

    soma { nseg=1  L=20  Ra=35.4
    	/*location 0 attached to cell 0*/
    	/* First segment only */
    	insert morphology { diam=20}
    	insert capacitance { cm=1}
    	insert hh { gnabar_hh=0.12 gkbar_hh=0.036 gl_hh=0.0003 el_hh=-54.3}
    	insert na_ion { ena=50}
    	...
    }

The "insert" lines follow NEURON's list of the first node's properties: morphology,
capacitance, then the mechanisms in insertion order, each followed by the ions it brought,
then the point processes of the first segment. Changing nseg rebuilds NEURON's nodes, which
reverses that list when the new nseg is 1 or at least twice the old one (the rule NEURON 9's
output follows for every sequence we tried); `nseg_changed` keeps that order here."""

from .mechstandard import MechanismStandard
from .proplist import node_properties


def _fmt(value):
    return f"{float(value):g}"


def _mechanism_line(sec, name):
    seg = sec(0.5 / sec.nseg)
    fields = MechanismStandard(name, 1).names
    values = " ".join(f"{f}={_fmt(getattr(seg, f))}" for f in fields)
    return f"\tinsert {name} {{ {values}}}"


def _point_line(pp):
    fields = MechanismStandard(pp.mech_name, 1).fields
    values = " ".join(f"{f}={_fmt(_point_value(pp, f))}" for f in fields)
    return f"\tinsert {pp.mech_name} {{ {values}}}"


def _point_value(pp, field):
    try:
        return getattr(pp, field)
    except AttributeError:
        if field == "del":               # Python's name for IClamp's del
            return getattr(pp, "delay")
        raise


def _root_index(sec):
    from .state import STATE
    roots = [s for s in STATE.live_sections() if s.parent_section is None]
    return next((k for k, s in enumerate(roots) if s is sec), 0)


def psection_text(sec):
    """The text hoc's psection() prints for sec."""
    lines = [f"{sec.name()} {{ nseg={sec.nseg}  L={_fmt(sec.L)}  Ra={_fmt(sec.Ra)}"]
    if sec.parent_section is None:
        lines.append(f"\t/*location 0 attached to cell {_root_index(sec)}*/")
    else:
        lines.append(f"\t{sec.parent_section.name()} connect {sec.name()} "
                     f"({_fmt(sec.orientation())}), {_fmt(sec.parent_x)}")
    lines.append("\t/* First segment only */")
    first = sec(0.5 / sec.nseg)
    for unit in reversed(node_properties(sec)):
        if unit == "morphology":
            lines.append(f"\tinsert morphology {{ diam={_fmt(first.diam)}}}")
        elif unit == "capacitance":
            lines.append(f"\tinsert capacitance {{ cm={_fmt(first.cm)}}}")
        elif unit.endswith("_ion"):
            ion = unit[:-4]
            lines.append(f"\tinsert {unit} {{ e{ion}={_fmt(getattr(first, 'e' + ion))}}}")
        else:
            lines.append(_mechanism_line(sec, unit))
    for pp in first.point_processes():
        lines.append(_point_line(pp))
    lines.append("}")
    return "\n".join(lines) + "\n"
