"""A section's place in its tree (Section's methods children, root, wholetree, subtree, and
rallbranch), from its public parent_section and child_sections."""

import weakref

from .state import STATE

_RALLBRANCH = weakref.WeakKeyDictionary()     # section -> rallbranch, when not 1


class SectionTree:
    """Mixed into Section (no state of its own)."""

    __slots__ = ()

    @property
    def rallbranch(self):
        """NEURON's rallbranch: the section stands for that many identical branches on its
        parent (its first node's effect on the parent's equation is multiplied by it)."""
        return _RALLBRANCH.get(self, 1.0)

    @rallbranch.setter
    def rallbranch(self, value):
        value = float(value)
        if not value > 0.0:
            raise ValueError(f"{self}.rallbranch = {value:g}: it must be > 0")
        if value == 1.0:
            _RALLBRANCH.pop(self, None)
        else:
            _RALLBRANCH[self] = value
        STATE.geometry_version += 1    # geometry_changed(), inline

    def add_child(self, child):
        """NEURON's child list: sorted by the distance of the connection from this section's
        parent end (child.parent_x, or 1 - parent_x when this section is reversed), the newest
        first among equal places (this order is children(), wholetree() and the node order)."""
        if not self.child_sections:      # () until the first child
            self.child_sections = [child]
            return
        place = self.connection_place(child.parent_x)
        pos = len(self.child_sections)
        for i, c in enumerate(self.child_sections):
            if self.connection_place(c.parent_x) >= place:
                pos = i
                break
        self.child_sections.insert(pos, child)

    def connection_place(self, x):
        """Arc position x measured from this section's parent end (NEURON's ncp_abs)."""
        return 1.0 - x if self.orientation() else x

    def node_position(self, iseg):
        """Position in NEURON's node order (from the parent end) of segment iseg (counted
        from the 0 end): a section connected by its 1 end has its nodes reversed."""
        return self.nseg - 1 - iseg if self.orientation() else iseg

    def node_rank(self, x):
        """The node at arc position x counted from the parent end: 0 the connection end
        (the parent's node), 1..nseg the segment centres, nseg + 1 the far end."""
        far = 1.0 - self.orientation()
        if x == far:
            return self.nseg + 1
        if x == 1.0 - far:
            return 0
        return self.node_position(min(int(x * self.nseg), self.nseg - 1)) + 1

    def node_distance(self, x):
        """Path length from the connection end to the node at x (NEURON's node_dist)."""
        rank = self.node_rank(x)
        if rank == 0:
            return 0.0
        ratio = 1.0 if rank == self.nseg + 1 else (rank - 1 + .5) / self.nseg
        return self.L * ratio

    def children(self):
        return list(self.child_sections)

    def root(self):
        sec = self
        while sec.parent_section is not None:
            sec = sec.parent_section
        return sec

    def wholetree(self):
        """All sections of this section's tree, root first, depth first (as NEURON)."""
        return self.root().subtree()

    def subtree(self):
        """This section and everything connected below it, depth first (as NEURON)."""
        out, stack = [], [self]
        while stack:
            sec = stack.pop()
            out.append(sec)
            stack.extend(reversed(sec.child_sections))
        return out
