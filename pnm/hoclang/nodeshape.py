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


def v_pointer_x(node):
    """x of a pointer `&v(x)` whose x is a number literal in [0, 1]; None for any other."""
    if node.data != "call" or str(node.children[0]) != "v" or len(node.children) < 2:
        return None
    args = node.children[1].children
    if len(args) != 1 or not isinstance(args[0], Tree) or args[0].data != "number":
        return None
    x = float(args[0].children[0])
    return x if 0.0 <= x <= 1.0 else None
