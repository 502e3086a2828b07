"""The files of one run form one submission, checked as one dataset."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learningcities import (
    Dataset,
    InvalidDataError,
    dumps,
    load,
    validate,
    validate_document,
)
from learningcities._cli.main import run
from learningcities.models import KINDS, SINGULAR

from .strategies import consistent_datasets

if TYPE_CHECKING:
    from learningcities import Problem

HEAD = '{"learningcities": "1.1"'
NETWORK = '{"id": "unesco-gnlc", "name": "UNESCO GNLC"}'
CITIES = "id,name,country\nma-fez,Fez,MA\n"
MEMBERSHIPS = "id,city,network,joined\nm1,ma-fez,unesco-gnlc,2024\n"
NETWORKS = f'{HEAD}, "networks": [{NETWORK}]}}'
#: A submission of three files, each naming records of the others.
THREE = {
    "cities.csv": CITIES,
    "memberships.csv": MEMBERSHIPS,
    "networks.json": NETWORKS,
}


def _write(folder: Path, files: dict[str, str]) -> list[Path]:
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    return [folder / name for name in files]


def _lines(report_problems: tuple[Problem, ...], folder: Path) -> list[str]:
    return [str(p).replace(f"{folder}/", "") for p in report_problems]


def test_records_of_one_file_may_name_records_of_another(tmp_path: Path) -> None:
    files = _write(
        tmp_path,
        THREE,
    )
    assert () == validate(files).problems


def test_each_file_on_its_own_does_not_see_the_others(tmp_path: Path) -> None:
    files = _write(
        tmp_path,
        {
            "cities.csv": CITIES,
            "memberships.csv": MEMBERSHIPS,
        },
    )
    assert [
        "memberships.csv:2:2: error[unknown-reference] /memberships/0/city: 'city' "
        'names a city "ma-fez" that is not in the file (and no register was given).',
        "memberships.csv:2:3: error[unknown-reference] /memberships/0/network: "
        "'network' names a network \"unesco-gnlc\" that is not in the file (and no "
        "register was given).",
    ] == _lines(validate(files, each=True).problems, tmp_path)


def test_a_reference_to_no_record_of_any_file_says_so(tmp_path: Path) -> None:
    files = _write(
        tmp_path,
        {
            "cities.csv": CITIES,
            "memberships.csv": "id,city,network,joined\nm1,ma-fes,unesco-gnlc,2024\n",
            "networks.json": NETWORKS,
        },
    )
    assert [
        "memberships.csv:2:2: error[unknown-reference] /memberships/0/city: 'city' "
        'names a city "ma-fes" that is in none of the files (and no register was '
        "given).",
    ] == _lines(validate(files).problems, tmp_path)
    french = validate(files, lang="fr").problems[0].message
    assert (
        "'city' désigne une ville \"ma-fes\" qui ne figure dans aucun des fichiers "
        "(et aucun registre n'a été donné)." == french
    )


def test_a_duplicate_id_across_files_is_reported_at_both_places(
    tmp_path: Path,
) -> None:
    files = _write(
        tmp_path,
        {
            "cities.csv": "id,name,country\nma-fez,Fez,MA\nma-rabat,Rabat,MA\n",
            "more.json": f'{HEAD}, "cities": [{{"id": "ma-rabat", "name": "Rabat", '
            '"country": "MA"}]}',
        },
    )
    assert [
        "cities.csv:3:1: error[duplicate-id] /cities/1/id: 'id' \"ma-rabat\" is also "
        "the id of cities[0] in more.json; ids must be unique among cities.",
        "more.json:1:45: error[duplicate-id] /cities/0/id: 'id' \"ma-rabat\" is "
        "already the id of cities[1] in cities.csv; ids must be unique among cities.",
    ] == [
        line.replace(f"{tmp_path}/", "")
        for line in _lines(validate(files).problems, tmp_path)
    ]


def test_a_duplicate_in_one_file_is_reported_once(tmp_path: Path) -> None:
    files = _write(
        tmp_path,
        {
            "cities.csv": "id,name,country\nma-fez,Fez,MA\nma-fez,Fès,MA\n",
            "networks.json": NETWORKS,
        },
    )
    assert [
        "cities.csv:3:1: error[duplicate-id] /cities/1/id: 'id' \"ma-fez\" is already "
        "the id of cities[0]; ids must be unique among cities.",
    ] == _lines(validate(files).problems, tmp_path)


def test_memberships_of_two_files_overlap(tmp_path: Path) -> None:
    files = _write(
        tmp_path,
        {
            "a.jsonl": '{"type": "city", "id": "ma-fez", "name": "Fez", '
            '"country": "MA"}\n'
            '{"type": "membership", "id": "m1", "city": "ma-fez", '
            '"network": "unesco-gnlc", "joined": "2020"}\n',
            "b.json": f'{HEAD}, "networks": [{NETWORK}], "memberships": [{{"id": '
            '"m2", "city": "ma-fez", "network": "unesco-gnlc", "joined": "2024"}]}',
        },
    )
    assert [
        "b.json:1:103: error[membership-overlap] /memberships/0: 'memberships[0]' "
        'overlaps memberships[0] in a.jsonl: "ma-fez" would be a member of '
        '"unesco-gnlc" twice at once.',
    ] == [
        line.replace(f"{tmp_path}/", "")
        for line in _lines(validate(files).problems, tmp_path)
    ]


def test_a_folder_stands_for_its_supported_files(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "cities.csv": CITIES,
            "networks.json": NETWORKS,
            "notes.txt": "not data",
            ".hidden.json": "not read",
        },
    )
    report = validate(tmp_path)
    assert (str(tmp_path / "cities.csv"), str(tmp_path / "networks.json")) == (
        report.files
    )
    assert report.valid


def test_a_folder_without_data_files_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not data", "utf-8")
    assert [
        f"{tmp_path}: error[file-unreadable]: The folder holds no file to check: "
        "none of its names ends with .json, .jsonl, .csv, .tsv, .xlsx, .xlsm, .xls, "
        ".ods."
    ] == [str(p) for p in validate(tmp_path).problems]


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    (path,) = _write(tmp_path, {"cities.csv": "id,name,country\nma-fez,Fez,MA\n"})
    report = validate([path, tmp_path / "." / "cities.csv"])
    assert ((), (str(path),)) == (report.problems, report.files)


def test_the_register_may_be_files_of_any_format(tmp_path: Path) -> None:
    register = tmp_path / "register"
    register.mkdir()
    _write(
        register,
        {
            "cities.csv": CITIES,
            "networks.jsonl": '{"type": "network", "id": "unesco-gnlc", '
            '"name": "UNESCO GNLC"}\n',
        },
    )
    (submission,) = _write(
        tmp_path,
        {"memberships.csv": "id,city,network,joined\nm1,ma-fez,unesco-gnlc,2024\n"},
    )
    assert validate(submission, register=register).valid
    assert validate(
        submission,
        register=[register / "cities.csv", register / "networks.jsonl"],
    ).valid
    assert not validate(submission, register=register / "cities.csv").valid


def test_a_register_with_errors_is_refused(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    register = _write(
        tmp_path,
        {
            "a/cities.csv": "id,name,country\nma-fez,Fez,MA\n",
            "b/cities.csv": "id,name,country\nma-fez,Fès,MA\n",
        },
    )
    with pytest.raises(InvalidDataError) as caught:
        validate([], register=register)
    assert [("duplicate-id", "a"), ("duplicate-id", "b")] == [
        (p.code, Path(str(p.file)).parent.name) for p in caught.value.problems
    ]


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(argv, stdout=out, stderr=err)
    return status, out.getvalue()


def test_the_command_line_reads_a_register_of_several_files(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "cities.csv": CITIES,
            "networks.json": NETWORKS,
            "memberships.csv": MEMBERSHIPS,
        },
    )
    status, out = _run(
        [
            "validate",
            str(tmp_path / "memberships.csv"),
            "--register",
            str(tmp_path / "cities.csv"),
            "--register",
            str(tmp_path / "networks.json"),
        ]
    )
    assert (0, "0 errors, 0 warnings in 1 file\n") == (status, out)
    status, out = _run(["validate", str(tmp_path / "memberships.csv"), "--each"])
    assert 1 == status
    assert "that is not in the file" in out


# -- a document split into files gives the problems of the whole ---------------


def _record_keys(problem: Problem, origin: dict[tuple[str, str, int], int]) -> Any:
    """What a problem says and where, with the record's index in the whole."""
    parts = problem.pointer.split("/")[1:]
    if len(parts) < 2 or parts[0] not in KINDS:
        return problem.code, problem.severity, problem.pointer
    kind, index = parts[0], int(parts[1])
    whole = origin.get((str(problem.file), kind, index), index)
    return problem.code, problem.severity, kind, whole, "/".join(parts[2:])


