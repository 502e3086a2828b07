"""The query commands: members, events, anniversaries, find, stats.

Each reads ``--data PATH`` (repeatable; the bundled sample by default) and prints a
table, or ``--format json`` or ``csv``. CSV cells that a spreadsheet would
take for a formula (beginning with ``= + - @``, a tab or a carriage return,
or a sign after white space, or a full-width sign) are written with a
leading ``'`` (see :func:`learningcities._shown.inert`). Table cells are
shown escaped and cut (see :func:`learningcities._shown.visible`).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from typing import IO, TYPE_CHECKING, Any, Final

from learningcities._choices import DIMENSIONS
from learningcities._shown import inert, visible
from learningcities.dates import InvalidDateError, format_date_or_datetime, parse_date

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from learningcities.models import Dataset, Event, Membership
    from learningcities.query import Query

__all__ = [
    "QUERY_COMMANDS",
    "add_data_arguments",
    "add_query_commands",
    "run_query",
]

QUERY_COMMANDS: Final = ("members", "events", "anniversaries", "find", "stats")
#: How many characters of a cell a table shows.
_CELL_LIMIT: Final = 200

Table = tuple[list[str], list[list[Any]]]


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except InvalidDateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--data`` and ``--register``: the dataset a command reads."""
    parser.add_argument(
        "--data",
        metavar="PATH",
        action="append",
        help="the dataset: a file or a folder in any format validate reads; repeat "
        "it for a dataset made of several (the bundled sample when none)",
    )
    parser.add_argument(
        "--register",
        metavar="PATH",
        action="append",
        help="a reference dataset the data may refer to (repeatable)",
    )


def add_query_commands(commands: Any, **common: Any) -> None:
    """Add the query commands to the command line's subcommands."""

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(
            name,
            help=help_text,
            description=help_text[0].upper() + help_text[1:] + ".",
            **common,
        )
        add_data_arguments(parser)
        parser.add_argument(
            "--format",
            choices=("table", "json", "csv"),
            default="table",
            help="output (table)",
        )
        return parser

    members = command("members", "list the members of a network, on a date if given")
    members.add_argument("network", metavar="NETWORK", help="the network's id")
    members.add_argument(
        "--on", type=_date, metavar="DATE", help="running on this day (YYYY-MM-DD)"
    )
    members.add_argument("--country", metavar="CC", help="in this country only")
    members.add_argument(
        "--certainty",
        choices=("certain", "possible"),
        default="certain",
        help="count what certainly (default) or possibly held",
    )
    events = command("events", "list the events in a period, with filters")
    _add_period(events, required=False)
    for name, metavar, text in _EVENT_FILTERS:
        events.add_argument(f"--{name}", metavar=metavar, help=text)
    anniversaries = command(
        "anniversaries", "list the anniversaries of joining in a period"
    )
    _add_period(anniversaries, required=True)
    anniversaries.add_argument(
        "--network", metavar="ID", help="of memberships of this network only"
    )
    find = command("find", "find cities by any of their names")
    find.add_argument(
        "text", metavar="TEXT", help="a name, alias or localized name (any case)"
    )
    stats = command("stats", "count memberships per country, year joined or network")
    stats.add_argument(
        "--by",
        type=_dimensions,
        default=("country",),
        metavar="country|year|network[,...]",
        help="what to count by, one or several joined with commas: "
        "--by country,year counts per country and year (country)",
    )
    stats.add_argument("--network", metavar="ID", help="of this network only")
    stats.add_argument(
        "--on", type=_date, metavar="DATE", help="running on this day (YYYY-MM-DD)"
    )


