"""Blank templates partners fill in: a workbook with a sheet per kind, or CSV files.

Both are generated from the models, so that a template always has the
columns :mod:`learningcities._pipeline.csvfiles` reads. The workbook has
an instructions sheet in English and French, a header row and an example
row per kind (records of the bundled sample, which validate together),
drop-down lists for every closed list (kinds, statuses, roles, country
codes), and text-formatted columns for ids, dates and references, so that
a spreadsheet program does not turn ``2024-03`` into a date or ``0012``
into ``12``.
"""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from learningcities._checking.rules import View, references_of
from learningcities._choices import TEMPLATE_FORMS
from learningcities._countries import ASSIGNED
from learningcities._fields import optional_of, unwrap
from learningcities._io import dumps
from learningcities._pipeline.csvfiles import column_types, template
from learningcities._sample import sample
from learningcities._writing import opendocument
from learningcities.errors import LearningCitiesError
from learningcities.errors import column_letters as letters
from learningcities.models import KINDS

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["write_templates"]

#: How many rows below the header get the drop-down lists and text format.
_ROWS: Final = 1000
#: The records of the sample the example rows start from; those they name
#: are added, so that the examples validate together.
_EXAMPLES: Final = {
    "cities": "ma-fez",
    "memberships": "unesco-gnlc-ma-fez",
    "events": "ma-fez-2025-03-05-gnlc-anniversary",
}
_INSTRUCTIONS: Final = (
    "How to fill in this workbook",
    (
        "Each sheet holds one kind of record: sources, networks, organizations, "
        "cities, memberships, events. Keep the sheets' names and the header rows."
    ),
    (
        "Write one record per row below the header. Replace the example row, or "
        "keep it if it is your data. Leave a cell empty when nothing is known."
    ),
    (
        "Dates are written YYYY-MM-DD (or YYYY-MM, YYYY); a date and time "
        "YYYY-MM-DDThh:mm:ss+hh:mm. Lists are separated by ';'. Organizers are "
        "written organization-id:role."
    ),
    "Pick closed lists (kinds, statuses, roles, countries) from the drop-down.",
    "Check the workbook before you send it: learningcities validate FILE.xlsx",
    "",
    "Comment remplir ce classeur",
    (
        "Chaque feuille contient une sorte d'enregistrement : sources, réseaux, "
        "organisations, villes, adhésions, événements. Gardez les noms des "
        "feuilles et les lignes d'en-tête."
    ),
    (
        "Écrivez un enregistrement par ligne sous l'en-tête. Remplacez la ligne "
        "d'exemple, ou gardez-la si ce sont vos données. Laissez vide une cellule "
        "inconnue."
    ),
    (
        "Les dates s'écrivent AAAA-MM-JJ (ou AAAA-MM, AAAA) ; une date et une "
        "heure AAAA-MM-JJThh:mm:ss+hh:mm. Les listes sont séparées par ';'. Les "
        "organisateurs s'écrivent identifiant-organisation:rôle."
    ),
    "Choisissez les listes fermées (sortes, statuts, rôles, pays) dans le menu.",
    (
        "Vérifiez le classeur avant de l'envoyer : learningcities validate "
        "FICHIER.xlsx --lang fr"
    ),
)