@st.composite
def _submissions(draw: st.DrawFn) -> tuple[dict[str, Any], list[list[Any]]]:
    """A document with some records copied (duplicates, overlaps) or dropped."""
    document = json.loads(dumps(draw(consistent_datasets())))
    for kind in KINDS:
        records = document.get(kind, [])
        if records and draw(st.booleans()):
            copied = draw(st.sampled_from(records))
            records.insert(draw(st.integers(0, len(records))), copied)
        if len(records) > 1 and draw(st.booleans()):
            records.pop(draw(st.integers(0, len(records) - 1)))
        if records:
            document[kind] = records
    cuts = [
        sorted(draw(st.lists(st.integers(0, len(document.get(kind, []))), max_size=2)))
        for kind in KINDS
    ]
    return document, cuts


@given(_submissions(), st.lists(st.booleans(), min_size=2, max_size=2))
def test_a_document_split_into_files_gives_the_problems_of_the_whole(
    drawn: tuple[dict[str, Any], list[list[int]]], lines: list[bool]
) -> None:
    """Cut each kind's records into three files, in order, JSON or JSON Lines.

    The first file is a dataset document with the document's own keys; the
    others are dataset documents or JSON Lines files.
    """
    document, cuts = drawn
    as_lines = [False, *lines]
    whole = validate_document(json.dumps(document), today=_TODAY)
    with tempfile.TemporaryDirectory() as folder:
        files, origin = _split(Path(folder), document, cuts, as_lines)
        split = validate(files, today=_TODAY)
    also = [p for p in split.problems if "is also the id of" in p.message]
    found = Counter(_record_keys(p, origin) for p in split.problems if p not in also)
    assert Counter(_record_keys(p, {}) for p in whole.problems) == found
    for problem in also:  # the first record of an id that another file has too
        code, _, kind, index, _ = _record_keys(problem, origin)
        ids = [record.get("id") for record in document[kind]]
        assert ("duplicate-id", index) == (code, ids.index(ids[index]))


