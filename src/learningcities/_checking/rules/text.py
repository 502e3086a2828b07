"""The rule on text: every string is in NFC and shows only visible characters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from learningcities._characters import INVISIBLE, SURROGATE, in_nfc, shows_plain_text
from learningcities._checking.rules.records import warning
from learningcities._messages import Deferred, Text
from learningcities._reading.jsontext import holds_only, walk
from learningcities._shown import quote
from learningcities.models import KINDS

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator, Mapping

    from learningcities._findings import Finding, Path


def text_findings(
    document: Any, walk: Mapping[str, Collection[int]] | None = None
) -> list[Finding]:
    """Warn of text not in NFC or not visible anywhere in a parsed *document*.

    Each record is checked whole first (see :func:`surely_normalized`); only
    the records that fail that are walked string by string. The findings
    are those of :func:`not_normalized`, in the same order. *walk*, if given,
    names by kind the records that failed that check already.
    """
    if not isinstance(document, dict):
        return [] if surely_normalized(document) else list(not_normalized(document))
    findings: list[Finding] = []
    for key, value in document.items():
        if key in KINDS and isinstance(value, list) and walk is not None:
            for index in sorted(walk.get(key, ())):
                findings += not_normalized(value[index], (key, index))
        elif key in KINDS and isinstance(value, list):
            for index, record in enumerate(value):
                if not surely_normalized(record):
                    findings += not_normalized(record, (key, index))
        elif not surely_normalized(value):
            findings += not_normalized(value, (key,))
    return findings


def surely_normalized(value: Any) -> bool:
    """Whether no string in *value* would be warned about, checked at C speed.

    True when its ``repr`` shows plain text (see
    :func:`learningcities._characters.shows_plain_text`): every invisible
    character is then absent, and every string is in NFC.
    """
    try:
        shown = repr(value)
    except RecursionError:  # nested deeper than repr goes: walk it instead
        return False
    return shows_plain_text(shown)


def not_normalized(raw: Any, prefix: Path = ()) -> Iterator[Finding]:
    """Warn of text not in NFC or holding invisible or control characters."""
    for path, value in walk(raw, prefix, enter=_holds_text):
        if isinstance(value, str):
            finding = _text_finding(value, path)
            if finding is not None:
                yield finding


def _holds_text(container: dict[str, Any] | list[Any], _: Path) -> bool:
    """Whether an array or object may hold a string, and so must be walked."""
    return not holds_only(container, _NUMBERS)


#: The types of the values that are neither text nor a container.
_NUMBERS: Final = frozenset({type(None), bool, int, float})


def _text_finding(value: str, path: Path) -> Finding | None:
    """The warning of text *value* at *path*, if it has one.

    Its message is made when rendered (see :class:`Deferred`): a file may
    hold a million such strings.
    """
    invisible = INVISIBLE.search(value)
    if invisible is not None:
        text = Deferred(_invisible, value, ord(invisible[0]))
        return warning("not-normalized", text, path)
    if value.isascii() or SURROGATE.search(value) or in_nfc(value):
        return None
    return warning("not-normalized", Deferred(_not_nfc, value), path)


def _invisible(value: str, code: int) -> Text:
    return Text(
        "{label} holds an invisible or control character ({char}) in {value}.",
        {"char": f"U+{code:04X}", "value": quote(value)},
    )


def _not_nfc(value: str, _: None) -> Text:
    return Text(
        "{label} is not in Unicode normalization form C (NFC): {value} is "
        "loaded as its NFC form.",
        {"value": quote(value)},
    )
