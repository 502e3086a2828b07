"""The fast paths, behind one seam: the run's :class:`Speed`.

The pipeline asks a :class:`Speed`, made once per run from a mode
(:func:`speed`), to read a document (orjson reads the runs of records it
can be trusted with, :mod:`.runs`), which records need the exact path (the
first pass, :mod:`.clearing`, helped by what :mod:`.plain` tells of their
text), and where problems are. The records the first pass clears can be
made into models straight from their values (:mod:`.makers`).

A record that the first pass clears is certain to have no problem of its
own; every other record takes the exact path, which says what is wrong. The
problems reported are therefore the same in every mode, and differential
property tests hold each mode to that.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, get_args

import attrs

from learningcities._reading import jsontext
from learningcities._reading.locate import Place, Starts, locate_in_records, located

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from learningcities._findings import Finding

from learningcities._speed import runs as _runs
from learningcities._speed.clearing import (
    FirstPass,
    Suspects,
    built,
    model_clear_test,
    shape_clear_test,
)
from learningcities._speed.installed import optional
from learningcities._speed.makers import maker, makers
from learningcities._speed.plain import (
    has_extensions,
    not_plain,
    orjson_writer,
    plain_document,
    plain_run,
)

__all__ = [
    "MODES",
    "SWITCH",
    "FirstPass",
    "Mode",
    "Reading",
    "Sorting",
    "Speed",
    "built",
    "has_extensions",
    "maker",
    "makers",
    "model_clear_test",
    "not_plain",
    "parse",
    "plain_document",
    "read",
    "shape_clear_test",
    "speed",
]


#: Set to turn the accelerator off (as if it were not installed); set to
#: ``exact``, to turn every first pass off (the reference path).
SWITCH: Final = "LEARNINGCITIES_NO_ACCELERATOR"

#: How records are checked: ``exact``, every record on the exact path (the
#: reference); ``python``, a first pass in Python, as installed without the
#: accelerator; ``accelerated``, with the accelerator's parts that are
#: installed.
Mode = Literal["exact", "python", "accelerated"]

MODES: Final[tuple[Mode, ...]] = get_args(Mode)

#: A byte order mark, which a text may begin with and which is not part of it.
_BOM: Final = "\ufeff"


@attrs.define
class Reading:
    """A document as read, with what reading it showed of its text.

    Only :attr:`document` is for the pipeline; the rest is for the
    :class:`Speed` that made it, which places problems from it.

    Attributes:
        document: The parsed value, defects marked (a dict for a document).
        source: The text as given, without a byte order mark; None if the
            document was given parsed.
        text: *source* decoded, if it had to be.
        starts: Where some records start in *source*, by kind, if known.
        plain: Which records are known to be written plain, by kind.
        extensions: Whether the text may hold an extension key.
    """

    document: Any
    source: str | bytes | None = None
    text: str | None = None
    starts: Starts = attrs.field(factory=dict)
    plain: _runs.Plain = attrs.field(factory=dict)
    extensions: bool = True


class Sorting(NamedTuple):
    """Which records of a document take the exact path, and how the others are made.

    ``None`` for :attr:`suspects` and :attr:`walk` means every record.
    """

    #: The records that may have a problem of their own, by kind.
    suspects: Suspects | None
    #: Among them, those whose text must be walked string by string.
    walk: Suspects | None
    #: What makes a model of each other record, by kind, when building.
    makers: Mapping[str, Callable[[Any], Any]] | None


@attrs.frozen
class Speed:
    """The fast work of a run, done one way: what the pipeline asks for speed.

    The pipeline names no accelerator, run or plain text: it asks this
    object to read a document (:meth:`reading`), which records need the
    exact path (:meth:`sort`), and where problems are (:meth:`place`).
    Made once per run, from a mode (:func:`speed`).

    Attributes:
        first_pass: What clears records, or None: every record takes the
            exact path.
        reader: orjson, which reads the runs of records it can be trusted
            with; None: the JSON reader reads every text.
    """

    first_pass: FirstPass | None
    reader: Any | None = None

    def read(self, text: str | bytes) -> _runs.Read | None:
        """Parse JSON *text* with the reader, or None where the JSON reader must.

        See :func:`read`.
        """
        return None if self.reader is None else read(text, self.reader)

    def reading(self, data: str | bytes | Any) -> Reading:
        """Read a document: JSON text, bytes, or a value already parsed.

        Raises:
            FindingsError: the text is not UTF-8 or not JSON, or nests too
                deep: the findings say where.
        """
        if not isinstance(data, (str, bytes)):
            return Reading(data)
        if isinstance(data, bytes):
            source: str | bytes = data.removeprefix(_BOM.encode())
        else:
            source = data.removeprefix(_BOM)
        extensions = has_extensions(source)
        fast = self.read(source)
        if fast is not None:  # orjson read the bytes, valid UTF-8
            starts, plain = fast.starts, fast.plain
            return Reading(fast.document, source, None, starts, plain, extensions)
        # Decoded without a byte order mark, as *source* is.
        text = (
            jsontext.decode(data)
            if isinstance(data, bytes)
            else data.removeprefix(_BOM)
        )
        document, marked = jsontext.parse_marked(text)
        if marked:
            return Reading(document, source, text, {}, {}, extensions)
        plain = plain_document(document, source, text, extends=extensions)
        return Reading(document, source, text, {}, plain, extensions)

    def sort(self, reading: Reading, *, build: bool) -> Sorting:
        """Which records of *reading* take the exact path, and how to make the rest.

        The makers are given only with *build*.
        """
        first = self.first_pass if isinstance(reading.document, dict) else None
        if first is None:
            return Sorting(None, None, None)
        extensions = reading.extensions
        suspects, walk = first.suspects(
            reading.document, extensions=extensions, plain=reading.plain
        )
        if not build:
            return Sorting(suspects, walk, None)
        # Records made without a check must also be plain text.
        suspects = {kind: suspects[kind] | walk[kind] for kind in suspects}
        return Sorting(suspects, walk, makers(extensions=extensions))

    def place(
        self, reading: Reading, findings: Iterable[Finding]
    ) -> Mapping[Place, tuple[int, int]] | None:
        """Where each finding without a place is in the text read, as (line, column).

        One entry is made per place wanted, and becomes its position (see
        :func:`.locate.located`).
        """
        wanted: dict[Place, Any] = {
            (f.path, f.at_key): None for f in findings if f.line is None
        }
        source = reading.source
        if source is None or not wanted:
            return None
        if reading.starts and isinstance(source, bytes):  # from a record's start
            rest = locate_in_records(source, wanted, reading.starts)
            if not rest:
                return wanted
            if len(rest) < len(wanted):  # the others are placed: these apart
                found = located(_text(reading, source), dict.fromkeys(rest))
                for place in rest:
                    if place in found:
                        wanted[place] = found[place]
                    else:
                        del wanted[place]
                return wanted
        return located(_text(reading, source), wanted)


def _text(reading: Reading, source: str | bytes) -> str:
    """The text of *reading*, decoded from *source* if it was not already."""
    if reading.text is not None:
        return reading.text
    return source if isinstance(source, str) else source.decode("utf-8")


def speed(mode: Mode | None = None) -> Speed:
    """The :class:`Speed` of *mode*; by default, of the environment.

    Without a mode, ``LEARNINGCITIES_NO_ACCELERATOR`` decides: unset, the
    accelerator (what of it is installed); ``exact``, no first pass; any
    other value, the first pass in Python. This is the one place that reads
    it.

    >>> speed("exact").first_pass is None
    True

    Raises:
        ValueError: *mode* is none of :data:`MODES`.
    """
    if mode is None:
        switch = os.environ.get(SWITCH)
        mode = "exact" if switch == "exact" else "python" if switch else "accelerated"
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "exact":
        return Speed(None)
    if mode == "python":
        return Speed(built(None, repr))
    rs = optional("jsonschema_rs")
    return Speed(built(rs, orjson_writer()), optional("orjson"))


def parse(text: str | bytes) -> Any | None:
    """Parse JSON *text* as the environment's mode does, or None where the reader must.

    See :func:`read`, which also says where records start.
    """
    read_ = speed().read(text)
    return None if read_ is None else read_.document


def read(text: str | bytes, orjson: Any) -> _runs.Read | None:
    """Parse JSON *text* with orjson, or return None where the reader must.

    A dataset document is read by runs of records (see :mod:`.runs`): then
    the reader reads only the runs orjson cannot be trusted with, and the
    value is the reader's. Any other text is read whole, if orjson reads it
    as the reader would (see :func:`.runs.orjson_reading`).

    *text* may be given as bytes, which orjson reads only if they are UTF-8
    (without a byte order mark): else the reader says what is wrong.
    """
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    by_runs = _runs.read(data, orjson, plain_run)  # a dataset document, by runs
    if by_runs is not None:
        return by_runs
    whole = _runs.orjson_reading(data, orjson)
    return None if whole is None else _runs.Read(whole[0], {}, {})
