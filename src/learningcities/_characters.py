r"""The classes of characters the package decides with, each defined once.

Every rule about characters reads its class or predicate from here:

- *white space* is what ``str.isspace`` says (:data:`WHITE_SPACE_CLASS`
  for schemas); a text is *blank* if it holds nothing else, and *neat* if
  it is neither blank nor begins or ends with white space;
- a *lone surrogate* (:data:`SURROGATE`) is a code point of UTF-16's pairs
  on its own, which is not Unicode text;
- an *invisible* character (:data:`INVISIBLE`) is a control, format or
  separator character that a reader of the text would not see;
- text is *in NFC* when Unicode normalization form C leaves it unchanged;
- written-out values (JSON or ``repr``) *show plain text* when they hold
  only printable characters, no backslash (so no escape: writers escape
  every character that is not printable, and lone surrogates) and are in
  NFC. Values whose written form shows plain text need not be walked
  string by string by the rules on text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = [
    "INVISIBLE",
    "SURROGATE",
    "WHITE_SPACE_CLASS",
    "in_nfc",
    "is_blank",
    "is_neat",
    "shows_plain_text",
]

#: The characters ``str.isspace`` calls white space, as the body of a class
#: of a regular expression that Python's ``re``, ECMA-262 and Rust's
#: ``regex`` read alike (escapes only, no ``\s``, whose meaning differs).
WHITE_SPACE_CLASS: Final = (
    r"\t-\r\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f"
    r"\u205f\u3000"
)
#: A lone surrogate: a code point of UTF-16's pairs, which is not Unicode text.
SURROGATE: Final = re.compile("[\ud800-\udfff]")
#: The invisible and control characters that the rule on text warns of:
#: C0 and C1 controls (but tab, line feed and carriage return), the soft
#: hyphen, zero-width and bidirectional formatting characters, the line and
#: paragraph separators, invisible operators and the byte order mark.
INVISIBLE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\ufeff]"
)


def is_blank(text: str) -> bool:
    r"""Whether *text* holds nothing but white space (or nothing at all).

    >>> is_blank(""), is_blank(" \u3000"), is_blank(" Fès ")
    (True, True, False)
    """
    return not text or text.isspace()


def is_neat(text: str) -> bool:
    """Whether *text* is neither blank nor begins or ends with white space.

    Text fields of format 1.1 must not be blank, and should be neat.

    >>> is_neat("Fès"), is_neat(" Fès"), is_neat("")
    (True, False, False)
    """
    return text != "" and text.strip() == text


def in_nfc(text: str) -> bool:
    """Whether *text* is in Unicode normalization form C; ASCII always is.

    >>> in_nfc("Fès"), in_nfc("Fe\u0300s")
    (True, False)
    """
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def shows_plain_text(written: str) -> bool:
    r"""Whether values written out as *written* (JSON or ``repr``) show plain text.

    That is: only printable characters, no backslash and in NFC. The
    writers escape each character that is not printable, and each lone
    surrogate, with a backslash; quotes, brackets and separators neither
    compose nor reorder with what is next to them, so the strings inside
    are in NFC if the whole is.

    >>> shows_plain_text(repr({"name": "Fès"})), shows_plain_text(repr("a\u200bb"))
    (True, False)
    """
    return written.isprintable() and "\\" not in written and in_nfc(written)
