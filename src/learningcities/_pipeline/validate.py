"""Validation: read files, check every record and the rules across them, report.

The data flow one way: bytes → text → JSON values (defects marked, not
raised) → one model per record → the rules across records → problems placed
at their line and column (computed only when there are problems) → a report.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from learningcities._checking import convert, rules
from learningcities._checking.textfields import text_field_findings
from learningcities._findings import Finding, FindingsError, drained, placed, render
from learningcities._messages import LANGUAGES, Language, Text
from learningcities._pipeline.options import Options, errors_at
from learningcities._pipeline.submission import Part, check_together, records_of
from learningcities._reading import jsontext
from learningcities._reading.csvtext import CSV_FILES
from learningcities._reading.files import PathLike, read_input
from learningcities._reporting.report import Report
from learningcities._speed import Mode, Speed, speed
from learningcities._speed.gc import collector_paused
from learningcities.errors import InvalidDataError, Severity
from learningcities.models import (
    FORMAT_VERSION,
    FORMAT_VERSIONS,
    KINDS,
    SINGULAR,
    Dataset,
    RecordKind,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator, Mapping, Sequence

    from learningcities.errors import Problem

__all__ = [
    "CSV_FILES",
    "ENTITY_FILES",
    "SUPPORTED",
    "WORKBOOKS",
    "built_document",
    "check_document",
    "checked_values",
    "document_errors",
    "document_part",
    "known_values",
    "load_checked",
    "load_files",
    "one_document",
    "rule_errors",
    "unreadable",
    "validate",
    "validate_document",
]


#: A register: a dataset, or the files that hold one (see :func:`validate`).
Register = Dataset | PathLike | Iterable[PathLike]


def _options(
    register: Register | None,
    today: dt.date | None,
    lang: Language,
    mode: Mode | Speed | None = None,
) -> Options:
    """The options of a run, checked, and its mode resolved (:func:`._speed.speed`)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    fast = mode if isinstance(mode, Speed) else speed(mode)
    day = today or dt.date.today()  # noqa: DTZ011 (a calendar day)
    raw = None
    if isinstance(register, Dataset):
        known = _KNOWN_VALUES.get()
        values = known[1] if known and known[0] is register else None
        raw = rules.raw_records(values or convert.unstructure(register))
    elif register is not None:
        paths = [register] if isinstance(register, (str, os.PathLike)) else register
        raw = _register_records(paths, Options(None, day, lang, fast))
    return Options(raw, day, lang, fast)


#: A dataset and its JSON values, when a caller has them already (see
#: :func:`known_values`).
_KNOWN_VALUES: ContextVar[tuple[Dataset, Mapping[str, Any]] | None] = ContextVar(
    "known_values", default=None
)


@contextmanager
def known_values(dataset: Dataset, values: Mapping[str, Any]) -> Iterator[None]:
    """Within the block, a register given as *dataset* is read from *values*.

    *values* must be ``convert.unstructure(dataset)``, which a caller such
    as :func:`learningcities.merge` holds already: a register of 100,000
    records then costs nothing more to check a submission against.
    """
    token = _KNOWN_VALUES.set((dataset, values))
    try:
        yield
    finally:
        _KNOWN_VALUES.reset(token)


def _register_records(paths: Iterable[PathLike], options: Options) -> rules.Raw:
    """The records of the register in the files *paths*, checked together, not built.

    The register is read as a submission is (see :func:`validate`): its
    files together, a folder standing for the files in it.

    Raises:
        InvalidDataError: the register has errors.
        OSError: a file of it cannot be read.
    """
    before, files = _expanded(paths, options.lang)
    problems = [problem for found in before.values() for problem in found]
    parts: list[Part] = []
    for path in files:
        found, unread = _parts_of(path, options, None, strict=True)
        parts += found
        problems += unread
    for together in check_together(parts, options):
        problems += together
    if any(p.severity is Severity.ERROR for p in problems):
        raise InvalidDataError(problems)
    return records_of(parts)


class _LastDocument:
    """The last document checked, when the program ends right after checking.

    Freeing the values of a large document costs about a fifth of reading
    it; a program that ends at once without freeing them (the command line)
    need not pay that for its last file.
    """

    def __init__(self) -> None:
        self.on = False
        self.kept: Any = None

    def keep(self, document: Any) -> None:
        if self.on:
            self.kept = document  # the one kept before is freed


