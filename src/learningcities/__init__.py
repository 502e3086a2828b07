"""Typed models, validation and queries for learning-city data."""

import importlib
from typing import TYPE_CHECKING, Any

from learningcities._io import dumps, load, loads, save
from learningcities._messages import Language
from learningcities._pipeline.validate import validate, validate_document
from learningcities._register.diff import (
    ABSENT,
    Change,
    ChangeFormat,
    Changes,
    FieldChange,
    diff,
)
from learningcities._register.merge import Merged, merge
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
from learningcities.query import Anniversary, Nearby, Query

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

#: The public modules imported when first used, not with the package: they
#: bring the readers of every format, which a program checking one JSON
#: file, or the command line, need not pay for at each start.
_ON_DEMAND = frozenset({"export", "reply"})


def __getattr__(name: str) -> Any:
    """``learningcities.export`` and ``learningcities.reply``, imported when used.

    >>> import learningcities
    >>> learningcities.reply.html.__name__
    'html'
    """
    if name in _ON_DEMAND:
        return importlib.import_module(f"learningcities.{name}")
    raise AttributeError(f"module 'learningcities' has no attribute {name!r}")
