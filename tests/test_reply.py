"""The reply to a partner: the annotated workbook and the report page.

The workbook is read back with openpyxl (comments, fills, links) and with
python-calamine (values), independently of the writer; the page is parsed
here, and rendered in a real browser in ``test_reply_browser.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine
from hypothesis import given
from hypothesis import strategies as st

import learningcities
from learningcities import Report
from learningcities._pipeline.csvfiles import csv_rows
from learningcities._pipeline.csvfiles import template as csv_template
from learningcities._reading.cells import failed_cells
from learningcities._spreadsheet import workbook_text
from learningcities.errors import Problem, column_letters
from learningcities.reply import FILLS, annotate, html
from learningcities.reply import _places as places_module

from .commands import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REGISTER = str(EXAMPLES / "register.json")


def _report(*paths: Path | str, lang: str = "en") -> Report:
    return learningcities.validate(
        [str(path) for path in paths],
        register=REGISTER,
        lang=lang,  # type: ignore[arg-type]
    )


def _comments(book: Any) -> dict[tuple[str, str], str]:
    return {
        (sheet.title, cell.coordinate): cell.comment.text
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.comment is not None
    }


def _fills(book: Any) -> dict[tuple[str, str], str]:
    return {
        (sheet.title, cell.coordinate): cell.fill.fgColor.rgb[-6:]
        for sheet in book.worksheets[1:]  # the first sheet's legend aside
        for row in sheet.iter_rows()
        for cell in row
        if cell.fill.fill_type == "solid"
    }


def _expected_cell(problem: Problem, sheet: str) -> tuple[str, str]:
    """Where a CSV file's or a sheet's problem goes: its cell, or its row's A."""
    assert problem.line is not None
    whole_record = re.fullmatch(r"/[a-z]+/[0-9]+", problem.pointer)
    column = 1 if whole_record or problem.column is None else problem.column
    return sheet, f"{column_letters(column)}{problem.line}"


def test_the_csv_submission_comes_back_with_each_problem_at_its_cell(
    tmp_path: Path,
) -> None:
    report = _report(EXAMPLES / "submission-broken")
    book = openpyxl.load_workbook(annotate(report, tmp_path / "reply.xlsx"))
    assert ["Problems", "cities", "memberships", "sources"] == book.sheetnames
    comments = _comments(book)
    expected = {
        _expected_cell(p, Path(p.file or "").stem): p.message for p in report.problems
    }
    assert set(expected) == set(comments)
    for place, message in expected.items():
        assert message in comments[place]
    assert (
        "error [schema]: Row 10: 'country' is empty; it is required."
        == comments["cities", "C10"]
    )
    fills = _fills(book)
    overlap = [p for p in report.problems if p.code == "membership-overlap"]
    assert 1 == len(overlap)  # a whole record's problem: its row is filled
    width = book["memberships"].max_column
    row = {("memberships", f"{column_letters(c)}11") for c in range(1, width + 1)}
    assert row <= set(fills)
    assert {FILLS[learningcities.Severity.ERROR]} == {fills[place] for place in row}
    assert FILLS[learningcities.Severity.WARNING] == fills["cities", "A1"]
    assert set(fills) == row | set(expected)


