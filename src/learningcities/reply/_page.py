"""The report as one self-contained web page."""

from __future__ import annotations

import datetime as dt
import html as markup
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from learningcities._findings import FindingsError
from learningcities._messages import Text
from learningcities._reading import jsontext
from learningcities._reading.csvtext import CSV_FILES
from learningcities._reporting.report import summary_line
from learningcities._shown import visible
from learningcities._version import __version__
from learningcities.errors import Problem, Severity, column_letters
from learningcities.reply._places import (
    FILLS,
    Place,
    Places,
    codes,
    label,
    labelled,
    where,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from learningcities._messages import Language
    from learningcities._reporting.report import Report

__all__ = ["HELP", "html"]

#: Where the page of each problem code is, ``{code}`` standing for the code:
#: relative to the project, as in the SARIF report.
HELP: Final = "docs/problems/{code}.md"
#: How many problems of one code the page shows; the rest are counted.
_SHOWN: Final = 200
#: How many lines of a text file the page shows on each side of a problem.
_AROUND: Final = 2
#: How many characters of a line, or of a cell, the page shows.
_LINE: Final = 120
_CELL: Final = 40
#: How many columns of a sheet's row the page shows.
_COLUMNS: Final = 12


# -- the page -------------------------------------------------------------------


def html(report: Report, *, help_url: str = HELP) -> str:
    """The report as one self-contained web page, in the report's language.

    The page needs nothing but itself: no script, no font, no picture,
    no address it loads; it opens from disk or as an e-mail's attachment.
    It gives the summary, then the problems grouped by code, the most
    frequent first (at most 200 of a code are shown, and the rest
    counted), each with the lines of its file around it (a JSON file) or
    its sheet's header and row (a CSV file, a workbook), the offending
    value marked. Everything taken from the files is escaped, and shown
    as the text report shows it (control and bidirectional characters as
    visible escapes). See docs/reply.md.

    Args:
        report: what :func:`learningcities.validate` found.
        help_url: the address of a problem code's page, ``{code}``
            standing for the code (``docs/problems/schema.md``). A
            secretariat that publishes them gives their address.

    >>> import learningcities
    >>> report = learningcities.validate(["examples/fez-events-broken.json"],
    ...                                  register="examples/register.json")
    >>> page = html(report)
    >>> page.startswith("<!DOCTYPE html>"), "<mark>&quot;partnr&quot;</mark>" in page
    (True, True)
    """
    return "".join(_page(report, help_url))


_STYLE: Final = (
    """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
margin:2em auto;max-width:72em;padding:0 1em;color:#1f2328}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;
border-bottom:1px solid #d0d7de;padding-bottom:.2em}
.verdict{font-size:1.1em;font-weight:600;padding:.4em .8em;border-radius:6px;
display:inline-block}.valid{background:#dafbe1}.invalid{background:#ffebe9}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.2em .5em;
text-align:left;vertical-align:top}th{background:#f6f8fa}
.severity{padding:0 .4em;border-radius:4px}
.problem{border:1px solid #d0d7de;border-radius:6px;padding:.5em 1em;
margin:.8em 0}.problem h3{font-size:1em;margin:.2em 0;font-weight:600}
.message{margin:.4em 0}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;
font-size:.9em}pre{background:#f6f8fa;padding:.5em;overflow-x:auto;margin:.4em 0}
.ln{color:#6e7781;user-select:none;display:inline-block;min-width:3em}
.here{background:#fff8c5}mark{background:#ffb3b8;border-radius:3px}
td.hit{background:#ffb3b8;font-weight:600}.more{font-style:italic}
footer{margin-top:3em;color:#6e7781;font-size:.85em}
"""
    + "".join(  # each severity in the colour of its cells in the workbook
        f".{severity} .severity{{background:#{fill}}}\n"
        for severity, fill in FILLS.items()
    )
    + "".join(
        f".{severity} td.hit,.{severity} mark{{background:#{fill}}}\n"
        for severity, fill in FILLS.items()
        if severity is not Severity.ERROR  # an error's mark is stronger than its fill
    )
)

#: The page's own words, besides the labels of the workbook.
_PAGE: Final = {
    "page": Text("Validation report"),
    "files": Text("Files checked"),
    "valid": Text("Valid"),
    "invalid": Text("Not valid"),
    "none": Text("No problem was found."),
    "help": Text("What it means"),
    "page-of": Text("the page of {code}"),
    "more": Text("… and {count} more of this code, not shown here."),
    "written": Text("Written by learningcities {version}."),
}


def _say(key: str, lang: Language, **args: Any) -> str:
    return markup.escape(_PAGE[key].with_args(**args).render(lang))


def _page(report: Report, help_url: str) -> Iterator[str]:
    lang = report.lang
    verdict = "valid" if report.valid else "invalid"
    line = markup.escape(summary_line(report))
    yield (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{labelled(_say('page', lang), line, lang)}</title>\n"
        f"<style>{_STYLE}</style>\n"
        f"</head>\n<body>\n<header>\n<h1>{_say('page', lang)}</h1>\n"
        f'<p class="verdict {verdict}">{labelled(_say(verdict, lang), line, lang)}'
        "</p>\n<p>"
        + labelled(
            _say("files", lang),
            ", ".join(f"<code>{shown(file)}</code>" for file in report.files),
            lang,
        )
        + "</p>\n</header>\n"
    )
    if not report.problems:
        yield f"<p>{_say('none', lang)}</p>\n"
    else:
        by_code = codes(report)
        yield from _by_code(by_code, lang, help_url)
        yield from _problems(report, by_code)
    yield (
        f"<footer>{_say('written', lang, version=__version__)}</footer>\n"
        "</body>\n</html>\n"
    )


def _by_code(
    by_code: list[tuple[str, int, Severity]], lang: Language, help_url: str
) -> Iterator[str]:
    heads = (label("code", lang), label("severity", lang), label("count", lang))
    yield f'<section id="summary">\n<h2>{markup.escape(label("by-code", lang))}</h2>\n'
    yield "<table>\n<tr>" + "".join(f"<th>{markup.escape(h)}</th>" for h in heads)
    yield f"<th>{_say('help', lang)}</th></tr>\n"
    for code, count, severity in by_code:
        href = markup.escape(help_url.replace("{code}", code), quote=True)
        yield (
            f'<tr class="{severity}"><td><a href="#code-{code}">{code}</a></td>'
            f'<td><span class="severity">{markup.escape(label(severity, lang))}'
            f"</span></td><td>{count}</td>"
            f'<td><a href="{href}">{_say("page-of", lang, code=code)}</a></td></tr>\n'
        )
    yield "</table>\n</section>\n"


def _problems(
    report: Report, by_code: list[tuple[str, int, Severity]]
) -> Iterator[str]:
    lang = report.lang
    grouped: dict[str, list[Problem]] = {}
    for problem in report.problems:
        grouped.setdefault(problem.code, []).append(problem)
    sources = _Sources()
    for code, count, _ in by_code:
        problems = grouped[code]
        yield f'<section id="code-{code}">\n<h2>{code} ({count})</h2>\n'
        for problem in problems[:_SHOWN]:
            yield _problem(problem, sources, lang)
        if count > _SHOWN:
            yield f'<p class="more">{_say("more", lang, count=count - _SHOWN)}</p>\n'
        yield "</section>\n"


def _problem(problem: Problem, sources: _Sources, lang: Language) -> str:
    severity = problem.severity
    place = markup.escape(where(problem))
    pointer = f" <code>{shown(problem.pointer)}</code>" if problem.pointer else ""
    said = [
        (
            f'<article class="problem {severity}">\n<h3><span class="severity">'
            f"{markup.escape(label(severity, lang))}</span> {place}{pointer}</h3>\n"
            f'<p class="message">{markup.escape(problem.message)}</p>\n'
        )
    ]
    said.append(sources.context(problem))
    said.append("</article>\n")
    return "".join(said)


def shown(value: str, limit: int | None = None) -> str:
    """*value* from a file, as the page shows it: visible, cut, escaped."""
    return markup.escape(visible(value, limit))


def cell_text(value: Any) -> str:
    """A cell as the page shows it: a whole float as an integer, as a sheet does."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Sources:
    """The files of a report as the page shows them, each read once when needed."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}
        self._places: dict[str, Places] = {}

    def context(self, problem: Problem) -> str:
        """The lines around *problem*, or its sheet's header and row; or nothing."""
        file = problem.file
        if file is None or problem.line is None:
            return ""
        suffix = Path(file).suffix.lower()
        if problem.sheet is not None or suffix in CSV_FILES:
            return self._row(problem, file)
        lines = self._text(file)
        if lines is None or problem.line > len(lines):
            return ""
        return _lines_around(lines, problem.line, problem.column or 1)

    def _text(self, file: str) -> list[str] | None:
        if file not in self._lines:
            try:
                decoded = jsontext.read_text(file)
            except (OSError, FindingsError, ValueError):
                self._lines[file] = None
            else:
                self._lines[file] = [line.rstrip("\r") for line in decoded.split("\n")]
        return self._lines[file]

    def _row(self, problem: Problem, file: str) -> str:
        if file not in self._places:
            self._places[file] = Places([file])
        place = self._places[file].of(problem)
        if place is None:
            return ""
        return _sheet_rows(place)


def _lines_around(lines: list[str], line: int, column: int) -> str:
    """The lines around *line*, numbered, with the value at *column* marked."""
    out = []
    for number in range(max(1, line - _AROUND), min(len(lines), line + _AROUND) + 1):
        text_of_line = lines[number - 1]
        if number == line:
            body = _marked(text_of_line, column - 1)
            out.append(
                f'<span class="here"><span class="ln">{number}</span>{body}</span>'
            )
        else:
            out.append(
                f'<span class="ln">{number}</span>{_window(text_of_line, column - 1)}'
            )
    return "<pre>" + "\n".join(out) + "</pre>\n"


#: A JSON value or key as it starts at a column: a string, or a number or word.
_TOKEN: Final = re.compile(
    r'"(?:[^"\\]|\\.)*"?|[-+0-9.eE]+|true|false|null|.', re.DOTALL
)


def _window(line: str, at: int) -> str:
    """A line of text, escaped, cut to the characters around *at*."""
    start = max(0, min(at - _LINE // 2, len(line) - _LINE))
    piece = line[start : start + _LINE]
    before = "…" if start else ""
    after = "…" if start + _LINE < len(line) else ""
    return before + shown(piece) + after


def _marked(line: str, at: int) -> str:
    """The line, its value at *at* (a 0-based column) in ``<mark>``."""
    found = _TOKEN.match(line, at) if 0 <= at < len(line) else None
    if found is None:
        return _window(line, at)
    start = max(0, min(at - _LINE // 2, len(line) - _LINE))
    end = start + _LINE
    token_end = min(found.end(), end, at + _LINE // 2)
    before = ("…" if start else "") + shown(line[start:at])
    value = shown(line[at:token_end])
    after = shown(line[token_end:end]) + ("…" if end < len(line) else "")
    return f"{before}<mark>{value}</mark>{after}"


def _sheet_rows(place: Place) -> str:
    """The header and the row of *place*, the cell (or the row) marked."""
    table = place.table
    width = table.width()
    first_column = 1
    if place.column is not None and place.column > _COLUMNS:
        first_column = place.column - _COLUMNS // 2
    columns = range(
        first_column,
        min(max(width, place.column or 0), first_column + _COLUMNS - 1) + 1,
    )
    head = "".join(f"<th>{column_letters(c)}</th>" for c in columns)
    out = [f"<tr><th></th>{head}</tr>"]
    for row in dict.fromkeys((table.first, place.row)):
        offset = row - table.first
        cells = table.rows[offset] if 0 <= offset < len(table.rows) else []
        tds = []
        for column in columns:
            value = cells[column - 1] if column <= len(cells) else None
            hit = row == place.row and place.column in (None, column)
            cls = ' class="hit"' if hit else ""
            tds.append(f"<td{cls}>{shown(cell_text(value), _CELL)}</td>")
        out.append(f"<tr><th>{row}</th>{''.join(tds)}</tr>")
    return '<table class="sheet">\n' + "\n".join(out) + "\n</table>\n"
