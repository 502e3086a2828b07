"""Typed models, validation and queries for learning-city data."""

import importlib
from typing import TYPE_CHECKING, Any

from learningcities._choices import ChangeFormat
from learningcities._io import dumps, load, loads, save
from learningcities._messages import Language
from learningcities._pipeline.validate import validate, validate_document
from learningcities._reporting.report import Report, ReportFormat
from learningcities._sample import sample
from learningcities._schemas import SCHEMA_NAMES, SchemaVersion, schema
from learningcities._speed import Mode
from learningcities._version import __version__
from learningcities.dates import InvalidDateError, PartialDate, Precision
from learningcities.errors import (
    PROBLEM_CODES,
    InvalidDataError,
    LearningCitiesError,
    Problem,
    Severity,
)
from learningcities.models import (
    FORMAT_VERSION,
    FORMAT_VERSIONS,
    Activity,
    ActivityKind,
    City,
    CityKind,
    Dataset,
    Event,
    EventKind,
    EventStatus,
    Identifier,
    Location,
    Membership,
    MembershipStatus,
    Network,
    Organization,
    OrganizationKind,
    Organizer,
    OrganizerRole,
    Population,
    Recognition,
    RecordKind,
    Source,
)

__all__ = [
    "ABSENT",
    "FORMAT_VERSION",
    "FORMAT_VERSIONS",
    "PROBLEM_CODES",
    "SCHEMA_NAMES",
    "Activity",
    "ActivityKind",
    "Anniversary",
    "Change",
    "ChangeFormat",
    "Changes",
    "City",
    "CityKind",
    "Dataset",
    "Event",
    "EventKind",
    "EventStatus",
    "FieldChange",
    "Identifier",
    "InvalidDataError",
    "InvalidDateError",
    "Language",
    "LearningCitiesError",
    "Location",
    "Membership",
    "MembershipStatus",
    "Merged",
    "Mode",
    "Nearby",
    "Network",
    "Organization",
    "OrganizationKind",
    "Organizer",
    "OrganizerRole",
    "PartialDate",
    "Population",
    "Precision",
    "Problem",
    "Query",
    "Recognition",
    "RecordKind",
    "Report",
    "ReportFormat",
    "SchemaVersion",
    "Severity",
    "Source",
    "__version__",
    "diff",
    "dumps",
    "export",
    "load",
    "loads",
    "merge",
    "reply",
    "sample",
    "save",
    "schema",
    "validate",
    "validate_document",
]

if TYPE_CHECKING:
    from learningcities import export, reply
    from learningcities._register.diff import ABSENT, Change, Changes, FieldChange, diff
    from learningcities._register.merge import Merged, merge
    from learningcities.query import Anniversary, Nearby, Query

#: The public modules imported when first used, not with the package: they
#: bring the readers of every format, which a program checking one JSON
#: file, or the command line, need not pay for at each start.
_ON_DEMAND = frozenset({"export", "reply"})
#: The public names whose modules are imported when one of them is first
#: used, likewise: the queries, and the changes between two datasets.
_NAMES_ON_DEMAND = {
    **dict.fromkeys(
        ("ABSENT", "Change", "Changes", "FieldChange", "diff"),
        "learningcities._register.diff",
    ),
    **dict.fromkeys(("Merged", "merge"), "learningcities._register.merge"),
    **dict.fromkeys(("Anniversary", "Nearby", "Query"), "learningcities.query"),
}


def __getattr__(name: str) -> Any:
    """The names and modules the package imports when first used (PEP 562).

    Each is then kept in the package, as if imported with it.

    >>> import learningcities
    >>> learningcities.reply.html.__name__, learningcities.Query.__name__
    ('html', 'Query')
    """
    if name in _ON_DEMAND:
        return importlib.import_module(f"learningcities.{name}")
    module = _NAMES_ON_DEMAND.get(name)
    if module is None:
        raise AttributeError(f"module 'learningcities' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Every public name, those imported when first used too."""
    return sorted({*globals(), *__all__})
