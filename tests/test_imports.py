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
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterable

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "learningcities"
#: The imports that point back down the graph, each with why it may.
ALLOWED_BACK: frozenset[tuple[str, str]] = frozenset(
    {
        ("_models", "_query"),  # Dataset.query() returns a Query of itself
        ("_models", "_validate"),  # Dataset.problems() validates its saved text
    }
)


def _name(path: Path) -> str:
    """The module's dotted name within the package (``_speed.runs``, ``_speed``)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, tuple[ast.Module, bool]]:
    """Every module of the package by name, parsed, and whether it is a package."""
    return {
        _name(path): (ast.parse(path.read_text("utf-8")), path.stem == "__init__")
        for path in PACKAGE.rglob("*.py")
    }


def _imports(
    name: str, tree: ast.Module, package: bool, known: Iterable[str]
) -> list[tuple[str, tuple[str, ...]]]:
    """Every import of the package's modules by *name*: the module, and the names taken.

    Relative imports are resolved from *name* (a package imports relative to
    itself); absolute ones count when they name this package.
    """
    modules = set(known)
    here = name.split(".") if package else name.split(".")[:-1]
    found: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = here[: len(here) - node.level + 1]
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
        elif node.module and node.module.split(".")[0] == "learningcities":
            target = ".".join(node.module.split(".")[1:])
        else:
            continue
        names = tuple(alias.name for alias in node.names)
        submodules = [f"{target}.{n}".lstrip(".") for n in names]
        if all(module in modules for module in submodules):  # from . import a, b
            found += [(module, ()) for module in submodules]
        else:
            found.append((target, names))
    return [(module, names) for module, names in found if module]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {target for target, _ in _imports(name, tree, package, modules)}
        for name, (tree, package) in modules.items()
    }


def test_no_module_takes_another_modules_private_names() -> None:
    """``from ._a import _b`` reaches into ``_a``: what is shared has a public name."""
    modules = _modules()
    taken = [
        f"{name} takes {module}.{imported}"
        for name, (tree, package) in modules.items()
        for module, names in _imports(name, tree, package, modules)
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
