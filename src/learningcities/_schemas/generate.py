"""Write the published JSON Schemas, and their reference page, from the models.

The models are the single source of the format: each field's type, the rule
its ``Annotated`` type carries, whether it is required, and the description
in the model's docstring. Run ``python -m learningcities._schemas.generate``
from the repository root after changing a model; a test fails while the
files in ``schemas/1.1/`` or ``docs/schema-reference.md`` are stale. The
schemas of earlier versions (``schemas/1.0/``) are never generated again:
they stay as published, and a test holds them to their published bytes.
"""

from __future__ import annotations

import enum
import inspect
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, get_args, get_origin

import attrs

from learningcities import models
from learningcities._fields import PARTIAL_DATE_SCHEMA, TEXT_SCHEMA, optional_of, unwrap
from learningcities._schemas import ID_PREFIX, SCHEMA_NAMES
from learningcities.dates import PartialDate
from learningcities.models import FORMAT_VERSION, Dataset

__all__ = ["build", "main", "reference_page"]

DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"
ENTITIES: Final = {
    "source": models.Source,
    "network": models.Network,
    "organization": models.Organization,
    "city": models.City,
    "membership": models.Membership,
    "event": models.Event,
}
_ENTITY_NAMES: Final = {cls: name for name, cls in ENTITIES.items()}
_EXTENSION: Final = {"description": "An extension key: any JSON value, kept as is."}


def _summary(obj: object) -> str:
    """The first paragraph of *obj*'s docstring, on one line."""
    doc = inspect.getdoc(obj) or ""
    return " ".join(doc.split("\n\n")[0].split())


def _attribute_docs(cls: type) -> dict[str, str]:
    """The descriptions in the ``Attributes:`` section of *cls*'s docstring."""
    doc = inspect.getdoc(cls) or ""
    section = doc.split("Attributes:\n", 1)[-1] if "Attributes:\n" in doc else ""
    docs: dict[str, str] = {}
    name = None
    for line in section.splitlines():
        match = re.fullmatch(r"    (\w+): (.*)", line)
        if match:
            name, docs[match[1]] = match[1], match[2]
        elif name and line.startswith("        "):
            docs[name] += " " + line.strip()
    return docs


class _Builder:
    """Turns model types into schemas, gathering shared definitions."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"{ID_PREFIX}defs#/$defs/{name}"}

    def type_schema(self, hint: Any) -> dict[str, Any]:  # noqa: PLR0911 (one per kind)
        hint = optional_of(hint) or hint
        base, constraints = unwrap(hint)
        origin = get_origin(base)
        for constraint in constraints:
            if constraint.name is None:
                return dict(constraint.schema)
            if constraint.name not in self.defs:
                description = constraint.expected[0].upper() + constraint.expected[1:]
                self.defs[constraint.name] = {
                    "description": description + ".",
                    **constraint.schema,
                }
            return self.ref(constraint.name)
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(get_args(base)[0])}
        if origin is Mapping:
            return self.names(get_args(base))
        if base is PartialDate:
            return self.partial_date()
        if isinstance(base, type) and issubclass(base, enum.Enum):
            return {"type": "string", "enum": [member.value for member in base]}
        if attrs.has(base):
            return self.model_ref(base)
        if base is str:  # a text field: no rule of its own but not to be blank
            return self.text()
        return {"type": {int: "integer", float: "number"}[base]}

    def text(self) -> dict[str, Any]:
        self.defs.setdefault(
            "text",
            {
                "description": "Text holding at least one character that is not "
                "white space (new in format 1.1). Text that begins or ends with "
                "white space is valid, but the loader warns of it.",
                **TEXT_SCHEMA,
            },
        )
        return self.ref("text")

    def names(self, args: tuple[Any, ...]) -> dict[str, Any]:
        if "names" not in self.defs:
            self.defs["names"] = {
                "description": "Localized forms of a name, by BCP 47 language tag.",
                "type": "object",
                "propertyNames": self.type_schema(args[0]),
                "additionalProperties": self.type_schema(args[1]),
            }
        return self.ref("names")

    def partial_date(self) -> dict[str, Any]:
        self.defs.setdefault(
            "partial-date",
            {
                "description": "A date known to the year, month or day (YYYY, "
                "YYYY-MM or YYYY-MM-DD), optionally followed by ~ (approximate), "
                "? (uncertain) or % (both). That the day exists is checked by "
                "the loader, not by this schema.",
                **PARTIAL_DATE_SCHEMA,
            },
        )
        return self.ref("partial-date")

    def model_ref(self, cls: type) -> dict[str, Any]:
        if cls in _ENTITY_NAMES:
            return {"$ref": ID_PREFIX + _ENTITY_NAMES[cls]}
        name = cls.__name__.lower()
        if name not in self.defs:
            self.defs[name] = {}  # reserve the name before recursing
            self.defs[name] = self.model_schema(cls)
        return self.ref(name)

    def model_schema(self, cls: type) -> dict[str, Any]:
        docs = _attribute_docs(cls)
        properties: dict[str, Any] = {}
        required = []
        for field in attrs.fields(cls):
            if field.name == "extensions":
                continue
            key = field.metadata.get("key", field.name)
            properties[key] = {"description": docs[field.name]}
            properties[key].update(self.type_schema(field.type))
            if field.default is attrs.NOTHING:
                required.append(key)
        schema: dict[str, Any] = {
            "title": cls.__name__,
            "description": _summary(cls),
            "type": "object",
            "properties": properties,
        }
        if required:
            schema["required"] = required
        schema["patternProperties"] = {"^x-": _EXTENSION}
        schema["additionalProperties"] = False
        return schema


def _document(name: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": ID_PREFIX + name, **body}


def build() -> dict[str, dict[str, Any]]:
    """Return every published schema, by name, built from the models."""
    builder = _Builder()
    schemas = {
        name: _document(name, builder.model_schema(cls))
        for name, cls in ENTITIES.items()
    }
    dataset = builder.model_schema(Dataset)
    dataset["properties"] = {
        "learningcities": {
            "description": "The format version of the document.",
            "const": FORMAT_VERSION,
        },
        **dataset["properties"],
    }
    dataset["properties"]["$schema"]["format"] = "uri-reference"
    dataset["required"] = ["learningcities"]
    schemas["dataset"] = _document("dataset", dataset)
    schemas["defs"] = _document(
        "defs",
        {
            "title": "Shared definitions",
            "description": "Types and objects the schemas of format "
            f"{FORMAT_VERSION} share.",
            "$defs": dict(sorted(builder.defs.items())),
        },
    )
    return {name: schemas[name] for name in SCHEMA_NAMES}


def dump(schema: Mapping[str, Any]) -> str:
    """Write *schema* as the published files are written."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