_TODAY = dt.date(2026, 11, 30)


def _bounds(cuts: list[int], size: int) -> list[int]:
    """Where each of the three files begins and ends in a list of *size*."""
    bounds = [0, *cuts]
    while len(bounds) < 4:
        bounds.append(size)
    return bounds


def _any(document: dict[str, Any], cuts: list[list[int]], n: int) -> bool:
    """Whether the *n*-th of the three files gets a record."""
    return any(
        bounds[n + 1] > bounds[n]
        for kind, kind_cuts in zip(KINDS, cuts, strict=True)
        if (bounds := _bounds(kind_cuts, len(document.get(kind, []))))
    )


def _split(
    folder: Path,
    document: dict[str, Any],
    cuts: list[list[int]],
    as_lines: list[bool],
) -> tuple[list[Path], dict[tuple[str, str, int], int]]:
    """Write the records of *document* as three files, each kind cut at *cuts*."""
    pieces: list[dict[str, list[Any]]] = [{}, {}, {}]
    origin: dict[tuple[str, str, int], int] = {}
    files = [
        folder / f"part{n}.{'jsonl' if lines and _any(document, cuts, n) else 'json'}"
        for n, lines in enumerate(as_lines)
    ]
    for kind, kind_cuts in zip(KINDS, cuts, strict=True):
        records = document.get(kind, [])
        bounds = _bounds(kind_cuts, len(records))
        for n in range(3):
            chunk = records[bounds[n] : bounds[n + 1]]
            pieces[n][kind] = chunk
            for local in range(len(chunk)):
                origin[str(files[n]), kind, local] = bounds[n] + local
    header = {k: v for k, v in document.items() if k not in KINDS}
    for n, path in enumerate(files):
        if as_lines[n] and any(pieces[n].values()):
            singular = {plural: one for one, plural in SINGULAR.items()}
            lines = [
                json.dumps({"type": singular[kind], **record})
                for kind in KINDS
                for record in pieces[n][kind]
            ]
            path.write_text("".join(f"{line}\n" for line in lines), "utf-8")
        else:
            own = header if n == 0 else {"learningcities": document["learningcities"]}
            content = {**own, **{k: v for k, v in pieces[n].items() if v}}
            path.write_text(json.dumps(content), "utf-8")
    return files, origin


# -- loading a submission -------------------------------------------------------


