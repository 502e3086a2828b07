"""Partial dates, and strict parsers for dates and RFC 3339 date-times.

Partial dates are ISO 8601 dates of reduced precision with the EDTF level-1
qualifiers ``~``, ``?`` and ``%``.

The standard library's ``date.fromisoformat`` accepts forms the format does
not (``20230101`` on Python 3.11), and ``datetime.fromisoformat`` on 3.10
rejects forms RFC 3339 allows, so both are parsed here by one regular
expression each.

>>> from learningcities.dates import PartialDate, parse_date
>>> PartialDate.parse("2015-09~").earliest, parse_date("2024-02-29").weekday()
(datetime.date(2015, 9, 1), 3)
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from typing import Final

import attrs

from learningcities._messages import Text, month_name
from learningcities.errors import LearningCitiesError

__all__ = [
    "InvalidDateError",
    "PartialDate",
    "Precision",
    "format_date_or_datetime",
    "parse_date",
    "parse_date_or_datetime",
]

_PARTIAL: Final = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?(?P<q>[~?%])?",
    re.ASCII,
)
_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_DATETIME: Final = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]{1,6}))?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))",
    re.ASCII,
)

PARTIAL_DATE_FORM: Final = (
    "YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~, ? or %"
)
DATETIME_FORM: Final = "YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with an offset (Z or +hh:mm)"


class InvalidDateError(LearningCitiesError, ValueError):
    """A date or partial date is malformed or does not exist.

    Attributes:
        text: The text that was parsed.
        kind: What it should have been: ``partial date``, ``date`` or
            ``date-time``.
        reason: Why a well-formed *text* names no real day (``day 30 is out
            of range for February 2024 (expected 01 to 29)``), or ``None``
            when *text* is not of the expected form.
        expected: The expected form, when *text* is not of it.
    """

    def __init__(
        self,
        text: str,
        *,
        kind: str,
        detail: Text | None = None,
        expected: str | None = None,
    ) -> None:
        """Describe why *text* is not a *kind*: the *detail*, or the *expected* form."""
        self.text, self.kind, self.detail, self.expected = text, kind, detail, expected
        self.reason = None if detail is None else detail.render("en")
        reason = self.reason
        if reason is None:
            message = f"{_quote(text)} is not a {kind}: expected {expected}."
        else:
            message = f"{_quote(text)} is not a valid {kind}: {reason}."
        super().__init__(message)


class _OutOfRangeError(ValueError):
    """A field of a date is out of range; *detail* says which and why."""

    def __init__(self, template: str, **args: object) -> None:
        self.detail = Text(template, args)
        super().__init__(self.detail.render("en"))


class Precision(str, enum.Enum):
    """How much of a :class:`PartialDate` is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"

    def __str__(self) -> str:
        return self.value


def _check_calendar(year: int, month: int | None, day: int | None) -> None:
    if not 1 <= year <= 9999:
        raise _OutOfRangeError(
            "year {year} is out of range (expected 0001 to 9999)", year=f"{year:04d}"
        )
    if month is None:
        if day is not None:
            raise _OutOfRangeError("a day needs a month")
        return
    if not 1 <= month <= 12:
        raise _OutOfRangeError(
            "month {month} is out of range (expected 01 to 12)", month=f"{month:02d}"
        )
    if day is None:
        return
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise _OutOfRangeError(
            "day {day} is out of range for {month} {year} (expected 01 to {last})",
            day=f"{day:02d}",
            month=month_name(month),
            year=f"{year:04d}",
            last=last,
        )


_QUALIFIERS: Final = {
    (False, False): "",
    (True, False): "~",
    (False, True): "?",
    (True, True): "%",
}


