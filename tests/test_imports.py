"""The package's import graph: one way, in layers, and no module takes private names.

The modules import each other in one direction only: no cycle, counting
every import (at the top, inside a function, or for type checking alone).
The one exception is the models' convenience methods (``Dataset.query``,
``Dataset.problems``), which call the stages built on the models; they
import them when called. A name beginning with ``_`` stays in its module.

The package is layered (:data:`LAYERS`, drawn in docs/architecture.md): a
module imports only from the layers below its own, and the parts of one
layer do not import each other.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterable

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "learningcities"
#: The imports that point back down the graph, each with why it may.
ALLOWED_BACK: frozenset[tuple[str, str]] = frozenset(
    {
        ("models", "query"),  # Dataset.query() returns a Query of itself
        ("models", "_pipeline.validate"),  # Dataset.problems() validates its text
        ("models", "export"),  # Dataset.rows() flattens its records
    }
)

#: The layers of the package, from the top. A part is a subpackage (with
#: all its modules), a module, or the package itself (""). A module may
#: import from its own part and from the layers below; the parts of one
#: layer are independent of each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__main__",),
    ("_cli",),  # the command line
    ("", "_writing"),  # the public functions and names; files written for people
    # the register's changes; exports for other tools; the reply to a partner
    ("_register", "export", "reply"),
    ("_sample",),
    ("_io",),  # load, loads, save
    ("_pipeline",),  # validation: options, files of each format, the run
    ("_speed",),  # the fast paths, behind one seam
    ("_checking", "_reporting"),  # records and the rules across them; reports
    ("_reading", "_schemas"),  # bytes to values with positions; the schemas
    ("query",),
    ("models",),
    ("_fields", "dates"),
    ("_countries", "_findings", "_hints", "_spreadsheet"),
    ("errors",),
    ("_shown",),  # values as messages show them
    ("_messages", "_characters", "_choices", "_country_names", "_version"),
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


def _part(module: str) -> str:
    """The part of :data:`LAYERS` a module belongs to: its top-level name."""
    return module.split(".", maxsplit=1)[0]


def _layer_breaches(graph: dict[str, set[str]]) -> list[str]:
    """Every import that goes up the layers or across one, as ``a -> b``."""
    layer_of = {part: i for i, parts in enumerate(LAYERS) for part in parts}
    breaches = []
    for source, targets in sorted(graph.items()):
        for target in sorted(targets - {source}):
            if (source, target) in ALLOWED_BACK:
                continue
            here, there = _part(source), _part(target)
            if here == there:
                continue
            if layer_of[there] <= layer_of[here]:
                breaches.append(f"{source} -> {target}")
    return breaches


def test_every_module_has_a_layer() -> None:
    """A new module is placed in :data:`LAYERS` before it may import anything."""
    parts = {part for parts in LAYERS for part in parts}
    assert set() == {_part(name) for name in _modules()} - parts


def test_the_modules_import_down_the_layers_only() -> None:
    """No import goes up a layer, nor across to another part of the same layer."""
    assert [] == _layer_breaches(_graph())


@pytest.mark.parametrize(
    ("graph", "breaches"),
    [
        ({"_cli.main": {"_io"}, "_io": set()}, []),
        ({"_io": {"_cli.main"}}, ["_io -> _cli.main"]),
        (
            {"_checking.rules": {"_reporting.report"}},
            ["_checking.rules -> _reporting.report"],
        ),
        ({"_checking.rules": {"_checking.convert"}}, []),
    ],
)
def test_the_layer_check_finds_breaches(
    graph: dict[str, set[str]], breaches: list[str]
) -> None:
    """The check above can fail: an import up or across is a breach."""
    assert breaches == _layer_breaches(graph)


#: What the command line and ``import learningcities`` leave to the first use.
ON_DEMAND: tuple[str, ...] = (
    "learningcities.export",
    "learningcities.reply",
    "learningcities.query",
    "learningcities._register.diff",
    "learningcities._register.merge",
    "learningcities._writing.templates",
    "learningcities._pipeline.csvfiles",
    "openpyxl",
    "python_calamine",
)


def test_starting_imports_no_writer_query_or_spreadsheet_reader() -> None:
    """The command line starts without the modules it needs only for some commands.

    They cost about a third of its start (0.44 s then, 0.32 s now).
    """
    code = (
        "import sys, learningcities._cli.main\n"
        "print(*sorted(name for name in sys.modules), sep='\\n')"
    )
    ran = subprocess.run(  # noqa: S603 (this interpreter, this code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(ran.stdout.split())
    assert "learningcities._cli.main" in loaded
    assert [name for name in ON_DEMAND if name in loaded] == []


def test_the_names_imported_when_used_are_the_modules_own() -> None:
    """Each public name the package imports on first use is its module's, listed."""
    import learningcities  # noqa: PLC0415 (the package as a user imports it)

    for name, module in learningcities._NAMES_ON_DEMAND.items():  # noqa: SLF001
        assert getattr(learningcities, name) is getattr(
            importlib.import_module(module), name
        )
        assert name in learningcities.__all__
        assert name in dir(learningcities)
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        _ = learningcities.nothing
