"""Whether records' text is plain: visible, in NFC, free of escapes and markers.

A record whose text is plain needs no walk string by string for the text
rules, and may be cleared by the first pass. It is read off orjson's (or
``repr``'s) writing of the records, or off the whole document's text.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from learningcities._characters import in_nfc, shows_plain_text
from learningcities._checking.convert import ENTITY_KINDS
from learningcities._speed import runs as _runs
from learningcities._speed.installed import optional

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
    "has_extensions",
    "is_plain",
    "not_plain",
    "orjson_writer",
    "plain_document",
    "plain_run",
]


#: Text in a record's repr that shows it holds a marker of the JSON reader.
_MARKER: Final = "DuplicateKeysDict("  # see DuplicateKeysDict.__repr__


def has_extensions(text: str | bytes) -> bool:
    """Whether JSON *text* may hold an extension key: ``"x-``, or an escape.

    Searching for one character costs a tenth of searching for several:
    each is looked for first.
    """
    if isinstance(text, bytes):
        return _runs.holds(text, b'"x-') or (b"\\" in text and b"\\u" in text)
    return _runs.holds(text, '"x-') or ("\\" in text and "\\u" in text)


def plain_document(
    document: Any, source: str | bytes, text: str, *, extends: bool
) -> _runs.Plain:
    """All the records of a *document*, if its whole text shows them plain; or none.

    *source* is the JSON text the reader parsed without error and without
    marking a defect, *text* the same decoded, and *extends* says whether it
    may hold an extension key (see :func:`has_extensions`). Its strings are
    all plain when it holds no escape and every character beyond ASCII is
    visible (the reader refuses control characters in strings, and JSON
    allows none but whitespace between values), and it is in NFC (its
    quotes, which compose with nothing, keep each string's form its own).
    Checking that costs a fraction of writing the records out.

    Only the characters beyond ASCII are looked at, all together: an ASCII
    character composes only with a combining mark that follows it, so
    without such marks the text is in NFC if they are (joined, they may
    seem not to be, never the reverse); with them, the whole text is read.
    """
    data = source
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not isinstance(document, dict) or b"\\" in data or b"\x7f" in data:
        return {}
    try:
        beyond_ascii = data.translate(None, _ASCII).decode()
    except UnicodeDecodeError:  # a lone surrogate, given as text
        return {}
    if not beyond_ascii.isprintable():
        return {}
    marks = any(map(unicodedata.combining, set(beyond_ascii)))
    if not in_nfc(text if marks else beyond_ascii):
        return {}
    return {
        kind: [(0, len(records), extends)]
        for kind in ENTITY_KINDS
        if isinstance(records := document.get(kind), list)
    }


_ASCII: Final = bytes(range(128))


def is_plain(value: Any, write: Callable[[Any], str]) -> bool:
    text = _written(write, value)
    return text is not None and _plain(text)


def _plain(shown: str) -> bool:
    """Whether records written out as *shown* show plain text and hold no marker."""
    return shows_plain_text(shown) and _MARKER not in shown


def not_plain(
    records: list[Any],
    known: Iterable[tuple[int, int, bool]] = (),
    write: Callable[[Any], str] | None = None,
) -> tuple[set[int], set[int]]:
    """The records whose text needs a closer look: written out by runs, then each.

    Also returns, among the others, those whose text may hold an extension
    key. The records are written out in runs of :data:`_WRITTEN_AT_ONCE`, then one by
    one in the runs that are not plain: few records need a closer look,
    and writing each on its own cost a call each (writing all at once, a
    second writing of all when one is not plain). *known* holds, in order,
    runs of records known to be plain (from, to, and whether they may hold
    an extension key): they are not written out again. *write* writes them
    out (by default, orjson's writer if it is installed).
    """
    write = write or orjson_writer()
    walk: set[int] = set()
    extended: set[int] = set()
    segments: list[tuple[int, int]] = []  # the records no known run covers
    done = 0
    for first, stop, extends in known:
        segments.append((done, first))
        if extends:
            extended.update(range(first, stop))
        done = stop
    segments.append((done, len(records)))
    for begin, end in segments:
        for start in range(begin, end, _WRITTEN_AT_ONCE):
            run = records[start : min(start + _WRITTEN_AT_ONCE, end)]
            text = _written(write, run)
            if text is not None and _plain(text):
                if _may_extend(text):
                    extended.update(range(start, start + len(run)))
                continue
            for index, record in enumerate(run, start):
                text = _written(write, record)
                if text is None or not _plain(text):
                    walk.add(index)
                elif _may_extend(text):
                    extended.add(index)
    return walk, extended


#: How many records :func:`not_plain` writes out at once when not all are plain.
_WRITTEN_AT_ONCE: Final = 64


def _written(write: Callable[[Any], str], value: Any) -> str | None:
    """*value* written out, or None if a marker of a defect (or depth) stops it."""
    try:
        return write(value)
    except (TypeError, ValueError, RecursionError):
        return None


def _may_extend(written: str) -> bool:
    """Whether JSON values written out (by orjson or repr) may hold an ``x-`` key."""
    return _runs.holds(written, '"x-') or _runs.holds(written, "'x-")


def plain_run(written: bytes) -> tuple[bool, bool]:
    """Whether records orjson wrote out are plain, and may hold an extension key."""
    shown = written.decode()
    return _plain(shown), _may_extend(shown)


@cache
def orjson_writer() -> Callable[[Any], str]:
    """Write JSON values out as text, orjson's way if it is installed.

    orjson refuses the markers of the JSON reader (objects of other classes)
    and lone surrogates; ``repr`` shows the markers by name and escapes lone
    surrogates.
    """
    orjson = optional("orjson")
    if orjson is None:
        return repr
    option = orjson.OPT_PASSTHROUGH_SUBCLASS
    dumps = orjson.dumps
    return lambda value: dumps(value, option=option).decode()
