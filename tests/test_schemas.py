"""The published schemas: valid, fresh, agreeing with the models, never fetching."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
import referencing.exceptions
from hypothesis import given, note
from hypothesis import strategies as st

import learningcities
from learningcities import (
    Dataset,
    InvalidDataError,
    SchemaVersion,
    Severity,
    dumps,
    loads,
)
from learningcities._schemas import ID_PREFIX, registry, validator
from learningcities._schemas.generate import build, dump, reference_page

from .schema_strategy import from_schema
from .strategies import cities, events, memberships, networks, organizations, sources
from .strategies import datasets as any_datasets

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[1]
ENTITIES = ("sources", "networks", "organizations", "cities", "memberships", "events")
#: What the loader checks beyond JSON Schema (documented in docs/data-model.md):
#: impossible dates, time zones, and the rules across records.
BEYOND_SCHEMA = {
    "invalid-date",
    "invalid-timezone",
    "unknown-country",  # a subdivision of another country than the city's
    "duplicate-id",
    "unknown-reference",
    "date-order",
    "membership-overlap",
}


@pytest.mark.parametrize("name", learningcities.SCHEMA_NAMES)
def test_published_files_are_what_the_models_give(name: str) -> None:
    """schemas/1.1/ is up to date; `python -m learningcities._schemas.generate`."""
    path = ROOT / "schemas" / "1.1" / f"{name}.schema.json"
    assert dump(build()[name]) == path.read_text(encoding="utf-8")


#: The SHA-256 of each schema of format 1.0 as published: they never change.
PUBLISHED_1_0 = {
    "city": "a164c5f5db125adedd97db9f2fa7701cb5215c2b05f87e4e07942c70187503c5",
    "dataset": "dbcc9d250c4f0592a39f9fe22c911a3e6745461d187d5b0da01407e5e2ea4ce8",
    "defs": "d2d36da9aa3df77f5a4b6d211cef67fba51cd5af6cc7012becd3202d0c12c721",
    "event": "7e8d79c566ba938b9e0d9530bd88aaedb7f62f31751a5231935742c795646dc2",
    "membership": "96b770e70a02d4f9ad5d4ebc41ebf852eae2841bae0f72183b89b7c1fd9422b6",
    "network": "0b03277bf73b30fcfaa06c4f3c70064fbdd53631292138b7e85e1356e5906a64",
    "organization": "503ac8f46f93f41d09c16a33e5c1d9f477dbe830de4fa5659737cf3fad6c8677",
    "source": "0880f49a2475d0244a4e6795b11ef8b9df51c7e4c42c19eb4f8a9297396d63fc",
}


@pytest.mark.parametrize("name", learningcities.SCHEMA_NAMES)
def test_the_schemas_of_format_1_0_stay_as_published(name: str) -> None:
    """schemas/1.0/ holds the bytes published with 1.0, and the package returns them."""
    path = ROOT / "schemas" / "1.0" / f"{name}.schema.json"
    assert PUBLISHED_1_0[name] == hashlib.sha256(path.read_bytes()).hexdigest()
    published = json.loads(path.read_text(encoding="utf-8"))
    assert published == learningcities.schema(name, version="1.0")
    assert f"urn:learningcities:schema:1.0:{name}" == published["$id"]


def test_a_schema_of_an_unknown_version_is_refused() -> None:
    """A version with no schemas is told the ones there are."""
    with pytest.raises(
        ValueError,
        match=r"^There is no format version '1.2': expected one of 1.0, 1.1\.$",
    ):
        learningcities.schema("city", "1.2")  # type: ignore[arg-type]


def test_reference_page_is_up_to_date() -> None:
    """docs/schema-reference.md is generated from the published schemas."""
    schemas = {
        name: learningcities.schema(name) for name in learningcities.SCHEMA_NAMES
    }
    page = (ROOT / "docs" / "schema-reference.md").read_text(encoding="utf-8")
    assert reference_page(schemas) == page


@pytest.mark.parametrize("name", learningcities.SCHEMA_NAMES)
def test_every_schema_is_valid_draft_2020_12(name: str) -> None:
    """Each schema passes the draft 2020-12 metaschema and has its stable $id."""
    schema = learningcities.schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert ID_PREFIX + name == schema["$id"]


def test_schema_returns_a_copy_and_names_unknown_schemas() -> None:
    """A returned schema is a copy; a wrong name is told the right ones."""
    learningcities.schema("city")["required"].append("x")
    assert ["id", "name", "country"] == learningcities.schema("city")["required"]
    with pytest.raises(ValueError, match="There is no schema 'town': expected one of"):
        learningcities.schema("town")


def test_the_sample_is_valid() -> None:
    """The bundled sample passes dataset.schema.json."""
    document = json.loads(dumps(learningcities.sample()))
    assert [] == list(validator("dataset").iter_errors(document))


@given(any_datasets)
def test_every_model_dataset_is_valid_under_the_schema(dataset: Dataset) -> None:
    """What the models write, the schemas accept: the dataset and each entity."""
    document = json.loads(dumps(dataset))
    assert [] == [e.message for e in validator("dataset").iter_errors(document)]
    for kind in ENTITIES:
        check = validator(kind[:-1] if kind != "cities" else "city")
        for entity in document.get(kind, ()):
            assert [] == [e.message for e in check.iter_errors(entity)]


@pytest.mark.parametrize("version", learningcities.FORMAT_VERSIONS)
@given(data=st.data())
def test_every_document_the_schema_accepts_loads(
    version: SchemaVersion, data: st.DataObject
) -> None:
    """Schema-generated documents load, but for the rules beyond JSON Schema.

    Those of format 1.0 too, with the schemas of 1.0: they are read as before.
    """
    schema = learningcities.schema("dataset", version)
    document = data.draw(from_schema(schema, registry(version)))
    assert validator("dataset", version).is_valid(document)
    try:
        loads(json.dumps(document))
    except InvalidDataError as error:
        codes = {p.code for p in error.problems if p.severity is Severity.ERROR}
        note(str(error))
        assert codes <= BEYOND_SCHEMA


full_datasets = st.builds(
    Dataset,
    sources=st.lists(sources, min_size=1, max_size=2).map(tuple),
    networks=st.lists(networks, min_size=1, max_size=2).map(tuple),
    organizations=st.lists(organizations, min_size=1, max_size=2).map(tuple),
    cities=st.lists(cities, min_size=1, max_size=2).map(tuple),
    memberships=st.lists(memberships, min_size=1, max_size=2).map(tuple),
    events=st.lists(events, min_size=1, max_size=2).map(tuple),
)


#: A field of each kind whose value is a closed list, or failing that, a pattern.
_CHOICE_FIELD: dict[str, tuple[str, object]] = {
    "sources": ("language", "not a tag"),
    "networks": ("url", "ftp://example.org"),
    "organizations": ("kind", "nonsense"),
    "cities": ("kind", "nonsense"),
    "memberships": ("status", "nonsense"),
    "events": ("status", "nonsense"),
}
#: A text field of each kind, which format 1.1 refuses blank.
_TEXT_FIELD: dict[str, str] = {
    "sources": "title",
    "networks": "name",
    "organizations": "name",
    "cities": "name",
    "memberships": "cohort",
    "events": "venue",
}
#: A number out of its range, per kind that has one.
_OUT_OF_RANGE: dict[str, tuple[str, object]] = {
    "cities": ("location", {"lat": 91, "lon": 0}),
    "networks": ("max_admissions_per_country_per_year", -1),
}


def _mutations(
    entity: dict[str, Any], kind: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every single-defect variant of *entity*, named."""
    yield "wrong type", {**entity, "id": 7}
    yield "missing required", {k: v for k, v in entity.items() if k != "id"}
    yield "unknown key", {**entity, "idd": "x"}
    yield "bad pattern", {**entity, "id": "Not An Id"}
    yield "blank text", {**entity, _TEXT_FIELD[kind]: " \u3000"}
    field, value = _CHOICE_FIELD[kind]
    yield "bad choice", {**entity, field: value}
    if kind in _OUT_OF_RANGE:
        field, value = _OUT_OF_RANGE[kind]
        yield "out of range", {**entity, field: value}


