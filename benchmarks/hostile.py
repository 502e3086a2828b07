"""Hostile files: the cost of placing many problems, and memory on large values.

Three tables, each contender in a process of its own:

- **placing**: one city with N unknown keys, so N problems in one record,
  validated without and with the accelerator; the time per problem (the
  whole run's wall time over N, start-up included) must stay flat as N
  grows;
- **memory**: documents whose size is all in one extension value (an array
  of ten million numbers, an object of a million keys) or in a record with
  a million unknown keys; ``learningcities validate``'s peak resident
  memory next to that of ``json.load`` of the same file, and their ratio;
- **per problem**: documents of 200,000 problems of one kind each (unknown
  keys, numbers where text is expected, ``NaN``, control characters,
  duplicate ids, records missing fields); the peak next to ``json.load``'s,
  and what the run takes beyond ``json.load``, per problem. The report
  holds every problem, so this is what a problem costs.

Run: python benchmarks/hostile.py --out /tmp/lc-hostile [--sizes 1000 100000]
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from validate import Command, run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.many_problems import KINDS, of_one_kind, unknown_keys

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

#: The two installs: the accelerator turned off (as installed by default), and on.
MODES = {"default": {"LEARNINGCITIES_NO_ACCELERATOR": "1"}, "[fast]": {}}
JSON_LOAD = "import json, sys; json.load(open(sys.argv[1], 'rb'))"


def large_values() -> dict[str, Callable[[], Iterator[str]]]:
    """The documents whose size is in one value, by name, each made in pieces."""

    def numbers() -> Iterator[str]:
        yield '{"learningcities": "1.1", "x-arr": [1'
        yield from itertools.repeat(",1", 10_000_000 - 1)
        yield "]}"

    def members() -> Iterator[str]:
        yield '{"learningcities": "1.1", "x-obj": {"k0": 0'
        yield from (f', "k{number}": {number}' for number in range(1, 1_000_000))
        yield "}}"

    return {
        "array of 10 million numbers": numbers,
        "object of 1 million keys": members,
        "1 million unknown keys": lambda: iter([unknown_keys(1_000_000)]),
    }


#: How many problems each document of the per-problem table holds.
PROBLEMS = 200_000


def write(path: Path, pieces: Iterable[str]) -> None:
    """Write the text of *pieces* to *path* without holding it whole.

    The commands measured are started from this process: were it large,
    their peak memory would start from its size.
    """
    with path.open("w", encoding="utf-8") as stream:
        stream.writelines(pieces)


def validate(path: Path, mode: str) -> Command:
    """The command that validates *path* in *mode*."""
    arguments = [sys.executable, "-m", "learningcities", "validate", str(path)]
    return [*arguments, "--format", "json"], MODES[mode]


def placing(folder: Path, sizes: list[int]) -> None:
    """Print the time per problem for each size and mode."""
    print(f"{'problems':>10}{'mode':>10}{'wall':>10}{'per problem':>14}")
    for size in sizes:
        path = folder / f"unknown-{size}.json"
        write(path, [unknown_keys(size)])
        for mode in MODES:
            seconds, _ = run(validate(path, mode))
            print(
                f"{size:>10,}{mode:>10}{seconds:>9.2f}s{seconds / size * 1e6:>12.1f}µs"
            )


def memory(folder: Path) -> None:
    """Print the peak memory of validating each large value next to json.load."""
    print(
        f"{'file':<30}{'MB':>6}{'json.load':>11}{'default':>10}{'ratio':>7}"
        f"{'[fast]':>9}{'ratio':>7}"
    )
    for name, pieces in large_values().items():
        path = folder / (name.replace(" ", "-") + ".json")
        write(path, pieces())
        _, floor = run(([sys.executable, "-c", JSON_LOAD, str(path)], {}))
        peaks = [run(validate(path, mode))[1] for mode in MODES]
        row = "".join(f"{peak:>9,.0f}{peak / floor:>6.2f}x" for peak in peaks)
        size = path.stat().st_size / 1e6
        print(f"{name:<30}{size:>6.1f}{floor:>10,.0f} {row}")


def per_problem(folder: Path) -> None:
    """Print the peak memory of documents of many problems, and its cost a problem."""
    print(
        f"{'problems of one kind':<28}{'problems':>9}{'json.load':>10}"
        f"{'default':>9}{'KB each':>8}{'[fast]':>8}{'KB each':>8}"
    )
    for name in KINDS:
        count, text = of_one_kind(name, PROBLEMS)
        path = folder / (name.replace(" ", "-") + ".json")
        write(path, [text])
        del text
        _, floor = run(([sys.executable, "-c", JSON_LOAD, str(path)], {}))
        peaks = [run(validate(path, mode))[1] for mode in MODES]
        row = "".join(
            f"{peak:>9,.0f}{(peak - floor) * 1024 / count:>8.2f}" for peak in peaks
        )
        print(f"{name:<28}{count:>9,}{floor:>10,.0f}{row}")


def main() -> None:
    """Print both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="a folder for files")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1_000, 100_000, 1_000_000]
    )
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-placing", action="store_true")
    parser.add_argument("--skip-per-problem", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}; peaks in MB")
    if not args.skip_placing:
        placing(args.out, args.sizes)
    if not args.skip_memory:
        memory(args.out)
    if not args.skip_per_problem:
        per_problem(args.out)


if __name__ == "__main__":
    main()
