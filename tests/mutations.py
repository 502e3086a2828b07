"""Mutations of raw JSON text: what a hand-edited or damaged file holds.

The differential tests generate valid JSON values and break them; that
never puts a raw control character inside a key, a quote in the middle of
a number or half a UTF-8 sequence anywhere. These mutations work on the
bytes themselves, so that every path (exact, Python first pass,
accelerator) sees text that no JSON writer makes. The long campaign
(``benchmarks/differential.py``) uses the same function with a fixed seed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import random

__all__ = ["PIECES", "mutate"]

#: What a mutation inserts: every control character, JSON punctuation,
#: escapes, numbers JSON cannot hold, bytes that are not UTF-8, characters
#: that look like others or like line ends.
PIECES: Final = (
    *(bytes([code]) for code in range(32)),
    *(piece.encode() for piece in '"\\{}[],: \x7f'),
    *(piece.encode() for piece in ("\u2028", "\u0085", "\ufeff", "\u202e", "\u200b")),
    b"NaN",
    b"-Infinity",
    b"1e400",
    b"1" * 30,
    b"\\u0000",
    b"\\ud800",
    b"\\u003a",
    b"\\n",
    b'"x-a": 1, ',
    b'"x-a": 1, "x-a": 2, ',
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"e\xcc\x81",
    b"[" * 70,
)

#: Where a key's text is: after its opening quote, before its closing one.
_KEY: Final = re.compile(rb'"([^"\\]*)"\s*:')


def mutate(data: bytes, rng: random.Random, count: int = 1) -> bytes:
    """*data* changed *count* times at random places, byte-wise.

    Each change inserts a piece (:data:`PIECES`) anywhere or inside a key,
    replaces a byte with one, deletes a stretch, or repeats one.
    """
    for _ in range(count):
        way = rng.randrange(5)
        piece = rng.choice(PIECES)
        keys = list(_KEY.finditer(data))
        if way == 0 and keys:  # inside a key, at its start or end
            key = rng.choice(keys)
            at = rng.choice([key.start(1), key.end(1)])
            data = data[:at] + piece + data[at:]
            continue
        at = rng.randrange(len(data) + 1)
        if way <= 1:
            data = data[:at] + piece + data[at:]
        elif way == 2:
            data = data[:at] + piece + data[at + 1 :]
        elif way == 3:
            data = data[:at] + data[at + rng.randrange(1, 16) :]
        else:
            end = at + rng.randrange(1, 64)
            data = data[:end] + data[at:end] + data[end:]
    return data
