"""Findings: problems before they are put into words and placed in a file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from learningcities._messages import Message, Text
from learningcities._shown import visible
from learningcities.errors import Problem, Severity, pointer_from_path

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

__all__ = [
    "Finding",
    "FindingsError",
    "Path",
    "drained",
    "empty",
    "label",
    "placed",
    "render",
]

Path = tuple[str | int, ...]
_DOCUMENT: Final = Text("The document")


@attrs.frozen
class Finding:
    """A problem found, not yet rendered in a language nor placed in the text.

    Attributes:
        code: The problem code.
        text: The message; its ``{label}`` is filled with the label of *path*.
            A :class:`Deferred` text is made only when it is rendered.
        path: Where, as keys and indexes from the document's root.
        severity: ``error``, ``warning`` or ``note``.
        at_key: Whether the problem is the key at *path* (an unknown or
            duplicate key) rather than its value.
        line: The line, when the reader knows it directly.
        column: The column, likewise.
        suggestion: The value to write instead, if one is suggested.
    """

    code: str
    text: Message
    path: Path = ()
    severity: Severity = Severity.ERROR
    at_key: bool = False
    line: int | None = None
    column: int | None = None
    suggestion: str | int | float | None = None

    def under(self, prefix: Path) -> Finding:
        """Return this finding moved below *prefix*."""
        return attrs.evolve(self, path=prefix + self.path)


class FindingsError(Exception):
    """Reading stopped: the findings say why (bad encoding, bad syntax)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} problems")
        self.findings = findings


def empty(how: Text) -> Finding:
    """The finding of a file that holds no record; *how* says what one needs.

    It is placed at the file's start, as every problem of a file is placed.
    """
    text = Text("The file holds no record: {how}.", {"how": how})
    return Finding("empty", text, line=1, column=1)


def label(path: Path) -> Text | str:
    """Name the value at *path* for a message: its key and any indexes after it.

    >>> label(("cities", 0, "aliases", 1)), label(("cities", 0))
    ("'aliases[1]'", "'cities[0]'")
    """
    if not path:
        return _DOCUMENT
    last = len(path) - 1  # the last key, or the first token
    while last and type(path[last]) is not str:
        last -= 1
    indexes = "".join(f"[{i}]" for i in path[last + 1 :])
    return "'" + visible(str(path[last])) + indexes + "'"


def placed(
    findings: list[Finding],
    positions: Mapping[tuple[Path, bool], tuple[int, int]] | None,
) -> None:
    """Give each of *findings* without a line its line and column from *positions*.

    In place: each such finding is replaced by one that carries them, so
    that *positions*, which holds an entry for each, can be let go before
    the findings are rendered.
    """
    if not positions:
        return
    for index, finding in enumerate(findings):
        if finding.line is None:
            where = positions.get((finding.path, finding.at_key))
            if where is not None:
                findings[index] = Finding(
                    code=finding.code,
                    text=finding.text,
                    path=finding.path,
                    severity=finding.severity,
                    at_key=finding.at_key,
                    line=where[0],
                    column=where[1],
                    suggestion=finding.suggestion,
                )


def drained(findings: list[Finding]) -> Iterator[Finding]:
    """Each of *findings* in order, taken out of the list as it is given.

    Rendering a million findings this way frees each once it is a problem,
    rather than holding them all, and the problems, until the end.
    """
    findings.reverse()
    while findings:
        yield findings.pop()


def render(
    findings: Iterable[Finding],
    *,
    lang: str = "en",
    file: str | None = None,
    sheet: str | None = None,
) -> list[Problem]:
    """Put *findings* into words in *lang*, in *file* at their lines and columns.

    A finding of a text is placed first (see :func:`placed`). In a
    workbook, *sheet* names the sheet, and a finding's line and column are
    its row and column there.
    """
    problems = []
    # The pointer of the last finding's path but its last token: the findings
    # of one object or array share it, and it is written once for them.
    head: Path = ()
    head_pointer = ""
    for finding in findings:
        path = finding.path
        if path:
            if path[:-1] != head:
                head = path[:-1]
                head_pointer = pointer_from_path(head)
            pointer = head_pointer + pointer_from_path(path[-1:])
        else:
            pointer = ""
        message = finding.text.render(lang, label=label(path))
        problems.append(
            Problem(
                code=finding.code,
                message=message,
                pointer=pointer,
                severity=finding.severity,
                file=file,
                line=finding.line,
                column=finding.column,
                sheet=sheet,
                suggestion=finding.suggestion,
            )
        )
    return problems
