"""Documents of many problems of one kind, for the tests of memory and the benchmark.

``benchmarks/hostile.py`` measures on these documents what the tests bound,
so that a figure of the benchmark and a bound of a test speak of one file.
"""

from __future__ import annotations

from typing import Final

#: The kinds of problems :func:`of_one_kind` makes documents of.
KINDS: Final = (
    "unknown keys",
    "numbers for text",
    "distinct numbers for text",
    "NaN in an extension",
    "control characters",
    "duplicate ids",
    "records missing fields",
)

_CITY: Final = '{"id": "ma-a", "name": "A", "country": "MA", '


def unknown_keys(count: int) -> str:
    """A document of one city with *count* unknown keys, one a line."""
    keys = "".join(f',\n  "k{number}": {number}' for number in range(count))
    return (
        '{"learningcities": "1.1", "cities": [{"id": "ma-a", "name": "A", '
        f'"country": "MA"{keys}}}]}}'
    )


def of_one_kind(kind: str, count: int) -> tuple[int, str]:
    """A document of about *count* problems of *kind*, and nothing else wrong.

    Returns how many problems it has, and its text.
    """
    items = {
        "numbers for text": ("aliases", ["1"] * count),
        "distinct numbers for text": ("aliases", [str(n) for n in range(count)]),
        "NaN in an extension": ("x-a", ["NaN"] * count),
        "control characters": ("aliases", ['"a\\u0001"'] * count),
    }
    if kind == "unknown keys":
        return count, unknown_keys(count)
    if kind in items:
        key, values = items[kind]
        records = f'{_CITY}"{key}": [{",".join(values)}]}}'
    elif kind == "duplicate ids":
        records, count = ",".join([_CITY[:-2] + "}"] * count), count - 1
    else:  # records missing two keys, with an id in capitals: 3 problems each
        records = ",".join(['{"id": "A"}'] * (count // 3))
        count = count // 3 * 3
    return count, '{"learningcities": "1.1", "cities": [%s]}' % records  # noqa: UP031