def test_the_csv_files_values_are_written_back_as_read(tmp_path: Path) -> None:
    report = _report(EXAMPLES / "submission-broken")
    path = annotate(report, tmp_path / "reply.xlsx")
    written = python_calamine.CalamineWorkbook.from_path(str(path))
    for file in sorted((EXAMPLES / "submission-broken").glob("*.csv")):
        text = file.read_text("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        assert _texts(rows) == _texts(written.get_sheet_by_name(file.stem).to_python())


def _texts(rows: list[list[Any]]) -> list[list[str]]:
    """Rows without their trailing empty cells and rows, every cell as text."""
    cut = [[str(cell) for cell in row] for row in rows]
    cut = [
        row[: max((i + 1 for i, c in enumerate(row) if c), default=0)] for row in cut
    ]
    while cut and not cut[-1]:
        cut.pop()
    return cut


def test_a_workbook_comes_back_with_its_sheets_values_and_problem_cells(
    tmp_path: Path,
) -> None:
    source = EXAMPLES / "submission-broken.xlsx"
    report = _report(source)
    path = annotate(report, tmp_path / "reply.xlsx")
    original = python_calamine.CalamineWorkbook.from_path(str(source))
    written = python_calamine.CalamineWorkbook.from_path(str(path))
    assert ["Problems", *original.sheet_names] == written.sheet_names
    for name in original.sheet_names:
        before = original.get_sheet_by_name(name)
        after = written.get_sheet_by_name(name)
        assert before.start == after.start
        assert before.to_python() == after.to_python()
    comments = _comments(openpyxl.load_workbook(path))
    for problem in report.problems:
        assert problem.sheet is not None
        if problem.line is None:  # a sheet left unread: its first cell
            place = (problem.sheet, "A1")
        else:
            place = _expected_cell(problem, problem.sheet)
        assert problem.message in comments[place]
    assert len({(p.sheet, p.cell) for p in report.problems}) == len(comments)


def examples_template(kind: str) -> list[str]:
    """The columns of the CSV template of *kind*."""
    return next(csv.reader([csv_template(kind)]))


def test_a_json_document_comes_back_as_a_sheet_per_kind(tmp_path: Path) -> None:
    report = _report(EXAMPLES / "fez-events-broken.json")
    book = openpyxl.load_workbook(annotate(report, tmp_path / "reply.xlsx"))
    assert ["Problems", "events"] == book.sheetnames
    sheet = book["events"]
    header = [cell.value for cell in sheet[1]]
    template = examples_template("events")
    assert template == header[: len(template)]  # the template's columns first
    assert "strat" in header  # a key the record has, past the template's
    organizers = column_letters(header.index("organizers") + 1)
    assert "ma-fez-municipality:partnr" == sheet[f"{organizers}2"].value
    comments = _comments(book)
    role = next(p for p in report.problems if p.pointer.endswith("/role"))
    assert f"error [schema]: {role.message}" in comments["events", f"{organizers}2"]
    missing = next(p for p in report.problems if p.pointer == "/events/0")
    assert missing.message in comments["events", "A2"]
    fills = _fills(book)
    assert all(("events", f"{column_letters(c)}2") in fills for c in range(1, 10))
    assert 1 == sheet["A3"].row - 2  # records are rows 2, 3, … in their order
    assert (
        json.loads((EXAMPLES / "fez-events-broken.json").read_text("utf-8"))["events"][
            2
        ]["id"]
        == sheet["A4"].value
    )


def test_json_lines_come_back_a_record_per_row_as_the_reader_counts_them(
    tmp_path: Path,
) -> None:
    lines = [
        {"type": "city", "id": "ma-a", "name": "A\u2028line", "country": "MA"},
        {"type": "network", "id": "n", "name": "N"},
        {"type": "city", "id": "ma-b", "name": "B", "country": "MAR"},
    ]
    source = tmp_path / "x.jsonl"
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    source.write_text(text + "not json\n", encoding="utf-8")
    report = learningcities.validate([str(source)])
    book = openpyxl.load_workbook(annotate(report, tmp_path / "reply.xlsx"))
    assert ["Problems", "cities", "networks"] == book.sheetnames
    assert "A\u2028line" == book["cities"]["B2"].value
    comments = _comments(book)
    country = next(p for p in report.problems if p.code == "unknown-country")
    assert f"error [unknown-country]: {country.message}" == comments["cities", "C3"]


def test_the_first_sheet_counts_by_code_and_links_each_problem_to_its_cell(
    tmp_path: Path,
) -> None:
    report = _report(EXAMPLES / "submission-broken.xlsx")
    book = openpyxl.load_workbook(annotate(report, tmp_path / "reply.xlsx"))
    summary = book["Problems"]
    rows = [[cell.value for cell in row] for row in summary.iter_rows()]
    assert ["4 errors, 1 warning, 1 note in 1 file"] == [
        value for value in rows[1] if value
    ]
    header = rows.index(["Severity", "Code", "Count", None])
    listed = rows.index(["Severity", "Code", "Where", "Message"])
    counts = {row[1]: row[2] for row in rows[header + 1 : listed] if row[2]}
    assert report.counts_by_code() == counts
    for row in summary.iter_rows(min_row=header + 2, max_row=header + 1 + len(counts)):
        code = row[1]  # links to the first problem of its code in the list
        target = int(code.hyperlink.location.rpartition("!A")[2])
        assert code.value == summary.cell(target, 2).value
        assert target == 1 + listed + 1 + next(
            n for n, p in enumerate(report.problems) if p.code == code.value
        )
    links = [row[2] for row in summary.iter_rows(min_row=listed + 2)]
    assert len(report.problems) == len(links)
    comments = _comments(book)
    for problem, cell in zip(report.problems, links, strict=True):
        assert cell.hyperlink is not None
        sheet, _, coordinate = cell.hyperlink.location.partition("!")
        assert problem.message in comments[sheet.strip("'"), coordinate]


def test_the_reply_speaks_the_reports_language(tmp_path: Path) -> None:
    report = _report(EXAMPLES / "submission-broken", lang="fr")
    book = openpyxl.load_workbook(annotate(report, tmp_path / "réponse.xlsx"))
    assert "Problèmes" == book.sheetnames[0]
    assert (
        "erreur [schema] : Ligne 10 : 'country' est vide ; ce champ est obligatoire."
        == _comments(book)["cities", "C10"]
    )
    page = html(report)
    assert '<html lang="fr">' in page
    assert "<h1>Rapport de validation</h1>" in page
    assert "Non valide : 4 erreurs, 1 avertissement dans 3 fichiers" in page


@given(
    st.lists(
        st.lists(
            st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
            min_size=3,
            max_size=3,
        ),
        max_size=6,
    )
)
def test_any_text_a_csv_file_holds_comes_back_exactly(rows: list[list[str]]) -> None:
    """Whatever the cells hold (formulas, control characters, zeros in front)."""
    with _folder() as folder:
        data = io.StringIO(newline="")
        csv.writer(data).writerows([["id", "name", "country"], *rows])
        source = folder / "cities.csv"
        source.write_text(data.getvalue(), encoding="utf-8")
        report = learningcities.validate([str(source)])
        path = annotate(report, folder / "reply.xlsx")
        read = csv.reader(io.StringIO(source.read_bytes().decode(), newline=""))
        written = python_calamine.CalamineWorkbook.from_path(str(path))
        assert _texts(list(read)) == _texts(
            written.get_sheet_by_name("cities").to_python()
        )


workbook_cells = st.one_of(
    st.none(),
    st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters="\r"),
        max_size=10,
    ),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.datetimes(
        dt.datetime(1900, 3, 1),  # noqa: DTZ001 (a cell holds a local time)
        dt.datetime(2100, 1, 1),  # noqa: DTZ001
    ).map(lambda moment: moment.replace(microsecond=0)),
    st.sampled_from(["#N/A", "#DIV/0!", "#REF!"]).map(lambda error: ("error", error)),
)