LAST_DOCUMENT: Final = _LastDocument()


class _Checked(NamedTuple):
    """What checking one document gives."""

    dataset: Dataset | None  # only when asked to build it
    problems: list[Problem]
    records: rules.Raw  # every record as written, by kind
    document: Any  # the JSON values read


@collector_paused()
def check_document(
    data: str | bytes | Any,
    *,
    file: str | None,
    options: Options,
    build: bool = False,
    values: bool = True,
) -> _Checked:
    """Check one dataset document: JSON text, bytes, or an already parsed value.

    With *build*, the dataset of the valid records is returned too; without,
    the records are only checked, which is faster. Without *values*, the
    caller needs only the problems: the values read are let go before many
    problems are placed, and are not returned.
    """
    speed = options.speed
    try:
        reading = speed.reading(data)
    except FindingsError as error:
        found = render(error.findings, lang=options.lang, file=file)
        return _Checked(None, found, {}, None)
    document = reading.document
    suspects, walk, makers = speed.sort(reading, build=build)
    dataset, findings = convert.structure_document(
        document, build=build, suspects=suspects, makers=makers
    )
    records = rules.raw_records(document)
    findings += rules.check(
        records,
        skip=errors_at(findings),
        register=options.register,
        today=options.today,
    )
    findings += _on_text(document, walk, suspects, findings)
    if not values and len(findings) >= _MANY:  # freed before their problems are made
        reading.document = document = None
        records = {}
    placed(findings, speed.place(reading, findings))
    del reading  # and the text it may have decoded
    problems = render(drained(findings), lang=options.lang, file=file)
    LAST_DOCUMENT.keep(document)
    return _Checked(dataset, _in_order(problems), records, document)


#: How many findings make it worth freeing a document's values before they
#: are placed, when the caller does not need them (see :func:`check_document`):
#: it costs time (about a fifth of reading them), and spares memory for the
#: problems, which may be a thousand times as many (a million unknown keys).
_MANY: Final = 10_000


@collector_paused()
def document_part(data: str | bytes, *, file: str, options: Options) -> Part:
    """Read one dataset document of a submission and check its records.

    The rules across records are left to :func:`.submission.check_together`;
    the document is kept until then, to place their findings in its text.
    """
    speed = options.speed
    try:
        reading = speed.reading(data)
    except FindingsError as error:
        findings = error.findings
        return Part(file, {}, set(), findings, _rendered(options, file))
    document = reading.document
    suspects, walk, _ = speed.sort(reading, build=False)
    _, findings = convert.structure_document(
        document, build=False, suspects=suspects, makers=None
    )
    skip = errors_at(findings)
    findings += _on_text(document, walk, suspects, findings)

    def place(found: list[Finding]) -> list[Problem]:
        placed(found, speed.place(reading, found))
        return _in_order(render(drained(found), lang=options.lang, file=file))

    return Part(file, rules.raw_records(document), skip, findings, place)


def _rendered(options: Options, file: str) -> Callable[[list[Finding]], list[Problem]]:
    """Word findings that are placed already, in the order of the file."""

    def place(found: list[Finding]) -> list[Problem]:
        return _in_order(render(found, lang=options.lang, file=file))

    return place


def _on_text(
    document: Any,
    walk: Mapping[str, Collection[int]] | None,
    suspects: Mapping[str, Collection[int]] | None,
    found: list[Finding],
) -> list[Finding]:
    """The findings of the rules on text: NFC and visible, and format 1.1's.

    *walk* names the records whose text must be walked string by string,
    *suspects* those the first pass did not clear (None: every record);
    *found* holds the findings so far, whose values get no other.
    """
    findings = rules.text_findings(document, walk)
    if convert.declared_version(document) != "1.0":  # the rules of the newest format
        findings += _text_fields(document, suspects, [*found, *findings])
    return findings