@given(consistent_datasets(), st.booleans())
def test_a_dataset_split_into_a_document_and_json_lines_loads_equal(
    dataset: Dataset, folder_given: bool
) -> None:
    document = json.loads(dumps(dataset))
    singular = {plural: one for one, plural in SINGULAR.items()}
    lines = [
        json.dumps({"type": singular[kind], **record})
        for kind in KINDS
        for record in document.pop(kind, [])
    ]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "dataset.json").write_text(json.dumps(document), "utf-8")
        files = [folder / "dataset.json"]
        if lines:
            (folder / "records.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
            files.append(folder / "records.jsonl")
        loaded = load(folder if folder_given else files)
    assert dataset == loaded


def test_csv_files_and_a_document_load_as_one_dataset(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "cities.csv": 'ID;Name;Country;Aliases\nma-fez;Fès;MA;"Fes;Fez"\n',
            "memberships.csv": MEMBERSHIPS,
            "networks.json": f'{HEAD}, "title": "Morocco", "networks": [{NETWORK}]}}',
        },
    )
    dataset = load(tmp_path)
    assert "Morocco" == dataset.title
    assert [("ma-fez", ("Fes", "Fez"))] == [(c.id, c.aliases) for c in dataset.cities]
    assert ["m1"] == [m.id for m in dataset.memberships]
    assert dataset == load(sorted(tmp_path.iterdir()))


def test_a_submission_with_an_error_does_not_load(tmp_path: Path) -> None:
    (path,) = _write(
        tmp_path, {"memberships.csv": "id,city,network,joined\nm1,a,b,2024\n"}
    )
    with pytest.raises(InvalidDataError) as caught:
        load([path])
    assert ["unknown-reference", "unknown-reference"] == [
        p.code for p in caught.value.problems
    ]
    with pytest.raises(InvalidDataError):
        load(tmp_path / "events.csv")  # no such file: a problem of the error


def test_the_query_commands_read_a_dataset_of_several_files(tmp_path: Path) -> None:
    _write(
        tmp_path,
        THREE,
    )
    data = [f"--data={tmp_path / name}" for name in ("cities.csv", "networks.json")]
    status, out = _run(["members", "unesco-gnlc", "--format", "csv", *data])
    assert (0, "id,city,name,country,network,joined,status,left\n") == (status, out)
    data.append(f"--data={tmp_path / 'memberships.csv'}")
    status, out = _run(["members", "unesco-gnlc", "--format", "csv", *data])
    assert 0 == status
    assert "m1,ma-fez,Fez,MA,unesco-gnlc,2024,active," == out.splitlines()[1]
    status, out = _run(["summary", str(tmp_path), "--format", "json"])
    assert 0 == status
    assert {"cities": 1, "memberships": 1, "networks": 1} == {
        kind: count for kind, count in json.loads(out)["counts"].items() if count
    }


def test_the_query_commands_accept_a_register(tmp_path: Path) -> None:
    _write(
        tmp_path,
        THREE,
    )
    alone = ["summary", "--data", str(tmp_path / "memberships.csv")]
    assert (1, "") == _run(alone)
    register = [f"--register={tmp_path / n}" for n in ("cities.csv", "networks.json")]
    status, out = _run([*alone, *register, "--format", "json"])
    assert (0, 1) == (status, json.loads(out)["counts"]["memberships"])


EXAMPLES = Path(__file__).parent.parent / "examples"


def test_the_example_submission_is_valid_against_the_register() -> None:
    report = validate(EXAMPLES / "submission", register=EXAMPLES / "register.json")
    assert ((), 3) == (report.problems, len(report.files))
    dataset = load(EXAMPLES / "submission", register=EXAMPLES / "register.json")
    assert (13, 9, 9) == (
        len(dataset.sources),
        len(dataset.cities),
        len(dataset.memberships),
    )


def test_the_broken_example_submission_reports_only_true_problems() -> None:
    """A French spreadsheet's ';' CSV files, with four mistakes a partner makes."""
    folder = EXAMPLES / "submission-broken"
    report = validate(folder, register=EXAMPLES / "register.json")
    assert [
        "cities.csv:1:1: warning[not-normalized] /cities: The header writes 'ID', "
        "'Name', 'Country', read as 'id', 'name', 'country': field names are in "
        "lower case, without spaces around them.",
        "cities.csv:10:3: error[schema] /cities/8/country: Row 10: 'country' is "
        "empty; it is required.",
        "cities.csv:11:1: error[duplicate-id] /cities/9/id: 'id' \"ma-fez\" is "
        "already the id of cities[5]; ids must be unique among cities.",
        "memberships.csv:8:2: error[unknown-reference] /memberships/6/city: 'city' "
        'names a city "ma-essaouria" that is in none of the files nor in the '
        "register.",
        "memberships.csv:11:1: error[membership-overlap] /memberships/9: "
        "'memberships[9]' overlaps memberships[5]: \"ma-fez\" would be a member "
        'of "unesco-gnlc" twice at once.',
    ] == [
        str(p).removeprefix(f"{EXAMPLES}/submission-broken/") for p in report.problems
    ]
