"""The rules across records: ids, references, date order, overlaps, caps, text.

They read the records as written (plain JSON values), so that a record with
a problem of its own is still checked against the others, and they skip any
value that already has a problem, so that one defect gives one problem. An
optional register (a reference dataset, such as a network's member
register) is what the file may refer to besides itself.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, Final

from learningcities._checking.rules.dates import dates_out_of_order, future_dates
from learningcities._checking.rules.ids import duplicate_finding, duplicate_ids, ids_of
from learningcities._checking.rules.memberships import (
    LIMIT,
    SINCE,
    admissions_beyond_caps,
    cap_findings,
    member_of,
    overlap_findings,
    overlapping_memberships,
)
from learningcities._checking.rules.records import (
    ONE_FILE,
    Context,
    Naming,
    Raw,
    Records,
    View,
    project,
    raw_records,
)
from learningcities._checking.rules.references import (
    reference_finding,
    references_of,
    unknown_references,
    wrong_subdivisions,
)
from learningcities._checking.rules.text import (
    not_normalized,
    surely_normalized,
    text_findings,
)
from learningcities.models import KINDS

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Iterator, Mapping

    from learningcities._findings import Finding, Path

__all__ = [
    "LIMIT",
    "ONE_FILE",
    "SINCE",
    "Naming",
    "Raw",
    "View",
    "cap_findings",
    "check",
    "check_one",
    "duplicate_finding",
    "member_of",
    "not_normalized",
    "overlap_findings",
    "project",
    "raw_records",
    "reference_finding",
    "references_of",
    "surely_normalized",
    "text_findings",
]


def check(
    raw: Raw,
    *,
    skip: Iterable[Path] = (),
    register: Raw | None = None,
    today: dt.date,
    naming: Naming = ONE_FILE,
) -> list[Finding]:
    """Return the findings of every rule across the records of one file, or many.

    *skip* holds the paths that already have a problem: no rule reports
    them again, nor reads them. The records of the files of a submission
    are numbered one after the other by kind; *naming* tells the files
    apart (see :class:`Naming`).
    """
    by_record: dict[Any, dict[Any, set[Path]]] = defaultdict(lambda: defaultdict(set))
    for path in skip:
        if len(path) > 2:  # the kind, the index, then a path in the record
            by_record[path[0]][path[1]].add(path[2:])
    records = {
        kind: Records(kind, items, by_record.get(kind, {}))
        for kind, items in raw.items()
    }
    ids = {kind: ids_of(raw.get(kind, ())) for kind in KINDS}
    known = {
        kind: frozenset(ids[kind]) | frozenset(ids_of((register or {}).get(kind, ())))
        for kind in KINDS
    }
    context = Context(
        records, known, register or {}, register is not None, today, naming
    )
    findings = list(duplicate_ids(records, ids, naming))
    for rule in (
        wrong_subdivisions,
        unknown_references,
        dates_out_of_order,
        future_dates,
        overlapping_memberships,
        admissions_beyond_caps,
    ):
        findings += rule(context)
    return findings


def check_one(
    kind: str, index: int, record: dict[str, Any], skip: frozenset[Path], today: dt.date
) -> tuple[View, list[Finding]]:
    """Read one record for the rules, and apply those that need no other record.

    *skip* holds the record's paths (relative to it) that have a problem.
    """
    findings: list[Finding] = []
    rules = _ALONE.get(kind, ())
    if rules:
        records = Records(kind, [(index, record)], {index: skip} if skip else {})
        context = Context({kind: records}, {}, {}, has_register=False, today=today)
        for rule in rules:
            findings += rule(context)
    return View(kind, index, record, skip), findings


#: The rules that need no other record, by the kind they apply to.
_ALONE: Final[Mapping[str, tuple[Callable[[Context], Iterator[Finding]], ...]]] = {
    "cities": (wrong_subdivisions,),
    "memberships": (dates_out_of_order, future_dates),
    "events": (dates_out_of_order, future_dates),
}
