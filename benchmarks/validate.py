"""Time `learningcities validate` against the parse floor and jsonschema.

Each contender runs in a process of its own, the contenders alternating,
several rounds; the script prints the median wall time, records per
second, peak memory and the ratio to the parse floor (the time to parse the
file alone). Contenders:

- ``parse``: orjson (if installed, else json) parses the file, as a program
  calls it; json, when orjson refuses the file (a broken file may hold NaN).
  The ratios are to this time, the parse floor;
- ``parse, no gc``: the same with the cyclic garbage collector off;
- ``learningcities``: ``learningcities validate FILE --format json`` without
  the accelerator (``LEARNINGCITIES_NO_ACCELERATOR=1``), as installed by
  default;
- ``learningcities[fast]``: the same with the accelerator (jsonschema-rs and
  orjson), if installed;
- ``load (models)``: ``learningcities.load(FILE)``, every record built as a
  model (on a file with errors, up to the InvalidDataError), without the
  accelerator; ``load[fast]``, with it;
- ``jsonschema``: jsonschema's draft 2020-12 validator with the project's
  own schemas, every error collected (what check-jsonschema does);
- ``jsonschema-rs``: the same with jsonschema-rs, if installed;
- ``learningcities (exact)``: validation without any first pass
  (``LEARNINGCITIES_NO_ACCELERATOR=exact``), what the first pass gains on.

With ``--old SRC`` (the ``src`` folder of another checkout), each
learningcities contender runs a second time from that code, named
``old …``, alternating with the new: ratios of old to new in one run.

Run: python benchmarks/validate.py bench-data/broken.json [--rounds 3]
(generate the files first with benchmarks/generate.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from learningcities.models import KINDS

PARSE = """
import json, sys
try:
    import orjson
    loads, refused = orjson.loads, orjson.JSONDecodeError
except ImportError:
    loads, refused = json.loads, ValueError
def parse(data):
    try:
        loads(data)
    except refused:  # NaN and the like: orjson stops, json reads on
        try:
            json.loads(data)
        except ValueError:
            pass
if sys.argv[1].endswith(".jsonl"):
    with open(sys.argv[1], "rb") as stream:
        for line in stream:
            parse(line)
else:
    parse(open(sys.argv[1], "rb").read())
"""
LOAD = """
import sys
import learningcities
try:
    learningcities.load(sys.argv[1])
except learningcities.InvalidDataError:
    pass
"""
JSONSCHEMA = """
import json, sys
import learningcities
from learningcities._schemas import validator
document = json.loads(open(sys.argv[1], "rb").read())
print(sum(1 for _ in validator("dataset").iter_errors(document)), file=sys.stderr)
"""
JSONSCHEMA_RS = """
import json, sys
import jsonschema_rs
import learningcities
schemas = {learningcities.schema(n)["$id"]: learningcities.schema(n) for n in learningcities.SCHEMA_NAMES}
registry = jsonschema_rs.Registry(list(schemas.items()))
check = jsonschema_rs.Draft202012Validator(learningcities.schema("dataset"), registry=registry)
document = json.loads(open(sys.argv[1], "rb").read())
print(sum(1 for _ in check.iter_errors(document)), file=sys.stderr)
"""


Command = tuple[list[str], dict[str, str]]  # arguments, environment variables


def contenders(path: Path) -> dict[str, Command]:
    """The command of each contender that can run here."""
    python = sys.executable
    validate = [
        python,
        "-m",
        "learningcities",
        "validate",
        str(path),
        "--format",
        "json",
    ]
    default = {"LEARNINGCITIES_NO_ACCELERATOR": "1"}  # as installed by default
    found: dict[str, Command] = {
        "parse": ([python, "-c", PARSE, str(path)], {}),
        "parse, no gc": (
            [python, "-c", "import gc; gc.disable()\n" + PARSE, str(path)],
            {},
        ),
        "learningcities": (validate, default),
        "learningcities (exact)": (
            validate,
            {"LEARNINGCITIES_NO_ACCELERATOR": "exact"},
        ),
    }
    if path.suffix == ".jsonl":  # the others read dataset documents
        return found
    found["load (models)"] = ([python, "-c", LOAD, str(path)], default)
    found["jsonschema"] = ([python, "-c", JSONSCHEMA, str(path)], {})
    if _importable(python, "jsonschema_rs"):
        found["learningcities[fast]"] = (validate, {})
        found["load[fast]"] = ([python, "-c", LOAD, str(path)], {})
        found["jsonschema-rs"] = ([python, "-c", JSONSCHEMA_RS, str(path)], {})
    return found


#: The contenders that run the package, and so may run old code too.
OURS = ("learningcities", "load")


def with_old(commands: dict[str, Command], old: Path) -> dict[str, Command]:
    """*commands*, each of the package's followed by the same run from *old*."""
    paired: dict[str, Command] = {}
    for name, (arguments, variables) in commands.items():
        paired[name] = (arguments, variables)
        if name.startswith(OURS):
            paired[f"old {name}"] = (arguments, {**variables, "PYTHONPATH": str(old)})
    return paired