@given(
    st.lists(st.lists(workbook_cells, min_size=1, max_size=4), min_size=1, max_size=5),
    st.integers(0, 2),
    st.integers(0, 2),
)
def test_any_cells_a_workbook_holds_come_back_as_read(
    rows: list[list[Any]], top: int, left: int
) -> None:
    """Numbers, dates, date-times, booleans, text, errors; at their own cells."""
    with _folder() as folder:
        source = folder / "book.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "cities"
        sheet.append(["id", "name", "country"])  # a header row, then the cells
        for number, cells in enumerate(rows, 2 + top):
            for column, value in enumerate(cells, 1 + left):
                cell = sheet.cell(number, column)
                if isinstance(value, tuple):
                    cell.value, cell.data_type = value[1], "e"
                elif isinstance(value, str):
                    cell.value, cell.data_type = workbook_text(value), "s"
                else:
                    cell.value = value
        book.save(source)
        path = annotate(learningcities.validate([str(source)]), folder / "r.xlsx")
        before = python_calamine.CalamineWorkbook.from_path(str(source))
        after = python_calamine.CalamineWorkbook.from_path(str(path))
        read = before.get_sheet_by_name("cities")
        written = after.get_sheet_by_name("cities")
        assert read.start == written.start
        assert read.to_python() == written.to_python()
        assert _errors(source) == _errors(path)


def _errors(path: Path) -> dict[str, Any]:
    """The error cells of a workbook by sheet, as the package finds them."""
    return {
        name: errors
        for name, errors in failed_cells(path).items()
        if name != "Problems"
    }


def _folder() -> Any:
    import tempfile  # noqa: PLC0415 (a folder per example, not per test)

    class _Folder:
        def __enter__(self) -> Path:
            self.inner = tempfile.TemporaryDirectory()
            return Path(self.inner.__enter__())

        def __exit__(self, *exc: object) -> None:
            self.inner.__exit__(None, None, None)

    return _Folder()


@given(
    st.sampled_from(["cities.csv", "x.json", "x.jsonl"]),
    st.binary(max_size=200),
)
def test_any_bytes_give_a_workbook_and_a_page(name: str, data: bytes) -> None:
    _replied(name, data)


@given(st.lists(st.tuples(st.integers(0, 20_000), st.binary(min_size=1, max_size=4))))
def test_a_damaged_workbook_gives_a_workbook_and_a_page(
    damage: list[tuple[int, bytes]],
) -> None:
    data = bytearray((EXAMPLES / "submission-broken.xlsx").read_bytes())
    for offset, written in damage:
        at = offset % len(data)
        data[at : at + len(written)] = written
    _replied("book.xlsx", bytes(data))


