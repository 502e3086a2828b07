"""JSON Lines: one entity per line, each with a ``type`` naming its kind.

The file is read line by line; each record's problems are placed by the
line's number and the column within it. A record's pointer is
``/KIND/N``, N counting the records of that kind, as in a dataset document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from learningcities._checking import convert, rules
from learningcities._checking.rules.on_disk import Store
from learningcities._checking.textfields import text_field_findings
from learningcities._findings import Finding, FindingsError, Path, empty, render
from learningcities._messages import Text
from learningcities._pipeline.options import Options, errors_at
from learningcities._pipeline.submission import Part
from learningcities._reading import jsontext
from learningcities._reading.files import open_input
from learningcities._reading.locate import locate
from learningcities._shown import describe
from learningcities._speed.gc import collector_paused
from learningcities.models import SINGULAR

if TYPE_CHECKING:
    import os
    from collections.abc import Iterator

    from learningcities._speed import FirstPass
    from learningcities.errors import Problem

__all__ = ["check_jsonl", "jsonl_part", "jsonl_records"]

_BOM: Final = b"\xef\xbb\xbf"


@attrs.define
class _Collected:
    """The records of a JSON Lines file, kept for the rules across a submission.

    Stands in for the :class:`Store` when the file is one of several: the
    rules across records then run once, over every file (see
    :func:`learningcities._pipeline.submission.check_together`), and what
    they read of each record is kept in memory.
    """

    records: rules.Raw = attrs.field(factory=dict)
    skip: set[Path] = attrs.field(factory=set)
    lines: dict[tuple[str, int], int] = attrs.field(factory=dict)

    def add(
        self,
        kind: str,
        index: int,
        line: int,
        record: dict[str, Any],
        skip: frozenset[Path],
    ) -> list[Finding]:
        """Keep *record* (what the rules read of it) and where it is; no finding yet."""
        self.records.setdefault(kind, []).append((index, record))
        self.skip.update((kind, index, *path) for path in skip)
        self.lines[kind, index] = line
        return []

    def line(self, kind: str, index: int) -> int:
        """The line the *index*-th record of *kind* is on."""
        return self.lines[kind, index]


@attrs.define
class _Lines:
    """What reading a JSON Lines file gathers."""

    store: Store | _Collected
    file: str
    lang: str
    #: The run's first pass, if it has one.
    first: FirstPass | None
    #: The problems of each line, rendered as it is read (lighter than findings).
    problems: list[Problem] = attrs.field(factory=list)
    #: How many lines hold something.
    lines: int = 0

    def add(self, findings: list[Finding]) -> None:
        if findings:
            self.problems += render(findings, lang=self.lang, file=self.file)

    counts: dict[str, int] = attrs.field(
        factory=lambda: dict.fromkeys(SINGULAR.values(), 0)
    )

    def line(self, raw_line: bytes, number: int) -> None:
        if not raw_line.strip() or raw_line.strip() == _BOM:
            return
        self.lines += 1
        try:
            text = jsontext.decode(raw_line.rstrip(b"\r\n"), start=number == 1)
            value = jsontext.parse(text)
        except FindingsError as error:
            self.add([_on_line(f, number, f.column) for f in error.findings])
            return
        kind = SINGULAR.get(str(value.get("type"))) if isinstance(value, dict) else None
        if kind is None:
            self.add([_bad_type(value, number)])
            return
        index = self.counts[kind]
        self.counts[kind] += 1
        record = {key: item for key, item in value.items() if key != "type"}
        cleared, plain = (
            (False, False) if self.first is None else self.first.clears(kind, record)
        )
        found = []
        cls = convert.ENTITY_KINDS[kind]
        if not cleared:
            found = convert.structure_record(record, cls, build=False)[1]
        skip = frozenset(errors_at(found))
        local = self.store.add(kind, index, number, rules.project(kind, record), skip)
        if not plain and not rules.surely_normalized(record):
            found += rules.not_normalized(record)
        if not cleared:  # read as the newest format (see _checking.textfields)
            found += text_field_findings(record, cls, (), {f.path for f in found})
        self.add(_placed(found, text, number, (kind, index)))
        self.add(_placed(local, text, number, ()))


def _lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, bytes]]:
    with open_input(path) as stream:  # streamed, line by line
        yield from enumerate(stream, 1)


@collector_paused()
def check_jsonl(
    path: str | os.PathLike[str], *, file: str, options: Options
) -> list[Problem]:
    """Check a JSON Lines file of entities; raises OSError if it cannot be read.

    What the rules across records read of each record is kept on disk (see
    :mod:`learningcities._checking.rules.on_disk`), so memory does not grow
    with the file.
    """
    with Store(options.register, today=options.today) as store:
        state = _Lines(store, file, options.lang, options.speed.first_pass)
        for number, raw_line in _lines(path):
            if number == 1 and jsontext.wide_encoding(raw_line) is not None:
                state.line(raw_line, number)  # one encoding problem: no more
                break
            state.line(raw_line, number)
        state.add(_place_again(path, store.findings(), store))
        if not state.lines:
            state.add([empty(Text("a JSON Lines file needs a record per line"))])
    return sorted(state.problems, key=lambda p: (p.line or 0, p.column or 0))


@collector_paused()
def jsonl_part(path: str | os.PathLike[str], *, file: str, options: Options) -> Part:
    """Read a JSON Lines file of a submission and check each record on its own.

    Raises OSError if it cannot be read. Its problems are worded as they
    are found; those of the rules across records are placed by reading
    again just the lines they are on.
    """
    collected = _Collected()
    state = _Lines(collected, file, options.lang, options.speed.first_pass)
    for number, raw_line in _lines(path):
        state.line(raw_line, number)
        if number == 1 and jsontext.wide_encoding(raw_line) is not None:
            break  # one encoding problem: no more
    if not state.lines:
        state.add([empty(Text("a JSON Lines file needs a record per line"))])

    def place(found: list[Finding]) -> list[Problem]:
        state.add(_place_again(path, found, collected))
        return sorted(state.problems, key=lambda p: (p.line or 0, p.column or 0))

    return Part(file, collected.records, collected.skip, [], place)


def jsonl_records(path: str | os.PathLike[str]) -> dict[str, list[dict[str, Any]]]:
    """The records of a JSON Lines file, whole, by kind: to be loaded.

    Only for a file that validated. Raises OSError if unreadable.
    """
    records: dict[str, list[dict[str, Any]]] = {}
    for number, raw_line in _lines(path):
        if not raw_line.strip() or raw_line.strip() == _BOM:
            continue
        value = jsontext.parse(
            jsontext.decode(raw_line.rstrip(b"\r\n"), start=number == 1)
        )
        kind = SINGULAR[value["type"]]
        records.setdefault(kind, []).append(
            {key: item for key, item in value.items() if key != "type"}
        )
    return records


def _place_again(
    path: str | os.PathLike[str], findings: list[Finding], store: Store | _Collected
) -> list[Finding]:
    """Place findings about whole records: read again just the lines they are on."""
    wanted: dict[int, list[Finding]] = {}
    for finding in findings:
        kind, index = finding.path[0], finding.path[1]
        wanted.setdefault(store.line(str(kind), int(index)), []).append(finding)
    placed = []
    for number, raw_line in _lines(path) if wanted else ():
        if number in wanted:
            text = jsontext.decode(raw_line.rstrip(b"\r\n"), start=number == 1)
            placed += _placed(wanted[number], text, number, ())
    return placed


def _placed(
    findings: list[Finding], text: str, number: int, prefix: tuple[str, int] | tuple[()]
) -> list[Finding]:
    """Place findings about one line's record (paths relative to *prefix*)."""
    cut = 2 if not prefix else 0
    places = {(f.path[cut:], f.at_key) for f in findings}
    positions = locate(text, places) if findings else {}
    return [
        _on_line(
            f.under(prefix),
            number,
            positions.get((f.path[cut:], f.at_key), (1, 1))[1],
        )
        for f in findings
    ]


def _on_line(finding: Finding, number: int, column: int | None) -> Finding:
    return attrs.evolve(finding, line=number, column=column or 1)


def _bad_type(value: Any, number: int) -> Finding:
    if isinstance(value, dict) and "type" not in value:
        text = Text(
            "The record is missing the required key 'type', which names its kind "
            "({kinds}).",
            {"kinds": ", ".join(f'"{kind}"' for kind in SINGULAR)},
        )
        return Finding("schema", text, line=number, column=1)
    if not isinstance(value, dict):
        expected: Text = Text("a JSON object")
        path: tuple[str, ...] = ()
        found = value
    else:
        expected = convert.one_of(SINGULAR)
        path = ("type",)
        found = value.get("type")
    text = Text(
        "{label} must be {expected}, not {found}.",
        {"expected": expected, "found": describe(found)},
    )
    return Finding("schema", text, path, line=number, column=1)
