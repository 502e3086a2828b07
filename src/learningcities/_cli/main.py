"""The ``learningcities`` command line.

:func:`main` only calls :func:`run`, which takes the arguments and the output
streams and returns the exit status: 0 success, 1 invalid data, 2 a usage
error or a file that cannot be read.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn, cast

import attrs

from learningcities._choices import CHANGE_FORMATS, EXPORT_FORMATS, TEMPLATE_FORMS
from learningcities._cli.queries import (
    QUERY_COMMANDS,
    add_data_arguments,
    add_query_commands,
    run_query,
)
from learningcities._io import load, loads, save
from learningcities._messages import LANGUAGES, Language, Text
from learningcities._pipeline.validate import LAST_DOCUMENT, unreadable, validate
from learningcities._reporting.report import FORMATS, Report, ReportFormat
from learningcities._sample import sample
from learningcities._schemas import SCHEMA_NAMES, SchemaVersion, schema
from learningcities._shown import visible
from learningcities._version import __version__
from learningcities.errors import InvalidDataError, LearningCitiesError, Severity
from learningcities.models import FORMAT_VERSION, FORMAT_VERSIONS, KINDS, Source

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from _typeshed import SupportsWrite

    from learningcities.errors import Problem
    from learningcities.models import Dataset

__all__ = ["main", "run"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
#: The shell's statuses for a program ended by SIGINT (Ctrl-C) and SIGTERM.
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM
#: The status of a program whose output's reader went away (SIGPIPE's).
EXIT_BROKEN_PIPE: Final = 141


class _Terminated(BaseException):
    """The program received SIGTERM: it ends as after Ctrl-C, cleaning up."""


def _terminate(*_: object) -> NoReturn:
    raise _Terminated


#: argparse's messages of usage errors, and their French.
_ARGPARSE_FRENCH: Final = (
    (re.compile(r"unrecognized arguments: (.*)"), "arguments non reconnus : {0}"),
    (
        re.compile(r"the following arguments are required: (.*)"),
        "ces arguments sont obligatoires : {0}",
    ),
    (
        re.compile(r"argument (.*?): invalid choice: (.*) \(choose from (.*)\)"),
        "argument {0} : choix non valide : {1} (choisir parmi {2})",
    ),
    (
        re.compile(r"argument (.*?): expected one argument"),
        "argument {0} : une valeur est attendue",
    ),
    (re.compile(r"argument (.*?): (.*)"), "argument {0} : {1}"),
)


def _in_french(message: str) -> str:
    """An argparse message of a usage error, in French where it is known."""
    for pattern, french in _ARGPARSE_FRENCH:
        match = pattern.fullmatch(message)
        if match is not None:
            return french.format(*match.groups())
    return message


def _language_of(argv: Sequence[str]) -> Language:
    """The ``--lang`` of a command line, read before it is parsed."""
    for number, argument in enumerate(argv):
        if argument == "--lang=fr" or (
            argument == "--lang" and list(argv[number + 1 : number + 2]) == ["fr"]
        ):
            return "fr"
    return "en"


class _UsageError(Exception):
    """The command line is wrong; argparse has already said why."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """An argument parser that writes to given streams and never exits."""

    def __init__(
        self,
        *args: Any,
        streams: tuple[IO[str], IO[str]],
        lang: Language = "en",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.streams = streams
        #: The language of usage errors (``--lang``, read before parsing).
        self.lang: Language = lang
        #: The subcommands, on the top-level parser.
        self.commands: Any = None

    def format_usage(self) -> str:
        usage = super().format_usage()
        if self.lang == "fr" and usage.startswith("usage: "):
            return "utilisation : " + usage.removeprefix("usage: ")
        return usage

    def error(self, message: str) -> NoReturn:
        """Say what is wrong with the command line, in its language, and stop."""
        self.print_usage(self.streams[1])
        if self.lang == "fr":
            self.exit(2, f"{self.prog} : erreur : {_in_french(message)}\n")
        self.exit(2, f"{self.prog}: error: {message}\n")

    def _print_message(
        self, message: str, file: SupportsWrite[str] | None = None
    ) -> None:
        if message:
            out, err = self.streams
            (out if file is None or file is sys.stdout else err).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self.streams[1].write(message)
        raise _UsageError(status)


def _parser(stdout: IO[str], stderr: IO[str], lang: Language = "en") -> _Parser:
    streams = (stdout, stderr)
    parser = _Parser(
        prog="learningcities",
        description="Models, validation and queries for learning-city data.",
        streams=streams,
        lang=lang,
    )
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    parser.commands = commands
    check = commands.add_parser(
        "validate",
        help="check data files and report every problem",
        description="Check dataset documents (.json), entities (.jsonl) and CSV "
        "files (.csv), together as one submission, and report every problem with "
        "its file, line, column and JSON Pointer. Exit status: 0 valid, 1 "
        "problems in the data, 2 a usage error or a file that cannot be read.",
        streams=streams,
        lang=lang,
    )
    check.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files to check, as one submission (a folder: its .json, .jsonl, .csv "
        "and .tsv files)",
    )
    check.add_argument(
        "--each",
        action="store_true",
        help="check each file on its own, as a dataset of its own",
    )
    check.add_argument(
        "--register",
        metavar="PATH",
        action="append",
        help="a reference dataset the files may refer to (a member register): a "
        "file or a folder, in any format validate reads; repeat it for a register "
        "made of several files",
    )
    check.add_argument(
        "--format",
        choices=(*FORMATS, "html"),
        default="text",
        help="report format (text); html is a page to open or send",
    )
    check.add_argument(
        "--annotate",
        metavar="OUT.xlsx",
        help="also write the files as a workbook with each problem's cell marked "
        "and commented, to send back",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the messages (en)"
    )
    check.add_argument(
        "--kind",
        choices=KINDS,
        help="the kind of records in the CSV files whose name tells none "
        "(a file called cities.csv holds cities whatever this says)",
    )
    summary = commands.add_parser(
        "summary",
        help="say what a dataset holds, per kind and per network",
        description="Load a dataset (the bundled sample when no FILE is given) "
        "and say what it holds, per kind and per network.",
        streams=streams,
        lang=lang,
    )
    summary.add_argument(
        "file",
        nargs="*",
        metavar="PATH",
        help="the dataset: files or folders in any format validate reads, loaded "
        "together",
    )
    add_data_arguments(summary)
    summary.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format"
    )
    add_query_commands(commands, streams=streams, lang=lang)
    schema = commands.add_parser(
        "schema",
        help="print or write the published JSON Schemas",
        description="Print the JSON Schema called NAME (the dataset's by default), "
        "or write the schemas to a folder, to point an editor or a pipeline at.",
        streams=streams,
        lang=lang,
    )
    schema.add_argument(
        "name",
        nargs="?",
        choices=SCHEMA_NAMES,
        metavar="NAME",
        help=f"one of {', '.join(SCHEMA_NAMES)}",
    )
    schema.add_argument(
        "--output",
        metavar="DIR",
        help="write NAME.schema.json files (all of them, without NAME) into DIR",
    )
    schema.add_argument(
        "--format-version",
        choices=FORMAT_VERSIONS,
        default=FORMAT_VERSION,
        metavar="VERSION",
        help=f"the schemas of this format version ({', '.join(FORMAT_VERSIONS)}; "
        f"default {FORMAT_VERSION}, the one this library writes)",
    )
    compare = commands.add_parser(
        "diff",
        help="show what changed from one dataset to another",
        description="Show the records added, removed and changed from OLD to "
        "NEW (each a file or a folder that load reads), field by field. Exit "
        "status: 0 the same, 1 different, 2 an input that cannot be read or "
        "is not valid.",
        streams=streams,
        lang=lang,
    )
    compare.add_argument("old", metavar="OLD", help="the dataset before")
    compare.add_argument("new", metavar="NEW", help="the dataset after")
    compare.add_argument(
        "--register",
        action="append",
        metavar="PATH",
        help="what OLD and NEW may refer to, when they are submissions (repeatable)",
    )
    _add_changes_format(compare)
    fold = commands.add_parser(
        "merge",
        help="fold a valid submission into the register",
        description="Check SUBMISSION against REGISTER as one submission; with "
        "no error, add its new records to the register and update those it "
        "has, and write the new register to NEW (which may be REGISTER "
        "itself), atomically. A field the register holds that the submission "
        "would change is a conflict, which refuses the merge unless --update. "
        "Exit status: 0 merged, 1 refused (nothing written), 2 a usage error.",
        streams=streams,
        lang=lang,
    )
    fold.add_argument("register", metavar="REGISTER", help="the register")
    fold.add_argument(
        "submission", nargs="+", metavar="SUBMISSION", help="the files to fold in"
    )
    fold.add_argument("-o", "--output", metavar="NEW", help="where to write it")
    fold.add_argument(
        "--update", action="store_true", help="let the submission change fields"
    )
    fold.add_argument(
        "--dry-run", action="store_true", help="say what would change; write nothing"
    )
    fold.add_argument(
        "--source", metavar="ID", help="the id of the submission's source"
    )
    fold.add_argument("--source-title", metavar="TITLE", help="its title")
    fold.add_argument("--source-url", metavar="URL", help="where it can be read")
    _add_changes_format(fold)
    blank = commands.add_parser(
        "template",
        help="write blank templates for partners to fill in",
        description="Write a workbook with a sheet per kind (instructions in "
        "English and French, a header and an example row per kind, drop-down "
        "lists, text columns), or a CSV file per kind into a folder.",
        streams=streams,
        lang=lang,
    )
    blank.add_argument(
        "kinds",
        nargs="*",
        metavar="KIND",
        help=f"the kinds to write, among {', '.join(KINDS)} (all by default)",
    )
    blank.add_argument(
        "--format",
        choices=TEMPLATE_FORMS,
        default="xlsx",
        help="a workbook (xlsx, ods) or CSV files",
    )
    blank.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="the workbook to write, or the folder of the CSV files",
    )
    out = commands.add_parser(
        "export",
        help="write a dataset as tables, JSON Lines, a map, a calendar or JSON-LD",
        description="Load a dataset and write it for other tools: a CSV file "
        "per kind (into a folder), a workbook with a sheet per kind, JSON "
        "Lines, the dataset document, the located cities as GeoJSON, the "
        "events as an iCalendar calendar, or schema.org JSON-LD. What the form "
        "has no place for is listed on stderr.",
        streams=streams,
        lang=lang,
    )
    out.add_argument(
        "data",
        nargs="+",
        metavar="PATH",
        help="the dataset: files or folders in any format validate reads",
    )
    out.add_argument("--to", required=True, choices=EXPORT_FORMATS, help="the form")
    out.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="the file to write, or the folder of the CSV files",
    )
    out.add_argument(
        "--register",
        action="append",
        metavar="PATH",
        help="a register the dataset may refer to (repeatable)",
    )
    out.add_argument("--city", metavar="ID", help="ics: the events in this city only")
    out.add_argument(
        "--network", metavar="ID", help="ics: the events of this network only"
    )
    return parser


def _add_changes_format(parser: argparse.ArgumentParser) -> None:
    """Add ``--format`` for a command that says what changed (diff, merge)."""
    parser.add_argument(
        "--format",
        choices=CHANGE_FORMATS,
        default="text",
        help="text, json, or markdown for a pull request or an e-mail (text)",
    )


def run(argv: Sequence[str], *, stdout: IO[str], stderr: IO[str]) -> int:
    """Run the command line with *argv* (without the program name).

    >>> import io
    >>> out = io.StringIO()
    >>> run(["summary"], stdout=out, stderr=io.StringIO())
    0
    >>> print(out.getvalue().splitlines()[0])
    The Moroccan members of the UNESCO Global Network of Learning Cities
    """
    parser = _parser(stdout, stderr, _language_of(argv))
    try:
        arguments, unknown = parser.parse_known_args(list(argv))
        if unknown:  # said by the command's own parser, with its own usage
            command = parser.commands.choices[arguments.command]
            command.error(f"unrecognized arguments: {' '.join(unknown)}")
    except _UsageError as error:
        return error.status
    try:
        return _command(arguments, stdout, stderr)
    except BrokenPipeError:
        raise  # the reader of the output went away: main() ends quietly
    except MemoryError:
        stderr.write("learningcities: out of memory; nothing was reported\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        stderr.write("learningcities: interrupted\n")
        return EXIT_INTERRUPTED
    except _Terminated:
        stderr.write("learningcities: terminated\n")
        return EXIT_TERMINATED
    except Exception as error:  # noqa: BLE001 (a failure of the program itself)
        stderr.write(
            f"learningcities: internal error ({type(error).__name__}: {error}); "
            "please report it with the command that caused it\n"
        )
        return EXIT_USAGE


def _command(arguments: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    """Run the command *arguments* name; what :func:`run` does once they parse."""
    if arguments.command == "schema":
        return _schema_command(
            arguments.name, arguments.output, arguments.format_version, stdout, stderr
        )
    handler = _HANDLERS.get(arguments.command)
    if handler is not None:
        return handler(arguments, stdout, stderr)
    if arguments.command in QUERY_COMMANDS:
        return _query_command(arguments, stdout, stderr)
    files = [*arguments.file, *(arguments.data or ())]
    return _summary_command(files, arguments.register, arguments.format, stdout, stderr)


def _load(files: Sequence[str], register: Sequence[str] | None) -> Dataset:
    """The dataset in *files*, loaded together, or the sample if there are none."""
    if not files:
        return sample()
    return load(files[0] if len(files) == 1 else files, register=register)


def _on_data(
    files: Sequence[str],
    register: Sequence[str] | None,
    stderr: IO[str],
    answer: Callable[[Dataset], None],
) -> int:
    """Load *files* (the sample when none) and *answer*, or say why not."""
    try:
        answer(_load(files, register))
    except OSError as error:
        reason = error.strerror or str(error)
        where = error.filename or ", ".join(files)
        stderr.write(f"learningcities: cannot read {where}: {reason}\n")
        return EXIT_USAGE
    except InvalidDataError as error:
        unread = [p for p in error.problems if p.code == "file-unreadable"]
        if unread:  # as for a file that cannot be read: one line each
            stderr.writelines(
                f"learningcities: cannot read {p.file}: {p.message}\n" for p in unread
            )
            return EXIT_USAGE
        stderr.writelines(f"{problem}\n" for problem in error.problems)
        return EXIT_INVALID
    except ValueError as error:
        stderr.write(f"learningcities: {error}\n")
        return EXIT_USAGE
    return EXIT_OK


def _query_command(
    arguments: argparse.Namespace, stdout: IO[str], stderr: IO[str]
) -> int:
    return _on_data(
        arguments.data or [],
        arguments.register,
        stderr,
        lambda dataset: run_query(arguments.command, arguments, dataset, stdout),
    )


def _validate_command(
    arguments: argparse.Namespace, stdout: IO[str], stderr: IO[str]
) -> int:
    progress = _Progress(stderr) if _is_terminal(stderr) else None
    try:
        report = validate(
            arguments.paths,
            register=arguments.register,
            lang=arguments.lang,
            kind=arguments.kind,
            progress=progress,
            each=arguments.each,
        )
    except OSError as error:
        if arguments.format == "text":
            reason = Text(error.strerror) if error.strerror else str(error)
            said = Text("cannot read {file}: {reason}", {"reason": reason})
            _say(stderr, arguments.lang, said.with_args(file=error.filename))
        else:  # a program reads the output: a report, with the problem in it
            where = error.filename or arguments.register[0]
            problems = unreadable(where, error, arguments.lang)
            _write_report(problems, arguments, stdout)
        return EXIT_USAGE
    except InvalidDataError as error:
        if arguments.format == "text":
            errors = sum(p.severity is Severity.ERROR for p in error.problems)
            said = Text("the register is not valid: {count} errors", {"count": errors})
            _say(stderr, arguments.lang, said)
            stderr.writelines(f"{problem}\n" for problem in error.problems)
        else:
            _write_report(error.problems, arguments, stdout)
        return EXIT_USAGE
    except ValueError as error:
        stderr.write(f"learningcities: {error}\n")
        return EXIT_USAGE
    finally:
        if progress is not None:
            progress.done()
    return _reported(
        attrs.evolve(report, strict=arguments.strict), arguments, stdout, stderr
    )


def _reported(
    report: Report, arguments: argparse.Namespace, stdout: IO[str], stderr: IO[str]
) -> int:
    """Write *report*, and the annotated workbook if asked; the exit status."""
    _write(report, arguments.format, stdout)
    if arguments.annotate is not None:
        from learningcities.reply import annotate  # noqa: PLC0415 (when asked)

        try:
            annotate(report, arguments.annotate)
        except OSError as error:
            return _cannot_write(arguments.annotate, error, stderr)
        except (LearningCitiesError, ValueError) as error:  # no openpyxl; a name
            stderr.write(f"learningcities: {error}\n")
            return EXIT_USAGE
    if any(problem.code == "file-unreadable" for problem in report.problems):
        return EXIT_USAGE
    return EXIT_OK if report.valid else EXIT_INVALID


def _write(report: Report, form: str, stdout: IO[str]) -> None:
    """Write *report* in *form*: one of the report's forms, or a web page."""
    if form == "html":
        from learningcities.reply import html  # noqa: PLC0415 (when asked)

        stdout.write(html(report))
    else:
        report.write(stdout, cast("ReportFormat", form))


