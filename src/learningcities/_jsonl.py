"""JSON Lines: one entity per line, each with a ``type`` naming its kind.

The file is read line by line; each record's problems are placed by the
line's number and the column within it. A record's pointer is
``/KIND/N``, N counting the records of that kind, as in a dataset document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from . import _convert, _json, _rules
from ._finding import Finding, FindingsError, render
from ._locate import locate
from ._messages import Text
from ._text import describe

if TYPE_CHECKING:
    import os

    from ._errors import Problem
    from ._validate import _Options

__all__ = ["TYPES", "check_jsonl"]

#: The value of ``type`` for each kind of entity.
TYPES: Final = {
    "source": "sources",
    "network": "networks",
    "organization": "organizations",
    "city": "cities",
    "membership": "memberships",
    "event": "events",
}


def check_jsonl(
    path: str | os.PathLike[str], *, file: str, options: _Options
) -> list[Problem]:
    """Check a JSON Lines file of entities; raises OSError if it cannot be read."""
    findings: list[Finding] = []
    records: _rules.Records = {}
    ids: _rules.Ids = {}
    counts = dict.fromkeys(TYPES.values(), 0)
    with open(path, "rb") as stream:  # noqa: PTH123 (streamed, line by line)
        for number, raw_line in enumerate(stream, 1):
            findings += _check_line(raw_line, number, counts, records, ids)
    findings += _rules.check(
        records, ids, register=options.register, today=options.today
    )
    problems = render(findings, lang=options.lang, file=file)
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _check_line(
    raw_line: bytes,
    number: int,
    counts: dict[str, int],
    records: _rules.Records,
    ids: _rules.Ids,
) -> list[Finding]:
    if not raw_line.strip():
        return []
    try:
        text = _json.decode(raw_line.rstrip(b"\r\n"))
        value = _json.parse(text)
    except FindingsError as error:
        return [_on_line(finding, number) for finding in error.findings]
    kind = TYPES.get(str(value.get("type"))) if isinstance(value, dict) else None
    if kind is None:
        return [_bad_type(value, number)]
    index = counts[kind]
    counts[kind] += 1
    record = {key: item for key, item in value.items() if key != "type"}
    if isinstance(record.get("id"), str):
        ids.setdefault(kind, []).append((index, record["id"]))
    model, found = _convert.structure_record(record, _convert.ENTITY_KINDS[kind])
    found += _rules.not_normalized(record)
    if model is not None:
        records.setdefault(kind, []).append((index, model))
    return _placed(found, text, number, (kind, index))


def _placed(
    findings: list[Finding], text: str, number: int, prefix: tuple[str, int]
) -> list[Finding]:
    positions = locate(text, {(f.path, f.at_key) for f in findings}) if findings else {}
    placed = []
    for finding in findings:
        column = positions.get((finding.path, finding.at_key), (1, 1))[1]
        placed.append(_on_line(finding.under(prefix), number, column))
    return placed


def _on_line(finding: Finding, number: int, column: int | None = None) -> Finding:
    from attrs import evolve  # noqa: PLC0415

    return evolve(finding, line=number, column=column or finding.column or 1)


def _bad_type(value: Any, number: int) -> Finding:
    found = value.get("type") if isinstance(value, dict) else value
    if not isinstance(value, dict):
        expected: Text = Text("a JSON object")
        path: tuple[str, ...] = ()
    else:
        expected = _convert.one_of(TYPES)
        path = ("type",)
    text = Text(
        "{label} must be {expected}, not {found}.",
        {"expected": expected, "found": describe(found)},
    )
    return Finding("schema", text, path, line=number, column=1)
