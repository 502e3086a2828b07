"""The package's import graph: one way, and no module takes another's private names.

The modules import each other in one direction only: no cycle, counting
every import (at the top, inside a function, or for type checking alone).
The one exception is the models' convenience methods (``Dataset.query``,
``Dataset.problems``), which call the stages built on the models; they
import them when called. A name beginning with ``_`` stays in its module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "learningcities"
#: The imports that point back down the graph, each with why it may.
ALLOWED_BACK: frozenset[tuple[str, str]] = frozenset(
    {
        ("_models", "_query"),  # Dataset.query() returns a Query of itself
        ("_models", "_validate"),  # Dataset.problems() validates its saved text
    }
)


def _modules() -> dict[str, ast.Module]:
    return {
        path.stem: ast.parse(path.read_text("utf-8")) for path in PACKAGE.glob("*.py")
    }


def _imports(tree: ast.Module) -> list[tuple[str, tuple[str, ...]]]:
    """Every relative import of *tree*: the module, and the names taken from it."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module is None:  # from . import _a, _b
                found += [(alias.name, ()) for alias in node.names]
            else:
                found.append((node.module, tuple(a.name for a in node.names)))
    return found


def _graph() -> dict[str, set[str]]:
    return {
        name: {module for module, _ in _imports(tree)}
        for name, tree in _modules().items()
    }


def test_no_module_takes_another_modules_private_names() -> None:
    """``from ._a import _b`` reaches into ``_a``: what is shared has a public name."""
    taken = [
        f"{name} takes {module}.{imported}"
        for name, tree in _modules().items()
        for module, names in _imports(tree)
        for imported in names
        if imported.startswith("_") and not imported.startswith("__")
    ]
    assert [] == taken


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of *graph*, as the modules along it, or None if there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_the_modules_import_each_other_one_way() -> None:
    """No import cycle, but for the models' convenience methods."""
    graph = _graph()
    for source, target in ALLOWED_BACK:
        assert target in graph[source], f"{source} no longer imports {target}"
        graph[source].discard(target)
    assert _cycle(graph) is None


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"a"}}, ["a", "a"]),
    ],
)
def test_the_cycle_finder_finds_cycles(
    graph: dict[str, set[str]], cycle: list[str] | None
) -> None:
    """The check above can fail: it finds the cycles of small graphs."""
    assert cycle == _cycle(graph)