def write_templates(path: str | Path, kinds: Sequence[str], form: str) -> list[Path]:
    """Write the templates of *kinds* (every kind when empty) in *form*.

    A workbook (``xlsx`` or ``ods``) is written to *path*; CSV files into
    the folder *path*, one per kind (``cities.csv``). Returns the files
    written.

    Raises:
        LearningCitiesError: an Excel workbook is asked for without
            openpyxl, which the extra ``[excel]`` installs.
        OSError: a file cannot be written.
        ValueError: *form* is not one of :data:`TEMPLATE_FORMS`, or a kind is not one.
    """
    chosen = list(kinds) or list(KINDS)
    unknown = [kind for kind in chosen if kind not in KINDS]
    if unknown:
        raise ValueError(f"no kind is called {unknown[0]!r}: {', '.join(KINDS)}")
    if form not in TEMPLATE_FORMS:
        raise ValueError(
            f"form must be one of {', '.join(TEMPLATE_FORMS)}, not {form!r}"
        )
    target = Path(path)
    if form == "csv":
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for kind in chosen:
            file = target / f"{kind}.csv"
            file.write_bytes(template(kind).encode("utf-8"))
            written.append(file)
        return written
    sheets = [_sheet(kind, _examples().get(kind, [])) for kind in chosen]
    if form == "ods":
        _write_ods(target, sheets)
    else:
        _write_xlsx(target, sheets)
    return [target]


@attrs.frozen
class _Sheet:
    """A sheet of a template, whatever the form it is written in.

    Attributes:
        name: The sheet's name: its kind.
        header: The field names, one per column.
        rows: The example rows, all text.
        text: Whether each column is formatted as text.
        choices: Each column's closed list, or None.
    """

    name: str
    header: list[str]
    rows: list[list[str]]
    text: list[bool]
    choices: list[tuple[str, ...] | None]

    def widths(self) -> list[int]:
        """Each column's width, in characters."""
        return [max(12, len(name) + 2) for name in self.header]


def _sheet(kind: str, examples: list[dict[str, Any]]) -> _Sheet:
    columns = column_types(kind)
    return _Sheet(
        name=kind,
        header=[name for name, _ in columns],
        rows=[[_cell(record, name) for name, _ in columns] for record in examples],
        text=[_as_text(hint) for _, hint in columns],
        choices=[_choices(hint) for _, hint in columns],
    )


def _lists(sheets: Sequence[_Sheet]) -> dict[tuple[str, ...], tuple[int, str]]:
    """Each closed list, once, with its column in the lists sheet and its name.

    The column is numbered from 1; the name is that of the first field
    that takes the list.
    """
    found: dict[tuple[str, ...], tuple[int, str]] = {}
    for sheet in sheets:
        for name, choices in zip(sheet.header, sheet.choices, strict=True):
            if choices is not None and choices not in found:
                found[choices] = (len(found) + 1, name)
    return found


def _write_xlsx(path: Path, sheets: Sequence[_Sheet]) -> None:
    try:
        import openpyxl  # noqa: PLC0415 (only for workbooks)
    except ImportError:
        message = (
            "Writing workbooks needs openpyxl: pip install 'learningcities[excel]'."
        )
        raise LearningCitiesError(message) from None
    book = openpyxl.Workbook()
    about = book.active
    about.title = "Instructions"
    for line in _INSTRUCTIONS:
        about.append([line])
    about.column_dimensions["A"].width = 110
    lists = book.create_sheet("Lists")
    lists.sheet_state = "hidden"
    ranges: dict[tuple[str, ...], str] = {}
    for choices, (number, name) in _lists(sheets).items():
        column = letters(number)
        for row, value in enumerate((name, *choices), 1):
            lists.cell(row=row, column=number, value=value)
        ranges[choices] = f"Lists!${column}$2:${column}${len(choices) + 1}"
    for shown in sheets:
        _xlsx_sheet(book.create_sheet(shown.name), shown, ranges)
    book.save(path)