def _text_fields(
    document: Any, suspects: Mapping[str, Collection[int]] | None, found: list[Finding]
) -> list[Finding]:
    """The findings of the rules of format 1.1 on text: see `_checking.textfields`.

    Only the records in *suspects* are read, if given: the first pass clears
    no record whose text fields are not neat. A value with a problem in
    *found* already gets no other.
    """
    if not isinstance(document, dict):
        return []
    skip = {finding.path for finding in found}
    header = {key: value for key, value in document.items() if key not in KINDS}
    findings = text_field_findings(header, Dataset, (), skip)
    for kind, cls in convert.ENTITY_KINDS.items():
        records = document.get(kind)
        if type(records) is not list:
            continue
        indices = range(len(records)) if suspects is None else suspects.get(kind, ())
        for index in sorted(indices):
            findings += text_field_findings(records[index], cls, (kind, index), skip)
    return findings


def _in_order(problems: list[Problem]) -> list[Problem]:
    """*problems*, of one file, sorted in place by line and column; unplaced last.

    The key is one number per problem, not a tuple: a million problems are
    sorted with a few tens of megabytes less.
    """
    far = 1 << 62
    problems.sort(key=lambda p: (p.line or far) << 32 | (p.column or 0))
    return problems


def unreadable(path: PathLike, error: OSError, lang: str) -> list[Problem]:
    """The ``file-unreadable`` problem of *path*, whose reading raised *error*."""
    reason = Text(error.strerror) if error.strerror else str(error)
    text = Text("The file cannot be read: {reason}.", {"reason": reason})
    return render([Finding("file-unreadable", text)], lang=lang, file=os.fspath(path))


def _plural(kind: str | None) -> RecordKind | None:
    """*kind* in the plural (``cities``), given in either number.

    Raises:
        ValueError: *kind* is no kind of record.
    """
    if kind is None or kind in KINDS:
        return kind  # type: ignore[return-value]  # one of KINDS
    if kind in SINGULAR:
        return SINGULAR[kind]  # type: ignore[return-value]
    kinds = ", ".join(map(repr, KINDS))
    raise ValueError(f"kind must be one of {kinds} (or their singular), not {kind!r}")


#: A CSV file whose kind neither its name nor the caller tells: it cannot be
#: read as records, so it is reported as a file that cannot be read.
_KIND_UNKNOWN: Final = Finding(
    "file-unreadable",
    Text(
        "Cannot tell which kind of records the file holds: name it after its kind "
        "(cities.csv, events.csv, ...) or give the kind (--kind events)."
    ),
)


def _check_file(path: PathLike, options: Options, kind: str | None) -> list[Problem]:
    """The problems of one file checked on its own.

    A dataset document and a JSON Lines file take the shorter way of their
    format; a CSV file or a workbook is checked as a submission of its
    parts (a workbook's sheets), which gives one file the same problems.
    """
    name = os.fspath(path)
    suffix = pathlib.Path(name).suffix.lower()
    if suffix in CSV_FILES or suffix in WORKBOOKS:
        parts, problems = _parts_of(path, options, kind)
        together = check_together(parts, options)
        return problems + [problem for found in together for problem in found]
    try:
        if suffix == ".jsonl":
            from learningcities._pipeline.jsonlines import check_jsonl  # noqa: PLC0415

            return check_jsonl(path, file=name, options=options)
        data = read_input(path)
    except OSError as error:
        return unreadable(path, error, options.lang)
    return check_document(data, file=name, options=options, values=False).problems


