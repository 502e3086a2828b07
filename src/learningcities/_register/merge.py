"""Fold a valid submission into the register, and say what that changed.

The submission is first checked against the register, as one submission
(:func:`learningcities.validate` with ``register=``); with any error,
nothing is merged. Then, kind by kind, a record whose id the register
lacks is added, and one it has is updated: the submission's fields
replace the register's, nested objects field by field, and the fields the
submission does not have are kept (a partner's CSV file without a
``names.ar`` column does not erase the register's Arabic names). A field
both hold with different values is a *conflict*, which refuses the
merge unless updates are allowed (``prefer="submission"``,
``--update``). The dataset's own fields (``title``, …) stay the
register's. The merged register is checked again
as a whole, since records that are valid apart may break a rule together.

With a *source*, the merge records where its facts came from: the source
is added to the register's sources (if its id is new), and its id is
appended to the ``sources`` of every record the merge added or updated.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from learningcities._io import load, loads
from learningcities._pipeline.validate import validate_document
from learningcities._register.diff import (
    ABSENT,
    Change,
    Changes,
    change_lines,
    changed_fields,
    described,
    diff,
    field_dict,
    json_document,
)
from learningcities._reporting.report import problem_dict
from learningcities._shown import visible
from learningcities.errors import InvalidDataError, Problem, Severity
from learningcities.models import KINDS, Dataset, Source

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from learningcities._reading.files import PathLike

__all__ = ["Merged", "merge"]

Prefer = Literal["register", "submission"]
_NONE: Final = {"added": 0, "updated": 0, "unchanged": 0}


@attrs.frozen
class Merged:
    """The result of :func:`merge`: the new register, or why there is none.

    Attributes:
        dataset: The merged register; None when the merge was refused.
        counts: For each kind the submission has records of, how many were
            added, updated and unchanged.
        changes: What the merge changed in the register (as :func:`diff`
            says it): empty when refused.
        conflicts: The records the submission would change, each with the
            fields it holds other values for; they refuse the merge unless
            updates are allowed.
        problems: The errors that refused the merge: the submission's, or
            the merged register's.

    >>> import learningcities
    >>> register = learningcities.sample()
    >>> merged = learningcities.merge(register, register)
    >>> merged.ok, merged.changes.same, merged.counts["cities"]
    (True, True, {'added': 0, 'updated': 0, 'unchanged': 9})
    """

    dataset: Dataset | None
    counts: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    changes: Changes = attrs.field(factory=Changes)
    conflicts: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the merge was made: no error, no conflict left."""
        return self.dataset is not None

    def format(self, form: Literal["text", "json", "markdown"] = "text") -> str:
        """The merge's report: its counts and changes, or why it was refused."""
        if form == "json":
            document = {
                "merged": self.ok,
                "counts": self.counts,
                "conflicts": [
                    {
                        "kind": c.kind,
                        "id": c.id,
                        "fields": [field_dict(field) for field in c.fields],
                    }
                    for c in self.conflicts
                ],
                "problems": [problem_dict(problem) for problem in self.problems],
                "changes": self.changes.to_dict(),
            }
            return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        return "".join(_text(self, form))


def merge(
    register: Dataset | PathLike | Iterable[PathLike],
    submission: Dataset | PathLike | Iterable[PathLike],
    *,
    prefer: Prefer = "register",
    source: Source | None = None,
) -> Merged:
    """Fold *submission* into *register*; the new register and what changed.

    Args:
        register: the register: a :class:`Dataset`, or anything
            :func:`load` reads.
        submission: what a partner sent, likewise; checked against the
            register as one submission.
        prefer: ``"register"`` (the default) refuses a merge that would
            change a field the register holds (a conflict);
            ``"submission"`` lets the submission update it.
        source: where the submission's facts come from; added to the
            register's sources, and its id to the ``sources`` of every
            record added or updated.

    Returns:
        The merge: :attr:`Merged.ok` and the new register, or the problems
        and conflicts that refused it. Nothing is written: see
        :func:`learningcities.save`.

    Raises:
        InvalidDataError: the register is not a valid dataset.
        OSError: an input cannot be read.
    """
    before = register if isinstance(register, Dataset) else load(register)
    problems, after = _checked(submission, before)
    if after is None:
        return Merged(None, problems=problems)
    fold = _Fold(json_document(before), update=prefer == "submission")
    for kind, records in json_document(after).items():
        if kind in KINDS:
            fold.kind(kind, records)
    document, counts, conflicts = fold.document, fold.counts, fold.conflicts
    if conflicts:
        return Merged(None, counts, conflicts=tuple(conflicts))
    if source is not None:
        _cite(document, source, fold.merged)
    try:
        dataset = loads(json.dumps(document))
    except InvalidDataError as error:
        return Merged(None, counts, problems=error.problems)
    return Merged(dataset, counts, diff(before, dataset))


