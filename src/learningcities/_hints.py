"""What to write instead of a value written as a spreadsheet user writes it.

Each function takes the text a value was written as, where the format
wants something else, and returns the value to write instead (as it would
be in JSON: text or a number), or None when it recognizes nothing. A
suggestion is only ever a hint in a message: the value is still wrong.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from learningcities._country_names import NAMES

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["choice", "closest", "country", "date", "folded", "number"]

#: The least similarity (difflib's ratio) of a word to the one it suggests.
_SIMILAR: Final = 0.75


@lru_cache(4096)
def closest(word: str, words: frozenset[str]) -> str | None:
    """The one of *words* most like *word*, if one is alike enough to suggest.

    The same unknown word tends to recur in every record of a file: each is
    compared once. Words whose lengths or letters alone make them too
    unlike (difflib's quick ratios) are not compared at all, so that a
    file of many unknown keys costs little per key.

    >>> closest("strat", frozenset({"start", "end"})), closest("x", frozenset({"end"}))
    ('start', None)
    """
    size = len(word)
    alike, any_letters = _of_a_length(words, size)
    if not alike:
        return None
    letters = Counter(word)  # difflib's quick ratio, without difflib
    if 2 * _shared(letters, any_letters) < _SIMILAR * (size + len(alike[0])):
        return None  # no word has enough of its letters: most words stop here
    alike = [
        w
        for w in alike
        if 2 * _shared(letters, _letters(w)) >= _SIMILAR * (size + len(w))
    ]
    if not alike:
        return None
    close = difflib.get_close_matches(word, alike, n=1, cutoff=_SIMILAR)
    return close[0] if close else None


@lru_cache(1024)
def _of_a_length(words: frozenset[str], size: int) -> tuple[list[str], Counter[str]]:
    """The *words* whose length alone lets them be alike enough to a word of *size*.

    The ratio is at most twice the shorter length over the sum of both
    (difflib's ``real_quick_ratio``). Sorted by length, then as text, as
    the suggestion of a tie must not depend on the order of a set; with
    the most of each letter any of them has, which bounds the letters a
    word shares with any of them.
    """
    alike = sorted(
        (w for w in words if 2 * min(size, len(w)) >= _SIMILAR * (size + len(w))),
        key=lambda w: (len(w), w),
    )
    most: Counter[str] = Counter()
    for w in alike:
        most |= Counter(w)
    return alike, most


@lru_cache(1024)
def _letters(word: str) -> Counter[str]:
    return Counter(word)


def _shared(first: Counter[str], second: Counter[str]) -> int:
    """How many letters two words share, each counted as often as in both.

    Twice this over the sum of their lengths is difflib's ``quick_ratio``,
    an upper bound of the ratio: a word it rules out, difflib rules out too.
    The letters in common are found by a set operation; most unlike words
    have few.
    """
    return sum(min(first[c], second[c]) for c in first.keys() & second.keys())


def choice(text: str, choices: Iterable[str]) -> str | None:
    """The one of *choices* that *text* is in another case, or mistyped.

    >>> choice("Festival", ["ceremony", "festival"]), choice("festivl", ["festival"])
    ('festival', 'festival')
    >>> choice("party", ["ceremony", "festival"]) is None
    True
    """
    by_case = {word.casefold(): word for word in choices}
    wanted = " ".join(text.split()).casefold()
    if wanted in by_case:
        return by_case[wanted]
    close = closest(wanted, frozenset(by_case))
    return None if close is None else by_case[close]


def country(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country written as a name or alpha-3 code.

    Names in English and French, in any case and with or without accents.

    >>> country("Maroc"), country("MAR"), country("côte d'ivoire"), country("ma")
    ('MA', 'MA', 'CI', 'MA')
    >>> country("Atlantis") is None
    True
    """
    if len(text.strip()) == 2 and text.strip().isalpha():
        upper = text.strip().upper()
        return upper if upper in NAMES.values() else None
    return NAMES.get(folded(text))


def folded(name: str) -> str:
    """*name* as the table of country names keys it: no case, accents or signs.

    >>> folded("Côte d'Ivoire")
    'cote d ivoire'
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept = "".join(
        c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)
    )
    return " ".join(kept.split())


#: Digit groups: spaces (also no-break and thin ones), apostrophes, dots, commas.
_GROUPS: Final = re.compile(
    r"[+-]?[0-9]{1,3}(?P<sep>[ \u00a0\u202f\u2009'.,])[0-9]{3}((?P=sep)[0-9]{3})*"
)
_SEPARATORS: Final = re.compile(r"[ \u00a0\u202f\u2009'.,]")
_DECIMAL_COMMA: Final = re.compile(r"[+-]?[0-9]+,[0-9]+")
_PLAIN_NUMBER: Final = re.compile(r"[+-]?[0-9]{1,15}")


def number(text: str, *, integer: bool) -> int | float | None:
    """The number *text* writes with a decimal comma or thousands separators.

    Where a number with a fraction may be written, one comma between digits
    is a decimal mark (``33,8935``); otherwise, and for integers, groups of
    three digits set apart (``632 079``, ``1.200.000``, ``1,200,000``) are
    thousands. Thousands and a decimal comma together (``1 234,5``) are
    read too.

    >>> number("33,8935", integer=False), number("632 079", integer=True)
    (33.8935, 632079)
    >>> number("1.200.000", integer=True), number("1 234,5", integer=False)
    (1200000, 1234.5)
    >>> number("12,5", integer=True) is None
    True
    """
    written = text.strip()
    if _PLAIN_NUMBER.fullmatch(written):  # a number written as text
        return int(written) if integer else float(written)
    if not integer and _DECIMAL_COMMA.fullmatch(written):
        return float(written.replace(",", "."))
    if _GROUPS.fullmatch(written):
        whole = int(_SEPARATORS.sub("", written))
        return whole if integer else float(whole)
    head, comma, decimals = written.rpartition(",")
    if integer or not comma or not decimals.isdigit() or not _GROUPS.fullmatch(head):
        return None
    return float(f"{_SEPARATORS.sub('', head)}.{decimals}")


#: Month names in English and French, in lower case without accents.
_MONTHS: Final = {
    **{name.lower(): n for n, name in enumerate(calendar.month_name) if name},
    **{name.lower(): n for n, name in enumerate(calendar.month_abbr) if name},
    **{
        name: n
        for n, name in enumerate(
            [
                "janvier",
                "fevrier",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "aout",
                "septembre",
                "octobre",
                "novembre",
                "decembre",
            ],
            1,
        )
    },
}
_NUMERIC: Final = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})")
_YEAR_FIRST: Final = re.compile(r"([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})")
_DAY_MONTH: Final = re.compile(r"([0-9]{1,2})(?:er)? ([a-z]+)\.? ([0-9]{4})")
_MONTH_DAY: Final = re.compile(r"([a-z]+)\.? ([0-9]{1,2}),? ([0-9]{4})")
_SPACED: Final = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]([0-9]{2}:[0-9]{2})(:[0-9]{2})?"
)


def date(text: str, *, with_time: bool) -> str | None:
    """The ISO 8601 form of a date written another way (day first when unsure).

    ``05/03/2025``, ``5.3.2025``, ``2025/03/05``, ``5 mars 2025``, ``5 March
    2025`` and ``March 5, 2025`` are the 5th of March 2025: numbers are read
    day first unless the first cannot be a month's day and the second can.
    A date and time without an offset (``2025-11-20 10:00``) is, where a
    date-time may be written (*with_time*), the RFC 3339 form with
    ``+hh:mm`` standing for its offset, and otherwise its day.

    >>> date("05/03/2025", with_time=False), date("5 mars 2025", with_time=False)
    ('2025-03-05', '2025-03-05')
    >>> date("2025-11-20 10:00", with_time=True)
    '2025-11-20T10:00:00+hh:mm'
    """
    found = _spaced(text.strip(), with_time=with_time)
    if found is not None:
        return found
    day = month = year = None
    if match := _NUMERIC.fullmatch(text.strip()):
        first, second, year = (int(part) for part in match.groups())
        day, month = (second, first) if first <= 12 < second else (first, second)
    elif match := _YEAR_FIRST.fullmatch(text.strip()):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_MONTH.fullmatch(folded(text)):
        day, month, year = int(match[1]), _MONTHS.get(match[2]), int(match[3])
    elif match := _MONTH_DAY.fullmatch(folded(text).replace(" ,", ",")):
        month, day, year = _MONTHS.get(match[1]), int(match[2]), int(match[3])
    if day is None or month is None or year is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _spaced(text: str, *, with_time: bool) -> str | None:
    """A date and a time without an offset, as the format writes one, or its day."""
    match = _SPACED.fullmatch(text)
    if match is None:
        return None
    if not with_time:
        return match[1]
    return f"{match[1]}T{match[2]}{match[3] or ':00'}+hh:mm"