def _replied(name: str, data: bytes) -> None:
    """Validate a file of *data*, annotate it, and write its page: no exception."""
    with _folder() as folder:
        source = folder / name
        source.write_bytes(data)
        report = learningcities.validate([str(source)])
        book = openpyxl.load_workbook(annotate(report, folder / "reply.xlsx"))
        assert book.sheetnames[0] == "Problems"
        page = html(report)
        _Parsed.of(page)


# -- the page -----------------------------------------------------------------


class _Parsed(HTMLParser):
    """The tags, the addresses and the text of a page, parsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.addresses: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []

    @classmethod
    def of(cls, page: str) -> _Parsed:
        parsed = cls()
        parsed.feed(page)
        parsed.close()
        return parsed

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.addresses += [v or "" for k, v in attrs if k in ("href", "src")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_page_needs_nothing_but_itself() -> None:
    page = html(_report(EXAMPLES / "submission-broken.xlsx"))
    parsed = _Parsed.of(page)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parsed.tags)
    assert "url(" not in page
    assert "@import" not in page
    local = [a for a in parsed.addresses if a.startswith("#")]
    pages = [a for a in parsed.addresses if a.startswith("docs/problems/")]
    assert sorted(parsed.addresses) == sorted(local + pages)


def test_the_page_groups_problems_by_code_most_frequent_first() -> None:
    report = _report(EXAMPLES / "fez-events-broken.json")
    page = html(report)
    headings = re.findall(r'<section id="code-([a-z-]+)">\n<h2>\1 \((\d+)\)</h2>', page)
    assert list(report.counts_by_code().items()) == [
        (code, int(count)) for code, count in headings
    ]
    for problem in report.problems:
        assert problem.message.replace("'", "&#x27;").replace('"', "&quot;") in page


def test_the_page_shows_the_lines_around_a_problem_its_value_marked() -> None:
    page = html(_report(EXAMPLES / "fez-events-broken.json"))
    role = page.index("/events/0/organizers/0/role</code></h3>")
    shown = page[role : page.index("</pre>", role)]
    assert [9, 10, 11, 12, 13] == [
        int(n) for n in re.findall(r'<span class="ln">(\d+)</span>', shown)
    ]
    assert "&quot;role&quot;: <mark>&quot;partnr&quot;</mark>}]" in shown


def test_the_page_shows_a_sheets_header_and_row_its_cell_marked() -> None:
    page = html(_report(EXAMPLES / "submission-broken.xlsx"))
    at = page.index("submission-broken.xlsx:cities!C10")
    table = page[at : page.index("</table>", at)]
    assert "<tr><th>1</th><td>ID</td><td>Name</td><td>Country</td>" in table
    assert '<tr><th>10</th><td>ma-oujda</td><td>Oujda</td><td class="hit"></td>' in (
        table
    )


def test_the_page_escapes_and_cuts_what_it_shows_of_the_files(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>\u202e\x1b[2J"
    city = json.dumps({"id": "x", hostile: 1}, ensure_ascii=False)
    padding = " " * 100_000  # one line of 100,000 characters after the key
    text = f'{{"learningcities": "1.1", "cities": [{city[:-1]}{padding}}}]}}'
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    report = learningcities.validate([str(path)])
    page = html(report)
    assert "<script" not in page
    assert "\u202e" not in page
    assert "\x1b" not in page
    assert "&lt;script&gt;" in page
    assert "\\u202e" in page
    assert len(page) < 20_000  # a line of 100,000 characters is cut


def test_the_page_counts_the_problems_of_a_code_past_those_it_shows(
    tmp_path: Path,
) -> None:
    cities = [{"id": f"c{n}", "name": "C", "country": "ZZ"} for n in range(250)]
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"learningcities": "1.1", "cities": cities}), "utf-8")
    page = html(learningcities.validate([str(path)]))
    assert 200 == page.count('<article class="problem error">')
    assert "… and 50 more of this code, not shown here." in page


def test_the_page_of_valid_files_says_so() -> None:
    page = html(_report(EXAMPLES / "submission"))
    assert "Valid: 0 errors, 0 warnings in 3 files" in page
    assert "<p>No problem was found.</p>" in page


# -- the command line ---------------------------------------------------------


def test_validate_annotates_and_reports_as_it_does_without(tmp_path: Path) -> None:
    files = [str(EXAMPLES / "submission-broken"), "--register", REGISTER]
    out = tmp_path / "reply.xlsx"
    plain = run_cli(["validate", *files])
    assert plain == run_cli(["validate", *files, "--annotate", str(out)])
    assert 1 == plain[0]
    assert "Problems" == openpyxl.load_workbook(out).sheetnames[0]


def test_validate_writes_the_page_as_its_report() -> None:
    files = [str(EXAMPLES / "submission-broken.xlsx"), "--register", REGISTER]
    status, out, err = run_cli(["validate", *files, "--format", "html", "--lang", "fr"])
    assert (1, "") == (status, err)
    assert out == html(_report(EXAMPLES / "submission-broken.xlsx", lang="fr"))


def test_an_annotation_that_cannot_be_written_is_said(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "reply.xlsx"
    status, _, err = run_cli(
        ["validate", str(EXAMPLES / "submission"), "--annotate", str(out)]
    )
    assert (2, f"learningcities: cannot write {out}: No such file or directory\n") == (
        status,
        err,
    )


def test_an_annotation_named_as_another_format_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "reply.ods"
    status, _, err = run_cli(
        ["validate", str(EXAMPLES / "submission"), "--annotate", str(out)]
    )
    assert (
        2,
        "learningcities: the annotated workbook is an Excel workbook: name it "
        "….xlsx, not reply.ods\n",
    ) == (status, err)
    assert not out.exists()


@pytest.mark.parametrize("missing", ["openpyxl"])
def test_annotating_without_openpyxl_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    import importlib  # noqa: PLC0415 (patched for this test alone)

    real = importlib.import_module

    def without(name: str, package: str | None = None) -> Any:
        if name.partition(".")[0] == missing:
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without)
    status, _, err = run_cli(
        [
            "validate",
            str(EXAMPLES / "submission"),
            "--annotate",
            str(tmp_path / "r.xlsx"),
        ]
    )
    assert (
        2,
        "learningcities: Writing a workbook needs openpyxl: pip install "
        "'learningcities[excel]'\n",
    ) == (status, err)


def test_the_reply_loop_of_the_docs_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command of docs/reply.md (and the README) writes both replies."""
    root = EXAMPLES.parent
    for page in (root / "docs" / "reply.md", root / "README.md"):
        text = page.read_text(encoding="utf-8")
        (command,) = re.findall(
            r"^(?:\$ )?(learningcities validate [^[\n]*--annotate.*)$",
            text,
            re.MULTILINE,
        )
        argv, _, page_path = command.removeprefix("learningcities ").partition(" > ")
        monkeypatch.chdir(root)
        arguments = argv.split()
        arguments[arguments.index("--annotate") + 1] = str(tmp_path / "reply.xlsx")
        status, out, err = run_cli(arguments)
        assert (1, "", "report.html") == (status, err, page_path)
        report = _report("examples/submission-broken.xlsx")
        assert html(report) == out
        assert (
            "Problems" == openpyxl.load_workbook(tmp_path / "reply.xlsx").sheetnames[0]
        )


