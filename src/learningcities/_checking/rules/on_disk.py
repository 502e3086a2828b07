"""The rules across records of a stream, read from disk: constant memory.

A JSON Lines file may hold millions of records; what the rules across
records need of each (its id, the ids it names, its membership's city,
network and dates, a city's country, a network's cap) goes to an SQLite
private temporary database as the file is read, and the rules are
queries on it. Memory stays bounded by SQLite's page cache and the largest
group of memberships the rules compare, whatever the file's size.

Ids are held as UTF-8 bytes, so that one with a lone surrogate (itself a
problem) is compared like any other. The rules' messages and their logic
within a group are those of :mod:`learningcities._checking.rules` (the same
functions); a property test holds this store and the in-memory rules to the
same findings.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from typing import TYPE_CHECKING, Any, Final

from learningcities._checking import rules
from learningcities._countries import ASSIGNED

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from learningcities._findings import Finding, Path

__all__ = ["Store"]

_TABLES: Final = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA temp_store = FILE;
PRAGMA cache_size = -4000;
CREATE TABLE known (kind TEXT, id TEXT);
CREATE TABLE ids (kind TEXT, id TEXT, idx INTEGER);
CREATE TABLE refs (kind TEXT, idx INTEGER, place TEXT, target TEXT, id TEXT);
CREATE TABLE members (
    seq INTEGER, idx INTEGER, id TEXT, city TEXT, network TEXT,
    joined TEXT, left_ TEXT
);
CREATE TABLE lookup (kind TEXT, id TEXT, seq INTEGER, field TEXT, value TEXT);
CREATE TABLE lines (kind TEXT, idx INTEGER, line INTEGER);
"""
_INDEXES: Final = """
CREATE INDEX known_at ON known (kind, id);
CREATE INDEX ids_at ON ids (kind, id);
CREATE INDEX lines_at ON lines (kind, idx);
CREATE INDEX lookup_at ON lookup (kind, id, seq);
"""
#: Rows are written in batches of this many.
_BATCH: Final = 10_000


