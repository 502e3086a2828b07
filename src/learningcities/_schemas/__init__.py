"""The published JSON Schemas of each format version, and validation against them.

The schemas are files in the package (``schemas/VERSION/`` in the
repository): those of the current version, generated from the models, and
those of each earlier version, frozen as they were published. Their
references resolve only among the schemas of one version: nothing is ever
fetched from the network or read from the file system by a ``$ref``.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from learningcities.models import FORMAT_VERSION, FORMAT_VERSIONS

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import jsonschema
    import referencing

__all__ = [
    "ID_PREFIX",
    "SCHEMA_NAMES",
    "SchemaVersion",
    "id_prefix",
    "registry",
    "schema",
    "validator",
]

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
#: A format version that has published schemas.
SchemaVersion = Literal["1.0", "1.1"]


def id_prefix(version: str = FORMAT_VERSION) -> str:
    """The prefix of the ``$id`` of each schema of *version*: the id ends with its name.

    >>> id_prefix("1.0")
    'urn:learningcities:schema:1.0:'
    """
    return f"urn:learningcities:schema:{version}:"


#: The prefix of the ``$id`` of the schemas of the current version.
ID_PREFIX: Final = id_prefix()


def _folder(version: str) -> Traversable:
    """The folder of the schema files of *version*: in the package, or in a checkout."""
    packaged = resources.files("learningcities").joinpath("schemas")
    if not packaged.is_dir():
        # Running from a source checkout (an editable install, the test
        # suite): the published files are at the top of the repository.
        packaged = Path(__file__).resolve().parents[3] / "schemas"
    return packaged.joinpath(version)


def _checked_version(version: str) -> str:
    if version not in FORMAT_VERSIONS:
        versions = ", ".join(FORMAT_VERSIONS)
        message = f"There is no format version {version!r}: expected one of {versions}."
        raise ValueError(message)
    return version


@cache
def _schemas(version: str = FORMAT_VERSION) -> dict[str, dict[str, Any]]:
    folder = _folder(version)
    return {
        name: json.loads(folder.joinpath(f"{name}.schema.json").read_text("utf-8"))
        for name in SCHEMA_NAMES
    }


def schema(
    name: str = "dataset", version: SchemaVersion = FORMAT_VERSION
) -> dict[str, Any]:
    """Return a copy of the published JSON Schema called *name*, of format *version*.

    The schemas of earlier versions stay as they were published.

    Args:
        name: ``dataset`` (the whole document), an entity (``source``,
            ``network``, ``organization``, ``city``, ``membership``,
            ``event``) or ``defs`` (the definitions they share).
        version: a format version (by default the current one, which
            :func:`learningcities.dumps` writes).

    Returns:
        The schema, a JSON object (draft 2020-12) the caller may change.

    >>> city = schema("city")
    >>> city["$id"], city["required"]
    ('urn:learningcities:schema:1.1:city', ['id', 'name', 'country'])
    >>> "max_admissions_since" in schema("network", version="1.0")["properties"]
    False

    Raises:
        ValueError: there is no schema of that name, or no such version.
    """
    if name not in SCHEMA_NAMES:
        names = ", ".join(SCHEMA_NAMES)
        raise ValueError(f"There is no schema {name!r}: expected one of {names}.")
    return copy.deepcopy(_schemas(_checked_version(version))[name])


@cache
def registry(version: SchemaVersion = FORMAT_VERSION) -> referencing.Registry[Any]:
    """Return a registry of the bundled schemas that never retrieves anything else.

    It holds the schemas of one format *version*. A ``$ref`` to any other
    URI (``http``, ``https``, ``file``) is unresolvable: it is neither
    fetched nor read.
    """
    import referencing  # noqa: PLC0415 (deferred: a heavy import)
    from referencing.jsonschema import DRAFT202012  # noqa: PLC0415

    prefix = id_prefix(_checked_version(version))
    resources = [
        (prefix + name, DRAFT202012.create_resource(contents))
        for name, contents in _schemas(version).items()
    ]
    # A Registry given no ``retrieve`` function retrieves nothing: any URI
    # it does not hold raises ``Unresolvable``. Passing it to every validator
    # is what stops jsonschema's own fallback, which fetches remote refs.
    registry: referencing.Registry[Any] = referencing.Registry()
    return registry.with_resources(resources).crawl()


def validator(
    name_or_schema: str | dict[str, Any] = "dataset",
    version: SchemaVersion = FORMAT_VERSION,
) -> jsonschema.Validator:
    """Return a draft 2020-12 validator of a bundled schema, or of any schema.

    References resolve among the bundled schemas of *version* only.

    >>> validator("city").is_valid({"id": "ma-fez", "name": "Fez", "country": "MA"})
    True
    >>> validator("city").is_valid({"id": "ma-fez", "name": " ", "country": "MA"})
    False
    """
    import jsonschema  # noqa: PLC0415 (deferred: a heavy import)

    contents = (
        _schemas(_checked_version(version))[name_or_schema]
        if isinstance(name_or_schema, str)
        else name_or_schema
    )
    return jsonschema.Draft202012Validator(contents, registry=registry(version))
