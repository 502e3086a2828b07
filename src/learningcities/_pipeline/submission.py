"""A submission: the files of one run, checked as one dataset.

Each file is read and its records checked on their own first, which gives
a :class:`Part`: the file's own findings, its records as the rules across
records read them, and how to place a finding in it. The rules across
records then run once over the records of every part together (and the
register), numbered one after the other by kind, and each of their
findings goes back to the part, and the record, it is about.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import attrs

from learningcities._checking import rules
from learningcities._messages import Text
from learningcities._speed.gc import collector_paused

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from learningcities._findings import Finding, Path
    from learningcities._pipeline.options import Options
    from learningcities.errors import Problem

__all__ = ["Part", "check_together", "records_of"]


@attrs.define
class Part:
    """One file of a submission, its records checked but not yet compared.

    *records* holds its records as the rules across records read them, by
    kind, with their index in the file; *skip* the paths (``(kind, index,
    …)``) that already have an error; *findings* its own findings, not yet
    placed. *place* places and words findings about it (its own and those
    of the rules across records, with paths of the file) as problems, in
    the order of the file.
    """

    file: str
    records: rules.Raw
    skip: set[Path]
    findings: list[Finding]
    place: Callable[[list[Finding]], list[Problem]]


@attrs.frozen
class _Numbering(rules.Naming):
    """Where each record of a submission is: the part and the index in it.

    ``owners[kind][n]`` is the part and index in its file of the *n*-th
    record of *kind* of the whole submission.
    """

    owners: dict[str, list[tuple[int, int]]]
    files: Sequence[str]

    def name(self, kind: str, index: int, seen_from: int) -> str | Text:
        part, local = self.owners[kind][index]
        plain = f"{kind}[{local}]"
        if part == self.owners[kind][seen_from][0]:
            return plain
        return Text("{record} in {file}", {"record": plain, "file": self.files[part]})

    def apart(self, kind: str, index: int, other: int) -> bool:
        return self.owners[kind][index][0] != self.owners[kind][other][0]

    @property
    def several(self) -> bool:
        return len(self.files) > 1

    def local(self, path: Path) -> tuple[int, Path]:
        """The part a path of the submission is in, and the path in its file."""
        part, index = self.owners[str(path[0])][int(path[1])]
        return part, (path[0], index, *path[2:])


@collector_paused()
def check_together(parts: Sequence[Part], options: Options) -> list[list[Problem]]:
    """Apply the rules across records to *parts* as one dataset; the problems of each.

    Returns, for each part in order, its problems (its own findings and
    those of the rules across records), placed in its file and in the
    order its format gives them. The cyclic collector is paused, as while
    the parts were read: the rules make a tuple or two per record, which
    would set off collections over every record read, and find no cycle.
    """
    records, skip, numbering = _numbered(parts)
    found: list[list[Finding]] = [list(part.findings) for part in parts]
    for finding in rules.check(
        records,
        skip=skip,
        register=options.register,
        today=options.today,
        naming=numbering,
    ):
        part_number, path = numbering.local(finding.path)
        found[part_number].append(attrs.evolve(finding, path=path))
    return [part.place(findings) for part, findings in zip(parts, found, strict=True)]


def records_of(parts: Sequence[Part]) -> rules.Raw:
    """The records of *parts* as one dataset, numbered one after the other by kind."""
    return _numbered(parts)[0]


def _numbered(parts: Sequence[Part]) -> tuple[rules.Raw, list[Path], _Numbering]:
    """The records of *parts* numbered by kind, the paths with errors, where each is."""
    records: rules.Raw = {}
    owners: dict[str, list[tuple[int, int]]] = {}
    starts: dict[tuple[int, str], int] = {}  # (part, kind): its first in the whole
    for part_number, part in enumerate(parts):
        for kind, items in part.records.items():
            kept = records.setdefault(kind, [])
            starts[part_number, kind] = start = len(kept)
            kept.extend(zip(itertools.count(start), [record for _, record in items]))
            owners.setdefault(kind, []).extend(
                zip(itertools.repeat(part_number), [index for index, _ in items])
            )
    skip: list[Path] = []
    for part_number, part in enumerate(parts):
        where: dict[str, dict[Any, int]] = {}  # by kind: index in the part -> whole
        for path in part.skip:
            if len(path) < 2 or (part_number, path[0]) not in starts:
                continue
            kind = str(path[0])
            if kind not in where:
                start = starts[part_number, kind]
                indexes = [index for index, _ in part.records[kind]]
                where[kind] = {index: start + n for n, index in enumerate(indexes)}
            whole = where[kind].get(path[1])
            if whole is not None:
                skip.append((kind, whole, *path[2:]))
    return records, skip, _Numbering(owners, [part.file for part in parts])