@given(full_datasets, st.sampled_from(ENTITIES), st.data())
def test_one_defect_is_rejected_by_schema_and_loader(
    dataset: Dataset, kind: str, data: st.DataObject
) -> None:
    """Break one thing in a valid document: both the schema and the loader refuse it."""
    document = json.loads(dumps(dataset))
    index = data.draw(st.integers(0, len(document[kind]) - 1))
    for name, mutated in _mutations(document[kind][index], kind):
        broken = {**document, kind: [*document[kind]]}
        broken[kind][index] = mutated
        note(f"{name}: {mutated}")
        assert not validator("dataset").is_valid(broken), name
        with pytest.raises(InvalidDataError):
            loads(json.dumps(broken))


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012 (shared on purpose: the test reads it)

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = b'{"type": "string"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 that records every request."""
    _Recorder.requests = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_remote_ref_is_never_fetched(server: str) -> None:
    """A $ref to an http URI is unresolvable: the server gets no request."""
    hostile = {"$ref": f"{server}/schema.json"}
    with pytest.raises(referencing.exceptions.Unresolvable):
        validator(hostile).is_valid("x")
    assert [] == _Recorder.requests
    # The same schema without our registry is fetched: the server does record.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        jsonschema.Draft202012Validator(hostile).is_valid("x")
    assert ["/schema.json"] == _Recorder.requests


def test_a_file_ref_is_never_read(tmp_path: Path) -> None:
    """A $ref to a file:// URI is unresolvable and its contents never show."""
    secret = tmp_path / "secret.json"
    secret.write_text('{"const": "TOP-SECRET-4711"}', encoding="utf-8")
    hostile = {"$ref": secret.as_uri()}
    with pytest.raises(referencing.exceptions.Unresolvable) as caught:
        validator(hostile).is_valid("x")
    assert "TOP-SECRET" not in str(caught.value)
