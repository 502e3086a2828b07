"""Folding a submission into the register: learningcities.merge and the command."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Literal

import attrs
from hypothesis import given
from hypothesis import strategies as st

import learningcities
from learningcities import Dataset, diff, dumps, merge
from learningcities.models import KINDS, Source

from .commands import run_cli
from .strategies import consistent_datasets

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@st.composite
def _submissions(draw: st.DrawFn) -> tuple[Dataset, Dataset]:
    """A register, and a submission of its records, some renamed, some new."""
    register: Dataset = draw(consistent_datasets())
    changed: dict[str, Any] = {}
    for kind in ("cities", "events", "networks"):
        records: list[Any] = list(getattr(register, kind))
        for at, record in enumerate(records):
            if draw(st.integers(0, 3)) == 0:
                records[at] = attrs.evolve(record, name=record.name + " (renamed)")
        grows: bool = draw(st.booleans())
        if records and grows:
            copy = attrs.evolve(records[0], id=records[0].id + "-new")
            records.append(copy)
        changed[kind] = tuple(records)
    return register, attrs.evolve(register, **changed)


@given(consistent_datasets())
def test_merging_a_dataset_into_itself_changes_nothing(dataset: Dataset) -> None:
    merged = merge(dataset, dataset)
    assert merged.ok
    assert merged.changes.same
    assert all(
        counts["added"] == counts["updated"] == 0 for counts in merged.counts.values()
    )


@given(_submissions())
def test_a_merge_is_idempotent_and_its_report_is_the_diff(
    drawn: tuple[Dataset, Dataset],
) -> None:
    register, submission = drawn
    first = merge(register, submission, prefer="submission")
    assert first.ok
    assert first.dataset is not None
    again = merge(first.dataset, submission, prefer="submission")
    assert again.ok
    assert again.dataset is not None
    assert dumps(first.dataset) == dumps(again.dataset)
    assert again.changes.same
    assert diff(register, first.dataset) == first.changes
    summary = first.changes.summary()
    for kind, counts in first.counts.items():
        said = summary.get(kind, {"added": 0, "changed": 0})
        assert (counts["added"], counts["updated"]) == (said["added"], said["changed"])


@given(_submissions())
def test_a_change_the_register_holds_is_a_conflict_without_update(
    drawn: tuple[Dataset, Dataset],
) -> None:
    register, submission = drawn
    merged = merge(register, submission)
    renamed = {
        (kind, record.id)
        for kind in KINDS
        for record in getattr(submission, kind)
        if record.id in {r.id for r in getattr(register, kind)}
        and record != next(r for r in getattr(register, kind) if r.id == record.id)
    }
    assert {(c.kind, c.id) for c in merged.conflicts} == renamed
    assert merged.ok == (not renamed)
    for conflict in merged.conflicts:
        assert ["name"] == [field.path for field in conflict.fields]


def test_a_source_is_cited_by_every_record_added_or_updated() -> None:
    register = learningcities.sample()
    fez = next(city for city in register.cities if city.id == "ma-fez")
    azrou = attrs.evolve(fez, id="ma-azrou", name="Azrou", names={}, sources=())
    submission = Dataset(cities=(attrs.evolve(fez, population=None), azrou))
    source = Source(id="pr-12", title="Morocco 2026")
    merged = merge(register, submission, source=source)
    assert merged.ok
    assert merged.dataset is not None
    cited = {c.id: c.sources for c in merged.dataset.cities}
    assert "pr-12" == cited["ma-azrou"][-1]
    assert "pr-12" not in cited["ma-fez"]  # unchanged: no field of it is new
    assert source in merged.dataset.sources
    assert {"cities": {"added": 1, "updated": 0, "unchanged": 1}} == merged.counts


def test_a_refused_merge_leaves_the_register_as_it_was(tmp_path: Path) -> None:
    register = tmp_path / "register.json"
    register.write_bytes((EXAMPLES / "register.json").read_bytes())
    before = register.read_bytes()
    broken = ["merge", str(register), str(EXAMPLES / "submission-broken")]
    status, out, _ = run_cli([*broken, "-o", str(register)])
    assert 1 == status
    assert out.endswith("not merged: 4 errors\n")
    assert before == register.read_bytes()
    renamed = tmp_path / "cities.csv"
    renamed.write_text("id,name,country\nma-fez,Fes,MA\n", "utf-8")
    status, out, _ = run_cli(
        ["merge", str(register), str(renamed), "-o", str(register)]
    )
    assert (1, before) == (status, register.read_bytes())
    assert 'conflict cities ma-fez\n  name: "Fez" -> "Fes"\n' in out
    status, out, _ = run_cli(
        ["merge", str(register), str(renamed), "--update", "-o", str(register)]
    )
    assert 0 == status
    assert "cities: 0 added, 1 updated, 0 unchanged\n" in out
    assert "Fes" == next(
        c.name for c in learningcities.load(register).cities if c.id == "ma-fez"
    )


@given(_submissions(), st.booleans(), st.booleans())
def test_a_merge_refused_leaves_the_register_file_byte_for_byte(
    drawn: tuple[Dataset, Dataset], broken: bool, update: bool
) -> None:
    """Whatever refuses a merge (an error, a conflict), ``-o`` writes nothing."""
    register, submission = drawn
    document = json.loads(dumps(submission))
    if broken:  # a city without a name: an error of the submission
        document["cities"] = [*document.get("cities", []), {"id": "x", "country": "MA"}]
    with tempfile.TemporaryDirectory() as folder:
        path, sent = Path(folder, "register.json"), Path(folder, "sent.json")
        learningcities.save(register, path)
        sent.write_text(json.dumps(document), "utf-8")
        before = path.read_bytes()
        argv = ["merge", str(path), str(sent), "-o", str(path)]
        status, _, _ = run_cli([*argv, "--update"] if update else argv)
        refused = broken or not merge(register, submission, prefer=_PREFER[update]).ok
        assert status == (1 if refused else 0)
        if refused:
            assert before == path.read_bytes()
            assert {path, sent} == set(Path(folder).iterdir())  # no file left


_PREFER: dict[bool, Literal["register", "submission"]] = {
    False: "register",
    True: "submission",
}


def test_a_dry_run_writes_nothing_and_a_merge_needs_an_output(tmp_path: Path) -> None:
    register = str(EXAMPLES / "register.json")
    submission = str(EXAMPLES / "submission")
    assert 2 == run_cli(["merge", register, submission])[0]
    status, out, _ = run_cli(["merge", register, submission, "--dry-run"])
    assert 0 == status
    assert out.startswith("sources: 0 added, 0 updated, 13 unchanged\n")
    assert [] == list(tmp_path.iterdir())
