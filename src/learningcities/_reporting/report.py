"""The result of a validation: every problem, and the forms it is written in."""

from __future__ import annotations

import json
import re
from collections import Counter
from json.encoder import encode_basestring
from pathlib import PurePath
from typing import IO, TYPE_CHECKING, Any, Final, Literal

import attrs

from learningcities._findings import FindingsError
from learningcities._messages import Language, Text
from learningcities._reading import jsontext
from learningcities._reading.csvtext import CSV_FILES, Span, cell_spans, delimiter
from learningcities._shown import visible
from learningcities._version import __version__
from learningcities.errors import POINTER_LIMIT, Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

__all__ = ["FORMATS", "Report", "ReportFormat", "indented", "problem_dict"]

#: The output forms of a report.
FORMATS: Final = ("text", "json", "github", "sarif")
#: An output form of a report.
ReportFormat = Literal["text", "json", "github", "sarif"]
#: Where each problem code's page is, relative to the project (SARIF's helpUri).
_HELP: Final = "docs/problems/"


@attrs.frozen(kw_only=True)
class Report:
    """Every problem found in the files validated, in the order found.

    >>> import learningcities
    >>> report = learningcities.validate_document(
    ...     '{"learningcities": "1.1", "cities": [{"id": "x", "name": "X"}]}'
    ... )
    >>> report.valid, report.summary
    (False, {'files': 1, 'errors': 1, 'warnings': 0})
    >>> print(report.problems[0])
    1:38: error[schema] /cities/0: 'cities[0]' is missing the required key 'country'.
    """

    problems: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()
    lang: Language = "en"
    #: Whether warnings fail the files too (the command line's ``--strict``):
    #: then :attr:`valid`, and ``"valid"`` in every form, say so.
    strict: bool = False

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return sum(p.severity is Severity.WARNING for p in self.problems)

    @property
    def notes(self) -> int:
        """How many problems are notes: what was left unread, never a failure."""
        return sum(p.severity is Severity.NOTE for p in self.problems)

    @property
    def valid(self) -> bool:
        """Whether no problem is an error (nor a warning, if :attr:`strict`).

        >>> import attrs, learningcities
        >>> report = learningcities.validate_document(
        ...     '{"learningcities": "1.1", "title": "Fe\u0301s"}'
        ... )
        >>> report.valid, attrs.evolve(report, strict=True).valid
        (True, False)
        """
        return self.passed(strict=self.strict)

    def passed(self, *, strict: bool = False) -> bool:
        """Whether the files pass: no error, and with *strict* no warning either."""
        return self.errors == 0 and not (strict and self.warnings)

    @property
    def summary(self) -> dict[str, int]:
        """The counts: files, errors, warnings, and notes when there are any.

        The ``notes`` count is left out when it is 0, so that a report of
        files without workbooks keeps the three counts it always had.
        """
        counts = {
            "files": len(self.files),
            "errors": self.errors,
            "warnings": self.warnings,
        }
        notes = self.notes
        return counts | {"notes": notes} if notes else counts

    def counts_by_code(self) -> dict[str, int]:
        """How many problems of each code, most frequent first."""
        return dict(Counter(p.code for p in self.problems).most_common())

    def to_dict(self) -> dict[str, Any]:
        """The report as plain values: ``{"valid", "summary", "problems"}``."""
        return {
            "valid": self.valid,
            "summary": self.summary,
            "problems": [problem_dict(problem) for problem in self.problems],
        }

    def format(self, form: ReportFormat = "text") -> str:
        """Write the report as ``text``, ``json``, ``github`` or ``sarif``.

        Args:
            form: the form, one of :data:`FORMATS`.

        Returns:
            The whole report in that form.

        Raises:
            ValueError: *form* is none of these.
        """
        return "".join(_writer(form)(self))

    def write(self, stream: IO[str], form: ReportFormat = "text") -> None:
        """Write the report to *stream*, piece by piece: the text of :meth:`format`.

        A report of many problems is never held as one string, so writing
        it takes little memory beyond the report's own.

        >>> import io, learningcities
        >>> stream = io.StringIO()
        >>> learningcities.validate_document('{"learningcities": "1.1"}').write(stream)
        >>> print(stream.getvalue(), end="")
        0 errors, 0 warnings in 1 file
        """
        for piece in _writer(form)(self):
            stream.write(piece)


