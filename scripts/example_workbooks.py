"""Write examples/submission.xlsx and examples/submission-broken.xlsx.

Each workbook holds the records of the CSV folder of the same name, as a
partner's spreadsheet holds them: a sheet per kind after a "Read me"
sheet, dates typed as date cells, cohorts typed as numbers, the rest as
text. The tests hold each workbook to its folder (the same dataset, the
same problems at the same rows and columns), so run this after changing
a folder:

    pip install openpyxl
    python scripts/example_workbooks.py
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import openpyxl

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
#: The cells a spreadsheet program turns into a date, or a number, as typed.
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATES = {"joined", "left", "published", "accessed"}
_NUMBERS = {"cohort"}


def _cell(column: str, text: str) -> Any:
    """What a spreadsheet holds once *text* is typed into *column*."""
    if column.lower() in _DATES and _DAY.fullmatch(text):
        return dt.date.fromisoformat(text)
    if column.lower() in _NUMBERS and text.isdigit():
        return int(text)
    return text or None


def write(folder: Path, target: Path) -> None:
    """Write the CSV files of *folder* as the sheets of the workbook *target*."""
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active.append(["Our learning cities, for the register."])
    for path in sorted(folder.glob("*.csv")):
        sheet = book.create_sheet(path.stem)
        text = path.read_text(encoding="utf-8-sig")
        first = text.partition("\n")[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header, *rows = csv.reader(text.splitlines(), delimiter=delimiter)
        sheet.append(header)
        for row in rows:
            cells = zip(header, row, strict=True)
            sheet.append([_cell(column, text) for column, text in cells])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
    when = dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc)
    book.properties.created = book.properties.modified = when
    book.save(target)


def main() -> int:
    """Write both workbooks."""
    for name in ("submission", "submission-broken"):
        write(EXAMPLES / name, EXAMPLES / f"{name}.xlsx")
        print(EXAMPLES / f"{name}.xlsx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
