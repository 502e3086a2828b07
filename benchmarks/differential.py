"""A long differential campaign: every path gives the exact path's answers.

Small generated documents (valid, or with about a fifth of their records
broken in the ways real files are) are written as JSON text in several
layouts, then mutated byte-wise by the same function the property tests
use (``tests/mutations.py``: control characters inside keys, stray
punctuation, half characters, byte order marks). Each case is validated on
the exact path and on every other path; any difference in the problems
(code, place, message) is a disagreement, written to ``--out``.

Run: python benchmarks/differential.py --cases 100000 --seed 13 --out /tmp/lc-diff
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from generate import broken_copy, records

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.modes import MODES, speed_of
from tests.mutations import mutate

from learningcities._pipeline.options import Options
from learningcities._pipeline.validate import check_document

TODAY = dt.date(2026, 11, 28)
#: The paths held to the exact path's answers (see tests/modes.py).
PATHS = MODES


def answers(data: bytes, mode: str) -> list[tuple[Any, ...]]:
    """The problems of *data* on the path *mode*, or the exception it raised."""
    options = Options(None, TODAY, "en", speed_of(mode))
    try:
        problems = check_document(data, file="f.json", options=options).problems
    except Exception as error:  # noqa: BLE001 (a crash is a disagreement too)
        return [("raised", type(error).__name__, str(error))]
    return [
        (p.line, p.column, p.pointer, p.code, p.severity, p.message) for p in problems
    ]


def document(rng: random.Random) -> bytes:
    """A small dataset document as JSON text, broken or not."""
    data = records(rng.randrange(3, 30), rng.randrange(1 << 30))
    data["organizations"] = data["organizations"][:5]
    for number, event in enumerate(data["events"]):
        event["organizers"][0]["organization"] = f"org-{number % 5}"
    if rng.random() < 0.7:
        data = broken_copy(data, 0.2, rng.randrange(1 << 30))
    for _ in range(rng.choice([0, 0, 1, 3])):  # text fields blank or padded
        kind = rng.choice(["cities", "events"])
        record = rng.choice(data[kind])
        if isinstance(record.get("name"), str):
            name = record["name"]
            record["name"] = rng.choice(["", " ", f" {name}", f"{name}\u3000", "\t"])
    version = rng.choice(["1.0", "1.1", "1.1"])  # 1.0 has no rule on text
    text = json.dumps(
        {"learningcities": version, **data},
        ensure_ascii=rng.random() < 0.3,
        indent=rng.choice([None, 1, 2]),
    )
    text = text.replace('"x-dup": "__DUPLICATE__"', '"x-dup": 1, "x-dup": 2')
    return text.replace('"__NAN__"', "NaN").encode()


def main() -> None:
    """Run the campaign and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    disagreements = dict.fromkeys(PATHS, 0)
    with_problems = syntax = 0
    start = time.perf_counter()
    base = document(rng)
    for case in range(args.cases):
        if case % 20 == 0:  # a new document every 20 cases
            base = document(rng)
        # A quarter as generated, the rest mutated byte-wise 1 to 3 times.
        data = base if case % 4 == 0 else mutate(base, rng, rng.randrange(1, 4))
        expected = answers(data, "exact")
        with_problems += bool(expected)
        syntax += any(problem[3] == "syntax" for problem in expected)
        for mode in PATHS:
            if answers(data, mode) != expected:
                disagreements[mode] += 1
                (args.out / f"case-{case}-{mode.replace(', ', '-')}.json").write_bytes(
                    data
                )
    seconds = time.perf_counter() - start
    print(
        f"{args.cases:,} cases (seed {args.seed}), {with_problems:,} with problems "
        f"({syntax:,} with a syntax error), {seconds:,.0f} s"
    )
    for mode, count in disagreements.items():
        print(f"{mode:<22}{args.cases:>10,} cases{count:>8,} disagreements")


if __name__ == "__main__":
    main()
