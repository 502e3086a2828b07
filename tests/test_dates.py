"""Partial dates, dates and date-times: parsing, printing, intervals, order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learningcities import InvalidDateError, PartialDate, Precision
from learningcities.dates import (
    format_date_or_datetime,
    parse_date,
    parse_date_or_datetime,
)

from .strategies import moments, partial_dates


@given(partial_dates())
def test_print_then_parse_gives_the_same_date(date: PartialDate) -> None:
    """Printing a partial date and parsing the text gives it back."""
    assert PartialDate.parse(str(date)) == date


@given(partial_dates())
def test_parse_then_print_gives_the_same_text(date: PartialDate) -> None:
    """Every valid text is printed back exactly as written."""
    text = str(date)
    assert str(PartialDate.parse(text)) == text


@given(partial_dates())
def test_earliest_is_never_after_latest(date: PartialDate) -> None:
    """The interval a partial date covers is never empty."""
    assert date.earliest <= date.latest
    assert date.earliest in date
    assert date.latest in date


@given(partial_dates(), partial_dates())
def test_order_is_total_and_agrees_with_equality(
    a: PartialDate, b: PartialDate
) -> None:
    """Exactly one of a < b, a == b, a > b holds."""
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (a > b or a == b)


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest", "approximate", "uncertain"),
    [
        (
            "2024",
            Precision.YEAR,
            dt.date(2024, 1, 1),
            dt.date(2024, 12, 31),
            False,
            False,
        ),
        (
            "2024-02",
            Precision.MONTH,
            dt.date(2024, 2, 1),
            dt.date(2024, 2, 29),
            False,
            False,
        ),
        (
            "2023-02~",
            Precision.MONTH,
            dt.date(2023, 2, 1),
            dt.date(2023, 2, 28),
            True,
            False,
        ),
        (
            "2024-02-14?",
            Precision.DAY,
            dt.date(2024, 2, 14),
            dt.date(2024, 2, 14),
            False,
            True,
        ),
        (
            "1981%",
            Precision.YEAR,
            dt.date(1981, 1, 1),
            dt.date(1981, 12, 31),
            True,
            True,
        ),
    ],
)
def test_parse_reads_precision_interval_and_qualifiers(
    text: str,
    precision: Precision,
    earliest: dt.date,
    latest: dt.date,
    approximate: bool,
    uncertain: bool,
) -> None:
    """Each form gives its precision, its interval and its qualifiers."""
    date = PartialDate.parse(text)
    assert (precision, earliest, latest) == (date.precision, date.earliest, date.latest)
    assert (approximate, uncertain) == (date.approximate, date.uncertain)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2024-02-30",
            "'2024-02-30' is not a valid partial date: day 30 is out of range "
            "for February 2024 (expected 01 to 29).",
        ),
        (
            "2024-13",
            "'2024-13' is not a valid partial date: month 13 is out of range "
            "(expected 01 to 12).",
        ),
        (
            "24",
            "'24' is not a partial date: expected YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally followed by ~, ? or %.",
        ),
        (
            "2024-1",
            "'2024-1' is not a partial date: expected YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally followed by ~, ? or %.",
        ),
        (
            "0000",
            "'0000' is not a valid partial date: year 0000 is out of range "
            "(expected 0001 to 9999).",
        ),
        (
            "2024~?",
            "'2024~?' is not a partial date: expected YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally followed by ~, ? or %.",
        ),
    ],
)
def test_parse_rejects_with_a_clear_message(text: str, message: str) -> None:
    """Malformed and impossible dates are rejected, saying why."""
    with pytest.raises(InvalidDateError) as caught:
        PartialDate.parse(text)
    assert message == str(caught.value)


def test_impossible_date_keeps_its_reason() -> None:
    """The error says what was parsed and why it names no real day."""
    with pytest.raises(InvalidDateError) as caught:
        PartialDate.parse("2023-02-29")
    error = caught.value
    assert ("2023-02-29", "partial date") == (error.text, error.kind)
    assert (
        error.reason == "day 29 is out of range for February 2023 (expected 01 to 28)"
    )


def test_constructor_checks_the_calendar() -> None:
    """A partial date built from numbers obeys the same rules as a parsed one."""
    with pytest.raises(ValueError, match="month 13 is out of range"):
        PartialDate(year=2024, month=13)
    with pytest.raises(ValueError, match="a day needs a month"):
        PartialDate(year=2024, day=3)
    with pytest.raises(TypeError, match="year must be an int, not str"):
        PartialDate(year="2024")  # type: ignore[arg-type]


def test_order_is_by_interval_then_qualifiers() -> None:
    """2024-01 < 2024 < 2024-02, and an exact date before its approximate twin."""
    texts = ["2024-02", "2024", "2024~", "2024-01", "2024?"]
    ordered = sorted(PartialDate.parse(text) for text in texts)
    assert ["2024-01", "2024", "2024~", "2024?", "2024-02"] == [str(d) for d in ordered]


def test_contains_only_dates() -> None:
    """Membership tests take dates, not date-times or other values."""
    february = PartialDate.parse("2024-02")
    assert dt.date(2024, 2, 29) in february
    assert dt.date(2024, 3, 1) not in february
    assert dt.datetime(2024, 2, 2, tzinfo=dt.timezone.utc) not in february
    assert "2024-02-02" not in february


def test_from_date_and_repr() -> None:
    """A day converts to a day-precision partial date, shown as its text."""
    date = PartialDate.from_date(dt.date(2025, 3, 5))
    assert "PartialDate.parse('2025-03-05')" == repr(date)


def test_parse_date_is_strict() -> None:
    """Only YYYY-MM-DD is a date; basic format and impossible days are not."""
    assert dt.date(2025, 3, 5) == parse_date("2025-03-05")
    for text in ("20250305", "2025-3-5", "2025-03-05T00:00:00Z", " 2025-03-05"):
        with pytest.raises(InvalidDateError, match="expected YYYY-MM-DD"):
            parse_date(text)
    with pytest.raises(InvalidDateError, match="day 31 is out of range for April"):
        parse_date("2025-04-31")


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("2025-03-05T10:00:00+01:00", "2025-03-05T10:00:00+01:00"),
        ("2025-03-05T10:00:00Z", "2025-03-05T10:00:00Z"),
        ("2025-03-05t10:00:00z", "2025-03-05T10:00:00Z"),
        ("2025-03-05T10:00:00+00:00", "2025-03-05T10:00:00Z"),
        ("2025-03-05T10:00:00.5-05:30", "2025-03-05T10:00:00.500000-05:30"),
        ("2025-03-05", "2025-03-05"),
    ],
)
def test_date_times_are_read_and_written_in_rfc_3339(text: str, written: str) -> None:
    """Offsets are kept; UTC is written Z; fractions to the microsecond."""
    assert written == format_date_or_datetime(parse_date_or_datetime(text))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2025-03-05T10:00:00", "expected YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with"),
        ("2025-03-05T10:00Z", "expected YYYY-MM-DD, or"),
        ("2025-03-05T24:00:00Z", "hour 24 is out of range"),
        ("2025-03-05T10:60:00Z", "minute 60 is out of range"),
        ("2025-03-05T10:00:60Z", "second 60 is out of range"),
        ("2025-03-05T10:00:00+24:00", "offset 24:00 is out of range"),
        ("2025-02-29T10:00:00Z", "day 29 is out of range for February 2025"),
        ("2025-03-05T10:00:00.1234567Z", "expected YYYY-MM-DD, or"),
    ],
)
def test_bad_date_times_are_rejected(text: str, fragment: str) -> None:
    """Naive, malformed and impossible date-times are rejected, saying why."""
    with pytest.raises(InvalidDateError, match=fragment):
        parse_date_or_datetime(text)


@given(moments)
def test_moments_survive_writing_and_reading(moment: dt.date) -> None:
    """Every date and aware date-time is read back equal, offset included."""
    back = parse_date_or_datetime(format_date_or_datetime(moment))
    assert moment == back
    assert type(moment) is type(back)
    if isinstance(moment, dt.datetime):
        assert isinstance(back, dt.datetime)
        assert moment.utcoffset() == back.utcoffset()


@given(st.text(max_size=30))
def test_parsers_raise_only_invalid_date_error(text: str) -> None:
    """Any text either parses back to itself or raises InvalidDateError."""
    for parse in (PartialDate.parse, parse_date):
        try:
            parsed = parse(text)
        except InvalidDateError as error:
            assert text == error.text
        else:
            assert text == str(parsed)
    try:
        parse_date_or_datetime(text)
    except InvalidDateError as error:
        assert text == error.text
