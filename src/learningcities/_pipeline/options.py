"""What checking a file needs besides its text, shared by every reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from learningcities.errors import Severity

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from learningcities._checking.rules import Raw
    from learningcities._findings import Finding, Path
    from learningcities._messages import Language
    from learningcities._speed import Speed

__all__ = ["Options", "errors_at"]


@attrs.frozen
class Options:
    """The options of one validation run, resolved once and passed to each reader.

    Attributes:
        register: The register's records as written, by kind, if there is one.
        today: The day that dates of past facts are compared with.
        lang: The language of the messages.
        speed: How records are checked fast (see :func:`._speed.speed`).
    """

    register: Raw | None
    today: dt.date
    lang: Language
    speed: Speed


def errors_at(findings: Iterable[Finding]) -> set[Path]:
    """The paths that have an error: the rules across records leave them alone."""
    return {f.path for f in findings if f.severity is Severity.ERROR}
