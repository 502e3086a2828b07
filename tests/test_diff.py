"""What changed between two datasets: learningcities.diff and the diff command."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import learningcities
from learningcities import ABSENT, Changes, Dataset, Location, diff, dumps
from learningcities.models import KINDS

from .commands import run_cli
from .strategies import consistent_datasets

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _document(dataset: Dataset) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(dumps(dataset))
    return document


def _canonical(document: dict[str, Any]) -> dict[str, Any]:
    """*document* with each kind's records in the order of their ids."""
    return {
        key: sorted(value, key=lambda record: record["id"]) if key in KINDS else value
        for key, value in document.items()
    }


def _apply(document: dict[str, Any], changes: Changes) -> dict[str, Any]:
    """*document* with *changes* made to it, as a reader of the changes would."""
    patched = copy.deepcopy(document)
    for field in changes.dataset:
        _set(patched, field.keys, field.new)
    for change in changes.records:
        records = patched.setdefault(change.kind, [])
        if change.change == "added":
            records.append(dict(change.new or {}))
            continue
        (at,) = [n for n, record in enumerate(records) if record["id"] == change.id]
        if change.change == "removed":
            records.pop(at)
        for field in change.fields:
            _set(records[at], field.keys, field.new)
    return {k: v for k, v in patched.items() if not (k in KINDS and v == [])}


def _set(record: dict[str, Any], keys: tuple[str, ...], value: Any) -> None:
    for key in keys[:-1]:
        record = record.setdefault(key, {})
    if value is ABSENT:
        del record[keys[-1]]
    else:
        record[keys[-1]] = value


def _shuffled(dataset: Dataset, order: st.DataObject) -> Dataset:
    """*dataset* with each kind's records in another order."""
    changes: dict[str, Any] = {
        kind: tuple(order.draw(st.permutations(getattr(dataset, kind))))
        for kind in KINDS
    }
    return attrs.evolve(dataset, **changes)


@given(consistent_datasets(), st.data())
def test_a_dataset_in_another_order_is_the_same(
    dataset: Dataset, order: st.DataObject
) -> None:
    changes = diff(dataset, _shuffled(dataset, order))
    assert changes.same
    assert () == changes.records
    assert "no change\n" == changes.format("text")


@given(consistent_datasets(), consistent_datasets())
def test_the_changes_turn_the_old_dataset_into_the_new(
    old: Dataset, new: Dataset
) -> None:
    """Applying the changes to the old document gives the new one, record by record.

    And the changes are none exactly when the canonical forms are equal.
    """
    changes = diff(old, new)
    before, after = _document(old), _document(new)
    assert _canonical(_apply(before, changes)) == _canonical(after)
    assert changes.same == (_canonical(before) == _canonical(after))
    assert changes.to_dict() == json.loads(changes.format("json"))


#: Fields a writer may spell out although they hold their default.
_DEFAULTS: dict[str, dict[str, str]] = {
    "cities": {"kind": "city"},
    "memberships": {"status": "active"},
    "events": {"status": "scheduled"},
}


