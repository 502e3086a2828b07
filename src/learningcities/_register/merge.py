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

from learningcities._io import load
from learningcities._pipeline.validate import (
    built_document,
    document_errors,
    known_values,
    rule_errors,
    validate_document,
)
from learningcities._register.diff import (
    ABSENT,
    Change,
    Changes,
    change_lines,
    changed_fields,
    described,
    field_dict,
    json_document,
    record_change,
)
from learningcities._reporting.report import problem_dict
from learningcities._shown import visible
from learningcities.errors import InvalidDataError, Problem, Severity
from learningcities.models import FORMAT_VERSION, KINDS, Dataset, Source

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
    base = json_document(before)
    with known_values(before, base):  # the register is checked from *base*
        problems, after = _checked(submission, before)
    if after is None:
        return Merged(None, problems=problems)
    fold = _Fold(base, update=prefer == "submission")
    for kind, records in json_document(after).items():
        if kind in KINDS:
            fold.kind(kind, records)
    counts, conflicts = fold.counts, fold.conflicts
    if conflicts:
        return Merged(None, counts, conflicts=tuple(conflicts))
    if source is not None:
        fold.cite(source)
    try:
        dataset, changes = fold.result(before)
    except InvalidDataError as error:
        return Merged(None, counts, problems=error.problems)
    return Merged(dataset, counts, changes)


@attrs.define
class _Fold:
    """The register's records, as the records of a submission are folded in.

    The register's JSON values (*base*) are never changed: each kind's list
    is copied, and a record the merge changes is replaced by a new one, so
    that the changes are read off *base* and the new lists at the end.
    """

    base: Mapping[str, Any]
    update: bool
    counts: dict[str, dict[str, int]] = attrs.field(factory=dict)
    conflicts: list[Change] = attrs.field(factory=list)
    #: Each kind's records, the merge's changes in them.
    records: dict[str, list[dict[str, Any]]] = attrs.field(factory=dict)
    #: For each kind, the index of each record by id.
    where: dict[str, dict[str, int]] = attrs.field(factory=dict)
    #: The indexes of the records added or updated, by kind.
    merged: dict[str, set[int]] = attrs.field(factory=dict)

    def of(self, kind: str) -> list[dict[str, Any]]:
        """The records of *kind*, as the merge has them so far."""
        if kind not in self.records:
            self.records[kind] = list(self.base.get(kind, ()))
            self.where[kind] = {r["id"]: i for i, r in enumerate(self.records[kind])}
        return self.records[kind]

    def kind(self, kind: str, records: list[dict[str, Any]]) -> None:
        """Fold the submission's *records* of *kind* in, and count what they did."""
        counts = self.counts[kind] = dict(_NONE)
        held, where = self.of(kind), self.where[kind]
        for record in records:
            index = where.get(record["id"])
            if index is None:
                index = where[record["id"]] = len(held)
                held.append(record)
                outcome = "added"
            else:
                outcome = self.update_record(kind, index, record)
            counts[outcome] += 1
            if outcome != "unchanged":
                self.merged.setdefault(kind, set()).add(index)

    def update_record(self, kind: str, index: int, record: dict[str, Any]) -> str:
        """Update the record at *index* with *record*: ``updated`` or ``unchanged``.

        A field both hold with other values is a conflict unless updates
        are allowed.
        """
        old = self.records[kind][index]
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
        self.records[kind][index] = combined
        return "updated"

    def cite(self, source: Source) -> None:
        """Add *source* to the sources, and its id to the merged records'."""
        sources = self.of("sources")
        if source.id not in self.where["sources"]:
            record = json_document(Dataset(sources=(source,)))["sources"][0]
            self.where["sources"][source.id] = len(sources)
            self.merged.setdefault("sources", set()).add(len(sources))
            sources.append(record)
        for kind, indexes in self.merged.items():
            if kind == "sources":
                continue
            for index in indexes:
                record = self.records[kind][index]
                cited = record.get("sources", [])
                if source.id not in cited:
                    self.records[kind][index] = {
                        **record,
                        "sources": [*cited, source.id],
                    }

    def result(self, before: Dataset) -> tuple[Dataset, Changes]:
        """The merged register and what the merge changed in it.

        The merged records are checked as a whole (a record may break a
        rule only with the others); only the records the merge added or
        changed are built anew, the others are *before*'s models.

        Raises:
            InvalidDataError: the merged register has errors.
        """
        document = {**self.base, **self.records}
        touched = {
            kind: [self.records[kind][index] for index in sorted(indexes)]
            for kind, indexes in self.merged.items()
        }
        try:  # the changed records, each on its own; the others were valid
            built = built_document({"learningcities": FORMAT_VERSION, **touched})
        except InvalidDataError:  # placed in the whole register
            raise InvalidDataError(document_errors(document)) from None
        errors = rule_errors(document)
        if errors:
            raise InvalidDataError(errors)
        fields: dict[str, Any] = {}
        records: list[Change] = []
        for kind, indexes in self.merged.items():
            models = list(getattr(before, kind))
            for index, model in zip(sorted(indexes), getattr(built, kind), strict=True):
                if index < len(models):
                    models[index] = model
                else:
                    models.append(model)
            fields[kind] = tuple(models)
        new = json_document(built)
        for kind in KINDS:
            if kind not in self.merged:
                continue
            was = {record["id"]: record for record in self.base.get(kind, ())}
            for record in sorted(new[kind], key=lambda record: record["id"]):
                change = record_change(
                    kind, record["id"], was.get(record["id"]), record
                )
                if change is not None:
                    records.append(change)
        return attrs.evolve(before, **fields), Changes(tuple(records))


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
