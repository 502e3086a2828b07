"""Time merging a submission into a register, and diffing two registers.

Writes, into a folder, a register of about 100,000 records (see
``generate.py``) as the library keeps one (written by ``save``, in
canonical form, as ``merge -o`` writes it), the same records as a
generator wrote them (``written.json``: defaults spelled out, keys in
another order), a submission of 1,000 records (500 of the register's
cities renamed, 500 new cities) and the register with that submission
merged. Each contender runs in a process of its own, the contenders
alternating, several rounds; the script prints the median wall time and
peak memory, and the ratio to loading the register alone:

- ``load``: ``learningcities.load(register.json)`` (the baseline);
- ``merge``: ``learningcities.merge(register.json, submission.json,
  prefer="submission")``, which loads and checks both, folds, checks the
  merged register as a whole and says what changed;
- ``diff``: ``learningcities.diff(register.json, merged.json)``;
- ``diff written``: the same with ``written.json``, whose records mostly
  differ as written from the merged register's, so that each is built to
  be compared in canonical form.

Run: python benchmarks/register.py --out /tmp/lc-register [--records 100000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from generate import records
from validate import Command, measure

LOAD = "import sys, learningcities; learningcities.load(sys.argv[1])"
MERGE = (
    "import sys, learningcities; "
    "learningcities.merge(sys.argv[1], sys.argv[2], prefer='submission')"
)
DIFF = "import sys, learningcities; learningcities.diff(sys.argv[1], sys.argv[2])"
SAVE = (
    "import sys, learningcities; "
    "learningcities.save(learningcities.load(sys.argv[1]), sys.argv[2])"
)
SAVE_MERGED = (
    "import sys, learningcities; "
    "merged = learningcities.merge(sys.argv[1], sys.argv[2], prefer='submission'); "
    "learningcities.save(merged.dataset, sys.argv[3])"
)


def write(folder: Path, count: int) -> tuple[Path, Path, Path, Path]:
    """Write the register (as written, as saved), submission, merged register."""
    folder.mkdir(parents=True, exist_ok=True)
    data = records(count, seed=2026)  # about 24 MB: the parent stays small
    written = folder / "written.json"
    written.write_text(json.dumps({"learningcities": "1.0", **data}), "utf-8")
    register = folder / "register.json"
    cities = data["cities"]
    renamed = [{**city, "name": city["name"] + " (renamed)"} for city in cities[:500]]
    new = [{**city, "id": city["id"] + "-new"} for city in cities[500:1000]]
    submission = folder / "submission.json"
    document = {"learningcities": "1.1", "cities": renamed + new}
    submission.write_text(json.dumps(document), "utf-8")
    merged = folder / "merged.json"
    # In processes of their own: a child's peak memory counts its parent's
    # (the high-water mark survives fork and exec), so this one stays small.
    saved = [sys.executable, "-c", SAVE, str(written), str(register)]
    subprocess.run(saved, check=True)
    saved = [sys.executable, "-c", SAVE_MERGED, str(register), str(submission)]
    subprocess.run([*saved, str(merged)], check=True)
    return written, register, submission, merged


def main() -> None:
    """Write the files, time the contenders, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="a folder for files")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    written, register, submission, merged = write(arguments.out, arguments.records)
    python = sys.executable
    commands: dict[str, Command] = {
        "load": ([python, "-c", LOAD, str(register)], {}),
        "merge": ([python, "-c", MERGE, str(register), str(submission)], {}),
        "diff": ([python, "-c", DIFF, str(register), str(merged)], {}),
        "diff written": ([python, "-c", DIFF, str(written), str(merged)], {}),
    }
    times, memory = measure(commands, arguments.rounds)
    size = register.stat().st_size / 1e6
    print(f"a register of {size:.0f} MB; median of {arguments.rounds} runs")
    print(f"{'contender':<14}{'wall':>9}{'peak MB':>10}{'x load':>9}")
    base = statistics.median(times["load"])
    for name in commands:
        wall = statistics.median(times[name])
        peak = statistics.median(memory[name])
        print(f"{name:<14}{wall:>8.2f}s{peak:>10,.0f}{wall / base:>8.2f}x")


if __name__ == "__main__":
    main()
