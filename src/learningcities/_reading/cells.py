"""The cells of a workbook that hold an error (``#N/A``, ``#DIV/0!``).

python-calamine, which reads workbooks, gives an error cell of an Excel
workbook as an empty cell and one of an OpenDocument spreadsheet as the
number 0 it caches: a ``#N/A`` in a name would pass as ``"0"``, and in a
required field be said to be empty. This module finds those cells in the
workbook's XML, so that each is a problem at its cell.

An Excel 97-2003 workbook (``.xls``, a binary format) is read for its
error cells with xlrd, in the ``[excel]`` extra; without it they are
read as empty, as the reader gives them.

It costs one search of each sheet's XML for the mark of an error cell
(``t="e"``; ``calcext:value-type="error"``), read in pieces as the
archive inflates it; only a sheet that holds one is parsed, element by
element, with the elements dropped as they are read.

The XML is parsed with the standard library's parser: expat 2.4.1 and
later (Python 3.11 ships 2.5) refuse the entity expansions that make
"billion laughs" and quadratic blow-up attacks, and ElementTree never
fetches an external entity, so a hostile workbook costs no more than its
size.
"""

from __future__ import annotations

import importlib
import io
import os
import posixpath
import zipfile
import zlib
from typing import IO, TYPE_CHECKING, Final
from xml.etree import ElementTree as ET

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Failed", "failed_cells"]

#: The error cells of one sheet: by row, by column (both from 1), its text.
Failed = dict[int, dict[int, str]]

#: What reading a damaged, encrypted or unusual archive raises.
_DAMAGED: Final = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ET.ParseError,
    OSError,
    ValueError,
    KeyError,  # a member the archive lacks
    EOFError,
    NotImplementedError,  # a zip version or compression it does not know
    RuntimeError,  # an encrypted member
    zlib.error,
)
_CHUNK: Final = 1 << 20
_EXCEL_MARKS: Final = (b' t="e"', b" t='e'")
_OPENDOCUMENT_MARKS: Final = (b'value-type="error"', b"value-type='error'")
_CALCEXT: Final = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_TABLE: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def failed_cells(path: str | os.PathLike[str]) -> dict[str, Failed]:
    """The error cells of the workbook at *path*, by the name of their sheet.

    Empty for a workbook without one, and for a file this cannot read as an
    Excel or OpenDocument workbook, which the reader then judges (and for
    a ``.xls`` file without xlrd).
    """
    if _starts_with(path, _OLE2):
        return _excel_97(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "content.xml" in names:
                return _opendocument(archive)
            if "xl/workbook.xml" in names:
                return _excel(archive)
    except _DAMAGED:
        pass  # the reader says what is wrong with the file
    return {}


#: The first bytes of a compound document, which a ``.xls`` workbook is.
_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _starts_with(path: str | os.PathLike[str], mark: bytes) -> bool:
    try:
        with open(path, "rb") as stream:  # noqa: PTH123 (a path or a name)
            return stream.read(len(mark)) == mark
    except OSError:
        return False  # the reader says why it cannot be read


def _excel_97(path: str | os.PathLike[str]) -> dict[str, Failed]:
    """The error cells of a ``.xls`` workbook, read with xlrd if installed.

    A cell that holds an error, or a formula whose cached result is one,
    has the type ``XL_CELL_ERROR`` and the error's code as its value.
    """
    try:
        xlrd = importlib.import_module("xlrd")
    except ImportError:
        return {}  # read as the reader gives them: empty
    found: dict[str, Failed] = {}
    try:
        book = xlrd.open_workbook(
            os.fspath(path), on_demand=True, logfile=io.StringIO()
        )
        for name in book.sheet_names():
            sheet = book.sheet_by_name(name)
            for row in range(sheet.nrows):
                for column, kind in enumerate(sheet.row_types(row)):
                    if kind == xlrd.XL_CELL_ERROR:
                        code = sheet.cell_value(row, column)
                        text = xlrd.error_text_from_code.get(code, "#N/A")
                        found.setdefault(name, {}).setdefault(row + 1, {})
                        found[name][row + 1][column + 1] = text
            book.unload_sheet(name)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 (a damaged file: xlrd raises many kinds)
        return {}  # the reader says what is wrong with the file
    return found


def _local(tag: str) -> str:
    """The local name of an XML name: ``c`` for ``{namespace}c``."""
    return tag.rpartition("}")[2]


def _mentions(archive: zipfile.ZipFile, member: str, marks: Iterable[bytes]) -> bool:
    """Whether *member* holds one of *marks*, read in pieces, never whole."""
    marks = tuple(marks)
    overlap = max(map(len, marks)) - 1
    tail = b""
    with archive.open(member) as stream:
        while piece := stream.read(_CHUNK):
            text = tail + piece
            if any(mark in text for mark in marks):
                return True
            tail = text[-overlap:]
    return False


def _excel(archive: zipfile.ZipFile) -> dict[str, Failed]:
    found: dict[str, Failed] = {}
    for name, member in _excel_sheets(archive).items():
        if member in archive.namelist() and _mentions(archive, member, _EXCEL_MARKS):
            with archive.open(member) as stream:
                cells = _excel_errors(stream)
            if cells:
                found[name] = cells
    return found


def _excel_sheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """The member of the archive that holds each sheet, by the sheet's name."""
    book = ET.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
    relations = ET.fromstring(  # noqa: S314 (see the module's text)
        archive.read("xl/_rels/workbook.xml.rels")
    )
    targets = {
        relation.get("Id"): relation.get("Target", "")
        for relation in relations
        if _local(relation.tag) == "Relationship"
    }
    sheets = {}
    for sheet in book.iter():
        if _local(sheet.tag) != "sheet":
            continue
        relation = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), "")
        target = targets.get(relation)
        if target:
            where = target[1:] if target.startswith("/") else f"xl/{target}"
            sheets[sheet.get("name", "")] = posixpath.normpath(where)
    return sheets


