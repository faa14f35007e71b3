"""A section's place in its tree (Section's methods children, root, wholetree, subtree), from
its public parent_section and child_sections."""


class SectionTree:
    """Mixed into Section (no state of its own)."""

    __slots__ = ()

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
