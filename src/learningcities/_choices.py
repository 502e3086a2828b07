"""The choices the command line offers, apart from the code that acts on them.

The forms the package writes and the dimensions of the counts. The
command line offers them when it starts; holding them here lets it do so
without importing the writers and the queries, which bring the readers
and writers of every format (a tenth of a second at each start). Each
module that acts on them imports them from here: they are defined once.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

__all__ = [
    "CHANGE_FORMATS",
    "DIMENSIONS",
    "EXPORT_FORMATS",
    "TEMPLATE_FORMS",
    "ChangeFormat",
    "Dimension",
    "ExportFormat",
    "TemplateForm",
]

#: A form :func:`learningcities.export.export` writes.
ExportFormat = Literal["csv", "xlsx", "jsonl", "json", "geojson", "ics", "jsonld"]
#: The forms :func:`learningcities.export.export` writes.
EXPORT_FORMATS: Final[tuple[ExportFormat, ...]] = get_args(ExportFormat)

#: An output form of a set of changes (:meth:`learningcities.Changes.format`).
ChangeFormat = Literal["text", "json", "markdown"]
#: The output forms of a set of changes.
CHANGE_FORMATS: Final[tuple[ChangeFormat, ...]] = get_args(ChangeFormat)

#: A form of the blank templates (``learningcities template --format``).
TemplateForm = Literal["xlsx", "ods", "csv"]
#: The forms of the blank templates.
TEMPLATE_FORMS: Final[tuple[TemplateForm, ...]] = get_args(TemplateForm)

#: What :meth:`learningcities.Query.count` counts memberships by.
Dimension = Literal["country", "year", "network"]
#: Every :data:`Dimension`.
DIMENSIONS: Final[tuple[Dimension, ...]] = get_args(Dimension)