class _Counted(list[list[str]]):
    """A table's rows that count how often they are gone through."""

    passes = 0

    def __iter__(self) -> Any:
        _Counted.passes += 1
        return super().__iter__()


def test_the_rows_of_a_file_are_gone_through_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not once per problem: a page of many problems costs one read of the rows."""
    path = tmp_path / "cities.csv"
    rows = "".join(f"ma-c{n},C{n},ZZ\r\n" for n in range(300))
    path.write_text("id,name,country\r\n" + rows, encoding="utf-8")
    report = learningcities.validate([str(path)])
    assert 300 == len(report.problems)
    monkeypatch.setattr(
        places_module, "csv_rows", lambda file: _Counted(csv_rows(file))
    )
    html(report)
    annotate(report, tmp_path / "reply.xlsx")
    assert _Counted.passes <= 6


@pytest.mark.parametrize("name", ["submission-broken", "submission-broken.xlsx"])
def test_the_annotated_workbook_reads_as_the_submission_it_annotates(
    tmp_path: Path, name: str
) -> None:
    """Corrected in place and sent again, it is checked as the partner's files were."""
    report = _report(EXAMPLES / name)
    again = _report(annotate(report, tmp_path / "reply.xlsx"))
    assert ("sheet-ignored", "Problems") == (
        again.problems[0].code,
        again.problems[0].sheet,
    )

    def placed(problems: Any) -> list[tuple[str, str, str, str, str]]:
        return [
            (
                p.code,
                p.pointer,
                p.message,
                p.sheet or Path(p.file).stem,
                p.cell or f"{column_letters(p.column or 1)}{p.line}",
            )
            for p in problems
            if p.code != "sheet-ignored"
        ]

    assert placed(report.problems) == placed(again.problems)