def _writer(form: str) -> Callable[[Report], Iterator[str]]:
    writer = _WRITERS.get(form)
    if writer is None:
        forms = ", ".join(map(repr, FORMATS))
        raise ValueError(f"form must be one of {forms}, not {form!r}")
    return writer


def problem_dict(problem: Problem) -> dict[str, Any]:
    """A problem as the JSON report writes it."""
    found: dict[str, Any] = {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "pointer": problem.pointer,
        "severity": str(problem.severity),
        "code": problem.code,
        "message": problem.message,
    }
    if problem.sheet is not None:
        found |= {"sheet": problem.sheet, "row": problem.line, "cell": problem.cell}
    if problem.suggestion is not None:
        found["suggestion"] = problem.suggestion
    return found


def _plural(count: int, one: str, many: str, lang: Language) -> Text:
    """*one* or *many*, as *lang* counts *count*: French says ``0 erreur``."""
    singular = count == 1 or (count == 0 and lang == "fr")
    return Text(one if singular else many, {"count": count})


def summary_line(report: Report) -> str:
    """One line of counts, such as ``2 errors, 1 warning in 1 file``.

    Notes are counted only when there are any: ``0 errors, 0 warnings,
    1 note in 1 file``. French takes the singular for 0 (``0 erreur,
    0 avertissement dans 1 fichier``).
    """
    lang = report.lang
    counts = {
        "errors": _plural(report.errors, "{count} error", "{count} errors", lang),
        "warnings": _plural(
            report.warnings, "{count} warning", "{count} warnings", lang
        ),
        "files": _plural(len(report.files), "{count} file", "{count} files", lang),
    }
    if report.notes:
        counts["notes"] = _plural(report.notes, "{count} note", "{count} notes", lang)
        return Text("{errors}, {warnings}, {notes} in {files}", counts).render(
            report.lang
        )
    return Text("{errors}, {warnings} in {files}", counts).render(report.lang)


def _text(report: Report) -> Iterator[str]:
    for problem in report.problems:
        yield f"{problem}\n"
    yield summary_line(report) + "\n"


#: Stands in a JSON document for an array written item by item.
_ITEMS: Final = "\ufdd0 items \ufdd0"


def _json_with_items(
    document: dict[str, Any], items: Iterable[dict[str, Any]]
) -> Iterator[str]:
    """Write *document* as indented JSON, its one :data:`_ITEMS` value as *items*.

    The text is that of ``json.dumps(..., indent=2)`` with the array in
    place, each item written on its own.
    """
    whole = json.dumps(document, ensure_ascii=False, indent=2)
    mark = json.dumps(_ITEMS, ensure_ascii=False)
    at = whole.index(mark)
    line = whole[whole.rindex("\n", 0, at) + 1 : at]
    margin = line[: len(line) - len(line.lstrip())]
    inner = margin + "  "
    yield whole[:at]
    opening = "["
    for item in items:
        yield f"{opening}\n{inner}{indented(item, inner)}"
        opening = ","
    yield "[]" if opening == "[" else f"\n{margin}]"
    yield whole[at + len(mark) :] + "\n"


#: How :func:`indented` writes each type of scalar, as the compiled encoder
#: writes it: a float through the encoder itself, for ``NaN`` and ``Infinity``.
_FLOAT: Final = json.JSONEncoder().encode
_SCALARS: Final[dict[type, Callable[[Any], str]]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _FLOAT,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _: "null",
}


