"""The rules on dates: an end comes after its start, a past fact before today."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from learningcities._checking.rules.records import (
    Context,
    moment,
    partial_date,
    warning,
)
from learningcities._findings import Finding, Path
from learningcities._messages import Text
from learningcities.dates import format_date_or_datetime

if TYPE_CHECKING:
    from collections.abc import Iterator


def day_of(moment: dt.date) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _before(end: dt.date, start: dt.date) -> bool:
    if isinstance(end, dt.datetime) and isinstance(start, dt.datetime):
        return end < start
    return day_of(end) < day_of(start)


def _order_finding(path: Path, value: str, other: str, other_value: str) -> Finding:
    text = Text(
        "{label} {value} is before {other} {other_value}.",
        {"value": value, "other": repr(other), "other_value": other_value},
    )
    return Finding("date-order", text, path)


DATE_LENGTH: Final = len("YYYY-MM-DD")


#: The dates of a membership.
DATED: Final = ("joined", "left")


def dates_out_of_order(context: Context) -> Iterator[Finding]:
    events = context.records.get("events")
    if events is not None:
        starts, ends = events.texts("start"), events.texts("end")
        # A date is compared by its day, which is how a date-time begins:
        # only the pairs whose order their text does not settle are read.
        n = DATE_LENGTH
        unsettled = [
            (position, s, e)
            for position, (s, e) in enumerate(zip(starts, ends, strict=True))
            if s is not None
            and e is not None
            and not ((len(s) == n or len(e) == n) and e[:n] >= s[:n])
        ]
        for position, start_text, end_text in unsettled:
            start, end = moment(start_text), moment(end_text)
            if start is not None and end is not None and _before(end, start):
                yield _order_finding(
                    events.path(position, "end"),
                    format_date_or_datetime(end),
                    "start",
                    format_date_or_datetime(start),
                )
    memberships = context.records.get("memberships")
    if memberships is not None:
        paired = [
            (position, joined, left)
            for position, (joined, left) in memberships.rows(*DATED)
            if joined is not None and left is not None
        ]
        for position, joined_text, left_text in paired:
            joined, left = partial_date(joined_text), partial_date(left_text)
            if (
                joined is not None
                and left is not None
                and left.latest < joined.earliest
            ):
                path = memberships.path(position, "left")
                yield _order_finding(path, str(left), "joined", str(joined))


def future_dates(context: Context) -> Iterator[Finding]:
    today = context.today.isoformat()
    template = "{label} {value} is after today ({today}): it states a past fact."
    year = f"{context.today.year:04}"
    memberships = context.records.get("memberships")
    if memberships is not None:
        # A partial date begins with its year: an earlier one is not read.
        late = sorted(  # by record, then in the order of DATED
            (position, order, key, written)
            for order, key in enumerate(DATED)
            for position, written in enumerate(memberships.texts(key))
            if written is not None
            and (written[:4] >= year or not written[:4].isdigit())
        )
        for position, _, key, written in late:
            date = partial_date(written)
            if date is not None and date.earliest > context.today:
                text = Text(template, {"value": str(date), "today": today})
                yield warning("future-date", text, memberships.path(position, key))
    events = context.records.get("events")
    if events is not None:
        # A day, or a date-time's day, written after today's: then read it.
        completed = [
            (position, begins)
            for position, (status, begins) in events.rows("status", "start")
            if status == "completed"
            and begins is not None
            and begins[:DATE_LENGTH] > today
        ]
        for position, begins in completed:
            start = moment(begins)
            if start is not None and day_of(start) > context.today:
                text = Text(
                    "{label} {value} is after today ({today}), yet the event's status "
                    'is "completed".',
                    {"value": day_of(start).isoformat(), "today": today},
                )
                yield warning("future-date", text, events.path(position, "start"))
