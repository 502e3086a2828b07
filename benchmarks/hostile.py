"""Hostile files: the cost of placing many problems, and memory on large values.

Two tables, each contender in a process of its own:

- **placing**: one city with N unknown keys, so N problems in one record,
  validated without and with the accelerator; the time per problem (the
  whole run's wall time over N, start-up included) must stay flat as N
  grows;
- **memory**: documents whose size is all in one extension value (an array
  of ten million numbers, an object of a million keys) or in a record with
  a million unknown keys; ``learningcities validate``'s peak resident
  memory next to that of ``json.load`` of the same file, and their ratio.

Run: python benchmarks/hostile.py --out /tmp/lc-hostile [--sizes 1000 100000]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from validate import Command, run

#: The two installs: the accelerator turned off (as installed by default), and on.
MODES = {"default": {"LEARNINGCITIES_NO_ACCELERATOR": "1"}, "[fast]": {}}
JSON_LOAD = "import json, sys; json.load(open(sys.argv[1], 'rb'))"


def unknown_keys(count: int) -> str:
    """A document with one city of *count* unknown keys, one per line."""
    keys = ",\n".join(f'    "k{number}": {number}' for number in range(count))
    return (
        '{"learningcities": "1.0", "cities": [{"id": "ma-a", "name": "A", '
        f'"country": "MA",\n{keys}\n}}]}}\n'
    )


def large_values() -> dict[str, str]:
    """The documents whose size is in one value, by name."""
    numbers = ",".join(["1"] * 10_000_000)
    members = ",".join(f'"k{number}": {number}' for number in range(1_000_000))
    return {
        "array of 10 million numbers": f'{{"learningcities": "1.0", "x-arr": [{numbers}]}}',
        "object of 1 million keys": f'{{"learningcities": "1.0", "x-obj": {{{members}}}}}',
        "1 million unknown keys": unknown_keys(1_000_000),
    }


def validate(path: Path, mode: str) -> Command:
    """The command that validates *path* in *mode*."""
    arguments = [sys.executable, "-m", "learningcities", "validate", str(path)]
    return [*arguments, "--format", "json"], MODES[mode]


def placing(folder: Path, sizes: list[int]) -> None:
    """Print the time per problem for each size and mode."""
    print(f"{'problems':>10}{'mode':>10}{'wall':>10}{'per problem':>14}")
    for size in sizes:
        path = folder / f"unknown-{size}.json"
        path.write_text(unknown_keys(size), "utf-8")
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
    for name, text in large_values().items():
        path = folder / (name.replace(" ", "-") + ".json")
        path.write_text(text, "utf-8")
        _, floor = run(([sys.executable, "-c", JSON_LOAD, str(path)], {}))
        peaks = [run(validate(path, mode))[1] for mode in MODES]
        row = "".join(f"{peak:>9,.0f}{peak / floor:>6.2f}x" for peak in peaks)
        print(f"{name:<30}{len(text) / 1e6:>6.1f}{floor:>10,.0f} {row}")


def main() -> None:
    """Print both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="a folder for files")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1_000, 100_000, 1_000_000]
    )
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}; peaks in MB")
    placing(args.out, args.sizes)
    if not args.skip_memory:
        memory(args.out)


if __name__ == "__main__":
    main()