def validate(  # noqa: PLR0913 (keyword-only options)
    paths: PathLike | Iterable[PathLike],
    *,
    register: Register | None = None,
    lang: Language = "en",
    today: dt.date | None = None,
    kind: RecordKind | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    mode: Mode | None = None,
    each: bool = False,
) -> Report:
    r"""Validate files: datasets (``.json``), entities (``.jsonl``, ``.csv``).

    The files form one submission: their records may refer to each other,
    and every rule across records (unique ids, references, date order,
    overlapping memberships, admission caps) runs over all of them and the
    register. Every problem of every file is reported, with its file, line,
    column and JSON Pointer. A file that cannot be read is a
    ``file-unreadable`` problem, and the other files are checked.

    Args:
        paths: one path or several; a folder stands for the files in it
            whose names end with ``.json``, ``.jsonl``, ``.csv`` or ``.tsv``.
        register: a reference dataset (a :class:`Dataset` or the path of
            one) that the files may refer to.
        lang: the language of the messages, ``"en"`` or ``"fr"``.
        today: what dates of past facts are compared with (by default the
            current date).
        kind: the kind of the records of a CSV file whose name does not say
            it (``cities.csv`` does), as ``"cities"`` or ``"city"``.
        progress: called after each file with its number, the count and its
            path.
        mode: how records are checked, ``"exact"``, ``"python"`` or
            ``"accelerated"`` (by default, as ``LEARNINGCITIES_NO_ACCELERATOR``
            says); the problems are the same in every mode, only the time
            differs.
        each: check each file on its own, as a dataset of its own.

    Returns:
        The report: every problem, in order of file, line and column.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp(), "cities.csv")
    >>> _ = path.write_text("id,name,country\nfes,Fès,MA\nrabat,,MA\n", "utf-8")
    >>> for problem in validate(path).problems:
    ...     print(problem.line, problem.column, problem.code, problem.message)
    3 2 schema Row 3: 'name' is empty; it is required.

    Raises:
        InvalidDataError: the register itself is not valid.
        OSError: the register cannot be read.
        ValueError: *lang*, *kind* or *mode* is none of the accepted values
            (the message names them).
    """
    options = _options(register, today, lang, mode)
    kind = _plural(kind)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    before, files = _expanded(paths, options.lang)
    if each or len(files) < 2:
        found = []
        for number, path in enumerate(files, 1):
            found.append(_check_file(path, options, kind))
            if progress is not None:
                progress(number, len(files), os.fspath(path))
    else:
        found = _check_together(files, options, kind, progress)
    problems: list[Problem] = []
    for number, file_problems in enumerate([*found, []]):
        problems += before.get(number, [])
        problems += file_problems
    names = tuple(os.fspath(path) for path in files)
    return Report(problems=tuple(problems), files=names, lang=lang)


#: The suffixes of workbooks, read a sheet per kind.
WORKBOOKS: Final = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
#: The suffixes of the files a folder given as a path stands for.
SUPPORTED: Final = (".json", ".jsonl", ".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods")
#: The suffixes of the files that hold records of kinds, not a dataset document.
ENTITY_FILES: Final = frozenset({".jsonl", *CSV_FILES, *WORKBOOKS})


def _expanded(
    paths: Iterable[PathLike], lang: str
) -> tuple[dict[int, list[Problem]], list[PathLike]]:
    """The files *paths* name, a folder standing for its supported files.

    A folder stands for the files directly in it whose suffix is one of
    :data:`SUPPORTED`, by name, hidden files left out; a folder with none
    is a ``file-unreadable`` problem, returned by the number of files
    before it (to keep the problems in the order of the paths). A file
    named twice is read once.
    """
    problems: dict[int, list[Problem]] = {}
    files: list[PathLike] = []
    seen: set[str] = set()
    for path in paths:
        found: Sequence[PathLike]
        if pathlib.Path(path).is_dir():
            found = sorted(
                os.path.join(path, entry.name)  # noqa: PTH118 (the name as given)
                for entry in os.scandir(path)
                if not entry.name.startswith(".")
                and pathlib.Path(entry.name).suffix.lower() in SUPPORTED
                and entry.is_file()
            )
            if not found:
                problems.setdefault(len(files), []).extend(
                    render([_NO_FILES], lang=lang, file=os.fspath(path))
                )
        else:
            found = [path]
        for file in found:
            if (real := os.path.realpath(file)) not in seen:
                seen.add(real)
                files.append(file)
    return problems, files


_NO_FILES: Final = Finding(
    "file-unreadable",
    Text(
        "The folder holds no file to check: none of its names ends with {suffixes}.",
        {"suffixes": ", ".join(SUPPORTED)},
    ),
)


def _check_together(
    files: list[PathLike],
    options: Options,
    kind: str | None,
    progress: Callable[[int, int, str], None] | None,
) -> list[list[Problem]]:
    """Check *files* as one submission (see :mod:`.submission`): each one's problems."""
    parts: list[Part] = []
    owned: list[tuple[int, list[Problem]]] = []  # by file: its parts, its problems
    for number, path in enumerate(files):
        found, unread = _parts_of(path, options, kind)
        parts += found
        owned.append((len(found), unread))
        if progress is not None:
            progress(number + 1, len(files), os.fspath(path))
    placed = iter(check_together(parts, options))
    by_file: list[list[Problem]] = []
    for count, unread in owned:
        problems = list(unread)
        for _ in range(count):  # a workbook is a part per sheet
            problems += next(placed)
        by_file.append(problems)
    return by_file


