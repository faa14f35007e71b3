"""Questions the procedure generator (codegen.py) asks of parse-tree nodes and of the text
of the values it writes."""

from lark import Tree

_LOOP_NODES = {"while_", "for_short", "for_c", "for_seg", "for_seg0", "for_iter", "forall",
               "forsec"}
_EXITS = {"break_", "continue_", "return_", "iterator_statement"}


def is_literal(text):        # a number literal (not a temporary or constant)
    return text.lstrip("-")[:1].isdigit()


def has_exit(node):
    """Whether node holds a break, continue, return or iterator_statement."""
    if not isinstance(node, Tree):
        return False
    return node.data in _EXITS or any(has_exit(c) for c in node.children)


def has_continue(node):
    """Whether a `continue` in node would reach the loop node is the body of."""
    if not isinstance(node, Tree):
        return False
    if node.data == "continue_":
        return True
    if node.data in _LOOP_NODES:
        return False
    return any(has_continue(c) for c in node.children)