def _add_period(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """Add ``--from`` and ``--to``, the first and last days of a period."""
    for option, dest, which in (("--from", "start", "first"), ("--to", "end", "last")):
        parser.add_argument(
            option,
            dest=dest,
            type=_date,
            metavar="DATE",
            required=required,
            help=f"the {which} day of the period (YYYY-MM-DD)",
        )


#: The filters of the events command: option, metavar, help.
_EVENT_FILTERS: Final = (
    ("city", "ID", "held in this city"),
    ("country", "CC", "held in this country (ISO 3166-1 alpha-2)"),
    ("network", "ID", "of this network"),
    ("organizer", "ID", "with this organization among the organizers"),
    ("kind", "KIND", "of this kind (festival, conference, ...)"),
    ("sdg", "GOAL", "for this Sustainable Development Goal or target (4, 4.3)"),
    ("status", "STATUS", "scheduled, postponed, cancelled or completed"),
)


def _membership_rows(query: Query, found: Sequence[Membership]) -> Table:
    rows = []
    for m in found:
        city = query.city_of(m)
        rows.append(
            [
                m.id,
                m.city,
                city.name if city else "",
                city.country if city else "",
                m.network,
                str(m.joined or ""),
                str(m.status),
                str(m.left or ""),
            ]
        )
    return [
        "id",
        "city",
        "name",
        "country",
        "network",
        "joined",
        "status",
        "left",
    ], rows


def _event_rows(found: Sequence[Event]) -> Table:
    rows = [
        [
            e.id,
            format_date_or_datetime(e.start),
            format_date_or_datetime(e.end) if e.end else "",
            str(e.kind),
            str(e.status),
            e.city or "",
            e.name,
        ]
        for e in found
    ]
    return ["id", "start", "end", "kind", "status", "city", "name"], rows


def _answer(command: str, query: Query, args: argparse.Namespace) -> Table:
    if command == "members":
        chosen = query.members(
            args.network, on=args.on, country=args.country, certainty=args.certainty
        )
        return _membership_rows(query, chosen)
    if command == "events":
        period = (
            None if args.start is None and args.end is None else (args.start, args.end)
        )
        filters = {
            k: getattr(args, k)
            for k in (
                "city",
                "country",
                "network",
                "organizer",
                "kind",
                "sdg",
                "status",
            )
        }
        return _event_rows(query.events(between=period, **filters))
    if command == "anniversaries":
        found = query.anniversaries(
            between=(args.start, args.end), network=args.network
        )
        rows = [
            [str(a.date), a.years, a.membership.id, a.membership.city] for a in found
        ]
        return ["date", "years", "membership", "city"], rows
    if command == "find":
        cities = query.find_cities(args.text)
        rows = [[c.id, c.name, c.country, ", ".join(c.aliases)] for c in cities]
        return ["id", "name", "country", "aliases"], rows
    counts = query.count(args.by, network=args.network, on=args.on)
    return [*args.by, "memberships"], [[*key, n] for key, n in counts.items()]


def _dimensions(text: str) -> tuple[str, ...]:
    """The dimensions ``--by`` names, as ``country,year``; argparse says if wrong."""
    parts = tuple(part.strip() for part in text.split(","))
    wrong = [part for part in parts if part not in DIMENSIONS]
    if wrong:
        choices = ", ".join(DIMENSIONS)
        raise argparse.ArgumentTypeError(
            f"{wrong[0]!r} is none of {choices} (join several with commas)"
        )
    return parts


def _safe(cell: Any) -> Any:
    return inert(cell) if isinstance(cell, str) else cell


def _write(table: Table, form: str, stdout: IO[str]) -> None:
    header, rows = table
    if form == "json":
        records = [dict(zip(header, row, strict=True)) for row in rows]
        stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif form == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([[_safe(cell) for cell in row] for row in rows])
        stdout.write(buffer.getvalue())
    else:
        stdout.write(_table(header, rows))


def _table(header: list[str], rows: list[list[Any]]) -> str:
    cells = [header, *[[visible(str(c), _CELL_LIMIT) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    footer = f"({len(rows)} {'row' if len(rows) == 1 else 'rows'})"
    return "\n".join([*lines, footer]) + "\n"


def run_query(
    command: str, args: argparse.Namespace, dataset: Dataset, stdout: IO[str]
) -> None:
    """Answer one query command on *dataset*."""
    _write(_answer(command, dataset.query, args), args.format, stdout)