@attrs.define
class _Fold:
    """The register's document, as the records of a submission are folded in."""

    document: dict[str, Any]
    update: bool
    counts: dict[str, dict[str, int]] = attrs.field(factory=dict)
    conflicts: list[Change] = attrs.field(factory=list)
    #: The ids of the records added or updated, by kind.
    merged: dict[str, set[str]] = attrs.field(factory=dict)

    def kind(self, kind: str, records: list[dict[str, Any]]) -> None:
        """Fold the submission's *records* of *kind* in, and count what they did."""
        counts = self.counts[kind] = dict(_NONE)
        held = {record["id"]: record for record in self.document.setdefault(kind, [])}
        for record in records:
            old = held.get(record["id"])
            if old is None:
                self.document[kind].append(record)
                held[record["id"]] = record
                outcome = "added"
            else:
                outcome = self.update_record(kind, old, record)
            counts[outcome] += 1
            if outcome != "unchanged":
                self.merged.setdefault(kind, set()).add(record["id"])

    def update_record(
        self, kind: str, old: dict[str, Any], record: dict[str, Any]
    ) -> str:
        """Update *old* with *record*'s fields: ``updated`` or ``unchanged``.

        A field both hold with other values is a conflict unless updates
        are allowed.
        """
        combined = _combined(old, record)
        changed = list(changed_fields(old, combined))  # JSON equality, as diff's
        if not changed:
            return "unchanged"
        # a value the register holds, changed (not a field it lacked, added)
        clashing = [field for field in changed if field.old is not ABSENT]
        if clashing and not self.update:
            self.conflicts.append(
                Change(kind, record["id"], "changed", tuple(clashing))
            )
        old.clear()
        old.update(combined)
        return "updated"


def _combined(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """*old* with *new*'s fields over it, nested objects field by field.

    A field *new* does not have keeps *old*'s value: ``names: {"en": …}``
    adds a name without erasing the others. A list is one value.
    """
    combined = dict(old)
    for key, value in new.items():
        before = combined.get(key)
        if isinstance(before, dict) and isinstance(value, dict):
            combined[key] = _combined(before, value)
        else:
            combined[key] = value
    return combined


def _checked(
    submission: Dataset | PathLike | Iterable[PathLike], register: Dataset
) -> tuple[tuple[Problem, ...], Dataset | None]:
    """The submission loaded against *register*, or the errors that refuse it."""
    if isinstance(submission, Dataset):
        report = validate_document(submission, register=register)
        errors = tuple(p for p in report.problems if p.severity is Severity.ERROR)
        return (errors, None) if errors else ((), submission)
    try:
        return (), load(submission, register=register)
    except InvalidDataError as error:
        errors = tuple(p for p in error.problems if p.severity is Severity.ERROR)
        return errors, None


def _cite(
    document: dict[str, Any], source: Source, merged: Mapping[str, set[str]]
) -> None:
    """Add *source* to the document's sources, and its id to the merged records'."""
    sources = document.setdefault("sources", [])
    if all(record["id"] != source.id for record in sources):
        sources.append(json_document(Dataset(sources=(source,)))["sources"][0])
    for kind, identifiers in merged.items():
        if kind == "sources":
            continue
        for record in document.get(kind, []):
            cited = record.get("sources", [])
            if record["id"] in identifiers and source.id not in cited:
                record["sources"] = [*cited, source.id]


def _text(merged: Merged, form: str) -> Iterator[str]:
    for problem in merged.problems:
        yield f"{problem}\n"
    for conflict in merged.conflicts:
        yield f"conflict {conflict.kind} {visible(conflict.id, 200)}\n"
        yield from (f"  {described(field)}\n" for field in conflict.fields)
    if merged.ok and form == "markdown":
        yield merged.changes.format("markdown")
    elif merged.ok:  # the changes, record by record; the counts follow
        yield from change_lines(merged.changes)
    for kind, counts in merged.counts.items():
        added, updated, unchanged = counts.values()
        yield f"{kind}: {added} added, {updated} updated, {unchanged} unchanged\n"
    if merged.conflicts:
        yield (
            f"not merged: {len(merged.conflicts)} records would change fields the "
            "register holds (allow it with --update)\n"
        )
    elif not merged.ok:
        yield f"not merged: {len(merged.problems)} errors\n"
