"""A node's property list as NEURON keeps it: what `for mech in seg` yields (head first) and
psection prints (tail first). Inserts go to the head, each mechanism's ions (need_memb) made
or moved to the head after it; changing nseg rebuilds the first node when the new nseg is 1
or at least twice the old (the rule NEURON 9's output follows for every sequence tried),
inserting the old list's mechanisms again in order."""

from . import mechanisms as mechs

# a section's node property list, once an nseg change rebuilt it, is its slot prop_order
_BASE = ["capacitance", "morphology"]     # a new section's list: morphology made first


def _ions_of(name):
    module = mechs.USER.get(name)
    if module is not None:
        return [ion for ion, *_ in getattr(module, "IONS", ())]
    return {"hh": ["na", "k"]}.get(name, [])


def _insert(props, name):
    """NEURON's insert into a node's property list: the mechanism at the head, then each ion
    it uses (USEION order) made or moved to the head (need_memb)."""
    if name in props:
        return
    props.insert(0, name)
    for ion in _ions_of(name):
        ion = f"{ion}_ion"
        if ion in props:
            props.remove(ion)
        props.insert(0, ion)


def node_properties(sec):
    """The first node's property list, head first (the order `for mech in seg` yields, with
    morphology and capacitance; psection prints it tail first)."""
    return _properties(_order(sec), sec.mechanism_names)


def _properties(order, names):
    props = list(order)
    used = {ion for m in names for ion in _ions_of(m)}
    present = set(names) | {"capacitance", "morphology"}
    props = [p for p in props if p in present or (p.endswith("_ion") and p[:-4] in used)]
    for name in names:       # an ion inserted by name goes to the head too
        _insert(props, name)
    return props


class _Rebuilt(tuple):
    """The list NEURON made anew at an nseg change, worked out when first asked for (a build
    changes nseg of thousands of sections and asks for none): (the list before it, the
    mechanisms inserted then). A tuple: made without a Python-level __init__."""

    __slots__ = ()


def _order(sec):
    order = sec.prop_order
    if order is None:
        return _BASE
    if type(order) is _Rebuilt:
        order = sec.prop_order = _rebuilt(order)
    return order


def _rebuilt(pending):
    before, names = pending
    if type(before) is _Rebuilt:
        before = _rebuilt(before)
    props = []
    for name in _properties(before, names):
        if not name.endswith("_ion"):
            _insert(props, name)
    return props


def nseg_changed(sec, old, new):
    """Section.nseg calls this when nseg goes from old to new: when NEURON makes the first
    node anew (new nseg 1 or at least twice the old), it inserts the old node's mechanisms
    again in the old list's order (ions made by need_memb as they come)."""
    if new == 1 or new >= 2 * old:
        before = sec.prop_order
        sec.prop_order = _Rebuilt((_BASE if before is None else before,
                                   tuple(sec.mechanism_names)))
