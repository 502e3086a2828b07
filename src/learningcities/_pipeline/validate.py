"""Validation: read files, check every record and the rules across them, report.

The data flow one way: bytes → text → JSON values (defects marked, not
raised) → one model per record → the rules across records → problems placed
at their line and column (computed only when there are problems) → a report.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from learningcities._checking import convert, rules
from learningcities._checking.textfields import text_field_findings
from learningcities._findings import Finding, FindingsError, render
from learningcities._messages import LANGUAGES, Language, Text
from learningcities._pipeline.options import Options, errors_at
from learningcities._reading.files import PathLike, read_input
from learningcities._reporting.report import Report
from learningcities._speed import Mode, Speed, speed
from learningcities._speed.gc import collector_paused
from learningcities.errors import InvalidDataError, Severity
from learningcities.models import KINDS, SINGULAR, Dataset, RecordKind

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping

    from learningcities.errors import Problem

__all__ = ["check_document", "unreadable", "validate", "validate_document"]


def _options(
    register: Dataset | PathLike | None,
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
        raw = rules.raw_records(convert.unstructure(register))
    elif register is not None:
        raw = _register_records(register, Options(None, day, lang, fast))
    return Options(raw, day, lang, fast)


def _register_records(path: PathLike, options: Options) -> rules.Raw:
    """The records of the register at *path*, checked as a file is, not built.

    Raises:
        InvalidDataError: the register has errors.
        OSError: it cannot be read.
    """
    data = read_input(path)
    checked = check_document(data, file=os.fspath(path), options=options)
    if any(p.severity is Severity.ERROR for p in checked.problems):
        raise InvalidDataError(checked.problems)
    return checked.records


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


@collector_paused()
def check_document(
    data: str | bytes | Any,
    *,
    file: str | None,
    options: Options,
    build: bool = False,
) -> _Checked:
    """Check one dataset document: JSON text, bytes, or an already parsed value.

    With *build*, the dataset of the valid records is returned too; without,
    the records are only checked, which is faster.
    """
    speed = options.speed
    try:
        reading = speed.reading(data)
    except FindingsError as error:
        return _Checked(None, render(error.findings, lang=options.lang, file=file), {})
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
    findings += rules.text_findings(document, walk)
    if convert.declared_version(document) != "1.0":  # the rules of the newest format
        findings += _text_fields(document, suspects, findings)
    positions = speed.place(reading, findings)
    problems = render(findings, lang=options.lang, file=file, positions=positions)
    LAST_DOCUMENT.keep(document)
    return _Checked(dataset, _in_order(problems), records)


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
    far = 2**62
    return sorted(problems, key=lambda p: (p.file or "", p.line or far, p.column or 0))


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
    name = os.fspath(path)
    suffix = pathlib.Path(name).suffix.lower()
    try:
        if suffix == ".jsonl":
            from learningcities._pipeline.jsonlines import check_jsonl  # noqa: PLC0415

            return check_jsonl(path, file=name, options=options)
        if suffix == ".csv":
            from learningcities._pipeline.csvfiles import (  # noqa: PLC0415
                check_csv,
                kind_named_by,
            )

            csv_kind = kind_named_by(path) or kind  # a name that tells a kind wins
            if csv_kind is None:
                return render([_KIND_UNKNOWN], lang=options.lang, file=name)
            return check_csv(path, csv_kind, file=name, options=options)
        data = read_input(path)
    except OSError as error:
        return unreadable(path, error, options.lang)
    return check_document(data, file=name, options=options).problems


def validate(  # noqa: PLR0913 (keyword-only options)
    paths: PathLike | Iterable[PathLike],
    *,
    register: Dataset | PathLike | None = None,
    lang: Language = "en",
    today: dt.date | None = None,
    kind: RecordKind | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    mode: Mode | None = None,
) -> Report:
    r"""Validate files: datasets (``.json``), entities (``.jsonl``, ``.csv``).

    Every problem of every file is reported, with its file, line, column and
    JSON Pointer. A file that cannot be read is a ``file-unreadable``
    problem, and the other files are checked.

    Args:
        paths: one path or several.
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
    names, problems = [], []
    paths = list(paths)
    for number, path in enumerate(paths, 1):
        names.append(os.fspath(path))
        problems += _check_file(path, options, kind)
        if progress is not None:
            progress(number, len(paths), os.fspath(path))
    return Report(problems=tuple(problems), files=tuple(names), lang=lang)


def validate_document(  # noqa: PLR0913 (keyword-only options)
    document: str | bytes | Mapping[str, Any] | Dataset,
    *,
    name: str | None = None,
    register: Dataset | PathLike | None = None,
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


def load_checked(
    data: str | bytes,
    *,
    file: str | None,
    register: Dataset | PathLike | None,
    mode: Mode | Speed | None = None,
) -> Dataset:
    """Load a document, raising :class:`InvalidDataError` if it has errors."""
    options = _options(register, None, "en", mode)
    dataset, problems, _ = check_document(data, file=file, options=options, build=True)
    if dataset is None or any(p.severity is Severity.ERROR for p in problems):
        raise InvalidDataError(problems)
    return dataset
