"""Nested structures of arrays ("pytrees"): dicts, lists and tuples whose
leaves are arrays or numbers. Sources and parameters may be given so, and
gradients and updates come back in the same structure."""

from typing import Any, Callable, List, Tuple


def flatten(tree: Any) -> Tuple[List[Any], List[str], Callable]:
    """(leaves, paths, rebuild): the leaves in order (dicts in insertion
    order), their paths ("['w'][0]"), and a function rebuilding the
    structure from new leaves."""
    leaves, paths = [], []

    def visit(node, path):
        if isinstance(node, dict):
            return ("dict", [(key, visit(value, f"{path}[{key!r}]"))
                             for key, value in node.items()])
        if isinstance(node, (list, tuple)):
            return (type(node), [visit(value, f"{path}[{k}]")
                                 for k, value in enumerate(node)])
        leaves.append(node)
        paths.append(path)
        return None

    shape = visit(tree, "")

    def rebuild(new_leaves):
        it = iter(new_leaves)

        def build(node):
            if node is None:
                return next(it)
            kind, children = node
            if kind == "dict":
                return {key: build(child) for key, child in children}
            return kind(build(child) for child in children)

        return build(shape)

    return leaves, paths, rebuild


def map(function: Callable, *trees: Any) -> Any:
    """function applied leaf by leaf to trees of the same structure."""
    leaves, _, rebuild = flatten(trees[0])
    others = [flatten(t)[0] for t in trees[1:]]
    if any(len(o) != len(leaves) for o in others):
        raise ValueError("the structures differ")
    return rebuild([function(*args) for args in zip(leaves, *others)])