def _as_written(document: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """*document* as another writer may have written it: the same dataset.

    Each record may have its keys in another order, its defaults spelled
    out and its whole numbers without a fraction (``34`` for ``34.0``).
    """
    written: dict[str, Any] = dict(document)
    for kind in KINDS:
        records = []
        for canonical in document.get(kind, []):
            record = dict(canonical)
            if data.draw(st.booleans(), label="defaults"):
                record = {**_DEFAULTS.get(kind, {}), **record}
            place = record.get("location")
            if place and data.draw(st.booleans(), label="whole numbers"):
                record["location"] = {
                    key: int(value)
                    if key in ("lat", "lon") and value.is_integer()
                    else value
                    for key, value in place.items()
                }
            if data.draw(st.booleans(), label="reversed"):
                record = dict(reversed(record.items()))
            records.append(record)
        if records:
            written[kind] = records
    return written


@given(consistent_datasets(), consistent_datasets(), st.data())
def test_files_as_written_give_the_changes_of_their_datasets(
    old: Dataset, other: Dataset, data: st.DataObject
) -> None:
    """The diff of two files is that of the datasets they load to.

    Records the same as written are compared as written, the others in
    canonical form: the two paths agree on files written in other ways.
    """
    renamed: dict[str, Any] = {
        kind: tuple(
            attrs.evolve(record, name=record.name + " (renamed)")
            if data.draw(st.booleans(), label="renamed")
            else record
            for record in getattr(old, kind)
        )
        for kind in ("cities", "events")
    }
    new = data.draw(st.sampled_from([other, attrs.evolve(old, **renamed)]))
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, dataset in (("old", old), ("new", new)):
            path = Path(folder, name + ".json")
            written = _as_written(_document(dataset), data)
            path.write_text(json.dumps(written, ensure_ascii=False), "utf-8")
            paths.append(path)
        assert diff(old, new) == diff(*paths)


@given(consistent_datasets(), st.data())
def test_one_changed_field_is_one_change(dataset: Dataset, data: st.DataObject) -> None:
    kinds = [kind for kind in KINDS if getattr(dataset, kind)]
    if not kinds:
        return
    kind = data.draw(st.sampled_from(kinds))
    records = list(getattr(dataset, kind))
    at = data.draw(st.integers(0, len(records) - 1))
    old_id = records[at].id
    records[at] = attrs.evolve(records[at], id=old_id + "-renamed")
    changed: dict[str, Any] = {kind: tuple(records)}
    changes = diff(dataset, attrs.evolve(dataset, **changed))
    assert [(kind, old_id + "-renamed", "added"), (kind, old_id, "removed")] == sorted(
        ((c.kind, c.id, c.change) for c in changes.records), key=lambda c: c[2]
    )
    assert {kind: {"added": 1, "removed": 1, "changed": 0}} == changes.summary()


def _example() -> tuple[Dataset, Dataset]:
    old = learningcities.sample()
    cities = []
    for city in old.cities:
        if city.id == "ma-fez":
            place = Location(lat=34.04, lon=-5.0)
            cities.append(attrs.evolve(city, name="Fes", location=place))
        elif city.id != "ma-benguerir":
            cities.append(city)
    memberships = tuple(m for m in old.memberships if m.city != "ma-benguerir")
    new = attrs.evolve(old, cities=tuple(cities), memberships=memberships)
    return old, new


def test_the_text_form_says_each_change() -> None:
    old, new = _example()
    assert (
        "- cities ma-benguerir\n"
        "~ cities ma-fez\n"
        '  location: (absent) -> {"lat": 34.04, "lon": -5.0}\n'
        '  name: "Fez" -> "Fes"\n'
        "- memberships unesco-gnlc-ma-benguerir\n"
        "cities: 0 added, 1 removed, 1 changed\n"
        "memberships: 0 added, 1 removed, 0 changed\n"
    ) == diff(old, new).format("text")


def test_the_markdown_form_is_a_table_per_kind() -> None:
    old, new = _example()
    text = diff(old, new).format("markdown")
    assert text.startswith(
        "| kind | added | removed | changed |\n| --- | ---: | ---: | ---: |\n"
        "| cities | 0 | 1 | 1 |\n| memberships | 0 | 1 | 0 |\n"
    )
    assert "\n## cities\n\n- **removed** ma\\-benguerir\n" in text
    assert '| name | "Fez" | "Fes" |' in text


def test_the_diff_command_says_by_its_status_whether_they_differ(
    tmp_path: Path,
) -> None:
    old, new = _example()
    learningcities.save(old, tmp_path / "old.json")
    learningcities.save(new, tmp_path / "new.json")
    same = run_cli(
        ["diff", str(tmp_path / "old.json"), str(EXAMPLES / "register.json")]
    )
    assert (0, "no change\n", "") == same
    status, out, err = run_cli(
        [
            "diff",
            str(tmp_path / "old.json"),
            str(tmp_path / "new.json"),
            "--format",
            "json",
        ]
    )
    assert (1, "") == (status, err)
    assert diff(old, new).to_dict() == json.loads(out)
    missing = run_cli(["diff", str(tmp_path / "old.json"), str(tmp_path / "none.json")])
    assert 2 == missing[0]
    assert missing[2].startswith(
        f"learningcities: cannot read {tmp_path / 'none.json'}: "
    )


def test_a_submission_is_compared_with_its_register() -> None:
    """A workbook and the CSV files of the same records are the same dataset."""
    argv = ["diff", str(EXAMPLES / "submission"), str(EXAMPLES / "submission.xlsx")]
    status, _, err = run_cli(argv)
    assert 2 == status
    assert "is not a valid dataset (9 problems):\n" in err
    register = ["--register", str(EXAMPLES / "register.json")]
    assert (0, "no change\n", "") == run_cli(argv + register)
    folder, book = EXAMPLES / "submission", EXAMPLES / "submission.xlsx"
    assert diff(folder, book, register=EXAMPLES / "register.json").same
    with pytest.raises(learningcities.InvalidDataError) as refused:
        diff(folder, book)
    assert {"unknown-reference"} == {p.code for p in refused.value.problems}
