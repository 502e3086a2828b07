"""Hostile input: no input costs more than its size, or escapes into the output.

Each test holds one defect found by an adversarial run; together with the
differential tests on mutated text (``test_fast.py``) they keep the exact,
Python and accelerated paths to the same answers on any bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import learningcities
from learningcities import _io, validate, validate_document
from learningcities._checking import convert as _convert
from learningcities._cli import main as _cli
from learningcities._cli.main import run
from learningcities._findings import Finding, drained
from learningcities._messages import Text
from learningcities._pipeline.validate import _options, check_document
from learningcities._reading import locate as _locate
from learningcities._reading.jsontext import BadNumber
from learningcities._shown import inert, visible

from .many_problems import of_one_kind, unknown_keys

if TYPE_CHECKING:
    from collections.abc import Iterator

    from learningcities._speed import Mode


def _cli_run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(argv, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


# -- placing many problems costs one pass over the text -------------------------


class _CountingText(str):
    """A text that counts the characters its searches for line ends go over."""

    __slots__ = ()
    scanned = 0

    def count(self, sub: Any, start: Any = None, end: Any = None) -> int:
        _CountingText.scanned += (end or len(self)) - (start or 0)
        return super().count(sub, start, end)

    def rfind(self, sub: Any, start: Any = None, end: Any = None) -> int:
        _CountingText.scanned += (end or len(self)) - (start or 0)
        return super().rfind(sub, start, end)


def test_placing_problems_reads_the_text_once() -> None:
    """N problems in one record: lines counted once, not from the start per problem.

    The accelerated path counted the lines from the start of the record for
    each problem: 120 s for 160,000 unknown keys.
    """
    lines = [f'"k{number}": 1' for number in range(5000)]
    text = _CountingText("{\n" + ",\n".join(lines) + "\n}")
    offsets: dict[_locate.Place, int] = {
        ((str(n),), True): text.index(f'"k{n}"') for n in range(5000)
    }
    _CountingText.scanned = 0
    placed = _locate._lines_and_columns(text, offsets, list(offsets), 1)  # noqa: SLF001
    assert _CountingText.scanned <= 2 * len(text)
    assert {((str(n),), True): (n + 2, 1) for n in range(5000)} == placed


@pytest.mark.parametrize("mode", ["python", "accelerated"])
def test_many_problems_in_one_record_are_each_placed(mode: Mode) -> None:
    """Every unknown key of a wide record is placed at its own line."""
    keys = ",\n".join(f'  "k{number}": 1' for number in range(300))
    text = (
        '{"learningcities": "1.0", "cities": [{"id": "ma-a", "name": "A", '
        f'"country": "MA",\n{keys}}}]}}'
    )
    problems = validate_document(text.encode(), mode=mode).problems
    assert [(n + 2, 3) for n in range(300)] == [(p.line, p.column) for p in problems]


# -- memory grows with the depth of a value, not with its size ------------------


def _peak(work: Any) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "value",
    [
        "[" + ",".join(["1"] * 300_000) + "]",
        "{" + ",".join(f'"k{n}": {n}' for n in range(100_000)) + "}",
        "[" + ",".join(['"a"'] * 200_000) + "]",
    ],
    ids=["array of numbers", "object of numbers", "array of strings"],
)
def test_a_large_extension_value_takes_little_more_memory_than_parsing_it(
    value: str,
) -> None:
    """The walk over extension values held an entry per item: 118 times the file."""
    text = '{"learningcities": "1.0", "x-big": %s}' % value  # noqa: UP031
    parsed = _peak(lambda: json.loads(text))
    checked = _peak(lambda: validate_document(text))
    assert checked <= 4 * parsed + 2**20, (checked, parsed)


@pytest.mark.parametrize("mode", ["python", "accelerated"])
def test_many_problems_of_a_file_take_a_bounded_memory_each(
    tmp_path: Path, mode: Mode
) -> None:
    """20,000 unknown keys: the findings, their places and problems are not all held.

    Checking the file held the values read, every finding, an entry and
    new tuples for each place, and the problems, at once: 9.0 to 9.7 times
    the memory parsing the text takes, 5.6 now (with the validators the
    first check of a process loads).
    """
    text = unknown_keys(20_000)
    path = tmp_path / "k.json"
    path.write_text(text, "utf-8")
    parsed = _peak(lambda: json.loads(text))
    checked = _peak(lambda: validate([path], mode=mode))
    assert checked <= 7 * parsed, (checked, parsed)


@pytest.mark.parametrize("mode", ["python", "accelerated"])
@pytest.mark.parametrize(
    ("kind", "bound"),
    [
        ("numbers for text", 700),
        ("NaN in an extension", 700),
        ("control characters", 700),
        ("duplicate ids", 1_000),  # a record each, besides its problem
        ("records missing fields", 700),
    ],
)
def test_each_problem_takes_a_bounded_memory(
    tmp_path: Path, kind: str, bound: int, mode: Mode
) -> None:
    """10,000 problems of one kind cost at most *bound* bytes each beyond parsing.

    Each message was made with its arguments when the problem was found,
    and held until the report was written: 770 to 1,290 bytes a problem
    beyond ``json.loads`` (by kind and path), 440 to 870 now that most are
    made when rendered (``benchmarks/hostile.py`` prints the figures of
    whole runs).
    """
    _, text = of_one_kind(kind, 10_000)
    path = tmp_path / "many.json"
    path.write_text(text, "utf-8")
    validate_document('{"learningcities": "1.1", "cities": [{}]}', mode=mode)  # warm
    parsed = _peak(lambda: json.loads(text))
    reports = []
    checked = _peak(lambda: reports.append(validate([path], mode=mode)))
    assert len(reports[0].problems) >= 9_999  # the kind of file meant
    assert checked <= parsed + 10_000 * bound, (checked - parsed) / 10_000


_DEFECTIVE = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),  # NaN and infinities among them
    st.builds(BadNumber, st.sampled_from(["NaN", "1e400", "-Infinity"])),
    st.text(alphabet=st.sampled_from(["a", "\ud800", "\x00"]), max_size=3),
    st.builds(object),
)


@given(
    st.recursive(
        _DEFECTIVE,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.text(max_size=2) | st.integers(), inner, max_size=3)
        ),
        max_leaves=12,
    )
)
def test_an_extension_is_clear_when_its_hook_finds_no_problem(value: Any) -> None:
    """The first pass's test of an extension stops at the first defect.

    It ran the extension's hook, which made an error for each defect: 150
    MB for 200,000 ``NaN`` it only had to say no to.
    """
    hook = _convert.make_converter(build=False).get_structure_hook(Any)
    try:
        hook(value, Any)
    except _convert.PROBLEMS:
        assert not _convert.json_clear(value)
    else:
        assert _convert.json_clear(value)


def test_placing_keeps_the_places_given() -> None:
    """The places found are the caller's own entries, not copies made in the walk."""
    text = unknown_keys(100)
    wanted: dict[_locate.Place, Any] = {
        (("cities", 0, f"k{n}"), True): None for n in range(100)
    }
    given_keys = list(wanted)
    placed = _locate.located(text, wanted)
    assert placed is wanted
    assert all(a is b for a, b in zip(placed, given_keys, strict=True))
    assert [(n + 2, 3) for n in range(100)] == list(placed.values())


