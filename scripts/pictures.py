"""Make the pictures of the reply in the docs, from the examples' broken submission.

    .venv/bin/python scripts/pictures.py

Writes, under ``docs/pictures/``:

- ``report.png``: the HTML report (``validate --format html``) as headless
  Chromium renders it, the top of the page;
- ``annotated-problems.png`` and ``annotated-cities.png``: the annotated
  workbook (``validate --annotate``), its first sheet and its ``cities``
  sheet, as LibreOffice prints them (one page per sheet).

Needs the test extras (Playwright), Debian's ``chromium``, and for the
workbook ``libreoffice-calc-nogui`` and ``poppler-utils`` (pdftoppm).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

import learningcities
from learningcities.reply import annotate, html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the browser as the tests start it
from tests.browser import chromium  # noqa: E402

PICTURES = ROOT / "docs" / "pictures"
SUBMISSION = "examples/submission-broken.xlsx"
REGISTER = "examples/register.json"


def page_picture(report: learningcities.Report, folder: Path) -> Path:
    """The top of the report page, as Chromium renders it."""
    page_path = folder / "report.html"
    page_path.write_text(html(report), encoding="utf-8")
    picture = PICTURES / "report.png"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 960, "height": 1000})
        page.goto(page_path.as_uri())
        page.screenshot(path=str(picture))
    return picture


def workbook_pictures(report: learningcities.Report, folder: Path) -> list[Path]:
    """The annotated workbook's first sheet and its cities sheet, as printed."""
    book_path = annotate(report, folder / "reply.xlsx")
    book = openpyxl.load_workbook(book_path)
    cities = book.sheetnames.index("cities")
    options = '{"SinglePageSheets":{"type":"boolean","value":"true"}}'
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            f"pdf:calc_pdf_Export:{options}",
            "--outdir",
            str(folder),
            str(book_path),
        ],
        check=True,
        capture_output=True,
    )
    pictures = []
    for number, name in ((1, "annotated-problems"), (cities + 1, "annotated-cities")):
        prefix = folder / name
        pages = ["-f", str(number), "-l", str(number)]
        pdf = folder / "reply.pdf"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-singlefile",
                *pages,
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        picture = PICTURES / f"{name}.png"
        shutil.copyfile(f"{prefix}.png", picture)
        pictures.append(picture)
    return pictures


def main() -> None:
    """Write the pictures, and say what each weighs."""
    os.chdir(ROOT)  # the files as the report names them: examples/…
    PICTURES.mkdir(parents=True, exist_ok=True)
    report = learningcities.validate([SUBMISSION], register=REGISTER)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for picture in [
            page_picture(report, folder),
            *workbook_pictures(report, folder),
        ]:
            print(f"{picture.relative_to(ROOT)}: {picture.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