class Store:
    """What the rules across records read of each record, on disk.

    >>> import datetime
    >>> with Store(None, today=datetime.date(2026, 11, 28)) as store:
    ...     store.add("cities", 0, 1, {"id": "ma-fez"}, frozenset())
    ...     store.add("cities", 1, 2, {"id": "ma-fez"}, frozenset())
    ...     [f.code for f in store.findings()]
    []
    []
    ['duplicate-id']
    """

    def __init__(self, register: rules.Raw | None, *, today: dt.date) -> None:
        """Start an empty store; *register* is what the file may refer to."""
        self.today = today
        self.has_register = register is not None
        # A private database on disk that SQLite removes from the folder as
        # soon as it opens it: nothing is left behind, even when the program
        # is killed.
        self._db = sqlite3.connect("")
        self._db.executescript(_TABLES)
        self._rows: dict[str, list[tuple[Any, ...]]] = {
            "known": [],
            "ids": [],
            "refs": [],
            "members": [],
            "lookup": [],
            "lines": [],
        }
        self._seq = itertools.count()
        for kind, items in (register or {}).items():
            for _, record in items:
                self._add_register(kind, record)

    def __enter__(self) -> Store:  # noqa: PYI034 (typing.Self needs Python 3.11)
        """Use the store in a ``with`` block; it is removed at its end."""
        return self

    def __exit__(self, *_: object) -> None:
        """Remove the database."""
        self.close()

    def close(self) -> None:
        """Remove the database."""
        self._db.close()

    def _put(self, table: str, row: tuple[Any, ...]) -> None:
        rows = self._rows[table]
        rows.append(row)
        if len(rows) >= _BATCH:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self._rows[table]
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            self._db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608 (our own table names)
            rows.clear()

    def _add_register(self, kind: str, record: dict[str, Any]) -> None:
        view = rules.View(kind, -1, record)
        identifier = record.get("id")
        if isinstance(identifier, str):
            self._put("known", (kind, _blob(identifier)))
        self._add_shared(view)

    def _add_shared(self, view: rules.View) -> None:
        """What the register and the file both give: members and looked-up fields."""
        kind, record = view.kind, view.record
        if kind == "memberships":
            member = rules.member_of(view)
            if member is not None:
                self._put(
                    "members",
                    (
                        next(self._seq),
                        member.index,
                        _blob(
                            record.get("id")
                            if member.index is None
                            else view.text("id")
                        ),
                        _blob(member.city),
                        _blob(member.network),
                        None if member.joined is None else str(member.joined),
                        None if member.left is None else str(member.left),
                    ),
                )
        identifier = view.text("id")
        if identifier is None:
            return
        blob = _blob(identifier)
        for key in _LOOKED_UP.get(kind, ()):
            if key in record:
                # A marker of the reader (NaN, say) is written as null: the
                # rules read a value only if it is text or an integer.
                value = json.dumps(record[key], default=_no_value)
                self._put("lookup", (kind, blob, next(self._seq), key, value))

    def add(
        self,
        kind: str,
        index: int,
        line: int,
        record: dict[str, Any],
        skip: frozenset[Path],
    ) -> list[Finding]:
        """Add the *index*-th record of *kind*, read at *line*.

        *record* may be what :func:`learningcities._checking.rules.project`
        keeps of it; *skip* holds its paths (relative to it) that have a
        problem. The rules that need no other record are applied at once:
        their findings are returned (so that they are placed while the line
        is at hand), not kept.
        """
        view, found = rules.check_one(kind, index, record, skip, self.today)
        identifier = record.get("id")
        if isinstance(identifier, str):
            self._put("known", (kind, _blob(identifier)))
            if view.keeps(("id",)):
                self._put("ids", (kind, _blob(identifier), index))
        for where, target, named in rules.references_of(view):
            row = (kind, index, json.dumps(where), target, _blob(named))
            self._put("refs", row)
        self._add_shared(view)
        self._put("lines", (kind, index, line))
        return found

    def line(self, kind: str, index: int) -> int:
        """The line the *index*-th record of *kind* was read at."""
        self._finish()
        row = self._db.execute(
            "SELECT line FROM lines WHERE kind = ? AND idx = ?", (kind, index)
        ).fetchone()
        return int(row[0])

    def _finish(self) -> None:
        """Write what is left to write, and index it, once all is added."""
        for table in self._rows:
            self._flush(table)
        if not self._indexed:
            self._db.executescript(_INDEXES)
            self._indexed = True

    _indexed = False

    def findings(self) -> list[Finding]:
        """The findings of every rule across the records added (not :meth:`add`'s)."""
        self._finish()
        return [
            *self._duplicates(),
            *self._references(),
            *rules.overlap_findings(self._member_groups()),
            *rules.cap_findings(
                self._cap_groups(),
                self._looked_up(rules.LIMIT),
                self._looked_up(rules.SINCE),
            ),
        ]

    def _duplicates(self) -> Iterator[Finding]:
        rows = self._db.execute(
            "SELECT kind, id, idx FROM ids WHERE (kind, id) IN "
            "(SELECT kind, id FROM ids GROUP BY kind, id HAVING COUNT(*) > 1) "
            "ORDER BY kind, id, idx"
        )
        for (kind, identifier), group in itertools.groupby(rows, lambda r: r[:2]):
            first, *later = (index for _, _, index in group)
            for index in later:
                yield rules.duplicate_finding(kind, _text(identifier), first, index)

    def _references(self) -> Iterator[Finding]:
        rows = self._db.execute(
            "SELECT kind, idx, place, target, id FROM refs WHERE NOT EXISTS "
            "(SELECT 1 FROM known WHERE known.kind = refs.target "
            "AND known.id = refs.id) ORDER BY rowid"
        )
        for kind, index, place, target, identifier in rows:
            path = (kind, index, *json.loads(place))
            yield rules.reference_finding(
                path, target, _text(identifier), has_register=self.has_register
            )

    #: The memberships the rules compare: the file's, and the register's that
    #: the file does not hold (by id).
    _MEMBERS: Final = (
        "SELECT * FROM members WHERE idx IS NOT NULL OR NOT EXISTS "
        "(SELECT 1 FROM ids WHERE ids.kind = 'memberships' AND ids.id = members.id)"
    )

    def _member_groups(self) -> Iterator[tuple[tuple[str, str], list[Any]]]:
        rows = self._db.execute(
            f"SELECT * FROM ({self._MEMBERS}) ORDER BY city, network, seq"  # noqa: S608
        )
        for (city, network), group in itertools.groupby(rows, lambda r: (r[3], r[4])):
            yield (_text(city), _text(network)), [_member(row) for row in group]

    def _cap_groups(self) -> Iterator[tuple[tuple[str, str, int], list[Any]]]:
        rows = self._db.execute(
            f"SELECT m.*, c.value FROM ({self._MEMBERS}) AS m JOIN lookup AS c "  # noqa: S608
            "ON c.kind = 'cities' AND c.id = m.city AND c.seq = "
            "(SELECT MAX(seq) FROM lookup WHERE kind = 'cities' AND id = m.city) "
            "WHERE m.joined IS NOT NULL "
            "ORDER BY m.network, c.value, substr(m.joined, 1, 4), m.seq"
        )
        keyed = (
            ((_text(row[4]), json.loads(row[7]), int(row[5][:4])), row) for row in rows
        )
        for key, group in itertools.groupby(keyed, lambda pair: pair[0]):
            if isinstance(key[1], str) and key[1] in ASSIGNED:
                yield key, [_member(row) for _, row in group]

    def _looked_up(self, field: str) -> dict[str, Any]:
        """A field of each network, by id: the last one read."""
        rows = self._db.execute(
            "SELECT id, value FROM lookup WHERE kind = 'networks' AND field = ? "
            "ORDER BY seq",
            (field,),
        )
        return {_text(identifier): json.loads(value) for identifier, value in rows}


#: The fields that the rules look up by id, by kind.
_LOOKED_UP: Final = {
    "networks": (rules.LIMIT, rules.SINCE),
    "cities": ("country",),
}


def _no_value(_: object) -> None:
    """What a value JSON cannot hold is written as: null."""


def _blob(text: str | None) -> bytes | None:
    """*text* as SQLite can hold it: UTF-8, lone surrogates (a problem) included."""
    return None if text is None else text.encode("utf-8", "surrogatepass")


def _text(blob: bytes) -> str:
    return blob.decode("utf-8", "surrogatepass")


def _member(row: tuple[Any, ...]) -> Any:
    _, index, _, city, network, joined, left = row[:7]
    city, network = _text(city), _text(network)
    view = rules.View(
        "memberships",
        -1 if index is None else index,
        {"city": city, "network": network}
        | ({} if joined is None else {"joined": joined})
        | ({} if left is None else {"left": left}),
    )
    return rules.member_of(view)