def test_a_file_of_many_problems_lets_its_values_go_before_placing_them() -> None:
    """Only the problems are needed: the values read are not kept to the end."""
    text = unknown_keys(10_000)
    options = _options(None, None, "en")
    kept = check_document(text, file="k.json", options=options)
    let_go = check_document(text, file="k.json", options=options, values=False)
    assert kept.document is not None
    assert let_go.document is None
    assert kept.problems == let_go.problems
    assert len(let_go.problems) == 10_000


def test_rendering_drains_the_findings_in_order() -> None:
    """Each finding is taken out of the list as it is rendered, in order."""
    findings = [
        Finding("schema", Text("{label} is wrong."), ("k", n)) for n in range(5)
    ]
    taken = []
    for count, finding in enumerate(drained(findings), 1):
        taken.append(finding.path)
        assert len(findings) == 5 - count
    assert [("k", n) for n in range(5)] == taken


# -- a failure of the program is never a problem of the data ------------------


class _Exploding(dict[str, Any]):
    """An object that fails as a program out of memory does, when walked."""

    def items(self) -> Any:
        raise MemoryError

    def values(self) -> Any:
        raise MemoryError


def test_running_out_of_memory_is_not_a_problem_of_the_data() -> None:
    """MemoryError was caught and reported as ``error[schema] … is not valid:``."""
    document = {"learningcities": "1.0", "x-big": _Exploding(a=1)}
    with pytest.raises(MemoryError):
        validate_document(document)


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        (MemoryError(), 2, "learningcities: out of memory; nothing was reported\n"),
        (KeyboardInterrupt(), 130, "learningcities: interrupted\n"),
        (
            RuntimeError("boom"),
            2,
            "learningcities: internal error (RuntimeError: boom); please report it "
            "with the command that caused it\n",
        ),
    ],
)
def test_a_failure_of_the_program_is_one_line_and_a_status(
    error: BaseException, status: int, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No traceback, no report: one line on stderr, status 2 (130 for Ctrl-C)."""

    def fail(*_: object, **__: object) -> None:
        raise error

    monkeypatch.setattr(_cli, "validate", fail)
    assert (status, "", message) == _cli_run("validate", "examples/register.json")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_not_read_to_its_end() -> None:
    """``validate /dev/zero`` ended in a MemoryError traceback."""
    status, out, _ = _cli_run("validate", "/dev/zero")
    assert 2 == status
    assert (
        "/dev/zero: error[file-unreadable]: The file cannot be read: it is a device, "
        "not a file.\n1 error, 0 warnings in 1 file\n"
    ) == out


def _jsonl(path: Path, lines: int) -> None:
    record = '{"type": "city", "id": "ma-c%d", "name": "C", "country": "MA"}\n'
    path.write_text("".join(record % n for n in range(lines)), "utf-8")


def _interruptible() -> None:
    """In the child, before it runs Python: SIGINT does what it does by default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def long_check(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSON Lines file whose check lasts well over the 2 s before the signal."""
    data = tmp_path_factory.mktemp("long") / "cities.jsonl"
    _jsonl(data, 600_000)
    return data


@pytest.mark.parametrize(
    ("sent", "status", "said"),
    [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")],
)
def test_a_stopped_check_leaves_nothing_behind(
    sent: signal.Signals, status: int, said: str, tmp_path: Path, long_check: Path
) -> None:
    """SIGTERM left ``learningcities-*/rules.sqlite``; Ctrl-C printed a traceback."""
    data = long_check
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary), "SQLITE_TMPDIR": ""}
    command = [sys.executable, "-m", "learningcities", "validate", str(data)]
    with subprocess.Popen(  # noqa: S603 (our own command)
        command,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # A run started in the background (``pytest &``) ignores SIGINT, and
        # its children inherit that; Python then takes no Ctrl-C at all.
        preexec_fn=_interruptible,  # noqa: PLW1509 (only sets a signal)
    ) as process:
        time.sleep(2)
        process.send_signal(sent)
        out, err = process.communicate(timeout=120)
    assert (status, b"", f"learningcities: {said}\n".encode()) == (
        process.returncode,
        out,
        err,
    )
    assert [] == list(temporary.iterdir())


# -- CSV: rows end at CR and LF only; cells of any size -------------------------


@pytest.mark.parametrize(
    "separator", ["\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1c", "\x1d", "\x1e"]
)
def test_only_cr_and_lf_end_a_csv_row(separator: str, tmp_path: Path) -> None:
    """A line separator inside a cell is text, warned of; later lines stay right."""
    path = tmp_path / "cities.csv"
    path.write_text(
        f"id,name,country\r\nma-a,Fez{separator}Medina,MA\r\nma-c,C,MAR\r\n",
        encoding="utf-8",
        newline="",
    )
    problems = validate(path).problems
    assert [(2, 2, "not-normalized"), (3, 3, "unknown-country")] == [
        (p.line, p.column, p.code) for p in problems
    ]


def test_a_csv_cell_of_any_size_is_read(tmp_path: Path) -> None:
    """A cell over 131,072 characters stopped the check of every later row."""
    path = tmp_path / "cities.csv"
    path.write_text(
        "id,name,country\nma-a," + "x" * 200_000 + ",MA\nma-b,B,MAR\n", "utf-8"
    )
    limit = csv.field_size_limit()
    problems = validate(path).problems
    assert [(3, 3, "unknown-country")] == [(p.line, p.column, p.code) for p in problems]
    assert limit == csv.field_size_limit()


# -- nothing from the input reaches a terminal unescaped -----------------------

_HOSTILE_KEYS = [
    "\x1b[2J\x1b[31mPWNED\x1b[0m",
    "a\nfile.json:1:1: error[schema] forged\n0 errors, 0 warnings in 1 file\nb",
    "\u202eevil",
    "line\u2028separator",
    "k" * 10_000_000,
]


@pytest.mark.parametrize("form", ["text", "github"])
@pytest.mark.parametrize(
    "key", _HOSTILE_KEYS, ids=["ESC", "newline", "RLO", "LS", "10 MB"]
)
def test_keys_are_escaped_and_cut_in_reports(
    key: str, form: learningcities.ReportFormat
) -> None:
    """A key sent escape sequences, forged lines and 20 MB into the text report."""

    def report(key: str) -> str:
        document = json.dumps({"learningcities": "1.0", "cities": [{key: 1}]})
        return validate_document(document, lang="fr").format(form)

    plain = report("key").splitlines()
    lines = report(key).splitlines()
    assert 5 == len(plain)  # one unknown key, three missing, the summary
    assert 5 == len(lines)
    changed = [pair for pair in zip(lines, plain, strict=True) if pair[0] != pair[1]]
    [(shown, expected)] = changed
    assert shown.isprintable(), shown
    assert len(shown) < len(expected) + 400


@pytest.mark.parametrize("key", _HOSTILE_KEYS[:4], ids=["ESC", "newline", "RLO", "LS"])
def test_names_are_escaped_in_query_tables(key: str, tmp_path: Path) -> None:
    """A city's name held raw ESC in the table of ``find``."""
    dataset = learningcities.sample()
    document = json.loads(learningcities.dumps(dataset))
    document["cities"][0]["aliases"] = [f"Zzz{key}"]
    path = tmp_path / "data.json"
    path.write_text(json.dumps(document), "utf-8")
    status, out, _ = _cli_run("find", "Zzz", "--data", str(path))
    assert 0 == status
    assert all(line.isprintable() for line in out.splitlines()), out
    assert "Zzz" + visible(key, None)[:30] in out


@given(st.text())
def test_visible_text_is_printable_and_bounded(text: str) -> None:
    """Whatever the text, what is shown of it is printable and short."""
    shown = visible(text)
    assert shown.isprintable()
    assert len(shown) <= 40 * 6


# -- spreadsheet formulas are neutralized in every form ------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "+1+1",
        "-1+1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        " =1+1",
        "\u00a0=1+1",
        "\x01=1+1",
        "\n=1+1",
        "\uff1d1+1",
        "\uff0b1",
        "\uff20SUM(A1)",
        "\u3000=1",
    ],
)
def test_cells_a_spreadsheet_evaluates_are_neutralized(cell: str) -> None:
    """`` =1+1`` and a full-width sign passed; each such cell gets a leading quote."""
    assert "'" + cell == inert(cell)