def _xlsx_sheet(sheet: Any, shown: _Sheet, ranges: dict[tuple[str, ...], str]) -> None:
    """Fill *sheet* with *shown*: a bold header kept in view, rows, lists, formats."""
    from openpyxl.styles import Font  # noqa: PLC0415 (only for workbooks)
    from openpyxl.worksheet.datavalidation import (  # noqa: PLC0415
        DataValidation,
    )

    sheet.append(shown.header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in shown.rows:
        sheet.append(row)
    for number, width in enumerate(shown.widths(), 1):
        column = letters(number)
        sheet.column_dimensions[column].width = width
        choices = shown.choices[number - 1]
        if choices is not None:
            check = DataValidation(type="list", formula1=ranges[choices])
            check.add(f"{column}2:{column}{_ROWS + 1}")
            sheet.add_data_validation(check)
        if shown.text[number - 1]:
            for row_number in range(2, _ROWS + 2):
                sheet.cell(row=row_number, column=number).number_format = "@"


#: About how many centimetres a character of a column's width takes.
_CENTIMETRES: Final = 0.2


def _write_ods(path: Path, sheets: Sequence[_Sheet]) -> None:
    lists = _lists(sheets)
    ranges = {
        choices: f"$Lists.${letters(number)}$2:.${letters(number)}${len(choices) + 1}"
        for choices, (number, _) in lists.items()
    }
    columns = [[name, *choices] for choices, (_, name) in lists.items()]
    height = max((len(column) for column in columns), default=0)
    tables = [
        opendocument.Table(
            "Instructions",
            [[line] for line in _INSTRUCTIONS],
            [opendocument.Column(width=110 * _CENTIMETRES)],
        ),
        opendocument.Table(
            "Lists",
            [
                [column[row] if row < len(column) else "" for column in columns]
                for row in range(height)
            ],
            hidden=True,
        ),
    ]
    for sheet in sheets:
        described = [
            opendocument.Column(
                width=width * _CENTIMETRES,
                text=text,
                choices=None if choices is None else ranges[choices],
            )
            for width, text, choices in zip(
                sheet.widths(), sheet.text, sheet.choices, strict=True
            )
        ]
        rows = [sheet.header, *sheet.rows]
        tables.append(
            opendocument.Table(
                sheet.name, rows, described, header=True, formatted=_ROWS
            )
        )
    opendocument.write_ods(path, tables)


def _choices(hint: Any) -> tuple[str, ...] | None:
    """The closed list a column takes its values from, if it has one."""
    base, constraints = unwrap(optional_of(hint) or hint)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return tuple(str(member.value) for member in base)
    if any(constraint.code == "unknown-country" for constraint in constraints):
        return tuple(sorted(ASSIGNED))
    return None


def _as_text(hint: Any) -> bool:
    """Whether a column holds text a spreadsheet must not read as a number or date."""
    base = unwrap(optional_of(hint) or hint)[0]
    return base not in {int, float}


def _examples() -> dict[str, list[dict[str, Any]]]:
    """The records of the sample the example rows show, by kind.

    They are those of :data:`_EXAMPLES` and every record they name, so that
    the examples validate together.
    """
    document = json.loads(dumps(sample()))
    by_id = {
        kind: {record["id"]: record for record in document.get(kind, [])}
        for kind in KINDS
    }
    wanted = [(kind, identifier) for kind, identifier in _EXAMPLES.items()]
    chosen: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in KINDS}
    while wanted:
        kind, identifier = wanted.pop()
        record = by_id[kind].get(identifier)
        if record is None or identifier in chosen[kind]:
            continue
        chosen[kind][identifier] = record
        view = View(kind, 0, record)
        wanted += [(target, named) for _, target, named in references_of(view)]
    return {kind: list(records.values()) for kind, records in chosen.items()}


def _cell(record: dict[str, Any], column: str) -> str:
    """What a template's cell holds for *record*: as a partner would write it."""
    value: Any = record
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return ""
    if isinstance(value, list):
        if column not in _PAIRED and any(isinstance(item, dict) for item in value):
            return ""  # a list of objects a cell cannot hold (activities)
        return ";".join(_item(item) for item in value)
    return str(value)


#: The lists of objects a cell holds as ``first:second;…``.
_PAIRED: Final = frozenset({"organizers", "identifiers"})


def _item(item: Any) -> str:
    if isinstance(item, dict):  # an organizer or an identifier: first:second
        return ":".join(str(value) for value in item.values())
    return str(item)
