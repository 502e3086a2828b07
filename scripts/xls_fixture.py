"""Write tests/data/book.xls and errors.xls: workbooks in the Excel 97-2003 format.

No maintained library writes that format any more, and partners still
send it, so the test data is a file written once by xlwt (the last
release, 1.3.0) and kept in the repository; the tests read it with
python-calamine, as the package does. Run again only to change it:

    pip install xlwt==1.3.0
    python scripts/xls_fixture.py

errors.xls holds error cells (``#N/A``, ``#DIV/0!``, ``#REF!``), which the
package finds with xlrd.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import xlwt  # type: ignore[import-not-found]

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
TARGET = DATA / "book.xls"
#: A sheet of cities whose cells hold errors: where, and which, by their
#: BIFF codes (xlwt's names are wrong for some: "#N/A!" for #N/A).
ERRORS = {(1, 1): 0x2A, (1, 3): 0x07, (2, 2): 0x17}  # #N/A, #DIV/0!, #REF!
ROWS = [
    ["id", "name", "country", "population.count"],
    ["ma-azrou", "Azrou", "MA", 55000],
    ["ma-rabat", "Rabat", "Maroc", "632 079"],
]
MEMBERSHIPS = [
    ["id", "city", "network", "joined", "cohort"],
    ["m-azrou", "ma-azrou", "unesco-gnlc", dt.date(2015, 9, 21), 2015],
]


CITIES = [["ma-fez", "Fès", "MA", "city"], ["ma-azrou", "Azrou", "MA", "city"]]


def main() -> int:
    """Write the workbook: a "Read me" sheet, then cities and memberships."""
    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("Read me").write(0, 0, "Fill in one sheet per kind.")
    day = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in (("Cities", ROWS), ("memberships", MEMBERSHIPS)):
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, day)
                else:
                    sheet.write(r, c, value)
    book.save(str(TARGET))
    print(TARGET)
    errors = xlwt.Workbook(encoding="utf-8")
    sheet = errors.add_sheet("cities")
    for r, row in enumerate([["id", "name", "country", "kind"], *CITIES]):
        for c, value in enumerate(row):
            if (r, c) in ERRORS:
                sheet.row(r).set_cell_error(c, ERRORS[r, c])
            else:
                sheet.write(r, c, value)
    errors.save(str(DATA / "errors.xls"))
    print(DATA / "errors.xls")
    return 0


if __name__ == "__main__":
    sys.exit(main())