@pytest.mark.parametrize("cell", ["Fès", "ma-fez", "2024", " Fez", "a=b"])
def test_other_cells_are_written_as_they_are(cell: str) -> None:
    assert cell == inert(cell)


def test_query_csv_neutralizes_formulas_after_white_space(tmp_path: Path) -> None:
    """The ``find --format csv`` output quotes `` =1+1`` as it quotes ``=1+1``."""
    document = json.loads(learningcities.dumps(learningcities.sample()))
    document["cities"][0]["aliases"] = [" =HYPERLINK(1)"]
    path = tmp_path / "data.json"
    path.write_text(json.dumps(document), "utf-8")
    status, out, _ = _cli_run(
        "find", "HYPERLINK", "--data", str(path), "--format", "csv"
    )
    assert 0 == status
    rows = list(csv.reader(io.StringIO(out)))
    assert ["' =HYPERLINK(1)"] == rows[1][3:]


# -- values no JSON text can hold, given in Python -----------------------------


def _codes(document: Any) -> Iterator[tuple[str, str]]:
    for problem in validate_document(document).problems:
        yield problem.code, problem.pointer


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"x-a": float("nan")}, [("invalid-number", "/x-a")]),
        ({"x-a": [1, float("inf")]}, [("invalid-number", "/x-a/1")]),
        ({"x-a": {1: 2}}, [("schema", "/x-a")]),
        ({1: 2}, [("schema", "")]),
    ],
)
def test_values_no_json_text_holds_are_reported(
    document: dict[Any, Any], expected: list[tuple[str, str]]
) -> None:
    """NaN and keys that are not strings were valid; a top-level one raised."""
    assert expected == list(_codes({"learningcities": "1.0", **document}))