def _importable(python: str, module: str) -> bool:
    command = [python, "-c", f"import {module}"]
    return subprocess.run(command, check=False, capture_output=True).returncode == 0


#: Run by a fresh interpreter, in place of a command: it starts the command
#: (its output to /dev/null), waits, and prints its wall seconds and peak
#: resident memory in KB.
_LAUNCHER = """\
import os, sys, time
silent = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=silent)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss)
"""


def run(command: Command) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one run of *command*.

    The command is started by a small launcher, not by this process: a
    child's peak as the system counts it (``ru_maxrss``) is never less than
    its parent's peak before it started, which here may be far above a
    small command's own (this process writes the files measured).
    """
    arguments, variables = command
    launcher = [sys.executable, "-c", _LAUNCHER, *arguments]
    environment = {**os.environ, **variables}
    done = subprocess.run(
        launcher, env=environment, capture_output=True, text=True, check=True
    )
    seconds, peak = done.stdout.split()
    return float(seconds), int(peak) / 1024


def measure(
    commands: dict[str, Command], rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Run each of *commands* *rounds* times, alternating: wall times, peak MB."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            seconds, megabytes = run(command)
            times[name].append(seconds)
            memory[name].append(megabytes)
    return times, memory


def count_records(path: Path) -> int:
    """How many entity records the file holds."""
    if path.suffix == ".jsonl":
        with path.open("rb") as stream:
            return sum(1 for line in stream if line.strip())
    document = json.loads(path.read_bytes().replace(b"NaN", b"null"))
    return sum(len(document.get(kind, ())) for kind in KINDS)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--skip", action="append", default=[], help="a contender to leave out"
    )
    parser.add_argument(
        "--old",
        type=Path,
        help="the src folder of another checkout, to run against (old vs new)",
    )
    args = parser.parse_args()
    commands = {k: v for k, v in contenders(args.path).items() if k not in args.skip}
    if args.old is not None:
        commands = with_old(commands, args.old.resolve())
    records = count_records(args.path)
    times, memory = measure(commands, args.rounds)
    size = args.path.stat().st_size / 1e6
    print(
        f"{args.path}: {size:,.1f} MB, {records:,} records; median of {args.rounds} runs, "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    )
    floor = statistics.median(times["parse"]) if "parse" in times else None
    print(
        f"{'contender':<28}{'wall':>10}{'records/s':>14}{'peak MB':>10}{'x parse':>10}"
    )
    for name in commands:
        wall = statistics.median(times[name])
        ratio = f"{wall / floor:>9.1f}x" if floor else ""
        print(
            f"{name:<28}{wall:>9.2f}s{records / wall:>14,.0f}"
            f"{max(memory[name]):>10,.0f}{ratio}"
        )


if __name__ == "__main__":
    main()
