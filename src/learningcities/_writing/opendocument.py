"""OpenDocument spreadsheets (``.ods``), written with the standard library alone.

An ODF package is a zip archive whose first member, ``mimetype``, is
stored uncompressed, with ``META-INF/manifest.xml`` listing the others and
``content.xml`` holding the tables (OpenDocument 1.2, part 3, and part 1,
section 9 for tables). This writer covers what a template needs: text
cells, a bold header row, column widths, columns formatted as text, drop-
down lists (content validations) over a range of rows, and hidden tables.

The bytes depend only on the tables: every member has the same fixed date,
so that writing the same tables twice gives the same file.
"""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING, Final
from xml.sax.saxutils import escape, quoteattr

import attrs

if TYPE_CHECKING:
    import os
    from collections.abc import Iterator, Sequence

__all__ = ["Column", "Table", "write_ods"]

_MIMETYPE: Final = "application/vnd.oasis.opendocument.spreadsheet"
#: The date of every member of the archive: the earliest a zip file holds.
_DATE: Final = (1980, 1, 1, 0, 0, 0)
_NAMESPACES: Final = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"'
)
_MANIFEST: Final = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
    'manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    f'manifest:media-type="{_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" '
    'manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
#: The styles every document has: text cells, a bold header, a hidden table.
_STYLES: Final = (
    '<number:text-style style:name="N-text"><number:text-content/>'
    "</number:text-style>"
    '<style:style style:name="ce-text" style:family="table-cell" '
    'style:parent-style-name="Default" style:data-style-name="N-text"/>'
    '<style:style style:name="ce-head" style:family="table-cell" '
    'style:parent-style-name="Default">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    '<style:style style:name="ta-shown" style:family="table">'
    '<style:table-properties table:display="true"/></style:style>'
    '<style:style style:name="ta-hidden" style:family="table">'
    '<style:table-properties table:display="false"/></style:style>'
)
#: Characters XML 1.0 cannot hold, even escaped.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: What a paragraph of ODF text collapses: runs of spaces, a leading space, tabs.
_SPACES: Final = re.compile(r"^ +| {2,}|\t")


@attrs.frozen
class Column:
    """How one column of a table looks and what its cells take.

    Attributes:
        width: The width in centimetres.
        text: Whether its cells are formatted as text, so that a
            spreadsheet program keeps ``0012`` and ``2024-03`` as written.
        choices: The cells its drop-down list takes its values from, as an
            ODF range (``$Lists.$A$2:.$A$5``), or None for no list.
    """

    width: float = 2.5
    text: bool = False
    choices: str | None = None


@attrs.frozen
class Table:
    """One table (a sheet) of a spreadsheet document.

    Attributes:
        name: The table's name, as its tab shows it.
        rows: The cells, row by row, all text; the first row is the header
            when *header* is set.
        columns: How each column looks, from the first; the columns past
            these get the defaults.
        header: Whether the first row is bold, as a header.
        hidden: Whether the table is hidden (a table of lists).
        formatted: How many rows, from the second, take the columns' drop-
            down lists: empty rows to be filled in get them too.
    """

    name: str
    rows: Sequence[Sequence[str]]
    columns: Sequence[Column] = ()
    header: bool = False
    hidden: bool = False
    formatted: int = 0


def write_ods(path: str | os.PathLike[str], tables: Sequence[Table]) -> None:
    """Write *tables* as an OpenDocument spreadsheet at *path*.

    Raises:
        ValueError: a cell holds a character XML cannot hold (a control
            character other than tab, line feed and carriage return).
        OSError: the file cannot be written.
    """
    bad = next((text for text in _texts(tables) if _NOT_XML.search(text)), None)
    if bad is not None:
        raise ValueError(f"a cell holds a character XML cannot hold: {bad!r}")
    content = "".join(_content(tables))
    with zipfile.ZipFile(path, "w") as archive:
        _add(archive, "mimetype", _MIMETYPE, zipfile.ZIP_STORED)
        _add(archive, "META-INF/manifest.xml", _MANIFEST, zipfile.ZIP_DEFLATED)
        _add(archive, "content.xml", content, zipfile.ZIP_DEFLATED)


def _texts(tables: Sequence[Table]) -> Iterator[str]:
    """Every text the document holds: the tables' names and their cells."""
    yield from (table.name for table in tables)
    yield from (cell for table in tables for row in table.rows for cell in row)