def _parts_of(
    path: PathLike, options: Options, kind: str | None, *, strict: bool = False
) -> tuple[list[Part], list[Problem]]:
    """The parts *path* is of a submission, or its problems if it cannot be read.

    A file is one part, a workbook one per sheet of a kind. With *strict*,
    a file that cannot be read raises OSError instead.
    """
    name = os.fspath(path)
    suffix = pathlib.Path(name).suffix.lower()
    try:
        if suffix == ".jsonl":
            from learningcities._pipeline.jsonlines import jsonl_part  # noqa: PLC0415

            return [jsonl_part(path, file=name, options=options)], []
        if suffix in CSV_FILES:
            from learningcities._pipeline.csvfiles import (  # noqa: PLC0415
                csv_part,
                kind_named_by,
            )

            csv_kind = kind_named_by(path) or kind
            if csv_kind is None:
                return [], render([_KIND_UNKNOWN], lang=options.lang, file=name)
            return [csv_part(path, csv_kind, file=name, options=options)], []
        if suffix in WORKBOOKS:
            from learningcities._pipeline.workbooks import (  # noqa: PLC0415
                workbook_parts,
            )

            return workbook_parts(path, file=name, options=options)
        data = read_input(path)
    except OSError as error:
        if strict:
            raise
        return [], unreadable(path, error, options.lang)
    return [document_part(data, file=name, options=options)], []


def validate_document(  # noqa: PLR0913 (keyword-only options)
    document: str | bytes | Mapping[str, Any] | Dataset,
    *,
    name: str | None = None,
    register: Register | None = None,
    lang: Language = "en",
    today: dt.date | None = None,
    mode: Mode | None = None,
) -> Report:
    """Validate a dataset document held in memory: JSON text, bytes, a dict, a Dataset.

    Problems in JSON text are placed at their line and column; in a dict,
    they have only their JSON Pointer. A :class:`Dataset` is validated as
    the text :func:`dumps` writes of it (see :meth:`Dataset.problems`).

    Args:
        document: the document.
        name: what the report calls it, as a file name (by default none).
        register: as for :func:`validate`.
        lang: as for :func:`validate`.
        today: as for :func:`validate`.
        mode: as for :func:`validate`.

    Returns:
        The report of the document's problems.

    >>> report = validate_document({"learningcities": "1.1"})
    >>> report.valid, report.problems
    (True, ())
    """
    if isinstance(document, Dataset):
        document = convert.dumps(document)
    options = _options(register, today, lang, mode)
    problems = check_document(document, file=name, options=options).problems
    return Report(problems=tuple(problems), files=(name or "<document>",), lang=lang)


def document_errors(document: Mapping[str, Any]) -> list[Problem]:
    """The errors of a dataset document's JSON values, rules across records included.

    For values that are not from a file (a register as a merge makes it):
    the problems have only their JSON Pointer.
    """
    options = _options(None, None, "en", None)
    problems = check_document(document, file=None, options=options).problems
    return [problem for problem in problems if problem.severity is Severity.ERROR]


def rule_errors(document: Mapping[str, Any]) -> list[Problem]:
    """The errors of the rules across records, for records each known to be valid.

    Cheaper than :func:`document_errors` by the check of each record, which
    the caller has made (a merge checks the records it changed).
    """
    findings = rules.check(
        rules.raw_records(document),
        register=None,
        today=dt.date.today(),  # noqa: DTZ011
    )
    problems = render(findings)
    return [problem for problem in problems if problem.severity is Severity.ERROR]


def built_document(document: Mapping[str, Any]) -> Dataset:
    """The dataset of a document whose records are known to be valid, built only.

    The rules across records are not applied: the records may refer to
    others that are not in *document*.

    Raises:
        InvalidDataError: a record is not valid after all.
    """
    fast = speed(None)
    suspects, _, makers = fast.sort(fast.reading(document), build=True)
    dataset, findings = convert.structure_document(
        document, suspects=suspects, makers=makers
    )
    if findings:
        raise InvalidDataError(render(findings))
    return dataset


def load_checked(
    data: str | bytes,
    *,
    file: str | None,
    register: Register | None,
    mode: Mode | Speed | None = None,
) -> Dataset:
    """Load a document, raising :class:`InvalidDataError` if it has errors."""
    options = _options(register, None, "en", mode)
    dataset, problems, *_ = check_document(data, file=file, options=options, build=True)
    if dataset is None or any(p.severity is Severity.ERROR for p in problems):
        raise InvalidDataError(problems)
    return dataset