def _excel_errors(stream: IO[bytes]) -> Failed:
    """The error cells of a sheet's XML (``<c r="B2" t="e"><v>#N/A</v></c>``)."""
    found: Failed = {}
    row = column = 0
    for event, element in ET.iterparse(stream, ("start", "end")):  # noqa: S314
        tag = _local(element.tag)
        if event == "start":
            if tag == "row":
                row = _number(element.get("r"), row + 1)
                column = 0
            elif tag == "c":
                reference = element.get("r")
                if reference:
                    letters = reference.rstrip("0123456789")
                    column = _column_number(letters)
                    row = _number(reference[len(letters) :], row)
                else:
                    column += 1
        elif tag == "c":
            if element.get("t") == "e":
                value = next((c.text for c in element if _local(c.tag) == "v"), None)
                found.setdefault(row, {})[column] = value or "#N/A"
            element.clear()
        elif tag == "row":
            element.clear()
    return found


def _number(text: str | None, otherwise: int) -> int:
    return int(text) if text and text.isdigit() else otherwise


def _column_number(letters: str) -> int:
    """The number of a column from its letters (``A`` is 1, ``AA`` is 27)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _opendocument(archive: zipfile.ZipFile) -> dict[str, Failed]:
    """The error cells of an OpenDocument spreadsheet; repeated rows and cells count."""
    if not _mentions(archive, "content.xml", _OPENDOCUMENT_MARKS):
        return {}
    found: dict[str, Failed] = {}
    table = ""
    row = column = 0
    with archive.open("content.xml") as stream:
        for event, element in ET.iterparse(stream, ("start", "end")):  # noqa: S314
            tag = _local(element.tag)
            if event == "start":
                if tag == "table":
                    table = element.get(f"{{{_TABLE}}}name", "")
                    row = 0
                elif tag == "table-row":
                    column = 0
                continue
            if tag in {"table-cell", "covered-table-cell"}:
                column += 1
                if element.get(f"{{{_CALCEXT}}}value-type") == "error":
                    text = "".join(element.itertext()).strip() or "#N/A"
                    found.setdefault(table, {}).setdefault(row + 1, {})[column] = text
                repeated = element.get(f"{{{_TABLE}}}number-columns-repeated")
                column += _number(repeated, 1) - 1
                element.clear()
            elif tag == "table-row":
                row += _number(element.get(f"{{{_TABLE}}}number-rows-repeated"), 1)
                element.clear()
    return found