def indented(item: Any, margin: str = "") -> str:
    """The text ``json.dumps(item, ensure_ascii=False, indent=2)`` writes, indented.

    Each line after the first begins with *margin* more.

    The JSON module writes indented text with its encoder in Python, several
    times slower than without indent; a report writes one object per
    problem. An object of text, numbers, booleans and nulls (every problem
    of a JSON report) is written here value by value, to the same text; any
    other value takes the JSON module.

    >>> print(indented({"line": 3, "message": "Café"}, "  "))
    {
        "line": 3,
        "message": "Café"
      }
    """
    if type(item) is dict and item:
        scalars = _SCALARS
        try:
            fields = [
                f"{encode_basestring(key)}: {scalars[type(value)](value)}"
                for key, value in item.items()
            ]
        except (KeyError, TypeError):  # a value that is not a scalar; a key not text
            pass
        else:
            inner = margin + "  "
            return f"{{\n{inner}{f',{chr(10)}{inner}'.join(fields)}\n{margin}}}"
    text = json.dumps(item, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + margin)


def _json(report: Report) -> Iterator[str]:
    document = {"valid": report.valid, "summary": report.summary, "problems": _ITEMS}
    return _json_with_items(document, map(problem_dict, report.problems))


def _escape_data(text: str) -> str:
    text = visible(text, None)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _short(pointer: str) -> str:
    return visible(pointer, POINTER_LIMIT)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


#: The workflow command of each severity.
_GITHUB_LEVELS: Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.NOTE: "notice",
}


def _github(report: Report) -> Iterator[str]:
    for problem in report.problems:
        level = _GITHUB_LEVELS[problem.severity]
        properties = [
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", problem.file),
                ("line", problem.line),
                ("col", problem.column),
                ("title", f"{problem.code} {_short(problem.pointer)}".strip()),
            )
            if value is not None
        ]
        yield f"::{level} {','.join(properties)}::{_escape_data(problem.message)}\n"
    yield summary_line(report) + "\n"


def _sarif(report: Report) -> Iterator[str]:
    codes = sorted({problem.code for problem in report.problems})
    rules = [
        {"id": code, "name": code, "helpUri": _HELP + code + ".md"} for code in codes
    ]
    index = {code: number for number, code in enumerate(codes)}
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "learningcities",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                # Columns count characters (code points), as Python does.
                "columnKind": "unicodeCodePoints",
                "results": _ITEMS,
            }
        ],
    }
    texts = _Texts(report.problems)
    results = (
        _sarif_result(p, index[p.code], texts, report.lang) for p in report.problems
    )
    return _json_with_items(log, results)


def _sarif_result(
    problem: Problem, rule_index: int, texts: _Texts, lang: Language
) -> dict[str, Any]:
    location: dict[str, Any] = {}
    span = texts.span(problem)
    if problem.file is not None:
        physical: dict[str, Any] = {"artifactLocation": {"uri": problem.file}}
        if span is not None:
            physical["region"] = dict(zip(_REGION, span, strict=True))
        elif problem.line is not None:
            physical["region"] = {
                "startLine": problem.line,
                "startColumn": problem.column or 1,
            }
        location["physicalLocation"] = physical
    location["logicalLocations"] = [
        {"fullyQualifiedName": problem.pointer or "/", "kind": "member"}
    ]
    result: dict[str, Any] = {
        "ruleId": problem.code,
        "ruleIndex": rule_index,
        "level": str(problem.severity),  # SARIF's levels have the same names
        "message": {"text": _sarif_message(problem)},
        "locations": [location],
    }
    if problem.suggestion is not None:  # in the result's property bag
        result["properties"] = {"suggestion": problem.suggestion}
        if span is not None and problem.file is not None:
            file = problem.file
            mark = texts.delimiter_of(file) if _is_csv(file) else None
            result["fixes"] = [_fix(problem, file, span, lang, mark)]
    return result


#: The names of a SARIF region's numbers, in the order of a :data:`Span`.
_REGION: Final = ("startLine", "startColumn", "endLine", "endColumn")