# -- save: links, killed saves, long names, the folder, bad values -------------


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_saving_to_a_link_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    """The link was replaced by a file, and its destination kept the old text."""
    real = tmp_path / "real.json"
    real.write_text("old", "utf-8")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    learningcities.save(learningcities.sample(), link)
    assert link.is_symlink()
    assert learningcities.sample() == learningcities.load(real)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.skipif(os.name != "posix", reason="process ids asked with kill")
def test_a_killed_save_leaves_a_file_the_next_save_removes(tmp_path: Path) -> None:
    """Temporary files of killed saves were left, nameless, forever."""
    target = tmp_path / "register.json"
    prefix = _io._temporary_prefix(target.name)  # noqa: SLF001
    stale = tmp_path / f"{prefix}{_dead_pid()}.0123abcd.tmp"
    running = tmp_path / f"{prefix}{os.getpid()}.4567cdef.tmp"  # a save under way
    other = tmp_path / f"{_io._temporary_prefix('other.json')}1.0.tmp"  # noqa: SLF001
    for path in (stale, running, other):
        path.write_text("partial", "utf-8")
    learningcities.save(learningcities.Dataset(), target)
    assert sorted([running.name, other.name, target.name]) == sorted(
        path.name for path in tmp_path.iterdir()
    )


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_saves_killed_at_any_moment_leave_the_old_file_or_the_new(
    tmp_path: Path,
) -> None:
    """A save killed while writing: the target is whole, and the leftovers go."""
    target = tmp_path / "register.json"
    learningcities.save(learningcities.sample(), target)
    before = target.read_bytes()
    script = (
        "import learningcities, sys\n"
        "dataset = learningcities.sample()\n"
        "learningcities.save(dataset, sys.argv[1])\n"
        "print('saving', flush=True)\n"
        "while True: learningcities.save(dataset, sys.argv[1])\n"
    )
    command = [sys.executable, "-c", script, str(target)]
    for delay in (0, 0.001, 0.003, 0.007, 0.011, 0.02):
        with subprocess.Popen(command, stdout=subprocess.PIPE) as writer:  # noqa: S603
            assert writer.stdout is not None
            assert b"saving\n" == writer.stdout.readline()
            time.sleep(delay)
            writer.kill()
        assert before == target.read_bytes()
    learningcities.save(learningcities.sample(), target)
    assert [target.name] == [path.name for path in tmp_path.iterdir()]