# -- the reference page --------------------------------------------------------


def _type_text(schema: Mapping[str, Any]) -> str:
    if "$ref" in schema:
        target = schema["$ref"].removeprefix(ID_PREFIX)
        name = target.split("/")[-1]
        return f"[{name}](#{name})"
    if "const" in schema:
        return f"`{json.dumps(schema['const'])}`"
    if "enum" in schema and len(schema["enum"]) <= 12:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    if "enum" in schema:
        return f"one of {len(schema['enum'])} codes"
    if schema.get("type") == "array":
        return "array of " + _type_text(schema["items"])
    text = str(schema.get("type", "any"))
    if "pattern" in schema:
        text += f" matching `{schema['pattern']}`"
    bounds = [
        f"{word} {schema[key]}"
        for key, word in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "length ≤"))
        if key in schema
    ]
    return ", ".join([text, *bounds])


def _object_section(title: str, schema: Mapping[str, Any]) -> list[str]:
    lines = [title, "", schema.get("description", ""), ""]
    if "properties" not in schema:
        return [*lines, f"Type: {_type_text(schema)}.", ""]
    required = set(schema.get("required", ()))
    lines += ["| key | type | required | description |", "|---|---|---|---|"]
    for key, prop in schema["properties"].items():
        mark = "yes" if key in required else ""
        cell = _type_text(prop).replace("|", "\\|")
        lines.append(f"| `{key}` | {cell} | {mark} | {prop['description']} |")
    lines += [
        "",
        "Keys beginning with `x-` are allowed; any other key is an error.",
        "",
    ]
    return lines


def reference_page(schemas: Mapping[str, Mapping[str, Any]]) -> str:
    """Return the Markdown reference page of *schemas*, as published."""
    lines = [
        "# Schema reference",
        "",
        (
            "<!-- Generated by `python -m learningcities._schemas.generate`: "
            "do not edit. -->"
        ),
        "",
        f"The JSON Schemas (draft 2020-12) of format {FORMAT_VERSION}, in",
        f"`schemas/{FORMAT_VERSION}/` and in the package",
        "(`learningcities.schema(name)`, or `learningcities schema NAME`). Each",
        f"has the `$id` `{ID_PREFIX}NAME`; references resolve among these files",
        "only. The schemas of format 1.0 stay published, unchanged, in",
        '`schemas/1.0/` (`learningcities.schema(name, version="1.0")`).',
        "",
    ]
    for name in SCHEMA_NAMES:
        schema = schemas[name]
        if name == "defs":
            lines += ["## Shared definitions (`defs`)", "", schema["description"], ""]
            for def_name, definition in schema["$defs"].items():
                lines += _object_section(
                    f'### <a id="{def_name}"></a>{def_name}', definition
                )
        else:
            title = f'## <a id="{name}"></a>{schema["title"]} (`{name}`)'
            lines += _object_section(title, schema)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write ``schemas/VERSION/*.schema.json`` and ``docs/schema-reference.md``.

    They are written under the root given as the one argument (by default
    the current folder), for the current format version only.
    """
    root = Path((argv or sys.argv[1:] or ["."])[0])
    schemas = build()
    folder = root / "schemas" / FORMAT_VERSION
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        (folder / f"{name}.schema.json").write_text(dump(schema), "utf-8")
    (root / "docs" / "schema-reference.md").write_text(reference_page(schemas), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