def _fix(
    problem: Problem, file: str, span: Span, lang: Language, mark: str | None
) -> dict[str, Any]:
    """A SARIF fix: the value at *span* replaced by the suggestion, as written.

    *mark* is the delimiter of *file* if it is a CSV file, else None.
    """
    if mark is not None:
        text = _csv_cell(problem.suggestion, mark)
    else:
        text = json.dumps(problem.suggestion, ensure_ascii=False)
    said = Text("Write {value}.", {"value": visible(text, None)}).render(lang)
    replacement = {
        "deletedRegion": dict(zip(_REGION, span, strict=True)),
        "insertedContent": {"text": text},
    }
    return {
        "description": {"text": said},
        "artifactChanges": [
            {"artifactLocation": {"uri": file}, "replacements": [replacement]}
        ],
    }


def _csv_cell(value: Any, mark: str) -> str:
    """*value* as a CSV cell writes it: quoted if it holds a delimiter or a quote."""
    text = value if isinstance(value, str) else json.dumps(value)
    if any(char in text for char in (mark, '"', "\r", "\n")) or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def _is_csv(file: str) -> bool:
    return PurePath(file).suffix.lower() in CSV_FILES


#: A JSON scalar as it begins at a column: a string, a number, a literal.
_SCALAR: Final = re.compile(
    r'"(?:[^"\\\x00-\x1f]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null'
)


class _Texts:
    """The text of the files a SARIF report places problems in, read once each.

    A CSV file's problems are at a row and a cell; SARIF places them at
    lines and characters, which a pass over the file finds for all of
    them at once. A JSON file's value with a suggestion is replaced by a
    fix, which needs where the value ends. The files are read as they are
    on disk when the report is written; one that cannot be read, or whose
    text has no such cell or value there, gives no span: the problem keeps
    its line and column, and gets no fix.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self._wanted: dict[str, set[tuple[int, int]]] = {}
        for problem in problems:
            file = problem.file
            if file is None or problem.sheet is not None or problem.line is None:
                continue
            if _is_csv(file) and problem.column is not None:
                self._wanted.setdefault(file, set()).add((problem.line, problem.column))
        #: Each CSV file's delimiter and the spans of its cells with a problem.
        self._tables: dict[str, tuple[str, dict[tuple[int, int], Span]]] = {}
        self._lines: dict[str, list[str] | None] = {}

    def delimiter_of(self, file: str) -> str:
        """The delimiter of the CSV file *file* (a comma if it cannot be read)."""
        return self._table(file)[0]

    def _table(self, file: str) -> tuple[str, dict[tuple[int, int], Span]]:
        """The delimiter of a CSV file and its cells' spans, found in one reading."""
        if file not in self._tables:
            text = self._text(file)
            if text is None:
                self._tables[file] = (",", {})
            else:
                mark = delimiter(text, PurePath(file).suffix.lower())
                spans = cell_spans(text, mark, self._wanted.get(file, set()))
                self._tables[file] = (mark, spans)
        return self._tables[file]

    @staticmethod
    def _text(file: str) -> str | None:
        try:
            return jsontext.read_text(file)
        except (OSError, FindingsError, ValueError):
            return None

    def span(self, problem: Problem) -> Span | None:
        """Where *problem*'s value is in the text of its file, if it is known."""
        file, line, column = problem.file, problem.line, problem.column
        if file is None or problem.sheet is not None or line is None or not column:
            return None
        if _is_csv(file):
            return self._table(file)[1].get((line, column))
        if problem.suggestion is None:
            return None
        return self._json_value(file, line, column)

    def _json_value(self, file: str, line: int, column: int) -> Span | None:
        if file not in self._lines:
            text = self._text(file)
            self._lines[file] = None if text is None else text.split("\n")
        lines = self._lines[file]
        if lines is None or line > len(lines):
            return None
        found = _SCALAR.match(lines[line - 1], column - 1)
        return None if found is None else (line, column, line, found.end() + 1)


def _sarif_message(problem: Problem) -> str:
    """The message of a result: in a workbook, beginning with the sheet and cell."""
    if problem.sheet is None:
        return problem.message
    place = f"{problem.sheet}!{problem.cell}" if problem.cell else problem.sheet
    return f"{place}: {problem.message}"


#: Each form's writer: the pieces of the report's text, in order.
_WRITERS: Final[dict[str, Callable[[Report], Iterator[str]]]] = {
    "text": _text,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
}