def load_files(
    paths: PathLike | Iterable[PathLike],
    *,
    register: Register | None,
    kind: RecordKind | None = None,
    mode: Mode | None = None,
) -> Dataset:
    """Load the files *paths* as one dataset, as :func:`validate` checks them.

    Raises:
        InvalidDataError: with every problem found, if one is an error (a
            file that cannot be read is one).
    """
    values = _files_values(paths, register=register, kind=kind, mode=mode)
    # Checked already, rules across records included: only built here.
    dataset, findings = convert.structure_document(values)
    if findings:  # cannot happen for files that validated; said if it does
        raise InvalidDataError(render(findings))
    return dataset


def one_document(path: PathLike) -> bool:
    """Whether *path* names one dataset document, not a folder nor entity files."""
    suffix = pathlib.Path(path).suffix.lower()
    return suffix not in ENTITY_FILES and not pathlib.Path(path).is_dir()


def checked_values(
    paths: PathLike | Iterable[PathLike],
    *,
    kind: RecordKind | None = None,
    register: Register | None = None,
) -> dict[str, Any]:
    """The JSON values of the dataset in the files *paths*, checked but not built.

    The files are checked as :func:`learningcities.load` checks them.
    The values are the records as written (not in canonical form), for a
    caller that compares them before it builds any (see
    :func:`learningcities.diff`).

    Raises:
        InvalidDataError: with every problem found, if one is an error.
        OSError: the one dataset document cannot be read.
    """
    if isinstance(paths, (str, os.PathLike)) and one_document(paths):
        options = _options(register, None, "en", None)
        data, name = read_input(paths), os.fspath(paths)
        found = check_document(data, file=name, options=options)
        if any(p.severity is Severity.ERROR for p in found.problems):
            raise InvalidDataError(found.problems)
        values: dict[str, Any] = found.document
        return values
    return _files_values(paths, register=register, kind=kind)


def _files_values(
    paths: PathLike | Iterable[PathLike],
    *,
    register: Register | None,
    kind: RecordKind | None,
    mode: Mode | None = None,
) -> dict[str, Any]:
    """The files *paths* validated as one submission, as one document's values.

    Raises:
        InvalidDataError: with every problem found, if one is an error.
    """
    report = validate(paths, register=register, kind=kind, mode=mode)
    if not report.valid:
        raise InvalidDataError(report.problems)
    return _merged(report.files, _plural(kind))


def _merged(files: Iterable[str], kind: str | None) -> dict[str, Any]:
    """The records of files that validated, whole, as one dataset document.

    The keys of the dataset itself (``title``, …) are the first document's
    that has each; the document declares the newest format version of its
    files (JSON Lines and CSV files are read as the newest format).
    """
    from learningcities._pipeline.csvfiles import (  # noqa: PLC0415
        csv_records,
        kind_named_by,
    )
    from learningcities._pipeline.jsonlines import jsonl_records  # noqa: PLC0415
    from learningcities._pipeline.workbooks import workbook_records  # noqa: PLC0415

    document: dict[str, Any] = {}
    versions: list[str] = []
    for file in files:
        suffix = pathlib.Path(file).suffix.lower()
        if suffix == ".jsonl":
            found = jsonl_records(file)
            versions.append(FORMAT_VERSION)
        elif suffix in CSV_FILES:
            csv_kind = str(kind_named_by(file) or kind)
            found = {csv_kind: csv_records(file, csv_kind)}
            versions.append(FORMAT_VERSION)
        elif suffix in WORKBOOKS:
            found = workbook_records(file)
            versions.append(FORMAT_VERSION)
        else:
            parsed = jsontext.parse(jsontext.read_text(file))
            found = {key: parsed[key] for key in KINDS if key in parsed}
            for key, value in parsed.items():
                if key not in KINDS:
                    document.setdefault(key, value)
            versions.append(str(parsed.get("learningcities")))
        for records_kind, records in found.items():
            document.setdefault(records_kind, []).extend(records)
    document["learningcities"] = max(
        versions or [FORMAT_VERSION], key=FORMAT_VERSIONS.index
    )
    return document