def test_a_name_of_255_bytes_can_be_saved(tmp_path: Path) -> None:
    """The temporary name was 19 characters longer than the target's."""
    for name in ("r" * 250 + ".json", "é" * 125 + ".json"):
        target = tmp_path / name
        learningcities.save(learningcities.Dataset(title="t"), target)
        assert "t" == learningcities.load(target).title


def test_the_folder_is_flushed_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without it, a power loss after the rename could lose the new file."""
    synced: list[bool] = []
    sync = os.fsync

    def fsync(descriptor: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(descriptor).st_mode))
        sync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    learningcities.save(learningcities.Dataset(), tmp_path / "register.json")
    assert ([False, True] if os.name == "posix" else [False]) == synced


@pytest.mark.parametrize(
    ("extensions", "expected"),
    [
        ({"x-a": float("nan")}, ["/x-a"]),
        ({"x-a": ["ok", "\ud800"]}, ["/x-a/1"]),
        ({"x-a": {"\udc80": 1}}, ["/x-a/\udc80"]),
        ({"x-a": {1: "one"}, "x-b": float("-inf")}, ["/x-a", "/x-b"]),
    ],
)
def test_what_json_cannot_hold_is_refused_before_writing(
    extensions: dict[str, Any], expected: list[str], tmp_path: Path
) -> None:
    """UnicodeEncodeError and ValueError came from deep inside; the file is kept."""
    target = tmp_path / "register.json"
    target.write_text("old", "utf-8")
    dataset = learningcities.Dataset(extensions=extensions)
    with pytest.raises(learningcities.InvalidDataError) as caught:
        learningcities.save(dataset, target)
    assert expected == [problem.pointer for problem in caught.value.problems]
    assert "old" == target.read_text("utf-8")
    assert [target.name] == [path.name for path in tmp_path.iterdir()]


# -- encodings: UTF-16 and UTF-32 named, byte order marks only at the start ----

_DOCUMENT = '{"learningcities": "1.0"}'
_LINES = "".join(
    '{"type": "city", "id": "ma-c%d", "name": "C", "country": "MA"}\n' % n  # noqa: UP031
    for n in range(5)
)


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16", "UTF-16 (little-endian)"),
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-32", "UTF-32 (little-endian)"),
        ("utf-32-le", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
    ],
)
@pytest.mark.parametrize("file", ["register.json", "cities.jsonl", "cities.csv"])
def test_utf16_and_utf32_are_named_once(
    codec: str, name: str, file: str, tmp_path: Path
) -> None:
    """Without a BOM: ``syntax``; UTF-32 was "UTF-16"; JSON Lines gave N problems."""
    text = {"json": _DOCUMENT, "jsonl": _LINES, "csv": "id,name,country\n"}
    path = tmp_path / file
    path.write_bytes(text[file.rpartition(".")[2]].encode(codec))
    problems = validate(path).problems
    assert [
        (
            1,
            1,
            "encoding",
            f"The file is not UTF-8: it is {name}. Save it again as UTF-8.",
        )
    ] == [(p.line, p.column, p.code, p.message) for p in problems]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"\xef\xbb\xbf\xef\xbb\xbf" + _DOCUMENT.encode(), 1),
        (b'{"learningcities":\n\xef\xbb\xbf "1.0"}', 2),
    ],
)
def test_a_second_byte_order_mark_in_json_is_reported(data: bytes, line: int) -> None:
    """Two at the start were both skipped."""
    problems = validate_document(data).problems
    assert [(line, "encoding")] == [(p.line, p.code) for p in problems]
    assert problems[0].message.startswith("A byte order mark (U+FEFF) stands here")


def test_byte_order_marks_inside_json_lines_are_reported(tmp_path: Path) -> None:
    """One on every line, or one in the middle, was skipped silently."""
    path = tmp_path / "cities.jsonl"
    path.write_bytes(
        b"".join(
            b"\xef\xbb\xbf" + line for line in _LINES.encode().splitlines(keepends=True)
        )
    )
    problems = validate(path).problems
    assert [(n, 1, "encoding") for n in range(2, 6)] == [
        (p.line, p.column, p.code) for p in problems
    ]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ('{"learningcities": "1.0", "x-\t": 1}', "invalid control character"),
        ('{"learningcities": "1.0", "title": "t', "unterminated string"),
    ],
)
def test_syntax_messages_end_without_a_dangling_place(text: str, detail: str) -> None:
    """The json module's "… at" was kept: "invalid control character at."."""
    (problem,) = validate_document(text).problems
    assert f"The document is not valid JSON: {detail}." == problem.message


def test_only_a_file_start_is_taken_for_utf16(tmp_path: Path) -> None:
    """A zero byte in a later JSON Lines line is a syntax error, not UTF-16."""
    path = tmp_path / "cities.jsonl"
    path.write_bytes(_LINES.encode() + b"{\x00}\n")
    problems = validate(path).problems
    assert [(6, "syntax")] == [(p.line, p.code) for p in problems]


@pytest.mark.parametrize(
    "line",
    [
        '{"type": "city", "id": "ma-a", "name": "A", "country": NaN}',
        '{"type": "network", "id": "n", "name": "N", '
        '"max_admissions_per_country_per_year": Infinity}',
        '{"type": "network", "id": "n", "name": "N", '
        '"max_admissions_per_country_per_year": 1, "max_admissions_since": NaN}',
    ],
)
def test_a_json_lines_value_json_cannot_hold_is_a_problem_not_a_crash(
    line: str, tmp_path: Path
) -> None:
    """A NaN in a field the rules look up stopped the check with a TypeError."""
    path = tmp_path / "records.jsonl"
    path.write_text(line + "\n", "utf-8")
    assert ["invalid-number"] == [p.code for p in validate(path).problems]
