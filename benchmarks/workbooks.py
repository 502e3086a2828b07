"""Time validating a workbook next to reading it, and the same rows as CSV and JSON.

Writes, into a folder, 100,000 events (and the 1,000 cities they name) as
a workbook (``book.xlsx``, a sheet per kind, written by openpyxl), as CSV
files (``csv/events.csv``, ``csv/cities.csv``) and as a dataset document
(``dataset.json``). Each contender runs in a process of its own, the
contenders alternating, several rounds; the script prints the median wall
time, records per second, peak memory and the ratio to python-calamine's
bare read of the workbook:

- ``calamine read``: every row of every sheet read, nothing else (the floor);
- ``learningcities (xlsx)``: ``learningcities validate book.xlsx``;
- ``learningcities (csv)``: ``learningcities validate csv/`` (the two files,
  one submission);
- ``learningcities (json)``: ``learningcities validate dataset.json``;
- ``frictionless (xlsx)``, ``frictionless (csv)``: ``frictionless validate``
  of the workbook and of ``csv/events.csv``, if frictionless is installed.

Run: python benchmarks/workbooks.py --out /tmp/lc-books [--rows 100000]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import multiprocessing
import os
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

import openpyxl
from validate import Command, _importable, measure

CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    for row in book.get_sheet_by_name(name).iter_rows():
        pass
"""
CITIES = 1_000
EVENT_COLUMNS = ("id", "name", "kind", "start", "end", "timezone", "city", "sdgs")


def rows(count: int) -> dict[str, list[list[Any]]]:
    """The cities and *count* events, as rows of cells a spreadsheet holds."""
    cities = [["id", "name", "country"]] + [
        [f"city-{i}", f"City {i}", "MA"] for i in range(CITIES)
    ]
    events: list[list[Any]] = [list(EVENT_COLUMNS)]
    for i in range(count):
        start = dt.date(2015, 1, 1) + dt.timedelta(days=i % 3600)
        events.append(
            [
                f"event-{i}",
                f"Learning festival {i}",
                "festival",
                start,
                start + dt.timedelta(days=i % 3),
                "Africa/Casablanca",
                f"city-{i % CITIES}",
                "4;11.3",
            ]
        )
    return {"cities": cities, "events": events}


def write(folder: Path, count: int) -> None:
    """Write the workbook, the CSV files and the dataset document."""
    sheets = rows(count)
    book = openpyxl.Workbook(write_only=True)
    for name, sheet_rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in sheet_rows:
            sheet.append(row)
    book.save(folder / "book.xlsx")
    (folder / "csv").mkdir(exist_ok=True)
    for name, sheet_rows in sheets.items():
        path = folder / "csv" / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerows([[_text(cell) for cell in row] for row in sheet_rows])
    document: dict[str, Any] = {"learningcities": "1.1"}
    for name, sheet_rows in sheets.items():
        header, *body = sheet_rows
        document[name] = [_record(header, row) for row in body]
    (folder / "dataset.json").write_text(json.dumps(document), "utf-8")


def _text(cell: Any) -> str:
    return cell.isoformat() if isinstance(cell, dt.date) else str(cell)


def _record(header: list[str], row: list[Any]) -> dict[str, Any]:
    record: dict[str, Any] = {
        key: _text(cell) for key, cell in zip(header, row, strict=True)
    }
    if "sdgs" in record:
        record["sdgs"] = record["sdgs"].split(";")
    return record


def contenders(folder: Path) -> dict[str, Command]:
    """The command of each contender that can run here."""
    python = sys.executable
    validate = [python, "-m", "learningcities", "validate", "--format", "json"]
    found: dict[str, Command] = {
        "calamine read": ([python, "-c", CALAMINE, str(folder / "book.xlsx")], {}),
        "learningcities (xlsx)": ([*validate, str(folder / "book.xlsx")], {}),
        "learningcities (csv)": ([*validate, str(folder / "csv")], {}),
        "learningcities (json)": ([*validate, str(folder / "dataset.json")], {}),
    }
    tool = shutil.which("frictionless", path=str(Path(python).parent))
    if tool is not None and _importable(python, "frictionless"):
        # --trusted: frictionless refuses absolute paths otherwise, and
        # reads only the first sheet of a workbook unless told which.
        check = [tool, "validate", "--json", "--trusted"]
        book = [*check, "--sheet", "events", str(folder / "book.xlsx")]
        found["frictionless (xlsx)"] = (book, {})
        found["frictionless (csv)"] = ([*check, str(folder / "csv" / "events.csv")], {})
    return found


def main() -> None:
    """Write the files, then print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    # Written by a process of its own: a contender's peak memory counts the
    # memory of the process it is forked from.
    writer = multiprocessing.get_context("spawn").Process(
        target=write, args=(args.out, args.rows)
    )
    writer.start()
    writer.join()
    commands = contenders(args.out)
    times, memory = measure(commands, args.rounds)
    records = args.rows + CITIES
    size = (args.out / "book.xlsx").stat().st_size / 1e6
    print(
        f"{args.rows:,} events and {CITIES:,} cities ({size:.1f} MB as .xlsx); "
        f"median of {args.rounds} runs, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}"
    )
    floor = statistics.median(times["calamine read"])
    print(
        f"{'contender':<24}{'wall':>10}{'records/s':>14}{'peak MB':>10}{'x read':>10}"
    )
    for name in commands:
        wall = statistics.median(times[name])
        print(
            f"{name:<24}{wall:>9.2f}s{records / wall:>14,.0f}"
            f"{max(memory[name]):>10,.0f}{wall / floor:>9.1f}x"
        )


if __name__ == "__main__":
    main()
