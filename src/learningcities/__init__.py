"""Typed models, validation and queries for learning-city data."""

from ._dates import InvalidDateError, PartialDate, Precision
from ._errors import (
    PROBLEM_CODES,
    InvalidDataError,
    LearningCitiesError,
    Problem,
    Severity,
)
from ._io import dumps, load, loads, save
from ._messages import Language
from ._models import (
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
from ._query import Anniversary, Nearby, Query
from ._report import Report, ReportFormat
from ._sample import sample
from ._schemas import SCHEMA_NAMES, SchemaVersion, schema
from ._speed import Mode
from ._validate import validate, validate_document
from ._version import __version__

__all__ = [
    "FORMAT_VERSION",
    "FORMAT_VERSIONS",
    "PROBLEM_CODES",
    "SCHEMA_NAMES",
    "Activity",
    "ActivityKind",
    "Anniversary",
    "City",
    "CityKind",
    "Dataset",
    "Event",
    "EventKind",
    "EventStatus",
    "Identifier",
    "InvalidDataError",
    "InvalidDateError",
    "Language",
    "LearningCitiesError",
    "Location",
    "Membership",
    "MembershipStatus",
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
    "dumps",
    "load",
    "loads",
    "sample",
    "save",
    "schema",
    "validate",
    "validate_document",
]