@attrs.frozen(kw_only=True, eq=True, order=False, repr=False)
class PartialDate:
    """A date known to the year, the month or the day, possibly qualified.

    A partial date stands for the interval of days it covers: ``2024-02`` is
    1 to 29 February 2024. ``~`` marks it approximate, ``?`` uncertain, ``%``
    both.

    Two partial dates are equal when they are written the same way, so
    ``2024`` differs from ``2024~`` and from ``2024-01``. They are ordered by
    the interval they cover, first by its first day, then by its last day
    (``2024-01`` < ``2024`` < ``2024-02``), then uncertain after certain,
    approximate after exact: a total order that agrees with equality, so
    sorting is deterministic.

    >>> joined = PartialDate.parse("2024-02~")
    >>> joined.earliest, joined.latest
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> joined.precision, joined.approximate, joined.uncertain
    (<Precision.MONTH: 'month'>, True, False)
    >>> str(joined)
    '2024-02~'
    >>> PartialDate.parse("2024-02-30")
    Traceback (most recent call last):
    ...
    learningcities.dates.InvalidDateError: '2024-02-30' is not a valid partial date:
    day 30 is out of range for February 2024 (expected 01 to 29).
    """

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    def __attrs_post_init__(self) -> None:
        for name in ("year", "month", "day"):
            value = getattr(self, name)
            if not (value is None or type(value) is int) or (
                name == "year" and value is None
            ):
                raise TypeError(f"{name} must be an int, not {type(value).__name__}")
        _check_calendar(self.year, self.month, self.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, optionally with ``~ ? %``.

        Raises:
            InvalidDateError: *text* is not of that form, or names a day or
                month that does not exist.
        """
        match = _PARTIAL.fullmatch(text)
        if match is None:
            raise InvalidDateError(
                text, kind="partial date", expected=PARTIAL_DATE_FORM
            )
        month, day, qualifier = match["month"], match["day"], match["q"]
        try:
            return cls(
                year=int(match["year"]),
                month=None if month is None else int(month),
                day=None if day is None else int(day),
                approximate=qualifier in {"~", "%"},
                uncertain=qualifier in {"?", "%"},
            )
        except _OutOfRangeError as error:
            raise InvalidDateError(
                text, kind="partial date", detail=error.detail
            ) from None

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        """Return the day-precision partial date of *day*.

        >>> import datetime
        >>> str(PartialDate.from_date(datetime.date(2025, 3, 5)))
        '2025-03-05'
        """
        return cls(year=day.year, month=day.month, day=day.day)

    @property
    def precision(self) -> Precision:
        """Whether the year, the month or the day is known."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> dt.date:
        """The first day of the interval this date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day of the interval this date covers."""
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __contains__(self, day: object) -> bool:
        """Whether *day*, a :class:`datetime.date`, falls in the interval.

        >>> import datetime
        >>> datetime.date(2024, 2, 29) in PartialDate.parse("2024-02")
        True
        """
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            return False
        return self.earliest <= day <= self.latest

    def _key(self) -> tuple[dt.date, dt.date, bool, bool]:
        return (self.earliest, self.latest, self.uncertain, self.approximate)

    def __lt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()

    def __repr__(self) -> str:
        return f"PartialDate.parse({str(self)!r})"

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text + _QUALIFIERS[self.approximate, self.uncertain]


def _quote(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:39] + "…")


def parse_date(text: str) -> dt.date:
    """Parse a calendar date written ``YYYY-MM-DD``, and nothing else.

    >>> parse_date("2025-03-05")
    datetime.date(2025, 3, 5)
    >>> parse_date("20250305")
    Traceback (most recent call last):
    ...
    learningcities.dates.InvalidDateError: '20250305' is not a date:
    expected YYYY-MM-DD.
    """
    match = _DATE.fullmatch(text)
    if match is None:
        raise InvalidDateError(text, kind="date", expected="YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    try:
        _check_calendar(year, month, day)
    except _OutOfRangeError as error:
        raise InvalidDateError(text, kind="date", detail=error.detail) from None
    return dt.date(year, month, day)


def parse_date_or_datetime(text: str) -> dt.date:
    """Parse a date ``YYYY-MM-DD`` or an RFC 3339 date-time with an offset.

    A date-time comes back as an aware :class:`datetime.datetime` (a subclass
    of :class:`datetime.date`) holding the offset as written. Fractions of a
    second beyond microseconds, and leap seconds, are rejected: Python cannot
    hold them.

    >>> moment = parse_date_or_datetime("2025-03-05T10:00:00+01:00")
    >>> moment.isoformat(), type(moment).__name__
    ('2025-03-05T10:00:00+01:00', 'datetime')
    """
    if len(text) == 10:
        return parse_date(text)
    match = _DATETIME.fullmatch(text)
    if match is None:
        raise InvalidDateError(text, kind="date or date-time", expected=DATETIME_FORM)
    year, month, day, hour, minute, second = (int(p) for p in match.groups()[:6])
    fraction, zulu, sign, off_h, off_m = match.groups()[6:]
    try:
        _check_calendar(year, month, day)
        _check_clock(hour, minute, second)
        offset = dt.timedelta(0)
        if not zulu:
            _check_offset(int(off_h), int(off_m))
            offset = dt.timedelta(hours=int(off_h), minutes=int(off_m))
            offset = -offset if sign == "-" else offset
    except _OutOfRangeError as error:
        raise InvalidDateError(text, kind="date-time", detail=error.detail) from None
    micro = int((fraction or "0").ljust(6, "0"))
    zone = dt.timezone.utc if offset == dt.timedelta(0) else dt.timezone(offset)
    return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)


def _check_clock(hour: int, minute: int, second: int) -> None:
    if hour > 23:
        raise _OutOfRangeError(
            "hour {hour} is out of range (expected 00 to 23)", hour=f"{hour:02d}"
        )
    if minute > 59:
        raise _OutOfRangeError(
            "minute {minute} is out of range (expected 00 to 59)",
            minute=f"{minute:02d}",
        )
    if second > 59:
        raise _OutOfRangeError(
            "second {second} is out of range (expected 00 to 59)",
            second=f"{second:02d}",
        )


def _check_offset(hours: int, minutes: int) -> None:
    if hours > 23 or minutes > 59:
        raise _OutOfRangeError(
            "offset {offset} is out of range (expected up to 23:59)",
            offset=f"{hours:02d}:{minutes:02d}",
        )


def format_date_or_datetime(value: dt.date) -> str:
    """Write a date as ``YYYY-MM-DD``, an aware date-time in RFC 3339 form.

    >>> format_date_or_datetime(parse_date_or_datetime("2025-03-05T10:00:00Z"))
    '2025-03-05T10:00:00Z'
    """
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