def _say(stderr: IO[str], lang: Language, text: Text) -> None:
    """Write one line of the program's own to *stderr*, in *lang*."""
    stderr.write(f"learningcities: {text.render(lang)}\n")


def _write_report(
    problems: Sequence[Problem], arguments: argparse.Namespace, stdout: IO[str]
) -> None:
    """Write a report of *problems* found before the files could be checked."""
    files = (*(arguments.register or ()), *arguments.paths)
    report = Report(problems=tuple(problems), files=files, lang=arguments.lang)
    _write(report, arguments.format, stdout)


def _is_terminal(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class _Progress:
    """A one-line progress count on a terminal, cleared when done."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, number: int, total: int, path: str) -> None:
        if total > 1:
            self.stream.write(f"\r\x1b[Kchecked {number}/{total}: {path}")
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _schema_command(
    name: str | None,
    output: str | None,
    version: SchemaVersion,
    stdout: IO[str],
    stderr: IO[str],
) -> int:
    if output is None:
        stdout.write(
            json.dumps(schema(name or "dataset", version), ensure_ascii=False, indent=2)
        )
        stdout.write("\n")
        return EXIT_OK
    folder = Path(output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for each in [name] if name else SCHEMA_NAMES:
            path = folder / f"{each}.schema.json"
            contents = schema(each, version)
            text = json.dumps(contents, ensure_ascii=False, indent=2) + "\n"
            path.write_text(text, encoding="utf-8")
            stdout.write(f"{path}\n")
    except OSError as error:
        stderr.write(f"learningcities: cannot write to {output}: {error.strerror}\n")
        return EXIT_USAGE
    return EXIT_OK


def _diff_command(
    arguments: argparse.Namespace, stdout: IO[str], stderr: IO[str]
) -> int:
    """Write what changed from OLD to NEW: status 0 the same, 1 different, 2 unread."""
    from learningcities._register.diff import Side, diff_sides  # noqa: PLC0415 (when asked)

    sides = []
    for path in (arguments.old, arguments.new):
        try:  # checked, not built: a diff builds only the records that differ
            sides.append(Side.of(path, arguments.register))
        except OSError as error:
            reason = error.strerror or str(error)
            stderr.write(f"learningcities: cannot read {path}: {reason}\n")
            return EXIT_USAGE
        except InvalidDataError as error:
            count = len(error.problems)
            stderr.write(
                f"learningcities: {path} is not a valid dataset "
                f"({count} {'problem' if count == 1 else 'problems'}):\n"
            )
            stderr.writelines(f"{problem}\n" for problem in error.problems)
            return EXIT_USAGE
    changes = diff_sides(*sides)
    stdout.write(changes.format(arguments.format))
    return EXIT_OK if changes.same else EXIT_INVALID


def _merge_command(
    arguments: argparse.Namespace, stdout: IO[str], stderr: IO[str]
) -> int:
    """Merge, say what changed, and write the new register unless refused or dry."""
    from learningcities._register.merge import merge  # noqa: PLC0415 (when asked)

    if not arguments.dry_run and not arguments.output:
        stderr.write("learningcities: merge needs -o NEW, or --dry-run\n")
        return EXIT_USAGE
    try:
        merged = merge(
            arguments.register,
            arguments.submission,
            prefer="submission" if arguments.update else "register",
            source=_source(arguments),
        )
    except ValueError as error:  # a source that is not one
        stderr.write(f"learningcities: --source: {error}\n")
        return EXIT_USAGE
    except OSError as error:
        reason = error.strerror or str(error)
        stderr.write(f"learningcities: cannot read {error.filename}: {reason}\n")
        return EXIT_USAGE
    except InvalidDataError as error:
        stderr.write(f"learningcities: {arguments.register} is not a valid register:\n")
        stderr.writelines(f"{problem}\n" for problem in error.problems)
        return EXIT_USAGE
    stdout.write(merged.format(arguments.format))
    if merged.dataset is None:
        return EXIT_INVALID
    return _saved(
        merged.dataset, None if arguments.dry_run else arguments.output, stderr
    )


def _export_command(
    arguments: argparse.Namespace, stdout: IO[str], stderr: IO[str]
) -> int:
    """Write the dataset in the form ``--to`` names; say what it could not hold."""
    loaded: list[Dataset] = []
    status = _on_data(arguments.data, arguments.register, stderr, loaded.append)
    if status != EXIT_OK:
        return status
    from learningcities.export import export  # noqa: PLC0415 (when asked)

    try:
        exported = export(
            loaded[0],
            arguments.output,
            arguments.to,
            city=arguments.city,
            network=arguments.network,
        )
    except ValueError as error:  # --city or --network for another form
        stderr.write(f"learningcities: {error}\n")
        return EXIT_USAGE
    except OSError as error:
        return _cannot_write(arguments.output, error, stderr)
    except LearningCitiesError as error:  # a library the form needs is missing
        stderr.write(f"learningcities: {error}\n")
        return EXIT_USAGE
    stdout.writelines(f"{path}\n" for path in exported.paths)
    stderr.writelines(f"warning: {lost}\n" for lost in exported.lost)
    return EXIT_OK


def _saved(dataset: Dataset, output: str | None, stderr: IO[str]) -> int:
    """Write *dataset* to *output* (none on a dry run), atomically; the status."""
    if output is None:
        return EXIT_OK
    try:
        save(dataset, output, check=False)
    except OSError as error:
        return _cannot_write(output, error, stderr)
    return EXIT_OK


def _cannot_write(output: str, error: OSError, stderr: IO[str]) -> int:
    """Say that *output* cannot be written, and why; the status of a usage error."""
    reason = error.strerror or str(error)
    stderr.write(f"learningcities: cannot write {output}: {reason}\n")
    return EXIT_USAGE


def _source(arguments: argparse.Namespace) -> Source | None:
    """The source ``--source`` and its title and address name, if given.

    Raises:
        ValueError: the id, title or address is not one the format takes.
    """
    if not arguments.source:
        return None
    document = {
        "id": arguments.source,
        "title": arguments.source_title or arguments.source,
        **({"url": arguments.source_url} if arguments.source_url else {}),
    }
    try:
        dataset = loads(
            json.dumps({"learningcities": FORMAT_VERSION, "sources": [document]})
        )
    except InvalidDataError as error:
        raise ValueError("; ".join(p.message for p in error.problems)) from None
    return dataset.sources[0]


def _template_command(
    arguments: argparse.Namespace, stdout: IO[str], stderr: IO[str]
) -> int:
    """Write the templates; say each file written, or why none could be."""
    from learningcities._writing.templates import write_templates  # noqa: PLC0415 (when asked)

    try:
        written = write_templates(arguments.output, arguments.kinds, arguments.format)
    except (LearningCitiesError, ValueError) as error:
        stderr.write(f"learningcities: {error}\n")
        return EXIT_USAGE
    except OSError as error:
        reason = error.strerror or str(error)
        stderr.write(f"learningcities: cannot write {arguments.output}: {reason}\n")
        return EXIT_USAGE
    stdout.writelines(f"{path}\n" for path in written)
    return EXIT_OK


def _summary_command(
    files: Sequence[str],
    register: Sequence[str] | None,
    output_format: str,
    stdout: IO[str],
    stderr: IO[str],
) -> int:

    def answer(dataset: Dataset) -> None:
        summary = summarize(dataset)
        if output_format == "json":
            stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
        else:
            stdout.write(_summary_text(summary, ", ".join(files) or None))

    return _on_data(files, register, stderr, answer)


def summarize(dataset: Dataset) -> dict[str, Any]:
    """Count what *dataset* holds, per kind and per network, as plain values."""
    country = {city.id: city.country for city in dataset.cities}
    networks = []
    for network in dataset.networks:
        members = [m for m in dataset.memberships if m.network == network.id]
        joined = sorted(m.joined for m in members if m.joined is not None)
        networks.append(
            {
                "id": network.id,
                "name": network.name,
                "memberships": len(members),
                "status": dict(Counter(str(m.status) for m in members).most_common()),
                "countries": len(
                    {country[m.city] for m in members if m.city in country}
                ),
                "first_joined": str(joined[0]) if joined else None,
                "last_joined": str(joined[-1]) if joined else None,
            }
        )
    return {
        "title": dataset.title,
        "counts": {kind: len(getattr(dataset, kind)) for kind in KINDS},
        "networks": networks,
    }


def _summary_text(summary: dict[str, Any], file: str | None) -> str:
    lines = [
        visible(summary["title"], None) if summary["title"] else "(untitled dataset)"
    ]
    lines.append(f"from {file}" if file else "the bundled sample")
    lines.append("")
    width = max(len(kind) for kind in KINDS)
    lines += [f"  {kind:<{width}}  {n:>6}" for kind, n in summary["counts"].items()]
    for network in summary["networks"]:
        status = ", ".join(f"{n} {word}" for word, n in network["status"].items())
        lines.append("")
        lines.append(f"{visible(network['name'], None)} ({network['id']})")
        lines.append(
            f"  memberships  {network['memberships']}"
            + (f" ({status})" if status else "")
        )
        lines.append(f"  countries    {network['countries']}")
        if network["first_joined"]:
            lines.append(
                f"  joined       {network['first_joined']} to {network['last_joined']}"
            )
    return "\n".join(lines) + "\n"


def main() -> NoReturn:
    """Run the command line as a program.

    The program ends as soon as its output is written, without freeing the
    last document it checked (see ``LAST_DOCUMENT`` in
    :mod:`learningcities._pipeline.validate`).
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    LAST_DOCUMENT.on = True
    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = run(sys.argv[1:], stdout=sys.stdout, stderr=sys.stderr)
        sys.stdout.flush()
    except KeyboardInterrupt:  # before or after the command ran
        code = EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (``| head``): end quietly
        code = EXIT_BROKEN_PIPE
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)


#: The commands that take the parsed arguments and the two streams.
_HANDLERS: Final[dict[str, Callable[[argparse.Namespace, IO[str], IO[str]], int]]] = {
    "validate": _validate_command,
    "template": _template_command,
    "diff": _diff_command,
    "merge": _merge_command,
    "export": _export_command,
}
