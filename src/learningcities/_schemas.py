"""The published JSON Schemas of format 1.0, and validation against them.

The schemas are files in the package (``schemas/`` in the repository). Their
references resolve only among themselves: nothing is ever fetched from the
network or read from the file system by a ``$ref``.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import jsonschema
    import referencing

__all__ = ["ID_PREFIX", "SCHEMA_NAMES", "registry", "schema", "validator"]

#: The schemas, by name: the dataset, one per entity, and the shared definitions.
SCHEMA_NAMES: Final = (
    "dataset",
    "source",
    "network",
    "organization",
    "city",
    "membership",
    "event",
    "defs",
)
#: Each schema's ``$id`` is this prefix followed by its name.
ID_PREFIX: Final = "urn:learningcities:schema:1.0:"


def _folder() -> Traversable:
    """The folder of schema files: in the package, or in a source checkout."""
    packaged = resources.files(__package__).joinpath("schemas")
    if packaged.is_dir():
        return packaged
    # Running from a source checkout (an editable install, the test suite):
    # the published files are at the top of the repository.
    return Path(__file__).resolve().parents[2] / "schemas"


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    folder = _folder()
    return {
        name: json.loads(folder.joinpath(f"{name}.schema.json").read_text("utf-8"))
        for name in SCHEMA_NAMES
    }


def schema(name: str = "dataset") -> dict[str, Any]:
    """Return a copy of the published JSON Schema called *name*.

    *name* is ``dataset`` (the whole document), an entity (``source``,
    ``network``, ``organization``, ``city``, ``membership``, ``event``) or
    ``defs`` (the definitions they share).

    >>> city = schema("city")
    >>> city["$id"], city["required"]
    ('urn:learningcities:schema:1.0:city', ['id', 'name', 'country'])

    Raises:
        ValueError: there is no schema of that name.
    """
    if name not in SCHEMA_NAMES:
        names = ", ".join(SCHEMA_NAMES)
        raise ValueError(f"There is no schema {name!r}: expected one of {names}.")
    return copy.deepcopy(_schemas()[name])


@cache
def registry() -> referencing.Registry[Any]:
    """Return a registry of the bundled schemas that never retrieves anything else.

    A ``$ref`` to any other URI (``http``, ``https``, ``file``) is
    unresolvable: it is neither fetched nor read.
    """
    import referencing  # noqa: PLC0415 (deferred: a heavy import)
    from referencing.jsonschema import DRAFT202012  # noqa: PLC0415

    resources = [
        (ID_PREFIX + name, DRAFT202012.create_resource(contents))
        for name, contents in _schemas().items()
    ]
    # A Registry given no ``retrieve`` function retrieves nothing: any URI
    # it does not hold raises ``Unresolvable``. Passing it to every validator
    # is what stops jsonschema's own fallback, which fetches remote refs.
    registry: referencing.Registry[Any] = referencing.Registry()
    return registry.with_resources(resources).crawl()


def validator(name_or_schema: str | dict[str, Any] = "dataset") -> jsonschema.Validator:
    """Return a draft 2020-12 validator of a bundled schema, or of any schema.

    References resolve among the bundled schemas only.

    >>> validator("city").is_valid({"id": "ma-fez", "name": "Fez", "country": "MA"})
    True
    """
    import jsonschema  # noqa: PLC0415 (deferred: a heavy import)

    contents = (
        _schemas()[name_or_schema]
        if isinstance(name_or_schema, str)
        else name_or_schema
    )
    return jsonschema.Draft202012Validator(contents, registry=registry())