def _add(archive: zipfile.ZipFile, name: str, text: str, how: int) -> None:
    member = zipfile.ZipInfo(name, _DATE)
    member.compress_type = how
    archive.writestr(member, text.encode("utf-8"))


def _content(tables: Sequence[Table]) -> Iterator[str]:
    """The text of ``content.xml``, piece by piece."""
    validations = _validations(tables)
    widths = sorted({column.width for table in tables for column in table.columns})
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<office:document-content {_NAMESPACES} office:version="1.2">'
    yield "<office:automatic-styles>"
    yield _STYLES
    for number, width in enumerate(widths):
        yield (
            f'<style:style style:name="co-{number}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{width:g}cm"/>'
            "</style:style>"
        )
    yield "</office:automatic-styles><office:body><office:spreadsheet>"
    if validations:
        yield "<table:content-validations>"
        for choices, name in validations.items():
            condition = f"of:cell-content-is-in-list([{choices}])"
            yield (
                f'<table:content-validation table:name="{name}" '
                f"table:condition={quoteattr(condition)} "
                'table:allow-empty-cell="true" table:display-list="unsorted"/>'
            )
        yield "</table:content-validations>"
    for table in tables:
        yield from _table(
            table, {w: f"co-{n}" for n, w in enumerate(widths)}, validations
        )
    yield "</office:spreadsheet></office:body></office:document-content>"


def _validations(tables: Sequence[Table]) -> dict[str, str]:
    """The name of each drop-down list's validation, by the range it takes."""
    ranges = [c.choices for table in tables for c in table.columns if c.choices]
    return {choices: f"list-{n}" for n, choices in enumerate(dict.fromkeys(ranges))}


def _table(
    table: Table, widths: dict[float, str], validations: dict[str, str]
) -> Iterator[str]:
    """One table: its columns, its rows, the empty rows that take its lists."""
    style = "ta-hidden" if table.hidden else "ta-shown"
    name = quoteattr(table.name)
    yield f'<table:table table:name={name} table:style-name="{style}">'
    for column in table.columns:
        cell_style = ' table:default-cell-style-name="ce-text"' if column.text else ""
        yield (
            f'<table:table-column table:style-name="{widths[column.width]}"'
            f"{cell_style}/>"
        )
    if not table.columns:
        yield "<table:table-column/>"
    for number, row in enumerate(table.rows):
        head = table.header and number == 0
        yield "<table:table-row>"
        for index, value in enumerate(row):
            yield _cell(value, table, index, validations, head=head)
        yield "</table:table-row>"
    below = table.formatted - (len(table.rows) - int(table.header))
    if below > 0 and any(column.choices for column in table.columns):
        yield f'<table:table-row table:number-rows-repeated="{below}">'
        for index in range(len(table.columns)):
            yield _cell("", table, index, validations, head=False)
        yield "</table:table-row>"
    yield "</table:table>"


def _cell(
    value: str,
    table: Table,
    index: int,
    validations: dict[str, str],
    *,
    head: bool,
) -> str:
    """One cell: its style and list, if any, and its text as paragraphs."""
    column = table.columns[index] if index < len(table.columns) else Column()
    attributes = ""
    if head:
        attributes += ' table:style-name="ce-head"'
    elif column.text:
        attributes += ' table:style-name="ce-text"'
    if column.choices and not head:
        attributes += f' table:content-validation-name="{validations[column.choices]}"'
    if not value:
        return f"<table:table-cell{attributes}/>"
    paragraphs = "".join(
        f"<text:p>{_spaced(line)}</text:p>" for line in value.split("\n")
    )
    return (
        f'<table:table-cell office:value-type="string"{attributes}>'
        f"{paragraphs}</table:table-cell>"
    )


def _spaced(line: str) -> str:
    """*line* as ODF text: the spaces a paragraph would collapse kept as ``text:s``."""

    def kept(match: re.Match[str]) -> str:
        run = match.group()
        if run == "\t":
            return "<text:tab/>"
        if match.start() == 0:
            return f'<text:s text:c="{len(run)}"/>'
        return f' <text:s text:c="{len(run) - 1}"/>'

    parts = []
    at = 0
    for match in _SPACES.finditer(line):
        parts += [_escaped(line[at : match.start()]), kept(match)]
        at = match.end()
    parts.append(_escaped(line[at:]))
    return "".join(parts)


def _escaped(text: str) -> str:
    """*text* as XML character data; a carriage return kept, not read as a newline."""
    return escape(text, {"\r": "&#13;"})
