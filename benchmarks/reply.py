"""Time the reply to a partner next to the check it answers.

Writes, into a folder, submissions of cities as CSV files of several
sizes, one row in a hundred with an unknown country code, and times in
processes of their own, alternating, several rounds:

- ``validate``: ``learningcities validate cities.csv`` (the baseline);
- ``--format html``: the same, the report written as a page;
- ``--annotate``: the same, the submission written back as an annotated
  workbook too.

It prints the median wall time, the peak memory, and each ratio to the
baseline of the same size.

Run: python benchmarks/reply.py --out /tmp/lc-reply [--rows 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from validate import Command, measure


def submission(path: Path, rows: int) -> None:
    """Write *rows* cities, one in a hundred with an unknown country code."""
    lines = ["id,name,country,names.fr,aliases\r\n"]
    for number in range(rows):
        country = "ZZ" if number % 100 == 7 else "MA"
        lines.append(
            f"ma-c{number},City {number},{country},Ville {number},C{number}\r\n"
        )
    path.write_text("".join(lines), encoding="utf-8")


def contenders(path: Path, out: Path) -> dict[str, Command]:
    """The commands to time on *path*."""
    validate = [sys.executable, "-m", "learningcities", "validate", str(path)]
    return {
        "validate": (validate, {}),
        "--format html": ([*validate, "--format", "html"], {}),
        "--annotate": ([*validate, "--annotate", str(out)], {}),
    }


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="a folder for files")
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"median of {args.rounds} runs, Python {sys.version.split()[0]}")
    print(f"{'rows':>8}  {'contender':<15}{'wall':>9}{'x':>7}{'peak MB':>9}{'x':>7}")
    for rows in args.rows:
        folder = args.out / str(rows)
        folder.mkdir(exist_ok=True)
        path = folder / "cities.csv"
        submission(path, rows)
        times, memory = measure(contenders(path, folder / "reply.xlsx"), args.rounds)
        wall = {name: statistics.median(runs) for name, runs in times.items()}
        peak = {name: statistics.median(runs) for name, runs in memory.items()}
        for name in times:
            print(
                f"{rows:>8,}  {name:<15}{wall[name]:>8.2f}s"
                f"{wall[name] / wall['validate']:>6.1f}x"
                f"{peak[name]:>9,.0f}{peak[name] / peak['validate']:>6.1f}x"
            )


if __name__ == "__main__":
    main()
